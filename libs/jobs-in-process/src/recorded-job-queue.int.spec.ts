import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobState } from '@catalyse/jobs';
import { jobQueueContract } from '@catalyse/jobs/testing';
import { InProcessJobQueue } from './in-process-job-queue';
import { RecordedJobQueue } from './recorded-job-queue';

const dirs: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-recorded-jobs-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const STOPPED = 'interrompue par l’arrêt du service';
const open = (dir: string): RecordedJobQueue =>
  new RecordedJobQueue(new InProcessJobQueue(), { file: join(dir, 'jobs.sqlite'), interrupted: { rebuild: STOPPED, report: STOPPED, flaky: STOPPED } });

// Recorded or not, a job queue behaves as the port says.
jobQueueContract('in-process, recorded in SQLite', { create: async () => open(folder()) });

/**
 * The records outlive the process: each test closes a queue and opens another on the same file, as a restarted
 * all-in-one does (a `kill -9` is a queue never closed, its file opened again).
 */
describe('the records of a RecordedJobQueue across a restart (a real SQLite file)', () => {
  const finished = async (queue: RecordedJobQueue, id: string): Promise<JobState | undefined> => {
    for (let i = 0; i < 500; i++) {
      const state = await queue.state('rebuild', id);
      if (state?.status === 'completed' || state?.status === 'failed') return state;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`job ${id} never finished`);
  };

  it('answers a finished job’s state, progress and result after a restart, and a replayed id adds nothing', async () => {
    const dir = folder();
    const first = open(dir);
    first.work<{ n: number }>('rebuild', async (job) => {
      await job.progress({ percent: 100, message: 'fini' });
      return { epoch: 2, n: job.data.n };
    });
    const { id } = await first.enqueue('rebuild', { n: 7 }, { jobId: 'key-1' });
    const failing = await first.enqueue('rebuild', { n: -1 }, { jobId: 'key-2' });
    expect(await finished(first, id)).toMatchObject({ status: 'completed' });
    await first.close();

    const second = open(dir);
    let ran = 0;
    second.work('rebuild', async () => ++ran);
    try {
      expect(await second.state('rebuild', id)).toEqual<JobState>({
        id: 'key-1',
        name: 'rebuild',
        status: 'completed',
        data: { n: 7 },
        attemptsMade: 1,
        progress: { percent: 100, message: 'fini' },
        result: { epoch: 2, n: 7 },
      });
      expect(await second.state('rebuild', failing.id)).toMatchObject({ status: 'completed', result: { epoch: 2, n: -1 } });
      expect(await second.enqueue('rebuild', { n: 7 }, { jobId: 'key-1' })).toEqual({ id: 'key-1', added: false });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(ran).toBe(0);
      expect(await second.state('rebuild', 'unknown')).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('shows a job its process left running (kill -9) or waiting as failed with the interrupted reason, its progress kept', async () => {
    const dir = folder();
    const killed = open(dir);
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    killed.work('rebuild', async (job) => {
      await job.progress({ percent: 40, message: 'à moitié' });
      started();
      return new Promise(() => undefined); // never ends: the process dies under it
    });
    const active = await killed.enqueue('rebuild', {}, { jobId: 'active-1' });
    const waiting = await killed.enqueue('rebuild', {}, { jobId: 'waiting-1' });
    await running;
    expect((await killed.state('rebuild', waiting.id))?.status).toBe('waiting');

    const restarted = open(dir); // `killed` never closes, as a killed process
    try {
      expect(await restarted.state('rebuild', active.id)).toMatchObject({
        status: 'failed',
        failedReason: STOPPED,
        attemptsMade: 1,
        progress: { percent: 40, message: 'à moitié' },
      });
      expect(await restarted.state('rebuild', waiting.id)).toMatchObject({ status: 'failed', failedReason: STOPPED, attemptsMade: 0 });
      expect((await restarted.enqueue('rebuild', {}, { jobId: 'active-1' })).added).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  it('keeps the failure a job recorded as it stopped, and records nothing of names it was not asked to keep', async () => {
    const dir = folder();
    const first = open(dir);
    first.work('rebuild', async () => {
      throw new Error('échouée en français');
    });
    first.work('other', async () => 1);
    const { id } = await first.enqueue('rebuild', {});
    const other = await first.enqueue('other', {});
    expect(await finished(first, id)).toMatchObject({ status: 'failed' });
    await first.close();
    const second = open(dir);
    try {
      expect(await second.state('rebuild', id)).toMatchObject({ status: 'failed', failedReason: 'échouée en français' });
      expect(await second.state('other', other.id)).toBeUndefined();
    } finally {
      await second.close();
    }
  });
});
