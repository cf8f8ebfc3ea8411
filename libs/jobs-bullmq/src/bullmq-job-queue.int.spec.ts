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
});
