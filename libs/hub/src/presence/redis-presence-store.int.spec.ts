/**
 * Presence shared by hub nodes through a real redis-server: a person counts
 * once across nodes, a dead node's people disappear (and are reported once),
 * and a node writes its sockets back after a Redis restart.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { TcpProxy } from '../testing/tcp-proxy';
import { presenceStoreContract } from './presence-store.contract';
import { RedisPresenceStore } from './redis-presence-store';

jest.setTimeout(180_000); // a first run may install redis-server

describe('RedisPresenceStore (real redis-server)', () => {
  let redis: RunningRedis;
  let prefix: string;
  const stores: RedisPresenceStore[] = [];
  const proxies: TcpProxy[] = [];
  const node = (nodeTtlMs = 10_000, url = redis.url): RedisPresenceStore => {
    const store = new RedisPresenceStore({ url, prefix, nodeTtlMs, log: { warn: () => undefined, log: () => undefined } });
    stores.push(store);
    return store;
  };
  /** A node whose connection to Redis goes through a proxy the test cuts (Redis keeps running, and its data). */
  const proxiedNode = async (): Promise<{ store: RedisPresenceStore; proxy: TcpProxy }> => {
    const proxy = await TcpProxy.start(redis.port);
    proxies.push(proxy);
    const store = node(10_000, proxy.url);
    await store.present('room:none'); // connected
    return { store, proxy };
  };
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  /** Polls until `check` holds (10 s at most); returns its last value. */
  async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read().catch(() => undefined);
      if ((value !== undefined && check(value)) || Date.now() > deadline) return value as T;
      await sleep(50);
    }
  }

  beforeAll(async () => {
    redis = await startRedis();
  });

  beforeEach(() => {
    prefix = `p-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('counts a person once across nodes and sockets', async () => {
    const [a, b] = [node(), node()];
    expect(await a.add('room:a', 'alice', 's1')).toEqual({ first: true });
    expect(await b.add('room:a', 'alice', 's2')).toEqual({ first: false });
    expect(await b.present('room:a')).toEqual(['alice']);
    expect(await b.add('room:a', 'bob', 's3')).toEqual({ first: true });
    expect(await a.present('room:a')).toHaveLength(2);

    expect(await a.remove('room:a', 'alice', 's1')).toEqual({ last: false });
    expect(await b.present('room:a')).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(await b.remove('room:a', 'alice', 's2')).toEqual({ last: true });
    expect(await a.present('room:a')).toEqual(['bob']);
    expect(await a.remove('room:a', 'alice', 's2')).toEqual({ last: false }); // unknown now
  });

  presenceStoreContract('Redis', async () => node());

  it('adds and removes a socket in a room of 2,000 without reading the room (no command, those of its scripts included, reads its fields)', async () => {
    const store = node();
    for (let i = 0; i < 2000; i += 200) await Promise.all([...Array(200).keys()].map((j) => store.add('room:big', `p${i + j}`, `s${i + j}`)));
    const admin = new Redis(redis.url);
    try {
      await admin.config('RESETSTAT');
      expect(await store.add('room:big', 'zoe', 's-zoe-1')).toEqual({ first: true });
      expect(await store.add('room:big', 'zoe', 's-zoe-2')).toEqual({ first: false });
      expect(await store.remove('room:big', 'zoe', 's-zoe-1')).toEqual({ last: false });
      expect(await store.remove('room:big', 'zoe', 's-zoe-2')).toEqual({ last: true });
      expect(await store.remove('room:big', 'p7', 's7')).toEqual({ last: true });
      const stats = await admin.info('commandstats');
      // Commands run by the scripts are counted too: none of them reads a room's fields (a scan per join was O(room)).
      const reads = [...stats.matchAll(/cmdstat_(hkeys|hvals|hgetall|hscan|hrandfield|scan|keys):calls=(\d+)/g)].map(
        ([, command, calls]) => `${command}=${calls}`,
      );
      expect(reads).toEqual([]);
    } finally {
      admin.disconnect();
    }
    expect(await store.present('room:big')).toHaveLength(1999);
  });

  it('keeps working on presence written before the counts (sockets counted nowhere): a join or a leave told too often, never missed', async () => {
    const store = node();
    await store.present('room:none'); // its heartbeat is written: its sockets are live
    const admin = new Redis(redis.url);
    try {
      // As an older hub wrote them: the sockets' hash and the rooms, no count.
      await admin.hset(`${prefix}:room:room:old`, 'ana\ns-old', store.nodeId, 'ben\ns-ben', store.nodeId);
      await admin.sadd(`${prefix}:rooms`, 'room:old');
      expect((await store.present('room:old')).slice().sort()).toEqual(['ana', 'ben']);
      expect(await store.add('room:old', 'ana', 's-new')).toEqual({ first: true }); // counted nowhere before: told once too often
      expect(await store.remove('room:old', 'ana', 's-old')).toEqual({ last: true }); // likewise (her count goes to zero, no lower)
      expect((await store.present('room:old')).slice().sort()).toEqual(['ana', 'ben']); // she is still there: a diff says so
      expect(await store.remove('room:old', 'ana', 's-new')).toEqual({ last: true }); // her last leave is told
      expect(await store.add('room:old', 'ana', 's-again')).toEqual({ first: true }); // no count left below zero
      expect(await store.remove('room:old', 'ben', 's-ben')).toEqual({ last: true });
      expect(await store.remove('room:old', 'ana', 's-again')).toEqual({ last: true });
      expect(await store.present('room:old')).toEqual([]);
      // The room emptied is forgotten, counts included.
      expect(await admin.keys(`${prefix}:*old*`)).toEqual([]);
      expect(await admin.sismember(`${prefix}:rooms`, 'room:old')).toBe(0);
    } finally {
      admin.disconnect();
    }
  });

  it('forgets a count too high once the room empties (an older hub swept a counted socket): the next join is told', async () => {
    const store = node();
    await store.present('room:none');
    const admin = new Redis(redis.url);
    try {
      expect(await store.add('room:stale', 'ana', 's-1')).toEqual({ first: true });
      // An older hub removed or swept another of her sockets without lowering the count: 2 where she has 1.
      await admin.hincrby(`${prefix}:people:room:stale`, 'ana', 1);
      expect(await store.remove('room:stale', 'ana', 's-1')).toEqual({ last: true }); // the room emptied: her last leave is told
      expect(await admin.keys(`${prefix}:*stale*`)).toEqual([]);
      expect(await store.add('room:stale', 'ana', 's-2')).toEqual({ first: true }); // and her next arrival
    } finally {
      admin.disconnect();
    }
  });

  it('keeps the first/last answers right when nodes race on one person', async () => {
    const nodes = [node(), node(), node()];
    const adds = await Promise.all(nodes.flatMap((store, n) => [0, 1, 2].map((i) => store.add('room:race', 'carla', `s${n}-${i}`))));
    expect(adds.filter((result) => result.first)).toHaveLength(1);
    const removes = await Promise.all(nodes.flatMap((store, n) => [0, 1, 2].map((i) => store.remove('room:race', 'carla', `s${n}-${i}`))));
    expect(removes.filter((result) => result.last)).toHaveLength(1);
    expect(await nodes[0]?.present('room:race')).toEqual([]);
  });

  it('hides the people of a dead node at once after its heartbeat expires, and one sweep reports them once', async () => {
    const survivor = node(300);
    const doomed = node(300);
    await survivor.add('room:copil', 'amelie', 's1');
    await doomed.add('room:copil', 'karim', 's2');
    await doomed.add('room:copil', 'amelie', 's3'); // amelie is also on the survivor: she stays
    await doomed.add('network', 'karim', 's2');

    doomed.detach(); // crashes: no goodbye
    await new Promise((resolve) => setTimeout(resolve, 700));

    expect(await survivor.present('room:copil')).toEqual(['amelie']);
    const departures = await Promise.all([survivor.sweep(), node(300).sweep()]);
    const reported = departures.flat().map((d) => [d.room, [...d.left].sort()]);
    expect(reported.sort()).toEqual([
      ['network', ['karim']],
      ['room:copil', ['karim']],
    ]);
    expect(await survivor.sweep()).toEqual([]);
    expect(await survivor.present('room:copil')).toEqual(['amelie']);
  });

  it('writes its own sockets back after Redis restarts empty', async () => {
    const a = node(1000);
    await a.add('room:agora', 'sophie', 's1');
    await redis.restart(); // no persistence: everything is gone
    const deadline = Date.now() + 10_000;
    let present: readonly string[] = [];
    while (Date.now() < deadline) {
      present = await a.present('room:agora').catch(() => []);
      if (present.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(present).toEqual(['sophie']);
  });

  it('writes a room of 1,000 sockets back in a few pipelined commands, not a script scanning the room per socket', async () => {
    const { store, proxy } = await proxiedNode();
    for (let i = 0; i < 1000; i += 100) await Promise.all([...Array(100).keys()].map((j) => store.add('room:big', `p${i + j}`, `s${i + j}`)));
    await store.add('room:small', 'sam', 's-sam');
    proxy.cut();
    await redis.restart(); // empty, its command counts too
    await proxy.heal();
    const present = await eventually(
      () => store.present('room:big'),
      (people) => people.length === 1000,
    );
    expect(present).toHaveLength(1000);
    expect(await store.present('room:small')).toEqual(['sam']);
    const admin = new Redis(redis.url);
    try {
      const stats = await admin.info('commandstats');
      const calls = (command: string): number => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      // Two commands of 500 for the big room, one for the small one (a script per socket was 1,001, each scanning the room).
      expect(calls('eval') + calls('evalsha')).toBeLessThanOrEqual(5);
    } finally {
      admin.disconnect();
    }
  });

  it('carries on past a room whose write-back fails, and writes that room back the next time Redis is ready', async () => {
    const { store, proxy } = await proxiedNode();
    await store.add('room:broken', 'bea', 's-bea');
    await store.add('room:fine', 'fred', 's-fred');
    proxy.cut();
    await redis.restart();
    const admin = new Redis(redis.url);
    try {
      await admin.set(`${prefix}:room:room:broken`, 'not a hash'); // its write-back fails (WRONGTYPE)
      await proxy.heal();
      expect(
        await eventually(
          () => store.present('room:fine'),
          (people) => people.length > 0,
        ),
      ).toEqual(['fred']);
      await expect(store.present('room:broken')).rejects.toThrow(/WRONGTYPE/);
      await admin.del(`${prefix}:room:room:broken`);
      proxy.cut(); // the connection comes back: the socket that failed was kept, and is written back
      await sleep(300);
      await proxy.heal();
      expect(
        await eventually(
          () => store.present('room:broken'),
          (people) => people.length > 0,
        ),
      ).toEqual(['bea']);
    } finally {
      admin.disconnect();
    }
  });

  it('replays a removal that failed during a network cut once Redis answers again (Redis kept the socket)', async () => {
    const { store, proxy } = await proxiedNode();
    const other = node();
    await store.add('room:agora', 'sophie', 's1');
    await store.add('room:agora', 'yann', 's2');
    proxy.cut();
    await expect(store.remove('room:agora', 'sophie', 's1')).rejects.toThrow();
    await proxy.heal();
    // Its node is alive (its heartbeat goes on): only the removal replayed takes her out.
    expect(
      await eventually(
        () => other.present('room:agora'),
        (people) => people.length === 1,
      ),
    ).toEqual(['yann']);
    expect(await store.present('room:agora')).toEqual(['yann']);
  });

  it('replays a removal that Redis refused while the connection stayed up (writes refused, then accepted again)', async () => {
    const admin = new Redis(redis.url);
    try {
      const store = node(1500);
      const other = node();
      await store.add('room:forum', 'sophie', 's1');
      await store.add('room:forum', 'yann', 's2');
      // Every write refused (as a primary without its replicas, or out of memory), reads still answered: no
      // reconnection to replay on.
      await admin.config('SET', 'min-replicas-to-write', '1');
      try {
        await expect(store.remove('room:forum', 'sophie', 's1')).rejects.toThrow(/NOREPLICAS/);
      } finally {
        await admin.config('SET', 'min-replicas-to-write', '0');
      }
      // The next heartbeat that answers replays it.
      expect(
        await eventually(
          () => other.present('room:forum'),
          (people) => people.length === 1,
        ),
      ).toEqual(['yann']);
    } finally {
      admin.disconnect();
    }
  });

  it('says an outage once, however many heartbeats fail during it, and once that Redis is back', async () => {
    const lines: string[] = [];
    const store = new RedisPresenceStore({
      url: redis.url,
      prefix,
      nodeTtlMs: 300, // a heartbeat every 100 ms: many fail during the outage
      log: { warn: () => lines.push('down'), log: () => lines.push('back') },
    });
    stores.push(store);
    await store.add('room:agora', 'sophie', 's1');
    await redis.stop({ abruptly: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(lines).toEqual(['down']);
    await redis.restart();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !lines.includes('back')) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(lines).toEqual(['down', 'back']);
  });
});
