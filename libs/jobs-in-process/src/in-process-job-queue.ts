import { randomUUID } from 'node:crypto';
import {
  backoffDelay,
  checkEnqueueOptions,
  type Enqueued,
  type EnqueueOptions,
  type JobHandler,
  type JobProgress,
  type JobQueue,
  type JobState,
  type JobStatus,
  type WorkOptions,
} from '@catalyse/jobs';

interface Job {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  readonly attempts: number;
  readonly backoffMs: number;
  /** `delayed` jobs turn `waiting` on their timer only: never by comparing clocks (timers may fire a little early). */
  status: JobStatus;
  attemptsMade: number;
  progress?: JobProgress;
  result?: unknown;
  failedReason?: string;
}

interface Worker {
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  running: number;
  /** Takes no job while paused (those running go on). */
  paused: boolean;
  /** Pauses waiting for the running jobs to end. */
  readonly drained: Set<() => void>;
}

/** Finished jobs kept for `state` and deduplication, oldest dropped first. */
const KEEP_FINISHED = 1000;

/**
 * The embedded default's job runner: the `JobQueue` port in this process's
 * memory. Jobs do not survive a restart: what must (reminders) is derived again
 * from the event store at start, and job ids make that idempotent.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly workers = new Map<string, Worker>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  async enqueue<Data>(name: string, data: Data, options: EnqueueOptions = {}): Promise<Enqueued> {
    if (this.closed) throw new Error('the job queue is closed');
    checkEnqueueOptions(name, options);
    const id = options.jobId ?? randomUUID();
    if (this.jobs.has(key(name, id))) return { id, added: false };
    const delay = options.delayMs ?? 0;
    const job: Job = {
      id,
      name,
      data: structuredClone(data), // as a queue on Redis would: the caller's object is not shared
      attempts: options.attempts ?? 1,
      backoffMs: options.backoffMs ?? 1000,
      status: delay > 0 ? 'delayed' : 'waiting',
      attemptsMade: 0,
    };
    this.jobs.set(key(name, id), job);
    this.schedule(job, delay);
    return { id, added: true };
  }

  work<Data>(name: string, handler: JobHandler<Data>, options: WorkOptions = {}): void {
    if (this.workers.has(name)) throw new Error(`jobs of ${name} already have a worker`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    this.workers.set(name, { handler: handler as JobHandler<unknown>, concurrency, running: 0, paused: options.paused ?? false, drained: new Set() });
    this.pump(name);
  }

  async pause(name: string): Promise<void> {
    if (this.closed) return;
    const worker = this.workerOf(name);
    worker.paused = true;
    if (worker.running === 0) return;
    // Settles when the running jobs end, or at once should a `resume` supersede this pause.
    await new Promise<void>((resolve) => worker.drained.add(resolve));
  }

  async resume(name: string): Promise<void> {
    if (this.closed) return;
    const worker = this.workerOf(name);
    worker.paused = false;
    this.settleDrained(worker);
    this.pump(name);
  }

  async state(name: string, id: string): Promise<JobState | undefined> {
    const job = this.jobs.get(key(name, id));
    if (!job) return undefined;
    return {
      id: job.id,
      name: job.name,
      status: job.status,
      data: job.data,
      attemptsMade: job.attemptsMade,
      ...(job.progress ? { progress: job.progress } : {}),
      ...(job.status === 'completed' ? { result: job.result } : {}),
      ...(job.failedReason !== undefined ? { failedReason: job.failedReason } : {}),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all([...this.running]);
  }

  private schedule(job: Job, delay: number): void {
    if (delay <= 0) {
      queueMicrotask(() => this.pump(job.name));
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (job.status === 'delayed') job.status = 'waiting';
      this.pump(job.name);
    }, delay);
    this.timers.add(timer);
  }

  private workerOf(name: string): Worker {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`jobs of ${name} have no worker in this process`);
    return worker;
  }

  private settleDrained(worker: Worker): void {
    for (const resolve of worker.drained) resolve();
    worker.drained.clear();
  }

  /** Starts waiting jobs of `name`, in the order they were enqueued, up to the worker's concurrency (none while paused). */
  private pump(name: string): void {
    const worker = this.workers.get(name);
    if (!worker || worker.paused || this.closed) return;
    for (const job of this.jobs.values()) {
      if (worker.running >= worker.concurrency) return;
      if (job.name !== name || job.status !== 'waiting') continue;
      const run = this.run(job, worker).finally(() => {
        this.running.delete(run);
        this.pump(name);
      });
      this.running.add(run);
    }
  }

  private async run(job: Job, worker: Worker): Promise<void> {
    worker.running++;
    job.status = 'active';
    job.attemptsMade++;
    try {
      job.result = await worker.handler({
        id: job.id,
        name: job.name,
        data: job.data,
        attempt: job.attemptsMade,
        progress: async (progress) => {
          job.progress = { ...progress };
        },
      });
      job.status = 'completed';
      this.forgetOldFinished();
    } catch (error) {
      job.failedReason = error instanceof Error ? error.message : String(error);
      if (job.attemptsMade < job.attempts && !this.closed) {
        const delay = backoffDelay(job.backoffMs, job.attemptsMade);
        job.status = 'delayed';
        this.schedule(job, delay);
      } else {
        job.status = 'failed';
        this.forgetOldFinished();
      }
    } finally {
      worker.running--;
      if (worker.running === 0) this.settleDrained(worker);
    }
  }

  private forgetOldFinished(): void {
    let finished = 0;
    for (const job of this.jobs.values()) if (job.status === 'completed' || job.status === 'failed') finished++;
    for (const [jobKey, job] of this.jobs) {
      if (finished <= KEEP_FINISHED) return;
      if (job.status === 'completed' || job.status === 'failed') {
        this.jobs.delete(jobKey);
        finished--;
      }
    }
  }
}

function key(name: string, id: string): string {
  return `${name}:${id}`;
}
