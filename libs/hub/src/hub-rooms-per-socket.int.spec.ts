import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';

jest.setTimeout(30_000);

/**
 * One connection follows a bounded number of rooms (`maxRoomsPerSocket`): without a bound, one token could make a
 * node hold a fan-out for every key it names (`experimentation:<anything>`…). The outside tester joined 400.
 */
describe('rooms followed by one connection (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxRoomsPerSocket: 3 });
    for (const id of ['r1', 'r2', 'r3', 'r4']) await hub.openRoom(id, 'alice');
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
});
