/**
 * Presence shared by hub nodes through a real redis-server: a person counts
 * once across nodes, a dead node's people disappear (and are reported once),
 * and a node writes its sockets back after a Redis restart.
 */
import { randomUUID } from 'node:crypto';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { RedisPresenceStore } from './redis-presence-store';

jest.setTimeout(180_000); // a first run may install redis-server

describe('RedisPresenceStore (real redis-server)', () => {
  let redis: RunningRedis;
  let prefix: string;
  const stores: RedisPresenceStore[] = [];
  const node = (nodeTtlMs = 10_000): RedisPresenceStore => {
    const store = new RedisPresenceStore({ url: redis.url, prefix, nodeTtlMs, log: { warn: () => undefined, log: () => undefined } });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });

  beforeEach(() => {
    prefix = `p-${randomUUID().slice(0, 8)}`;
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('counts a person once across nodes and sockets', async () => {
    const [a, b] = [node(), node()];
    expect(await a.add('room:a', 'alice', 's1')).toEqual({ first: true, present: ['alice'] });
    expect(await b.add('room:a', 'alice', 's2')).toEqual({ first: false, present: ['alice'] });
    expect(await b.add('room:a', 'bob', 's3')).toEqual({ first: true, present: expect.arrayContaining(['alice', 'bob']) });
    expect(await a.present('room:a')).toHaveLength(2);

    expect(await a.remove('room:a', 'alice', 's1')).toEqual({ last: false });
    expect(await b.present('room:a')).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(await b.remove('room:a', 'alice', 's2')).toEqual({ last: true });
    expect(await a.present('room:a')).toEqual(['bob']);
    expect(await a.remove('room:a', 'alice', 's2')).toEqual({ last: false }); // unknown now
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
