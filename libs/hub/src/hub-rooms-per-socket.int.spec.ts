import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';

jest.setTimeout(30_000);

/**
 * One connection follows a bounded number of rooms (`maxRoomsPerSocket`): without a bound, one token could make a
 * node hold a fan-out for every key it names (`experimentation:<anything>`…). The outside tester joined 400.
 * Joins still waiting (access, presence) count: joins sent together cannot all pass, and a page that leaves a room
 * before its join is answered gives the room back.
 */
describe('rooms followed by one connection (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxRoomsPerSocket: 3 });
    for (const id of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']) await hub.openRoom(id, 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('refuses a join past the bound with VALIDATION, serves the rooms held, and lets a room in once one is left', async () => {
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    for (const room of ['room:r1', 'room:r2', 'room:r3']) expect(await alice.tryJoin(room)).toMatchObject({ ok: true });
    expect(await alice.tryJoin('room:r4')).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: 'a connection follows at most 3 rooms at once: leave one before joining room:r4' },
    });
    // A room already followed is joined again (a rejoin with since), whatever the bound.
    expect(await alice.tryJoin('room:r2')).toMatchObject({ ok: true });
    expect(await alice.request(HUB_EVENTS.leave, { room: 'room:r1' })).toMatchObject({ ok: true });
    expect(await alice.tryJoin('room:r4')).toMatchObject({ ok: true, data: { room: 'room:r4' } });
    // Another connection has its own bound.
    const other = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    expect(await other.tryJoin('room:r1')).toMatchObject({ ok: true });
  });

  it('counts joins still waiting: of six joins sent together three pass, and the connection follows three rooms', async () => {
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    const rooms = ['room:r1', 'room:r2', 'room:r3', 'room:r4', 'room:r5', 'room:r6'];
    const acks = await Promise.all(rooms.map((room) => alice.tryJoin(room)));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(3);
    for (const ack of acks.filter((a) => !a.ok)) expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // The same room asked twice at once counts once.
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    const twice = await Promise.all(['room:r1', 'room:r1', 'room:r2', 'room:r3'].map((room) => bob.tryJoin(room)));
    expect(twice.map((ack) => ack.ok)).toEqual([true, true, true, true]);
    expect((await bob.tryJoin('room:r4')).ok).toBe(false);
  });

  it('gives a room back when it is left before its join is answered (a console navigating fast is never refused)', async () => {
    const carol = await hub.connect({ sub: 'carol', role: 'catalyseur' });
    const rooms = ['room:r1', 'room:r2', 'room:r3', 'room:r4', 'room:r5', 'room:r6'];
    for (let round = 0; round < 3; round++) {
      for (const room of rooms) {
        const joined = carol.tryJoin(room);
        const left = carol.request(HUB_EVENTS.leave, { room });
        expect(await joined).toMatchObject({ ok: true });
        expect((await left).ok).toBe(true);
      }
    }
    const held = await Promise.all(['room:r4', 'room:r5', 'room:r6'].map((room) => carol.tryJoin(room)));
    expect(held.map((ack) => ack.ok)).toEqual([true, true, true]);
  });

  it('at the bound, a leave and a join of another room sent together: the leave gives its room back at once (a page switch)', async () => {
    const erin = await hub.connect({ sub: 'erin', role: 'catalyseur' });
    for (const room of ['room:r1', 'room:r2', 'room:r3']) expect(await erin.tryJoin(room)).toMatchObject({ ok: true });
    for (const [from, to] of [
      ['room:r1', 'room:r4'],
      ['room:r2', 'room:r5'],
      ['room:r4', 'room:r1'],
    ] as const) {
      const [left, joined] = await Promise.all([erin.request(HUB_EVENTS.leave, { room: from }), erin.tryJoin(to)]);
      expect(left.ok).toBe(true);
      expect(joined).toMatchObject({ ok: true, data: { room: to } });
    }
    expect((await erin.tryJoin('room:r6')).ok).toBe(false);
  });

  it('no longer counts a room its access ended in (the socket taken out by the hub, without a leave of its own)', async () => {
    await hub.openRoom('club', 'alice', 'members');
    await hub.room('club', { type: 'AddMember', data: { memberId: 'dora', addedBy: 'alice' } });
    const dora = await hub.connect({ sub: 'dora', role: 'catalyseur' });
    for (const room of ['room:club', 'room:r1', 'room:r2']) expect(await dora.tryJoin(room)).toMatchObject({ ok: true });
    expect((await dora.tryJoin('room:r3')).ok).toBe(false);
    await hub.room('club', { type: 'RemoveMember', data: { memberId: 'dora', removedBy: 'alice' } });
    await dora.waitFor(() => dora.resets.some((reset) => reset.room === 'room:club'), 'the club told her access ended');
    expect(await dora.tryJoin('room:r3')).toMatchObject({ ok: true, data: { room: 'room:r3' } });
  });
});
