import { HUB_EVENTS } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';

jest.setTimeout(30_000);

/**
 * A page that unmounts before its join is answered sends `room:leave` right after `room:join` (the console does).
 * The leave used to reach the room's fan-out before the join was queued (the join still waited for its access and
 * presence checks): the join then subscribed the socket, and the room stayed followed, the person shown present,
 * until the connection dropped.
 */
describe('a leave sent right after a join (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  const ROOM = 'room:passage';

  beforeAll(async () => {
    hub = await HubHarness.start();
    await hub.openRoom('passage', 'bob');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is not lost: the socket gets nothing more of the room and is not shown present there', async () => {
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    await bob.join(ROOM);
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    for (let i = 0; i < 5; i++) {
      const joined = alice.tryJoin(ROOM);
      const left = alice.request(HUB_EVENTS.leave, { room: ROOM });
      expect((await left).ok).toBe(true);
      expect((await joined).ok).toBe(true);
    }
    expect((await bob.post(ROOM, 'b-1', 'Après les allers-retours')).ok).toBe(true);
    await bob.waitFor(() => bob.entries(ROOM).some((e) => (e.data as { text?: string }).text === 'Après les allers-retours'), 'bob’s post');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(alice.entries(ROOM).filter((e) => (e.data as { text?: string }).text === 'Après les allers-retours')).toEqual([]);
    // Presence: a later joiner sees bob alone.
    const carol = await hub.connect({ sub: 'carol', role: 'catalyseur' });
    const seen = await carol.join(ROOM);
    expect([...seen.presence].sort()).toEqual(['bob', 'carol']);
  });

  it('a join, a leave and a join again, sent together (a page unmounted and mounted again): the room is followed', async () => {
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    await bob.join(ROOM);
    const dan = await hub.connect({ sub: 'dan', role: 'catalyseur' });
    const acks = await Promise.all([dan.tryJoin(ROOM), dan.request(HUB_EVENTS.leave, { room: ROOM }), dan.tryJoin(ROOM)]);
    expect(acks.map((ack) => ack.ok)).toEqual([true, true, true]);
    expect((await bob.post(ROOM, 'b-2', 'Pour Dan')).ok).toBe(true);
    await dan.waitFor(() => dan.entries(ROOM).some((e) => (e.data as { text?: string }).text === 'Pour Dan'), 'the post, live');
  });
});
