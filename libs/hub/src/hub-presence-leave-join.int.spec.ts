/**
 * A client that leaves a room and joins it again at once, many times (a page unmounted and mounted again: the typed
 * client sends `room:leave` and, right after, `room:join`), ends in the room, and present there. The leave's removal
 * from presence used to run after the socket left the room's fan-out, unordered with the join sent after it: it could
 * land after that join's `presence.enter`, and the person stayed subscribed to the room but absent from its presence
 * (the joiners' states, their own, and a `presence:diff` leaving them). Run against both presence stores.
 */
import { randomUUID } from 'node:crypto';
import { HUB_EVENTS } from '@catalyse/protocol';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import type { PresenceStore } from './presence/presence-store';
import { RedisPresenceStore } from './presence/redis-presence-store';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(120_000);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const silent = { warn: () => undefined, log: () => undefined };

/**
 * Who a client holds present in a room: its last state, then the diffs after it. A diff leaving someone the client
 * did not hold present is a contradiction: recorded in `unannounced`.
 */
function viewOf(client: TestClient, room: string): { present: string[]; unannounced: string[] } {
  const present = new Set<string>();
  const unannounced: string[] = [];
  for (const message of client.presence) {
    if (message.room !== room) continue;
    if (message.type === 'state') {
      present.clear();
      for (const sub of message.present) present.add(sub);
    } else {
      for (const sub of message.joins) present.add(sub);
      for (const sub of message.leaves) if (!present.delete(sub)) unannounced.push(sub);
    }
  }
  return { present: [...present].sort(), unannounced };
}

describe.each([
  ['in memory', false],
  ['Redis', true],
] as const)('leaves and joins again at once, presence %s (real Nest app, SQLite, projector)', (_name, withRedis) => {
  let redis: RunningRedis | undefined;
  let hub: HubHarness;
  let rooms = 0;

  beforeAll(async () => {
    let presenceStore: PresenceStore | undefined;
    if (withRedis) {
      redis = await startRedis();
      presenceStore = new RedisPresenceStore({ url: redis.url, prefix: `presence-${randomUUID()}`, log: silent });
    }
    hub = await HubHarness.start({ presenceDiffMs: 20, ...(presenceStore ? { presenceStore } : {}) });
  }, 180_000);
  afterAll(async () => {
    await hub?.close();
    await redis?.stop();
  });

  /** A room of its own per attempt: alice in it, then bob, who leaves and joins again `cycles` times, sent at once. */
  async function attempt(cycles: number): Promise<void> {
    const id = `va-et-vient-${withRedis ? 'r' : 'm'}-${++rooms}`;
    const room = `room:${id}`;
    await hub.openRoom(id, 'alice');
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    await alice.join(room);
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    await bob.join(room);
    const acks: Promise<{ ok: boolean }>[] = [];
    let last: ReturnType<TestClient['tryJoin']> | undefined;
    for (let i = 0; i < cycles; i++) {
      acks.push(bob.request(HUB_EVENTS.leave, { room }));
      last = bob.tryJoin(room);
      acks.push(last);
    }
    expect((await Promise.all(acks)).every((ack) => ack.ok)).toBe(true);
    const lastJoin = await last!;
    if (!lastJoin.ok) throw new Error('the last join was refused');
    expect(lastJoin.data.presence).toContain('bob');
    // The diff windows close (20 ms each) and any join settles.
    await sleep(400);
    const carol = await hub.connect({ sub: 'carol', role: 'catalyseur' });
    const seen = await carol.join(room);
    expect([...seen.presence].sort()).toEqual(['alice', 'bob', 'carol']);
    await sleep(200);
    const byAlice = viewOf(alice, room);
    expect(byAlice.present).toEqual(['alice', 'bob', 'carol']);
    const byBob = viewOf(bob, room);
    expect(byBob.present).toEqual(['alice', 'bob', 'carol']);
    // A store of this node's own tells a person's change only when it changes what the room was told. (A store shared
    // by nodes tells each change: a joiner of another node may have read a state that said otherwise.)
    if (!withRedis) expect([...byAlice.unannounced, ...byBob.unannounced, ...viewOf(carol, room).unannounced]).toEqual([]);
    // Bob is still subscribed: he gets what is posted.
    expect((await alice.post(room, `a-${id}`, 'Toujours là ?')).ok).toBe(true);
    await bob.waitFor(() => bob.entries(room).some((e) => (e.data as { text?: string }).text === 'Toujours là ?'), 'alice’s post, live');
    for (const client of [alice, bob, carol]) client.close();
  }

  it('ends present, in everyone’s view, with no leave the room was not told of (10 cycles, in several rooms one after the other)', async () => {
    for (let run = 0; run < 12; run++) await attempt(10);
  });

  it('ends present after a single leave and join again', async () => {
    for (let run = 0; run < 3; run++) await attempt(1);
  });
});
