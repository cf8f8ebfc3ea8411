import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JobState } from '@catalyse/jobs';
import { jobQueueContract } from '@catalyse/jobs/testing';
import { InProcessJobQueue } from './in-process-job-queue';
import { RecordedJobQueue, type RecordedJobQueueOptions } from './recorded-job-queue';

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
const open = (dir: string, options: Partial<RecordedJobQueueOptions> = {}): RecordedJobQueue =>
  new RecordedJobQueue(new InProcessJobQueue(), {
    file: join(dir, 'jobs.sqlite'),
    interrupted: { rebuild: STOPPED, report: STOPPED, flaky: STOPPED },
    ...options,
  });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('shows a job its process left running (kill -9) as failed with the interrupted reason once it is no longer refreshed, its progress kept', async () => {
    const dir = folder();
    // A process killed under its job: it refreshes nothing any more (its heartbeat never comes) and never closes.
    const killed = open(dir, { heartbeatMs: 3_600_000 });
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const never = new Promise<void>((resolve) => (release = resolve));
    killed.work('rebuild', async (job) => {
      await job.progress({ percent: 40, message: 'à moitié' });
      started();
      await never; // the process dies under it
    });
    const active = await killed.enqueue('rebuild', {}, { jobId: 'active-1' });
    await running;

    // Opened within the stale bound of its last write: still active (its process may be alive), then interrupted.
    const restarted = open(dir, { staleMs: 300 });
    try {
      expect(await restarted.state('rebuild', active.id)).toMatchObject({ status: 'active', attemptsMade: 1 });
      await sleep(400);
      expect(await restarted.state('rebuild', active.id)).toMatchObject({
        status: 'failed',
        failedReason: STOPPED,
        attemptsMade: 1,
        progress: { percent: 40, message: 'à moitié' },
      });
      expect((await restarted.enqueue('rebuild', {}, { jobId: 'active-1' })).added).toBe(false);
    } finally {
      await restarted.close();
      release();
      await killed.close();
    }
  });

  it('shows as interrupted, at the next opening, a job left unfinished by a process that stopped refreshing it', async () => {
    const dir = folder();
    const killed = open(dir, { heartbeatMs: 3_600_000 });
    let release!: () => void;
    const never = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    killed.work('rebuild', async () => {
      started();
      await never;
    });
    const active = await killed.enqueue('rebuild', {}, { jobId: 'left-1' });
    await running;
    await sleep(150);
    const restarted = open(dir, { staleMs: 100 });
    try {
      // The opening (this enqueue of another job) interrupts it: the record reads failed, in French.
      await restarted.enqueue('rebuild', {}, { jobId: 'other-1' });
      expect(await restarted.state('rebuild', active.id)).toMatchObject({ status: 'failed', failedReason: STOPPED, attemptsMade: 1 });
    } finally {
      await restarted.close();
      release();
      await killed.close();
    }
  });

  it('shows a job still waiting when its queue closed as failed with the interrupted reason at once', async () => {
    const dir = folder();
    const stopped = open(dir);
    const waiting = await stopped.enqueue('rebuild', {}, { jobId: 'waiting-1' }); // no worker: it waits
    expect((await stopped.state('rebuild', waiting.id))?.status).toBe('waiting');
    await stopped.close();
    const restarted = open(dir);
    try {
      expect(await restarted.state('rebuild', waiting.id)).toMatchObject({ status: 'failed', failedReason: STOPPED, attemptsMade: 0 });
      expect((await restarted.enqueue('rebuild', {}, { jobId: 'waiting-1' })).added).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  it('never fails, on opening the file, the running job of another live queue on it (a standby process)', async () => {
    const dir = folder();
    const a = open(dir, { heartbeatMs: 20 });
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    a.work('rebuild', async (job) => {
      await job.progress({ percent: 10 });
      started();
      await hold;
      return { epoch: 2 };
    });
    const { id } = await a.enqueue('rebuild', {}, { jobId: 'live-1' });
    await running;
    await sleep(250); // longer than b's stale bound: only a's heartbeat keeps the record alive
    const b = open(dir, { staleMs: 200 });
    try {
      expect(await b.state('rebuild', id)).toMatchObject({ status: 'active', attemptsMade: 1 });
      await sleep(250);
      expect(await b.state('rebuild', id)).toMatchObject({ status: 'active' });
      expect((await b.enqueue('rebuild', {}, { jobId: 'live-1' })).added).toBe(false);
      release();
      expect(await finished(b, id)).toMatchObject({ status: 'completed', result: { epoch: 2 } });
    } finally {
      release();
      await b.close();
      await a.close();
    }
  });

  it('records a handler’s success as completed even when its result cannot be written as JSON (the live queue says completed)', async () => {
    const dir = folder();
    const warnings: string[] = [];
    const first = open(dir, { log: { warn: (line) => warnings.push(line) } });
    first.work<{ kind: string }>('rebuild', async (job) => {
      if (job.data.kind === 'bigint') return { position: 123n };
      const cyclic: Record<string, unknown> = { epoch: 2 };
      cyclic['self'] = cyclic;
      return cyclic;
    });
    const big = await first.enqueue('rebuild', { kind: 'bigint' }, { jobId: 'big-1', attempts: 3 });
    const cyclic = await first.enqueue('rebuild', { kind: 'cyclic' }, { jobId: 'cyclic-1', attempts: 3 });
    expect(await finished(first, big.id)).toMatchObject({ status: 'completed', attemptsMade: 1, result: { position: 123n } });
    expect(await finished(first, cyclic.id)).toMatchObject({ status: 'completed', attemptsMade: 1 });
    await sleep(50); // no retry comes
    expect((await first.state('rebuild', cyclic.id))?.attemptsMade).toBe(1);
    await first.close();
    expect(warnings.some((line) => line.includes('cyclic-1') && line.includes('cannot be recorded'))).toBe(true);

    const second = open(dir);
    try {
      expect(await second.state('rebuild', big.id)).toMatchObject({ status: 'completed', attemptsMade: 1, result: { position: '123' } });
      const after = await second.state('rebuild', cyclic.id);
      expect(after).toMatchObject({ status: 'completed', attemptsMade: 1 });
      expect(after?.failedReason).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it('runs the handler and keeps its outcome when the record cannot be written at all (a lock held past the busy timeout)', async () => {
    const dir = folder();
    const warnings: string[] = [];
    const queue = open(dir, { log: { warn: (line) => warnings.push(line) }, heartbeatMs: 3_600_000 });
    let ran = 0;
    queue.work(
      'rebuild',
      async () => {
        ran++;
        return { epoch: 2 };
      },
      { paused: true },
    );
    const blocker = new Database(join(dir, 'jobs.sqlite'));
    try {
      const { id } = await queue.enqueue('rebuild', {}, { jobId: 'locked-1', attempts: 2 });
      // Another connection holds the write lock from before the job starts until after it ends.
      blocker.exec('BEGIN IMMEDIATE');
      await queue.resume('rebuild');
      const live = await finished(queue, id);
      expect(live).toMatchObject({ status: 'completed', attemptsMade: 1, result: { epoch: 2 } });
      expect(live?.failedReason).toBeUndefined();
      await sleep(50); // no retry comes
      expect(await queue.state('rebuild', id)).toMatchObject({ status: 'completed', attemptsMade: 1 });
    } finally {
      if (blocker.inTransaction) blocker.exec('ROLLBACK');
      blocker.close();
      await queue.close();
    }
    expect(ran).toBe(1);
    expect(warnings.filter((line) => line.includes('locked-1') && line.includes('database is locked'))).toHaveLength(2); // active, completed
  }, 30_000);

  it('keeps the failure a job waiting for its retry had when its queue stopped, rather than the interrupted reason', async () => {
    const dir = folder();
    const first = open(dir);
    first.work('rebuild', async () => {
      throw new Error('première tentative échouée');
    });
    const { id } = await first.enqueue('rebuild', {}, { jobId: 'retry-1', attempts: 3, backoffMs: 60_000 });
    for (let i = 0; i < 100 && (await first.state('rebuild', id))?.status !== 'delayed'; i++) await sleep(10);
    expect(await first.state('rebuild', id)).toMatchObject({ status: 'delayed', failedReason: 'première tentative échouée' });
    await first.close();
    const second = open(dir);
    try {
      expect(await second.state('rebuild', id)).toMatchObject({ status: 'failed', attemptsMade: 1, failedReason: 'première tentative échouée' });
    } finally {
      await second.close();
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
  it('runs the jobs without records when the file cannot be used (not a database), says so once, and takes it once mended', async () => {
    const dir = folder();
    const file = join(dir, 'jobs.sqlite');
    writeFileSync(file, randomBytes(4096));
    const said: string[] = [];
    const queue = open(dir, { log: { warn: (line) => said.push(line) } });
    try {
      queue.work('rebuild', async () => 'fait');
      const first = await queue.enqueue('rebuild', {}, { jobId: 'r-1' });
      expect(first.added).toBe(true);
      expect(await finished(queue, 'r-1')).toMatchObject({ status: 'completed', result: 'fait' });
      expect(await queue.state('rebuild', 'inconnu')).toBeUndefined();
      await queue.enqueue('rebuild', {}, { jobId: 'r-2' });
      expect(said).toEqual([expect.stringContaining(`${file} cannot be used`)]);

      rmSync(file);
      await queue.enqueue('rebuild', {}, { jobId: 'r-3' });
      await finished(queue, 'r-3');
      const records = new Database(file, { readonly: true });
      try {
        expect(records.prepare('SELECT id, status FROM jobs').all()).toEqual([{ id: 'r-3', status: 'completed' }]);
      } finally {
        records.close();
      }
    } finally {
      await queue.close();
    }
  });
});
