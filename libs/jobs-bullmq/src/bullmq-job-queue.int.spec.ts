import { randomUUID } from 'node:crypto';
import { jobQueueContract } from '@catalyse/jobs/testing';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { BullMqJobQueue } from './bullmq-job-queue';

jest.setTimeout(180_000); // a first run may install redis-server

let redis: RunningRedis;

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await redis?.stop();
});

// Each test gets queues of its own under a fresh key prefix, on one real redis-server.
jobQueueContract('bullmq', { create: async () => new BullMqJobQueue({ url: redis.url, prefix: `t${randomUUID().slice(0, 8)}` }) });

describe('BullMqJobQueue across processes', () => {
  it('keeps a job in Redis when its queue is closed, and another queue runs it', async () => {
    const prefix = `p${randomUUID().slice(0, 8)}`;
    const producer = new BullMqJobQueue({ url: redis.url, prefix });
    const { id } = await producer.enqueue('reminder', { milestoneId: 'ms-9' }, { jobId: 'ms-9-due' });
    await producer.close();

    const consumer = new BullMqJobQueue({ url: redis.url, prefix });
    try {
      const ran = new Promise<unknown>((resolve) => consumer.work('reminder', async (job) => resolve(job.data)));
      await expect(ran).resolves.toEqual({ milestoneId: 'ms-9' });
      expect(await consumer.enqueue('reminder', {}, { jobId: 'ms-9-due' })).toEqual({ id, added: false });
    } finally {
      await consumer.close();
    }
  });

  it('a paused worker holds no job, even one that arrives while it was waiting for jobs: the other process takes them all', async () => {
    const prefix = `w${randomUUID().slice(0, 8)}`;
    const a = new BullMqJobQueue({ url: redis.url, prefix });
    const b = new BullMqJobQueue({ url: redis.url, prefix });
    const ranBy: Record<string, string> = {};
    const done = (count: number): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`only ${Object.keys(ranBy).length} of ${count} jobs ran`)), 10_000);
        const check = setInterval(() => {
          if (Object.keys(ranBy).length < count) return;
          clearInterval(check);
          clearTimeout(deadline);
          resolve();
        }, 20);
      });
    try {
      a.work('rebuild', async (job) => void (ranBy[job.id] = 'a'));
      b.work('rebuild', async (job) => void (ranBy[job.id] = 'b'), { paused: true });
      // A's worker is idle, blocked waiting for the next job; paused there, it must not take the next one.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.all([a.pause('rebuild'), b.resume('rebuild')]);
      const producer = new BullMqJobQueue({ url: redis.url, prefix });
      try {
        for (let i = 0; i < 5; i++) await producer.enqueue('rebuild', { i });
        await done(5);
        expect(Object.values(ranBy)).toEqual(['b', 'b', 'b', 'b', 'b']);

        // And back: B paused, A resumed.
        await Promise.all([b.pause('rebuild'), a.resume('rebuild')]);
        for (let i = 5; i < 8; i++) await producer.enqueue('rebuild', { i });
        await done(8);
        expect(Object.values(ranBy).filter((by) => by === 'a')).toHaveLength(3);
      } finally {
        await producer.close();
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
