import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Enqueued, EnqueueOptions, JobContext, JobHandler, JobProgress, JobQueue, JobState, JobStatus, WorkOptions } from '@catalyse/jobs';

export interface RecordedJobQueueOptions {
  /** The SQLite file that keeps the records (created with its folder when missing). */
  readonly file: string;
  /**
   * The job names whose records are kept, each with the reason (for operators, in French) a job of that name shows
   * when a restart finds it unfinished: its process stopped before it could record an end (`kill -9`, a crash).
   */
  readonly interrupted: Readonly<Record<string, string>>;
  /** Finished records kept per name, oldest dropped first (default 1,000, as the in-process queue keeps). */
  readonly keepFinished?: number;
}

interface Row {
  readonly id: string;
  readonly name: string;
  readonly status: JobStatus;
  readonly data: string;
  readonly attempts_made: number;
  readonly progress: string | null;
  readonly result: string | null;
  readonly failed_reason: string | null;
}

const UNFINISHED: readonly JobStatus[] = ['waiting', 'delayed', 'active'];

/**
 * A `JobQueue` whose jobs of some names leave a record that outlives the process: an in-process queue forgets
 * everything at a restart, so an operator could no longer read what became of a rebuild, and a retry with the same
 * job id (an Idempotency-Key) started it again. The record (data, status, attempts, progress, result, failure) is
 * written at each step into a small SQLite file beside the service's other files. At its opening, a record left
 * unfinished by the previous run becomes `failed` with the name's `interrupted` reason (nothing runs it any more).
 * `state` answers the live queue first, then the record; `enqueue` with the id of a recorded job adds nothing.
 * The file is opened at the first use of a recorded name (a process that never meets one leaves no file).
 */
export class RecordedJobQueue implements JobQueue {
  readonly ping?: () => Promise<void>;
  private db: Database.Database | undefined;
  private closed = false;
  private readonly keep: number;

  constructor(
    private readonly inner: JobQueue,
    private readonly options: RecordedJobQueueOptions,
  ) {
    this.keep = options.keepFinished ?? 1000;
    const { ping } = inner;
    if (ping) this.ping = () => ping.call(inner);
  }

  async enqueue<Data>(name: string, data: Data, options: EnqueueOptions = {}): Promise<Enqueued> {
    if (!this.recorded(name)) return this.inner.enqueue(name, data, options);
    const db = this.open();
    // Kept from an earlier run (or this one): the same job, nothing added.
    if (options.jobId !== undefined && this.row(db, name, options.jobId)) return { id: options.jobId, added: false };
    // Recorded before the queue may start it (at its next microtask), and forgotten should the queue add nothing.
    const id = options.jobId ?? randomUUID();
    db.prepare(`INSERT OR REPLACE INTO jobs (name, id, status, data, attempts, attempts_made, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?)`).run(
      name,
      id,
      (options.delayMs ?? 0) > 0 ? 'delayed' : 'waiting',
      JSON.stringify(data ?? null),
      options.attempts ?? 1,
      Date.now(),
    );
    const forget = (): void => void this.db?.prepare('DELETE FROM jobs WHERE name = ? AND id = ?').run(name, id);
    let enqueued: Enqueued;
    try {
      enqueued = await this.inner.enqueue(name, data, { ...options, jobId: id });
    } catch (error) {
      forget();
      throw error;
    }
    if (!enqueued.added) forget();
    return enqueued;
  }

  work<Data>(name: string, handler: JobHandler<Data>, options?: WorkOptions): void {
    if (!this.recorded(name)) return this.inner.work(name, handler, options);
    this.open();
    this.inner.work<Data>(name, (job) => this.run(job, handler), options);
  }

  pause(name: string): Promise<void> {
    return this.inner.pause(name);
  }

  resume(name: string): Promise<void> {
    return this.inner.resume(name);
  }

  async state(name: string, id: string): Promise<JobState | undefined> {
    const live = await this.inner.state(name, id);
    if (live || !this.recorded(name)) return live;
    const row = this.row(this.open(), name, id);
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      status: row.status,
      data: JSON.parse(row.data) as unknown,
      attemptsMade: row.attempts_made,
      ...(row.progress !== null ? { progress: JSON.parse(row.progress) as JobProgress } : {}),
      ...(row.status === 'completed' && row.result !== null ? { result: JSON.parse(row.result) as unknown } : {}),
      ...(row.failed_reason !== null ? { failedReason: row.failed_reason } : {}),
    };
  }

  /** Closes the queue (its running jobs record their end first), then the file. */
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.closed = true;
      this.db?.close();
      this.db = undefined;
    }
  }

  private async run<Data>(job: JobContext<Data>, handler: JobHandler<Data>): Promise<unknown> {
    this.update(job.name, job.id, `status = 'active', attempts_made = ?`, job.attempt);
    const context: JobContext<Data> = {
      id: job.id,
      name: job.name,
      data: job.data,
      attempt: job.attempt,
      progress: async (progress) => {
        this.update(job.name, job.id, 'progress = ?', JSON.stringify(progress));
        await job.progress(progress);
      },
    };
    try {
      const result = await handler(context);
      this.update(job.name, job.id, `status = 'completed', result = ?, failed_reason = NULL`, JSON.stringify(result ?? null));
      this.dropOldFinished(job.name);
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A failure with attempts left waits for its retry (`delayed`), as the queue itself has it.
      this.update(job.name, job.id, `failed_reason = ?, status = CASE WHEN attempts_made >= attempts THEN 'failed' ELSE 'delayed' END`, reason);
      this.dropOldFinished(job.name);
      throw error;
    }
  }

  private recorded(name: string): boolean {
    return Object.hasOwn(this.options.interrupted, name);
  }

  private open(): Database.Database {
    if (this.db) return this.db;
    if (this.closed) throw new Error('the job queue is closed');
    mkdirSync(dirname(this.options.file), { recursive: true });
    const db = new Database(this.options.file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(`CREATE TABLE IF NOT EXISTS jobs (
        name TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        attempts_made INTEGER NOT NULL,
        progress TEXT,
        result TEXT,
        failed_reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (name, id)
      )`);
      // What the previous run left unfinished runs no more: each shows why.
      const interrupt = db.prepare(
        `UPDATE jobs SET status = 'failed', failed_reason = ?, updated_at = ? WHERE name = ? AND status IN (${UNFINISHED.map(() => '?').join(', ')})`,
      );
      for (const [name, reason] of Object.entries(this.options.interrupted)) interrupt.run(reason, Date.now(), name, ...UNFINISHED);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    return db;
  }

  private row(db: Database.Database, name: string, id: string): Row | undefined {
    return db.prepare('SELECT id, name, status, data, attempts_made, progress, result, failed_reason FROM jobs WHERE name = ? AND id = ?').get(name, id) as
      Row | undefined;
  }

  private update(name: string, id: string, set: string, ...values: unknown[]): void {
    if (!this.db) return;
    this.db.prepare(`UPDATE jobs SET ${set}, updated_at = ? WHERE name = ? AND id = ?`).run(...values, Date.now(), name, id);
  }

  private dropOldFinished(name: string): void {
    this.db
      ?.prepare(
        `DELETE FROM jobs WHERE name = ? AND status IN ('completed', 'failed') AND rowid NOT IN (
          SELECT rowid FROM jobs WHERE name = ? AND status IN ('completed', 'failed') ORDER BY updated_at DESC, rowid DESC LIMIT ?)`,
      )
      .run(name, name, this.keep);
  }
}
