import { randomUUID } from 'node:crypto';
import { JobQueueUnavailableError } from '@catalyse/jobs';
import { jobQueueContract } from '@catalyse/jobs/testing';
import { freePort, type RunningRedis, startRedis } from '@catalyse/test-servers';
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

describe('BullMqJobQueue while Redis is unreachable', () => {
  /** Its rejection, and how long it took. */
  const timed = async (work: Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
    const started = Date.now();
    const error = await work.then(
      () => undefined,
      (rejected: unknown) => rejected,
    );
    return { error, ms: Date.now() - started };
  };

  it('rejects at once with a JobQueueUnavailableError, says so once, and works again when Redis is back (no restart)', async () => {
    const own = await startRedis(); // stopped by this test only
    const lines: string[] = [];
    const queue = new BullMqJobQueue({
      url: own.url,
      prefix: `u${randomUUID().slice(0, 8)}`,
      log: { warn: (l) => lines.push(`warn ${l}`), log: (l) => lines.push(`log ${l}`) },
    });
    try {
      await queue.enqueue('report', { n: 1 });
      await queue.ping();

      await own.stop({ abruptly: true });
      for (const attempt of [() => queue.enqueue('report', { n: 2 }), () => queue.state('report', 'any'), () => queue.ping()]) {
        const { error, ms } = await timed(attempt());
        expect(error).toBeInstanceOf(JobQueueUnavailableError);
        expect(String((error as Error).message)).toMatch(/Redis unreachable/);
        expect(ms).toBeLessThan(3500);
      }
      // Several reconnection attempts later: still one line for the outage.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const { error } = await timed(queue.enqueue('report', { n: 3 }));
      expect(error).toBeInstanceOf(JobQueueUnavailableError);
      expect(lines).toEqual([expect.stringMatching(/^warn job queue: Redis unreachable \(.*ECONNREFUSED.*\), retrying$/)]);

      await own.restart();
      const deadline = Date.now() + 10_000;
      while (
        await queue.ping().then(
          () => false,
          () => true,
        )
      ) {
        if (Date.now() > deadline) throw new Error('the queue did not reach Redis again');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(lines.slice(1)).toEqual(['log job queue: Redis reachable again']);
      const { id, added } = await queue.enqueue('report', { n: 4 });
      expect(added).toBe(true);
      expect((await queue.state('report', id))?.status).toBe('waiting');
    } finally {
      await queue.close();
      await own.stop();
    }
  });

  it('rejects at once when nothing ever listened on the port', async () => {
    const queue = new BullMqJobQueue({ url: `redis://127.0.0.1:${await freePort()}`, log: { warn: () => undefined, log: () => undefined } });
    try {
      const { error, ms } = await timed(queue.enqueue('report', {}));
      expect(error).toBeInstanceOf(JobQueueUnavailableError);
      expect(ms).toBeLessThan(1000); // refused: no need to wait for the bound
    } finally {
      await queue.close();
    }
  });
});
