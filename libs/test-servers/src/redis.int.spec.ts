/**
 * The throwaway Redis of the tests: installed when missing (as root), started
 * on a free loopback port, restartable, stopped for good.
 */
import Redis from 'ioredis';
import { startRedis } from './redis';

jest.setTimeout(180_000); // a first run may install redis-server with apt

/** A client that never retries on its own: each phase of the test opens its own. */
const connect = async (url: string): Promise<Redis> => {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await client.connect();
  return client;
};

describe('startRedis', () => {
  it('starts a real redis-server that keeps nothing across a restart, and stops it', async () => {
    const redis = await startRedis();
    try {
      const first = await connect(redis.url);
      await first.set('catalyse:probe', 'bonjour');
      expect(await first.get('catalyse:probe')).toBe('bonjour');
      first.disconnect();

      await redis.restart();
      const second = await connect(redis.url);
      expect(await second.get('catalyse:probe')).toBeNull();
      second.disconnect();
    } finally {
      await redis.stop();
    }
    await expect(connect(redis.url)).rejects.toThrow();
  });
});
