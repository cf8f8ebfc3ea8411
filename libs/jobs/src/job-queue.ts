/**
 * The jobs port (docs/architecture.md §2.2, §6.5): rebuilds, reports, reminders. BullMQ on Redis
 * when scaled out, an in-process runner for the embedded default; both pass
 * the contract suite in `./testing`.
 */

export interface JobProgress {
  /** 0–100. */
  readonly percent: number;
  readonly message?: string;
}

export type JobStatus = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

/** What operators see of a job. */
export interface JobState {
  readonly id: string;
  readonly name: string;
  readonly status: JobStatus;
  readonly data: unknown;
  /** Attempts started so far. */
  readonly attemptsMade: number;
  readonly progress?: JobProgress;
  /** The handler's result, once completed. */
  readonly result?: unknown;
  /** The last error's message, once failed. */
  readonly failedReason?: string;
}

/** The running job, as its handler sees it. */
export interface JobContext<Data> {
  readonly id: string;
  readonly name: string;
  readonly data: Data;
  /** 1 on the first attempt. */
  readonly attempt: number;
  progress(progress: JobProgress): Promise<void>;
}

export type JobHandler<Data, Result = unknown> = (job: JobContext<Data>) => Promise<Result>;

export interface EnqueueOptions {
  /**
   * Deduplication key: while a job with this id exists (waiting, delayed, active
   * or finished and kept), enqueuing it again adds nothing. Default: a new id.
   */
  readonly jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  readonly delayMs?: number;
  /** Attempts before the job is failed for good (default 1), with exponential backoff. */
  readonly attempts?: number;
  /** First retry delay, doubled at each attempt (default 1000 ms). */
  readonly backoffMs?: number;
}

export interface Enqueued {
  readonly id: string;
  /** False when a job with that id already existed (nothing was added). */
  readonly added: boolean;
}

export interface WorkOptions {
  /** Jobs of this name run at once by this process (default 1). */
  readonly concurrency?: number;
  /** Start paused: this process takes no job of this name until `resume(name)` (default false). */
  readonly paused?: boolean;
}

export interface JobQueue {
  enqueue<Data>(name: string, data: Data, options?: EnqueueOptions): Promise<Enqueued>;
  /** Starts running the jobs of `name` with `handler` (once per name per queue). */
  work<Data>(name: string, handler: JobHandler<Data>, options?: WorkOptions): void;
  /**
   * This process stops taking jobs of `name` (they wait for another process's
   * worker, or for `resume`). Settles once this process neither runs nor holds
   * any: the running ones finish first. Calls of `pause` and `resume` take
   * effect in the order they were made; one superseded by a later call settles
   * without waiting. Rejects when `name` has no worker here; does nothing once
   * the queue is closed.
   */
  pause(name: string): Promise<void>;
  /** Takes jobs of `name` again (after `pause`, or for a worker started `paused`); settles once it does. */
  resume(name: string): Promise<void>;
  state(name: string, id: string): Promise<JobState | undefined>;
  /**
   * Resolves when the queue's backend answers, rejects with a
   * `JobQueueUnavailableError` otherwise (health checks). Only adapters with a
   * backend to reach have it.
   */
  ping?(): Promise<void>;
  /** Stops taking jobs, waits for the running ones, releases connections. */
  close(): Promise<void>;
}

/**
 * Thrown by `enqueue`, `state` and `ping` when the queue's backend (Redis) does
 * not answer within a few seconds: a temporary outage the caller maps to 503,
 * never a wait without end. Retrying later works once the backend is back.
 */
export class JobQueueUnavailableError extends Error {
  override readonly name = 'JobQueueUnavailableError';
}

/** Nest injection token of the JobQueue. */
export const JOB_QUEUE = Symbol('JOB_QUEUE');

/** Delay before attempt `attempt + 1` after `attempt` failed. */
export function backoffDelay(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** Math.max(0, attempt - 1);
}

/** Validates the options every adapter accepts; throws RangeError. */
export function checkEnqueueOptions(name: string, options: EnqueueOptions): void {
  if (typeof name !== 'string' || !/^[a-z][a-z0-9-]{0,63}$/.test(name)) throw new RangeError(`invalid job name ${JSON.stringify(name)}`);
  if (options.jobId !== undefined && (typeof options.jobId !== 'string' || options.jobId.length === 0 || options.jobId.includes(':'))) {
    throw new RangeError(`invalid job id ${JSON.stringify(options.jobId)} (non-empty, no ':')`);
  }
  for (const [key, min] of [
    ['delayMs', 0],
    ['attempts', 1],
    ['backoffMs', 0],
  ] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isInteger(value) || value < min)) throw new RangeError(`${key} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}
