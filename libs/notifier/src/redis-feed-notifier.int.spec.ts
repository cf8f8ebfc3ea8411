/**
 * Feed notifications through a real redis-server: across notifier instances
 * (processes), through malformed messages, and through a Redis restart.
 */
import Redis from 'ioredis';
import type { FeedUpdate } from '@catalyse/projections';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { InProcessFeedNotifier } from './in-process-feed-notifier';
import { parseUpdates, RedisFeedNotifier } from './redis-feed-notifier';

jest.setTimeout(180_000); // a first run may install redis-server

const update = (room: string, head: number, epoch = 1): FeedUpdate => ({ room, epoch, head });

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RedisFeedNotifier (real redis-server)', () => {
  let redis: RunningRedis;
  const open: RedisFeedNotifier[] = [];
  const notifier = (options: Partial<ConstructorParameters<typeof RedisFeedNotifier>[0]> = {}): RedisFeedNotifier => {
    const created = new RedisFeedNotifier({ url: redis.url, channel: `test:${open.length}:${Date.now()}`, onError: () => undefined, ...options });
    open.push(created);
    return created;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    for (const created of open.splice(0)) await created.close();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('delivers what one process publishes to the listeners of every other, in publish order', async () => {
    const channel = `feeds-${Date.now()}`;
    const projector = notifier({ channel });
    const [hubA, hubB] = [notifier({ channel }), notifier({ channel })];
    const seenA: FeedUpdate[][] = [];
    const seenB: FeedUpdate[][] = [];
    hubA.subscribe((updates) => seenA.push([...updates]));
    hubB.subscribe((updates) => seenB.push([...updates]));
    await Promise.all([hubA.ready(), hubB.ready()]);

    for (let head = 1; head <= 20; head++) await projector.publish([update('room:agora', head), update('network', head)]);

    await eventually(() => seenA.length === 20 && seenB.length === 20, '20 notifications on both hubs');
    const expected = Array.from({ length: 20 }, (_, i) => [update('room:agora', i + 1), update('network', i + 1)]);
    expect(seenA).toEqual(expected);
    expect(seenB).toEqual(expected);
  });

  it('reports and skips malformed messages, and goes on', async () => {
    const channel = `feeds-bad-${Date.now()}`;
    const errors: string[] = [];
    const hub = notifier({ channel, onError: (error) => errors.push(String(error)) });
    const seen: FeedUpdate[][] = [];
    hub.subscribe((updates) => seen.push([...updates]));
    await hub.ready();
    const raw = new Redis(redis.url);
    try {
      for (const message of ['not json', '{"room":"x"}', '[{"room":"room:<script>","epoch":1,"head":1}]', '[{"room":"network","epoch":0,"head":1}]']) {
        await raw.publish(channel, message);
      }
      await raw.publish(channel, JSON.stringify([update('network', 7)]));
    } finally {
      raw.disconnect();
    }
    await eventually(() => seen.length === 1, 'the well-formed message');
    expect(seen).toEqual([[update('network', 7)]]);
    expect(errors.filter((error) => error.includes('malformed'))).toHaveLength(4);
  });

  it('survives a Redis restart: publishing while it is away is reported, not thrown, and delivery resumes', async () => {
    const channel = `feeds-restart-${Date.now()}`;
    const errors: string[] = [];
    const projector = notifier({ channel, onError: (error) => errors.push(String(error)) });
    const hub = notifier({ channel });
    const seen: number[] = [];
    hub.subscribe((updates) => seen.push(...updates.map((u) => u.head)));
    await hub.ready();
    await projector.publish([update('network', 1)]);
    await eventually(() => seen.length === 1, 'the first notification');

    await redis.stop({ abruptly: true });
    await expect(projector.publish([update('network', 2)])).resolves.toBeUndefined();
    expect(errors.some((error) => error.includes('could not publish 1 feed update'))).toBe(true);

    await redis.restart();
    await hub.ready(); // subscribed again by itself
    await eventually(() => projector['publisher'].status === 'ready', 'the publisher to reconnect');
    await projector.publish([update('network', 3)]);
    await eventually(() => seen.includes(3), 'a notification after the restart');
    expect(seen).toEqual([1, 3]); // 2 was lost with Redis: the fallback is what covers it
  });

  it('logs one line when Redis goes away (not one per retry) and one when it is back', async () => {
    const lines: string[] = [];
    const log = { warn: (line: string) => lines.push(`warn ${line}`), log: (line: string) => lines.push(`log ${line}`) };
    const hub = notifier({ log });
    hub.subscribe(() => undefined);
    await hub.ready();
    await hub.publish([update('network', 1)]);

    await redis.stop({ abruptly: true });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // several reconnection attempts of both connections
    for (let head = 2; head < 5; head++) await hub.publish([update('network', head)]);
    expect(lines).toEqual([expect.stringMatching(/^warn redis feed notifier: Redis unreachable \(.*ECONNREFUSED.*\), retrying$/)]);

    await redis.restart();
    await hub.ready();
    await eventually(() => hub['publisher'].status === 'ready' && lines.length === 2, 'the line saying Redis is back');
    expect(lines[1]).toBe('log redis feed notifier: Redis reachable again');
  });

  it('hands the fallback notifier’s updates to the listeners too (what Redis lost still arrives)', async () => {
    const fallback = new InProcessFeedNotifier();
    const hub = notifier({ fallback });
    const seen: FeedUpdate[][] = [];
    hub.subscribe((updates) => seen.push([...updates]));
    await fallback.publish([update('room:agora', 5)]);
    expect(seen).toEqual([[update('room:agora', 5)]]);
  });
});

describe('parseUpdates', () => {
  it('accepts well-formed updates only', () => {
    expect(parseUpdates('[{"room":"partnership:p-1","epoch":2,"head":10}]')).toEqual([{ room: 'partnership:p-1', epoch: 2, head: 10 }]);
    expect(parseUpdates('[]')).toEqual([]);
    for (const bad of [
      '{}',
      '[1]',
      '[{"room":"network","epoch":1}]',
      '[{"room":"network","epoch":1,"head":-1}]',
      '[{"room":"network","epoch":1.5,"head":1}]',
    ]) {
      expect(parseUpdates(bad)).toBeUndefined();
    }
  });
});
