import { randomUUID } from 'node:crypto';
import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import {
  checkEnqueueOptions,
  type Enqueued,
  type EnqueueOptions,
  type JobHandler,
  type JobProgress,
  type JobQueue,
  JobQueueUnavailableError,
  type JobState,
  type JobStatus,
  type WorkOptions,
} from '@catalyse/jobs';
import { Outage, type OutageLog } from '@catalyse/outage';

export interface BullMqJobQueueOptions {
  /** e.g. `redis://127.0.0.1:6379` (REDIS_URL). */
  readonly url: string;
  /** Namespace of every Redis key of these queues (default `catalyse`). */
  readonly prefix?: string;
  /** Finished jobs kept per queue, for `state` and deduplication (default 1000 each of completed and failed). */
  readonly keepFinished?: number;
  /** How long `enqueue`, `state` and `ping` wait for an unreachable Redis before a `JobQueueUnavailableError` (default 3000 ms). */
  readonly unavailableAfterMs?: number;
  /** Where it says, once each, that Redis became unreachable and that it is back (default: lines on stderr). */
  readonly log?: OutageLog;
}

/** Reconnect for ever, at most every 2 s: Redis may restart under a running process. */
const retryStrategy = (times: number): number => Math.min(times * 100, 2000);

/** A name's BullMQ worker, and its pauses and resumes, run one after the other. */
interface WorkerControl {
  readonly worker: Worker;
  /** What the last call of `pause` or `resume` asked. */
  wanted: 'running' | 'paused';
  /** What the worker does now. */
  state: 'running' | 'paused';
  /** The tail of the pauses and resumes in progress. */
  chain: Promise<void>;
}

/**
 * The `JobQueue` port on BullMQ: one BullMQ queue per job name, workers in
 * whichever processes call `work`. Jobs survive restarts of every process (they
 * live in Redis), and a job id is added once across all of them.
 */
export class BullMqJobQueue implements JobQueue {
  private readonly connection: ConnectionOptions;
  /** The queues' connection, shared by all of them: commands fail at once while it is down (never queued offline). */
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly keep: number;
  private readonly unavailableAfterMs: number;
  /** The last connection error, while Redis is unreachable. */
  private outage: Error | undefined;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, WorkerControl>();
  private closing: Promise<void> | undefined;

  constructor(options: BullMqJobQueueOptions) {
    // Workers block on Redis: BullMQ requires maxRetriesPerRequest null on their connections (they wait for Redis, and report nothing).
    this.connection = { url: options.url, maxRetriesPerRequest: null, retryStrategy };
    this.prefix = options.prefix ?? 'catalyse';
    this.keep = options.keepFinished ?? 1000;
    this.unavailableAfterMs = options.unavailableAfterMs ?? 3000;
    // Not BullMQ's default for queues (maxRetriesPerRequest null, offline queue): an enqueue would wait for Redis without end.
    this.client = new Redis(options.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy });
    const outage = new Outage(
      { down: (reason) => `job queue: Redis unreachable (${reason}), retrying`, back: 'job queue: Redis reachable again' },
      options.log,
    );
    this.client.on('error', (error: Error) => {
      if (!this.closing) outage.failed(error);
      this.outage = error;
    });
    this.client.on('ready', () => {
      outage.recovered();
      this.outage = undefined;
    });
  }

  async enqueue<Data>(name: string, data: Data, options: EnqueueOptions = {}): Promise<Enqueued> {
    if (this.closing) throw new Error('the job queue is closed');
    checkEnqueueOptions(name, options);
    const id = options.jobId ?? randomUUID();
    const queue = this.queue(name);
    const known = await this.reach(`could not enqueue a ${name} job`, () => queue.getJob(id));
    if (known) return { id, added: false };
    // Two processes racing past the check above still add the job once (BullMQ ignores a known jobId).
    await this.reach(`could not enqueue a ${name} job`, () =>
      queue.add(name, data, {
        jobId: id,
        ...(options.delayMs ? { delay: options.delayMs } : {}),
        attempts: options.attempts ?? 1,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
        removeOnComplete: { count: this.keep },
        removeOnFail: { count: this.keep },
      }),
    );
    return { id, added: true };
  }

  work<Data>(name: string, handler: JobHandler<Data>, options: WorkOptions = {}): void {
    if (this.workers.has(name)) throw new Error(`jobs of ${name} already have a worker`);
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    const paused = options.paused ?? false;
    const worker = new Worker(
      name,
      async (job: Job) =>
        handler({
          id: String(job.id),
          name,
          data: job.data as Data,
          attempt: job.attemptsStarted,
          progress: (progress: JobProgress) => job.updateProgress({ ...progress }),
        }),
      // Started paused: not run at all until `resume` (a running worker would already be waiting for a job).
      { connection: this.connection, prefix: this.prefix, concurrency, autorun: !paused },
    );
    // Failures are recorded on the job; the event only needs a listener so that it is not unhandled.
    worker.on('error', () => undefined);
    const state = paused ? 'paused' : 'running';
    this.workers.set(name, { worker, wanted: state, state, chain: Promise.resolve() });
  }

  /**
   * `Worker.pause()` waiting for the active jobs: it also cuts the worker's
   * blocking wait for the next job, so that a paused worker never takes one
   * that arrives later; it settles once the worker's loop has ended.
   */
  pause(name: string): Promise<void> {
    return this.control(name, 'paused');
  }

  resume(name: string): Promise<void> {
    return this.control(name, 'running');
  }

  /** Queues a change of state after those in progress; a change superseded meanwhile is skipped. */
  private control(name: string, wanted: 'running' | 'paused'): Promise<void> {
    if (this.closing) return Promise.resolve();
    const control = this.workers.get(name);
    if (!control) return Promise.reject(new Error(`jobs of ${name} have no worker in this process`));
    control.wanted = wanted;
    const step = control.chain.then(async () => {
      if (this.closing || control.wanted !== wanted || control.state === wanted) return;
      if (wanted === 'paused') await control.worker.pause();
      else await control.worker.resume();
      control.state = wanted;
    });
    control.chain = step.catch(() => undefined);
    return step;
  }

  async state(name: string, id: string): Promise<JobState | undefined> {
    const queue = this.queue(name);
    // The state first: a job read after it finished carries its result (the other order races the worker).
    const [current, job] = await this.reach(`could not read the ${name} job ${id}`, async () => [await queue.getJobState(id), await queue.getJob(id)] as const);
    if (current === 'unknown' || !job) return undefined;
    const status = toStatus(current);
    const progress = toProgress(job.progress);
    return {
      id,
      name,
      status,
      data: job.data as unknown,
      attemptsMade: job.attemptsStarted,
      ...(progress ? { progress } : {}),
      ...(status === 'completed' ? { result: job.returnvalue as unknown } : {}),
      ...(job.failedReason ? { failedReason: job.failedReason } : {}),
    };
  }

  async ping(): Promise<void> {
    await this.reach('no answer', async () => {
      // Connecting still (at startup): a command sent now would fail, the offline queue being off.
      if (this.client.status !== 'ready') await new Promise((resolve) => this.client.once('ready', resolve));
      await this.client.ping();
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // The pauses and resumes in progress first (a pause reconnects the worker when it ends); Worker.close waits for the jobs it is running.
      await Promise.all([...this.workers.values()].map((control) => control.chain));
      await Promise.all([...this.workers.values()].map((control) => control.worker.close()));
      await Promise.all([...this.queues.values()].map((queue) => queue.close()));
      await this.client.quit().catch(() => this.client.disconnect());
    })();
    return this.closing;
  }

  /**
   * Runs `work` on Redis, or throws a `JobQueueUnavailableError`: at once
   * while Redis is known to be unreachable, after `unavailableAfterMs` when it
   * does not answer (connecting at startup, or a command lost with the connection).
   */
  private async reach<T>(what: string, work: () => Promise<T>): Promise<T> {
    const unavailable = (cause: unknown): JobQueueUnavailableError =>
      new JobQueueUnavailableError(`job queue: ${what}: Redis unreachable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    if (this.outage) throw unavailable(this.outage);
    let timer: NodeJS.Timeout | undefined;
    let failed: ((error: Error) => void) | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unavailable(this.outage ?? new Error(`no answer within ${this.unavailableAfterMs} ms`))), this.unavailableAfterMs);
      // The connection failing meanwhile (e.g. refused while BullMQ waits for it to be ready) ends the wait.
      failed = (error) => reject(unavailable(error));
      this.client.once('error', failed);
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (error) {
      if (error instanceof JobQueueUnavailableError) throw error;
      // With the offline queue off, a command sent while the connection is down fails at once.
      if (this.client.status !== 'ready' || isConnectionError(error)) throw unavailable(this.outage ?? error);
      throw error;
    } finally {
      clearTimeout(timer);
      if (failed) this.client.off('error', failed);
    }
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // On the shared client (BullMQ neither sets its options nor closes it).
      queue = new Queue(name, { connection: this.client, prefix: this.prefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** ioredis's errors of a connection lost or refused (its status may still say `ready` for a moment after a crash). */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /Stream isn't writeable|Connection is closed|max retries per request|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND/i.test(
    error.message,
  );
}

function toStatus(state: string): JobStatus {
  switch (state) {
    case 'completed':
    case 'failed':
    case 'delayed':
    case 'active':
      return state;
    default:
      return 'waiting'; // waiting, prioritized, waiting-children
  }
}

function toProgress(progress: unknown): JobProgress | undefined {
  if (typeof progress !== 'object' || progress === null) return undefined;
  const { percent, message } = progress as { percent?: unknown; message?: unknown };
  if (typeof percent !== 'number') return undefined;
  return typeof message === 'string' ? { percent, message } : { percent };
}
