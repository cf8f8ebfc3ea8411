import { randomUUID } from 'node:crypto';
import type { JobContext, JobQueue, JobState } from '../job-queue';

export interface JobQueueContractFactory {
  /** A queue of its own for one test (isolated from the others'); closed by the suite. */
  create(): Promise<JobQueue>;
  readonly timeoutMs?: number;
}

/** Polls `probe` until it returns a value that satisfies `done`. */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise resolved from outside (to hold a job in its handler). */
function latch(): { promise: Promise<void>; release(): void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/**
 * The behaviour every `JobQueue` adapter must show. Call it from an adapter's
 * `*.int.spec.ts`: `jobQueueContract('in-process', { create: async () => new InProcessJobQueue() })`.
 */
export function jobQueueContract(name: string, factory: JobQueueContractFactory): void {
  describe(`JobQueue contract: ${name}`, () => {
    let queue: JobQueue;
    const test = (title: string, body: () => Promise<void>): void => it(title, body, factory.timeoutMs ?? 30_000);
    const state = (job: string, id: string): Promise<JobState | undefined> => queue.state(job, id);
    const finished = (job: string, id: string): Promise<JobState | undefined> =>
      eventually(
        () => state(job, id),
        (s) => s?.status === 'completed' || s?.status === 'failed',
        `${job}/${id} to finish`,
      );

    beforeEach(async () => {
      queue = await factory.create();
    });

    afterEach(async () => {
      await queue?.close();
    });

    test('runs an enqueued job once, with its data, and keeps its result', async () => {
      const seen: JobContext<{ milestoneId: string }>[] = [];
      queue.work<{ milestoneId: string }>('reminder', async (job) => {
        seen.push(job);
        return { reminded: job.data.milestoneId };
      });
      const { id, added } = await queue.enqueue('reminder', { milestoneId: 'ms-1' });
      expect(added).toBe(true);
      const done = await finished('reminder', id);
      expect(done).toMatchObject({ id, name: 'reminder', status: 'completed', data: { milestoneId: 'ms-1' }, attemptsMade: 1, result: { reminded: 'ms-1' } });
      expect(seen.map((job) => [job.id, job.name, job.data, job.attempt])).toEqual([[id, 'reminder', { milestoneId: 'ms-1' }, 1]]);
    });

    test('adds a job id once: enqueuing it again adds nothing and it runs once', async () => {
      const runs: string[] = [];
      const id = `due-${randomUUID()}`;
      const first = await queue.enqueue('reminder', { n: 1 }, { jobId: id, delayMs: 200 });
      const again = await queue.enqueue('reminder', { n: 2 }, { jobId: id });
      expect(first).toEqual({ id, added: true });
      expect(again).toEqual({ id, added: false });
      queue.work<{ n: number }>('reminder', async (job) => void runs.push(`${job.id}:${job.data.n}`));
      await finished('reminder', id);
      expect(await queue.enqueue('reminder', { n: 3 }, { jobId: id })).toEqual({ id, added: false });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(runs).toEqual([`${id}:1`]);
    });

    test('holds a delayed job until its time', async () => {
      let ranAt: number | undefined;
      queue.work('report', async () => void (ranAt = Date.now()));
      const enqueuedAt = Date.now();
      const { id } = await queue.enqueue('report', {}, { delayMs: 400 });
      expect((await state('report', id))?.status).toBe('delayed');
      await finished('report', id);
      expect(ranAt).toBeDefined();
      expect((ranAt ?? 0) - enqueuedAt).toBeGreaterThanOrEqual(390);
    });

    test('retries a failing job up to its attempts, then fails it with the reason', async () => {
      const attempts: number[] = [];
      queue.work<{ failUntil: number }>('flaky', async (job) => {
        attempts.push(job.attempt);
        if (job.attempt < job.data.failUntil) throw new Error(`attempt ${job.attempt} failed`);
        return 'ok';
      });
      const healed = await queue.enqueue('flaky', { failUntil: 2 }, { attempts: 3, backoffMs: 20 });
      expect(await finished('flaky', healed.id)).toMatchObject({ status: 'completed', attemptsMade: 2, result: 'ok' });
      expect(attempts).toEqual([1, 2]);

      attempts.length = 0;
      const doomed = await queue.enqueue('flaky', { failUntil: 99 }, { attempts: 2, backoffMs: 20 });
      expect(await finished('flaky', doomed.id)).toMatchObject({ status: 'failed', attemptsMade: 2, failedReason: 'attempt 2 failed' });
      expect(attempts).toEqual([1, 2]);
    });

    test('shows the progress of a running job', async () => {
      const hold = latch();
      queue.work('rebuild', async (job) => {
        await job.progress({ percent: 40, message: 'partnership board: 400/1000' });
        await hold.promise;
        await job.progress({ percent: 100 });
        return 'swapped';
      });
      const { id } = await queue.enqueue('rebuild', { readModel: 'partnership-board' });
      try {
        // Both seen together: a queue reads a job's state and then the job (BullMQ: two reads), so a read may catch the
        // state from just before the worker took it and the progress from just after.
        const running = await eventually(
          () => state('rebuild', id),
          (s) => s?.status === 'active' && s.progress?.percent === 40,
          'active, at 40 %',
        );
        expect(running).toMatchObject({ status: 'active', progress: { percent: 40, message: 'partnership board: 400/1000' } });
      } finally {
        hold.release(); // never leave the job hanging: close() waits for it
      }
      expect(await finished('rebuild', id)).toMatchObject({ status: 'completed', progress: { percent: 100 }, result: 'swapped' });
    });

    test('runs at most `concurrency` jobs of a name at once', async () => {
      let running = 0;
      let peak = 0;
      queue.work(
        'export',
        async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 60));
          running--;
        },
        { concurrency: 2 },
      );
      const ids = await Promise.all(Array.from({ length: 6 }, () => queue.enqueue('export', {})));
      for (const { id } of ids) await finished('export', id);
      expect(peak).toBe(2);
    });

    test('leaves jobs of other names to their own workers', async () => {
      const ran: string[] = [];
      queue.work('reminder', async () => void ran.push('reminder'));
      const other = await queue.enqueue('report', {});
      const mine = await queue.enqueue('reminder', {});
      await finished('reminder', mine.id);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(ran).toEqual(['reminder']);
      expect((await state('report', other.id))?.status).toBe('waiting');
    });

    test('answers undefined for an unknown job', async () => {
      expect(await state('reminder', 'no-such-job')).toBeUndefined();
    });

    test('refuses invalid names and options', async () => {
      await expect(queue.enqueue('Bad Name', {})).rejects.toBeInstanceOf(RangeError);
      await expect(queue.enqueue('reminder', {}, { jobId: 'a:b' })).rejects.toBeInstanceOf(RangeError);
      await expect(queue.enqueue('reminder', {}, { delayMs: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(queue.enqueue('reminder', {}, { attempts: 0 })).rejects.toBeInstanceOf(RangeError);
    });

    test('a worker started paused takes no job until resumed', async () => {
      const ran: string[] = [];
      queue.work<{ n: number }>('rebuild', async (job) => void ran.push(job.id), { paused: true });
      const { id } = await queue.enqueue('rebuild', { n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ran).toEqual([]);
      expect((await state('rebuild', id))?.status).toBe('waiting');
      await queue.resume('rebuild');
      expect(await finished('rebuild', id)).toMatchObject({ status: 'completed' });
      expect(ran).toEqual([id]);
    });

    test('pause lets the running job finish, settles after it, takes no other until resumed', async () => {
      const hold = latch();
      const ran: number[] = [];
      queue.work<{ n: number }>('rebuild', async (job) => {
        ran.push(job.data.n);
        if (job.data.n === 1) await hold.promise;
        return job.data.n;
      });
      const first = await queue.enqueue('rebuild', { n: 1 });
      let pausing: Promise<void> | undefined;
      try {
        await eventually(
          () => state('rebuild', first.id),
          (s) => s?.status === 'active',
          'the first job to start',
        );
        let paused = false;
        pausing = queue.pause('rebuild').then(() => void (paused = true));
        const second = await queue.enqueue('rebuild', { n: 2 });
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(paused).toBe(false); // the running job holds it
        hold.release();
        await pausing;
        expect(await state('rebuild', first.id)).toMatchObject({ status: 'completed', result: 1 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect((await state('rebuild', second.id))?.status).toBe('waiting');
        expect(ran).toEqual([1]);

        await queue.resume('rebuild');
        expect(await finished('rebuild', second.id)).toMatchObject({ status: 'completed', result: 2 });
        expect(ran).toEqual([1, 2]);
      } finally {
        hold.release();
        await pausing?.catch(() => undefined);
      }
    });

    test('pause and resume take effect in the order they are called', async () => {
      const ran: number[] = [];
      queue.work<{ n: number }>('rebuild', async (job) => void ran.push(job.data.n));
      // Paused, then resumed at once: it works.
      await Promise.all([queue.pause('rebuild'), queue.resume('rebuild')]);
      const a = await queue.enqueue('rebuild', { n: 1 });
      await finished('rebuild', a.id);
      // Resumed, then paused at once: it does not.
      await Promise.all([queue.resume('rebuild'), queue.pause('rebuild')]);
      const b = await queue.enqueue('rebuild', { n: 2 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await state('rebuild', b.id))?.status).toBe('waiting');
      expect(ran).toEqual([1]);
    });

    test('pause and resume refuse a name without a worker here', async () => {
      await expect(queue.pause('report')).rejects.toThrow(/no worker/);
      await expect(queue.resume('report')).rejects.toThrow(/no worker/);
    });

    test('close waits for the running job to finish', async () => {
      const hold = latch();
      let finishedRun = false;
      queue.work('rebuild', async () => {
        await hold.promise;
        finishedRun = true;
      });
      const { id } = await queue.enqueue('rebuild', {});
      try {
        await eventually(
          () => state('rebuild', id),
          (s) => s?.status === 'active',
          'the job to start',
        );
      } catch (error) {
        hold.release();
        throw error;
      }
      const closing = queue.close();
      setTimeout(() => hold.release(), 100);
      await closing;
      expect(finishedRun).toBe(true);
    });
  });
}
