/**
 * The hub's limits with real socket.io clients: every request counts against
 * the person's budget (all their sockets), posts per person per second, the
 * budget shared by two hub nodes counting in one real Redis; and a client that
 * stops reading while its room is flooded is disconnected, its buffer bounded.
 */
import { io } from 'socket.io-client';
import type { Ack, ErrorBody } from '@catalyse/protocol';
import { MemoryRateLimitStore, type RateLimitStore, RedisRateLimitStore } from '@catalyse/rate-limits';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import type { HubMetrics } from '@catalyse/metrics';
import { SlowReaders } from './backpressure/slow-readers';
import { HUB_METRICS } from './hub.options';
import { FanoutService } from './fanout/fanout.service';
import { OpenSockets } from './gateway/open-sockets';
import { HubHarness } from './testing/hub-harness';
import { TestClient } from './testing/test-client';

jest.setTimeout(90_000);

const ROOM = 'room:agora';

const errorOf = (ack: Ack<unknown>): ErrorBody | undefined => (ack.ok ? undefined : ack.error);

describe('hub rate limits (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ requestsPerMinute: 5, postsPerSecond: 100 });
    await hub.openRoom('agora', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('joins, syncs and posts count against one budget per person, across their sockets; over it: RATE_LIMITED with retryAfterMs', async () => {
    const tab1 = await hub.connect({ sub: 'cat-busy', role: 'catalyseur' });
    const tab2 = await hub.connect({ sub: 'cat-busy', role: 'catalyseur' });
    const joined = await tab1.join(ROOM);
    expect((await tab2.request('room:join', { room: ROOM })).ok).toBe(true);
    expect((await tab1.request('room:sync', { room: ROOM, since: { epoch: joined.epoch, seq: 0 } })).ok).toBe(true);
    expect((await tab2.post(ROOM, 'busy-1', 'Bonjour')).ok).toBe(true);
    expect((await tab1.request('room:leave', { room: ROOM })).ok).toBe(true);

    const refusals = [
      await tab1.request('room:join', { room: ROOM }),
      await tab2.request('room:sync', { room: ROOM, since: { epoch: joined.epoch, seq: 0 } }),
      await tab2.post(ROOM, 'busy-2', 'Encore'),
    ];
    for (const refused of refusals) {
      expect(errorOf(refused)).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^too many requests: at most 5 requests a minute \(catalyseur cat-busy\); retry in \d+ s$/),
        retryAfterMs: expect.any(Number),
      });
      expect(errorOf(refused)?.retryAfterMs).toBeGreaterThan(0);
      expect(errorOf(refused)?.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
    // The refused post was not stored.
    expect((await hub.feed(ROOM)).filter((e) => (e.data as { clientMsgId?: string }).clientMsgId === 'busy-2')).toEqual([]);

    // Another person has a budget of their own.
    const calm = await hub.connect({ sub: 'cat-calm', role: 'catalyseur' });
    expect((await calm.request('room:join', { room: ROOM })).ok).toBe(true);
  });
});

describe('hub connections per person, and per address without a valid token', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ connectionsPerMinute: 8 });
    await hub.openRoom('agora', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('refuses the handshake over the budget with RATE_LIMITED and retryAfterMs; another person connects; bad tokens are counted by address', async () => {
    const principal = { sub: 'cat-reconnecting', role: 'catalyseur' } as const;
    const token = hub.token(principal);
    const tabs: TestClient[] = [];
    for (let i = 0; i < 8; i++) tabs.push(await hub.connect(principal));
    const refused = await TestClient.refused(hub.url, { token });
    expect(refused).toEqual({
      message: 'RATE_LIMITED',
      data: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^too many connections: at most 8 connections a minute \(catalyseur cat-reconnecting\); retry in \d+ s$/),
        retryAfterMs: expect.any(Number),
      },
    });
    // Its open sockets go on; so does someone else.
    expect((await tabs[0]?.request('room:join', { room: ROOM }))?.ok).toBe(true);
    expect((await (await hub.connect({ sub: 'cat-fresh', role: 'catalyseur' })).request('room:join', { room: ROOM })).ok).toBe(true);

    // Without a valid token: a quarter of the budget (2) for the address, then RATE_LIMITED whatever the token.
    const forged = [await TestClient.refused(hub.url, { token: 'not-a-jwt' }), await TestClient.refused(hub.url, {})];
    expect(forged.map((r) => r.data?.code)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
    expect((await TestClient.refused(hub.url, { token: 'not-a-jwt' })).data?.code).toBe('RATE_LIMITED');
    // A valid token is counted against its person, not the address.
    expect((await hub.connect({ sub: 'cat-other-tab', role: 'catalyseur' })).connected).toBe(true);
  });
});

describe('hub sockets open at once per person, per node', () => {
  const PERSON = { sub: 'cat-many-tabs', role: 'catalyseur' } as const;
  let hub: HubHarness;
  let other: HubHarness;

  beforeAll(async () => {
    // The defaults: 20 sockets open at once, 120 connections a minute (this test makes far fewer).
    hub = await HubHarness.start();
    await hub.openRoom('agora', 'alice');
    other = await HubHarness.start();
  });
  afterAll(async () => {
    await hub?.close();
    await other?.close();
  });

  const openOn = (node: HubHarness, sub: string): number => node.app.get(OpenSockets).of(sub).length;
  const until = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('refuses the 21st socket of a person with RATE_LIMITED and a retryAfterMs; counts refusals out and disconnects back in', async () => {
    const tabs: TestClient[] = [];
    for (let i = 0; i < 20; i++) tabs.push(await hub.connect(PERSON));
    const refused = await TestClient.refused(hub.url, { token: hub.token(PERSON) });
    expect(refused).toEqual({
      message: 'RATE_LIMITED',
      data: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(
          /^too many connections open at once: at most 20 per person on this hub node \(catalyseur cat-many-tabs\); close one, or retry in \d+ s$/,
        ),
        retryAfterMs: expect.any(Number),
      },
    });
    expect(refused.data?.retryAfterMs).toBeGreaterThanOrEqual(15_000);
    expect(refused.data?.retryAfterMs).toBeLessThanOrEqual(30_000);
    // Refusals are not counted: still 20, whatever was refused.
    expect((await TestClient.refused(hub.url, { token: hub.token(PERSON) })).data?.code).toBe('RATE_LIMITED');
    expect(openOn(hub, PERSON.sub)).toBe(20);

    // Its open sockets go on; someone else connects.
    expect((await tabs[0]?.request('room:join', { room: ROOM }))?.ok).toBe(true);
    expect((await (await hub.connect({ sub: 'cat-one-tab', role: 'catalyseur' })).request('room:join', { room: ROOM })).ok).toBe(true);

    // A tab closed gives its place back: one more connects, and only one.
    tabs.shift()?.close();
    await until(() => openOn(hub, PERSON.sub) === 19);
    tabs.push(await hub.connect(PERSON));
    expect((await TestClient.refused(hub.url, { token: hub.token(PERSON) })).data?.code).toBe('RATE_LIMITED');

    // Handshakes verified together are counted one at a time: with 3 places, 3 of 8 connect.
    for (const tab of tabs.splice(0, 3)) tab.close();
    await until(() => openOn(hub, PERSON.sub) === 17);
    const attempts = Array.from({ length: 8 }, () =>
      io(hub.url, { auth: { token: hub.token(PERSON) }, transports: ['websocket'], reconnection: false, forceNew: true }),
    );
    const together = await Promise.all(
      attempts.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('connect', () => resolve('connected'));
            socket.once('connect_error', (error: Error & { data?: ErrorBody }) => resolve(error.data?.code ?? error.message));
          }),
      ),
    );
    expect(together.filter((outcome) => outcome === 'connected')).toHaveLength(3);
    expect(together.filter((outcome) => outcome === 'RATE_LIMITED')).toHaveLength(5);
    expect(openOn(hub, PERSON.sub)).toBe(20);

    // Per node: the same person connects to another node.
    expect((await other.connect(PERSON)).connected).toBe(true);
    expect(openOn(other, PERSON.sub)).toBe(1);

    for (const tab of tabs) tab.close();
    for (const socket of attempts) socket.close();
    await until(() => openOn(hub, PERSON.sub) === 0);
    expect(hub.app.get(OpenSockets).people).toBe(1); // cat-one-tab
  });
});

describe('a handshake whose connection closes while it is verified', () => {
  let hub: HubHarness;
  /** Set: the connection budget's answers wait for it, as from a slow Redis. */
  let gate: Promise<void> | undefined;
  let consuming = 0;

  beforeAll(async () => {
    const memory = new MemoryRateLimitStore();
    const slow: RateLimitStore = {
      kind: 'memory',
      close: () => memory.close(),
      limiter: (limit) => {
        const inner = memory.limiter(limit);
        if (!limit.name.startsWith('connections-')) return inner;
        return {
          limit: inner.limit,
          forget: (key) => inner.forget(key),
          consume: async (key, points) => {
            consuming++;
            await gate;
            return inner.consume(key, points);
          },
        };
      },
    };
    hub = await HubHarness.start({ rateLimitStore: slow });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is not counted: socket.io never connects it, nor disconnects it', async () => {
    const person = { sub: 'cat-gone', role: 'catalyseur' } as const;
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const socket = io(hub.url, { auth: { token: hub.token(person) }, transports: ['websocket'], reconnection: false, forceNew: true });
    const deadline = Date.now() + 10_000;
    while (consuming === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(consuming).toBe(1);
    socket.close();
    // The server sees the connection close before the budget answers.
    await new Promise((resolve) => setTimeout(resolve, 200));
    open();
    gate = undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hub.app.get(OpenSockets).of(person.sub).length).toBe(0);
    expect((await hub.connect(person)).connected).toBe(true);
    expect(hub.app.get(OpenSockets).of(person.sub).length).toBe(1);
  });
});

describe('a handshake whose budget store fails', () => {
  let hub: HubHarness;
  /** Set: the connection budget's next answer is this failure (as from a store that went away), once. */
  let failure: Error | undefined;

  beforeAll(async () => {
    const memory = new MemoryRateLimitStore();
    const failing: RateLimitStore = {
      kind: 'memory',
      close: () => memory.close(),
      limiter: (limit) => {
        const inner = memory.limiter(limit);
        if (!limit.name.startsWith('connections-')) return inner;
        return {
          limit: inner.limit,
          forget: (key) => inner.forget(key),
          consume: (key, points) => {
            const error = failure;
            failure = undefined;
            return error ? Promise.reject(error) : inner.consume(key, points);
          },
        };
      },
    };
    hub = await HubHarness.start({ rateLimitStore: failing });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is refused UNAVAILABLE with retryAfterMs, not UNAUTHORIZED: the same token connects next time', async () => {
    const person = { sub: 'cat-unlucky', role: 'catalyseur' } as const;
    failure = new Error('connection to the store lost');
    expect(await TestClient.refused(hub.url, { token: hub.token(person) })).toEqual({
      message: 'UNAVAILABLE',
      data: { code: 'UNAVAILABLE', message: 'the token could not be verified for now; try again shortly', retryAfterMs: expect.any(Number) },
    });
    expect((await hub.connect(person)).connected).toBe(true);
  });
});

describe('hub posts per person per second', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ postsPerSecond: 2 });
    await hub.openRoom('agora', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('counts the posts of all the person’s sockets together', async () => {
    const tab1 = await hub.connect({ sub: 'cat-chatty', role: 'catalyseur' });
    const tab2 = await hub.connect({ sub: 'cat-chatty', role: 'catalyseur' });
    const acks = await Promise.all([
      tab1.post(ROOM, 'c-1', 'un'),
      tab2.post(ROOM, 'c-2', 'deux'),
      tab1.post(ROOM, 'c-3', 'trois'),
      tab2.post(ROOM, 'c-4', 'quatre'),
    ]);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(2);
    for (const refused of acks.filter((ack) => !ack.ok)) {
      expect(errorOf(refused)).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('at most 2 per second (cat-chatty, all connections)') });
    }
  });
});

describe('hub budgets shared by two hub nodes through Redis', () => {
  let redis: RunningRedis;
  const stores: RedisRateLimitStore[] = [];
  const nodes: HubHarness[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const store = new RedisRateLimitStore({ url: redis.url });
      stores.push(store);
      await store.ready();
      const node = await HubHarness.start({ requestsPerMinute: 4, rateLimitStore: store });
      await node.openRoom('agora', 'alice');
      nodes.push(node);
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    for (const store of stores) await store.close();
    await redis?.stop();
  });

  it('counts a person once whichever node their sockets reach', async () => {
    const [a, b] = nodes as [HubHarness, HubHarness];
    const onA = await a.connect({ sub: 'cat-roaming', role: 'catalyseur' });
    const onB = await b.connect({ sub: 'cat-roaming', role: 'catalyseur' });
    const statuses: (string | true)[] = [];
    for (const client of [onA, onB, onA, onB, onA, onB]) {
      const ack = await client.request('room:join', { room: ROOM });
      statuses.push(ack.ok || ack.error.code);
    }
    expect(statuses).toEqual([true, true, true, true, 'RATE_LIMITED', 'RATE_LIMITED']);
    const other = await b.connect({ sub: 'cat-other', role: 'catalyseur' });
    expect((await other.request('room:join', { room: ROOM })).ok).toBe(true);
  });
});

describe('a client that stops reading', () => {
  const MAX_BUFFERED = 1024 * 1024;
  const TEXT = 'Compte rendu du comité de pilotage : jalons revus, prochaine étape « diagnostic partagé ». '.repeat(40);
  let hub: HubHarness;

  beforeAll(async () => {
    // Members falling behind a burst are served page by page from 1 MB waiting (hub-catch-up tests that): set out of
    // reach here, so that this tests the limit itself, the last resort for whatever else piles up for a client.
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, liveBacklogBytes: 64 * MAX_BUFFERED, bufferCheckMs: 100, readPageSize: 100 });
    await hub.openRoom('flood', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is disconnected once its outgoing buffer passes the limit, its buffer discarded; the room goes on', async () => {
    const room = 'room:flood';
    const slowReaders = hub.app.get(SlowReaders);
    const slow = await hub.connect({ sub: 'cat-slow', role: 'catalyseur' });
    await slow.join(room);
    const slowId = slow.socket.id ?? '';
    slow.pauseReading();

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, slowReaders.bufferedBytesOf(slowId) ?? 0)), 5);
    const sockets = hub.app.get(FanoutService);
    try {
      // A flood of about 22 MB of live entries at once: far more than the system's socket buffers hold. (A reading
      // client beside it could fall behind such a burst too, and be dropped with this limit: it is why members
      // behind a burst are served page by page from 1 MB waiting, which hub-catch-up tests.)
      await hub.stageEntries(room, 6000, TEXT);
      const deadline = Date.now() + 15_000;
      while (slowReaders.bufferedBytesOf(slowId) !== undefined) {
        if (Date.now() > deadline) throw new Error('timed out waiting for the slow socket to be dropped');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      clearInterval(sampler);
    }
    expect(slowReaders.droppedCount).toBe(1);
    const slowClients = (await hub.app.get<HubMetrics>(HUB_METRICS).slowClients.get()).values;
    expect(slowClients.find((v) => v.labels.outcome === 'dropped')?.value).toBe(1);
    expect(sockets.sockets()).toBe(0);
    // Bounded: dropped past the limit, with at most one delivery page more (100 entries of ~3.7 KB) before the check
    // after it. As measured by the check itself: a sampler beside it may not run while a page is delivered (a busy machine).
    const atDrop = slowReaders.lastDroppedBytes ?? 0;
    expect(atDrop).toBeGreaterThan(MAX_BUFFERED);
    expect(atDrop).toBeLessThan(MAX_BUFFERED + 100 * (TEXT.length + 400));
    expect(peak).toBeLessThan(MAX_BUFFERED + 100 * (TEXT.length + 400));

    const present = await hub.connect({ sub: 'cat-present', role: 'catalyseur' });
    await present.join(room);
    const position = await hub.appendMessage('flood', 'après la crue');
    await hub.projected(position);
    const head = (await hub.head(room)).head;
    await present.waitForSeq(room, head);
    expect(present.entries(room).at(-1)?.seq).toBe(head);
  });
});
