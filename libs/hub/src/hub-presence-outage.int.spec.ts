/**
 * Presence while its store is away: a real Redis (`RedisPresenceStore`) stopped under a real hub, or cut from it by a
 * proxy while it keeps its data. A join refused then leaves nobody present behind it once Redis is back, a departure
 * during a cut is not left behind in Redis, two nodes writing their sockets back one after the other leave the room
 * told the truth, and the outage is logged in a bounded number of lines however many diff windows, joins and
 * departures fail during it. (The typed client refused meanwhile: libs/client's catalyse-hub-presence-outage spec.)
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { RedisFeedNotifier } from '@catalyse/notifier';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { PresenceService } from './presence/presence.service';
import { RedisPresenceStore } from './presence/redis-presence-store';
import { HubHarness } from './testing/hub-harness';
import { TcpProxy } from './testing/tcp-proxy';
import type { TestClient } from './testing/test-client';

jest.setTimeout(60_000);

const silent = { warn: () => undefined, log: () => undefined };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Who a client holds present in its room: its last state, then the diffs after it, applied to a set. */
function presentAccordingTo(client: TestClient): string[] {
  const present = new Set<string>();
  for (const message of client.presence) {
    if (message.type === 'state') {
      present.clear();
      for (const sub of message.present) present.add(sub);
    } else {
      for (const sub of message.joins) present.add(sub);
      for (const sub of message.leaves) present.delete(sub);
    }
  }
  return [...present];
}

const sameMembers = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

describe('presence while Redis is away (real Nest app, real Redis)', () => {
  let redis: RunningRedis;
  let hub: HubHarness | undefined;
  let store: RedisPresenceStore;
  /** Closed after each test (peers, proxies). */
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  }, 180_000); // a first run may install redis-server
  afterAll(async () => {
    await redis?.stop();
  });

  async function startHub(presenceDiffMs: number, url = redis.url): Promise<HubHarness> {
    store = new RedisPresenceStore({ url, prefix: `presence-${randomUUID()}`, log: silent });
    hub = await HubHarness.start({ presenceStore: store, presenceDiffMs });
    return hub;
  }
  async function proxy(): Promise<TcpProxy> {
    const started = await TcpProxy.start(redis.port);
    cleanups.push(() => started.close());
    return started;
  }
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await hub?.close(); // closes the presence store
    hub = undefined;
    jest.restoreAllMocks();
  });

  /** Waits until the presence store answers again (its connection back, its own sockets written back). */
  async function storeAnswers(room: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        await store.present(room);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(50);
      }
    }
  }

  it('a join refused while Redis is away leaves nobody present behind it once Redis is back', async () => {
    const hub = await startHub(50);
    await hub.openRoom('hall', 'alice');
    const ada = await hub.connect({ sub: 'cat-ada', role: 'catalyseur' });

    await redis.stop({ abruptly: true });
    const refused = await ada.tryJoin('room:hall');
    expect(refused.ok).toBe(false);
    await redis.restart();
    await storeAnswers('room:hall');

    // Ada is in no room: nobody is told she is there.
    const bob = await hub.connect({ sub: 'cat-bob', role: 'catalyseur' });
    expect((await bob.join('room:hall')).presence).toEqual(['cat-bob']);
    expect(await store.present('room:hall')).toEqual(['cat-bob']);
    // The refusal said to join again, and she does.
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: 'presence is unavailable for a moment: join room:hall again' } });
    expect((await ada.join('room:hall')).presence.slice().sort()).toEqual(['cat-ada', 'cat-bob']);
    await bob.waitFor(() => bob.presence.some((m) => m.type === 'diff' && m.joins.includes('cat-ada')), 'bob told ada arrived');
    ada.close();
    await bob.waitFor(() => bob.presence.some((m) => m.type === 'diff' && m.leaves.includes('cat-ada')), 'bob told ada left');
    expect(await store.present('room:hall')).toEqual(['cat-bob']);
  });

  it('a departure during a network cut (Redis keeps its data) is not left behind in Redis once it answers again', async () => {
    const cut = await proxy();
    const hub = await startHub(50, cut.url);
    await hub.openRoom('cut', 'alice');
    const watcher = await hub.connect({ sub: 'cat-watch', role: 'catalyseur' });
    await watcher.join('room:cut');
    const gone = await hub.connect({ sub: 'cat-gone', role: 'catalyseur' });
    await gone.join('room:cut');
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-watch', 'cat-gone']), 'the watcher told both');

    cut.cut();
    gone.close(); // its removal fails: Redis is cut off, not restarted
    await sleep(1500);
    await cut.heal();
    await storeAnswers('room:cut');

    // Its node is alive (the heartbeat goes on): no sweep would take the socket out; the removal replayed does.
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-watch']), 'the watcher told she left');
    expect(await store.present('room:cut')).toEqual(['cat-watch']);
    await sleep(500);
    expect(presentAccordingTo(watcher)).toEqual(['cat-watch']);
  });

  it('with two nodes, a person written back by the second after the first told the room they left is told again', async () => {
    // The nodes' broadcasts (diffs) and feed updates go through another Redis, which stays up.
    const bus = await startRedis();
    cleanups.push(() => bus.stop());
    const notifier = (): RedisFeedNotifier => new RedisFeedNotifier({ url: bus.url, log: silent });
    const prefix = `presence-${randomUUID()}`;
    store = new RedisPresenceStore({ url: redis.url, prefix, log: silent });
    const first = await HubHarness.start({ presenceStore: store, presenceDiffMs: 50 }, { notifier: notifier(), ioRedisUrl: bus.url });
    cleanups.push(() => first.close()); // before its bus stops
    const cut = await proxy(); // the second node's way to Redis: it comes back after the first
    const secondStore = new RedisPresenceStore({ url: cut.url, prefix, log: silent });
    const second = await HubHarness.peer(first, notifier(), { presenceStore: secondStore, presenceDiffMs: 50 }, { ioRedisUrl: bus.url });
    cleanups.push(() => second.close());
    await first.openRoom('two', 'alice');

    const watcher = await first.connect({ sub: 'cat-watch', role: 'catalyseur' });
    await watcher.join('room:two');
    const onSecond = await second.connect({ sub: 'cat-both', role: 'catalyseur' });
    await onSecond.join('room:two');
    const onFirst = await first.connect({ sub: 'cat-both', role: 'catalyseur' });
    await onFirst.join('room:two');
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-watch', 'cat-both']), 'the watcher told both');
    await sleep(200);

    await redis.stop({ abruptly: true });
    cut.cut(); // the second node stays away from the Redis restarted
    onFirst.close(); // a departure the first node cannot remove: told once the store answers, as it has it then
    await sleep(500);
    await redis.restart();
    // The first node wrote its sockets back; the second not yet: the room is told cat-both left.
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-watch']), 'the watcher told cat-both left');

    await cut.heal();
    // The second node writes cat-both back and tells the room again (through the adapter, to the first node's sockets).
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-watch', 'cat-both']), 'the watcher told cat-both is there');
    expect((await store.present('room:two')).slice().sort()).toEqual(['cat-both', 'cat-watch']);
  });

  it('logs an outage in a few lines, however many diff windows, joins and departures fail during it, and its end once', async () => {
    const hub = await startHub(300);
    // The lines of this node's presence (a node closed before may still log its own).
    const lines: string[] = [];
    const logger = (hub.app.get(PresenceService) as unknown as { readonly logger: Logger }).logger;
    for (const level of ['error', 'warn', 'log'] as const) {
      const original = logger[level].bind(logger);
      jest.spyOn(logger, level).mockImplementation((message: unknown, ...rest: unknown[]) => {
        lines.push(`${level}: ${String(message)}`);
        original(message, ...rest);
      });
    }
    await hub.openRoom('foyer', 'alice');
    const present: TestClient[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await hub.connect({ sub: `cat-foyer-${i}`, role: 'catalyseur' });
      await client.join('room:foyer');
      present.push(client);
    }
    const [watcher] = present as [TestClient];
    await sleep(400); // their arrivals told

    // An arrival whose diff window closes once Redis is gone: each window fails, and tells it again with the next.
    const late = await hub.connect({ sub: 'cat-late', role: 'catalyseur' });
    await late.join('room:foyer');
    await redis.stop({ abruptly: true });
    // More failures: departures, and joins refused.
    for (const client of present.slice(1)) client.close();
    const others = await Promise.all([0, 1, 2].map((i) => hub.connect({ sub: `cat-retry-${i}`, role: 'catalyseur' })));
    const joins = await Promise.all(others.map((client) => client.tryJoin('room:foyer')));
    expect(joins.map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE']);
    await sleep(3000); // about ten diff windows
    const during = [...lines];

    await redis.restart();
    // Its end is said at the first answer after 10 s without a failure (the sweep answers every 5 s at least).
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline && !lines.some((line) => line.includes('answers again'))) await sleep(50);
    await sleep(500);

    // The first failure of each kind (reading a room's presence, removing a socket, adding one; a sweep, if one ran),
    // nothing more: no summary within its 30 s.
    const kinds = during.map((line) => /^warn: (\w+)/.exec(line)?.[1]);
    expect(kinds).toEqual(expect.arrayContaining(['reading', 'removing', 'adding']));
    expect(new Set(kinds).size).toBe(during.length);
    expect(during.length).toBeLessThanOrEqual(5);
    const back = lines.slice(during.length);
    expect(back).toEqual([expect.stringMatching(/^log: the presence store answers again: \d+ presence failure\(s\) in \d+ s, \d+ of them not logged$/)]);
    const failures = Number(/again: (\d+) presence/.exec(back[0] ?? '')?.[1]);
    expect(failures).toBeGreaterThanOrEqual(10);
    // What the failed windows had to tell is told once Redis is back, as the store has it: the late arrival (written
    // back by its node) is there, those who left during the outage are not.
    await watcher.waitFor(() => sameMembers(presentAccordingTo(watcher), ['cat-foyer-0', 'cat-late']), 'the room told who is there');
    await sleep(1000); // and nothing says otherwise after
    expect(presentAccordingTo(watcher).sort()).toEqual(['cat-foyer-0', 'cat-late']);
    expect((await store.present('room:foyer')).slice().sort()).toEqual(['cat-foyer-0', 'cat-late']);
  });
});
