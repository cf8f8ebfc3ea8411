import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Enqueued, EnqueueOptions, JobContext, JobHandler, JobProgress, JobQueue, JobState, JobStatus, WorkOptions } from '@catalyse/jobs';

export interface RecordedJobQueueOptions {
  /** The SQLite file that keeps the records (created with its folder when missing). */
  readonly file: string;
  /**
   * The job names whose records are kept, each with the reason (for operators, in French) a job of that name shows
   * when it is found unfinished with nothing left to run it: its queue closed first, or its process stopped before it
   * could record an end (`kill -9`, a crash).
   */
  readonly interrupted: Readonly<Record<string, string>>;
  /** Finished records kept per name, oldest dropped first (default 1,000, as the in-process queue keeps). */
  readonly keepFinished?: number;
  /** Where a failed write to the record, or an interruption found, is said (Nest's `Logger` fits; default `console.warn`). */
  readonly log?: { warn(line: string): void };
  /** How often this queue refreshes the `updated_at` of its unfinished records (default 5 s). */
  readonly heartbeatMs?: number;
  /** Another queue's unfinished record not refreshed for longer than this is interrupted (default 30 s). */
  readonly staleMs?: number;
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
  readonly owner: string | null;
}

const UNFINISHED: readonly JobStatus[] = ['waiting', 'delayed', 'active'];
const UNFINISHED_SQL = `status IN ('waiting', 'delayed', 'active')`;
/** An interrupted record keeps the failure of a retry it was waiting for (`delayed`), else takes the name's reason. */
const INTERRUPT_SQL = `status = 'failed', failed_reason = CASE WHEN status = 'delayed' AND failed_reason IS NOT NULL THEN failed_reason ELSE ? END`;

/** JSON of what a handler returns or a job carries; a BigInt (an event position) is written as its decimal string. */
function serialise(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A `JobQueue` whose jobs of some names leave a record that outlives the process: an in-process queue forgets
 * everything at a restart, so an operator could no longer read what became of a rebuild, and a retry with the same
 * job id (an Idempotency-Key) started it again. The record (data, status, attempts, progress, result, failure) is
 * written at each step into a small SQLite file beside the service's other files.
 *
 * - The file is opened by the first `enqueue` or `state` of a recorded name (`work` does not open it: a process that
 *   never meets a recorded job leaves no file and changes no record).
 * - Each record names the queue instance that owns it (a random id, with host and pid for the logs). While a queue is
 *   open it refreshes the `updated_at` of its unfinished records every `heartbeatMs`; closing, it marks those its live
 *   queue will never run as `failed` with the name's `interrupted` reason.
 * - Another instance's unfinished record is judged interrupted (`failed`, the name's reason; a `delayed` one keeps
 *   the failure it was waiting to retry) only once it has not been refreshed for longer than `staleMs`: at the
 *   opening, and whenever `state` meets such a record. So a second process on the same folder never fails the jobs
 *   of a live one, and a job left by a `kill -9` reads `failed` at most `staleMs` after its last refresh.
 * - The record's writes while a job runs are best-effort: one that fails is logged, and only the handler's own
 *   outcome decides the job's status in the live queue.
 * - `state` answers the live queue first, then the record; `enqueue` with the id of a recorded job adds nothing.
 */
export class RecordedJobQueue implements JobQueue {
  readonly ping?: () => Promise<void>;
  private db: Database.Database | undefined;
  /** The file could not be opened at the last try (`usable`): said once until it can be. */
  private unusable = false;
  private closed = false;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Whether the last heartbeat failed: its failures are said once per run of them. */
  private heartbeatFailing = false;
  private readonly keep: number;
  private readonly heartbeatMs: number;
  private readonly staleMs: number;
  /** This queue instance, as its records name it. */
  private readonly owner = randomUUID();
  private readonly ownerProcess = `${hostname()} pid ${process.pid}`;

  constructor(
    private readonly inner: JobQueue,
    private readonly options: RecordedJobQueueOptions,
  ) {
    this.keep = options.keepFinished ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.staleMs = options.staleMs ?? 30_000;
    const { ping } = inner;
    if (ping) this.ping = () => ping.call(inner);
  }

  async enqueue<Data>(name: string, data: Data, options: EnqueueOptions = {}): Promise<Enqueued> {
    if (!this.recorded(name)) return this.inner.enqueue(name, data, options);
    const db = this.usable();
    // The file cannot be used (said once in the log): the job runs, its record is not kept.
    if (!db) return this.inner.enqueue(name, data, options);
    // Kept from an earlier run, another process or this one: the same job, nothing added.
    if (options.jobId !== undefined && this.row(db, name, options.jobId)) return { id: options.jobId, added: false };
    // Recorded before the queue may start it (at its next microtask), and forgotten should the queue add nothing.
    const id = options.jobId ?? randomUUID();
    db.prepare(
      `INSERT OR REPLACE INTO jobs (name, id, status, data, attempts, attempts_made, updated_at, owner, owner_process) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)`,
    ).run(name, id, (options.delayMs ?? 0) > 0 ? 'delayed' : 'waiting', serialise(data), options.attempts ?? 1, Date.now(), this.owner, this.ownerProcess);
    const forget = (): void => this.write(`forget ${name}/${id}`, (live) => live.prepare('DELETE FROM jobs WHERE name = ? AND id = ?').run(name, id));
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
    // The file is not opened here: the jobs this worker runs are enqueued through this queue, which opens it.
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
    const db = this.usable();
    if (!db) return undefined;
    let row = this.row(db, name, id);
    if (!row) return undefined;
    // Unfinished, and not in this live queue: another instance's, interrupted once that one no longer refreshes it.
    if (UNFINISHED.includes(row.status) && row.owner !== this.owner && this.interruptStale(db, name, id) > 0) row = this.row(db, name, id) ?? row;
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

  /**
   * Closes the queue (its running jobs record their end first), marks what it leaves unfinished as interrupted
   * (nothing will run it: its jobs lived in this process), then closes the file.
   */
  async close(): Promise<void> {
    try {
      await this.inner.close();
    } finally {
      this.closed = true;
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
      for (const [name, reason] of Object.entries(this.options.interrupted)) {
        this.write(`mark the unfinished ${name} jobs of this queue interrupted`, (db) =>
          db
            .prepare(`UPDATE jobs SET ${INTERRUPT_SQL}, updated_at = ? WHERE name = ? AND owner = ? AND ${UNFINISHED_SQL}`)
            .run(reason, Date.now(), name, this.owner),
        );
      }
      this.db?.close();
      this.db = undefined;
    }
  }

  private async run<Data>(job: JobContext<Data>, handler: JobHandler<Data>): Promise<unknown> {
    // Each write below is best-effort, outside the handler's outcome: a record that cannot be written is logged,
    // never the reason a job fails or is retried.
    this.write(`record ${job.name}/${job.id} active`, () =>
      this.update(job.name, job.id, `status = 'active', attempts_made = ?, owner = ?, owner_process = ?`, job.attempt, this.owner, this.ownerProcess),
    );
    const context: JobContext<Data> = {
      id: job.id,
      name: job.name,
      data: job.data,
      attempt: job.attempt,
      progress: async (progress) => {
        this.write(`record the progress of ${job.name}/${job.id}`, () => this.update(job.name, job.id, 'progress = ?', serialise(progress)));
        await job.progress(progress);
      },
    };
    let result: unknown;
    try {
      result = await handler(context);
    } catch (error) {
      // A failure with attempts left waits for its retry (`delayed`), as the queue itself has it.
      this.write(`record the failure of ${job.name}/${job.id}`, () => {
        this.update(job.name, job.id, `failed_reason = ?, status = CASE WHEN attempts_made >= attempts THEN 'failed' ELSE 'delayed' END`, message(error));
        this.dropOldFinished(job.name);
      });
      throw error;
    }
    let json: string | null = null;
    try {
      json = serialise(result);
    } catch (error) {
      this.warn(`job ${job.name}/${job.id}: its result cannot be recorded (${message(error)}), recorded completed without it`);
    }
    this.write(`record ${job.name}/${job.id} completed`, () => {
      this.update(job.name, job.id, `status = 'completed', result = ?, failed_reason = NULL`, json);
      this.dropOldFinished(job.name);
    });
    return result;
  }

  private recorded(name: string): boolean {
    return Object.hasOwn(this.options.interrupted, name);
  }

  /**
   * The records' file, or none when it cannot be opened (not a database, read-only, a folder in its place): said once
   * in the log, and the queue goes on without records (its jobs run; a restart forgets them, as without this wrapper)
   * rather than refusing every rebuild. Tried again at the next use, so a file mended while the service runs is taken.
   */
  private usable(): Database.Database | undefined {
    try {
      const db = this.open();
      this.unusable = false;
      return db;
    } catch (error) {
      if (this.closed) throw error;
      if (!this.unusable) this.warn(`job records: ${this.options.file} cannot be used (${message(error)}): jobs run, their records are not kept`);
      this.unusable = true;
      return undefined;
    }
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
        owner TEXT,
        owner_process TEXT,
        PRIMARY KEY (name, id)
      )`);
      // A file written before records had owners: theirs is none (another instance's, judged by its staleness).
      const columns = new Set((db.pragma('table_info(jobs)') as { name: string }[]).map((column) => column.name));
      for (const column of ['owner', 'owner_process']) if (!columns.has(column)) db.exec(`ALTER TABLE jobs ADD COLUMN ${column} TEXT`);
      for (const name of Object.keys(this.options.interrupted)) this.interruptStale(db, name);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.heartbeat = setInterval(() => this.refresh(), this.heartbeatMs);
    this.heartbeat.unref();
    return db;
  }

  /**
   * Marks interrupted the unfinished records of `name` (or its job `id`) that another instance owns and has not
   * refreshed for longer than the stale bound: nothing runs them any more. Answers how many it marked.
   */
  private interruptStale(db: Database.Database, name: string, id?: string): number {
    const reason = this.options.interrupted[name] ?? '';
    const now = Date.now();
    const where = `name = ? AND ${UNFINISHED_SQL} AND (owner IS NULL OR owner <> ?) AND updated_at < ?${id === undefined ? '' : ' AND id = ?'}`;
    const values = [name, this.owner, now - this.staleMs, ...(id === undefined ? [] : [id])];
    const stale = db.transaction(() => {
      const rows = db.prepare(`SELECT id, status, owner_process, updated_at FROM jobs WHERE ${where}`).all(...values) as {
        id: string;
        status: JobStatus;
        owner_process: string | null;
        updated_at: number;
      }[];
      if (rows.length > 0) db.prepare(`UPDATE jobs SET ${INTERRUPT_SQL}, updated_at = ? WHERE ${where}`).run(reason, now, ...values);
      return rows;
    })();
    for (const row of stale) {
      this.warn(
        `job ${name}/${row.id} (${row.status}, of ${row.owner_process ?? 'an earlier run'}) marked interrupted: not refreshed for ${now - row.updated_at} ms`,
      );
    }
    return stale.length;
  }

  /** The heartbeat: this instance's unfinished records are alive (another process's opening leaves them be). */
  private refresh(): void {
    if (!this.db) return;
    try {
      this.db.prepare(`UPDATE jobs SET updated_at = ? WHERE owner = ? AND ${UNFINISHED_SQL}`).run(Date.now(), this.owner);
      this.heartbeatFailing = false;
    } catch (error) {
      if (!this.heartbeatFailing) this.warn(`job records: the heartbeat could not be written to ${this.options.file} (${message(error)})`);
      this.heartbeatFailing = true;
    }
  }

  /** A write to the record that must not change what the queue does: a failure is logged, never thrown. */
  private write(what: string, action: (db: Database.Database) => unknown): void {
    const db = this.db;
    if (!db) return;
    try {
      action(db);
    } catch (error) {
      this.warn(`job records: could not ${what} in ${this.options.file} (${message(error)})`);
    }
  }

  private warn(line: string): void {
    if (this.options.log) this.options.log.warn(line);
    else console.warn(line);
  }

  private row(db: Database.Database, name: string, id: string): Row | undefined {
    return db
      .prepare('SELECT id, name, status, data, attempts_made, progress, result, failed_reason, owner FROM jobs WHERE name = ? AND id = ?')
      .get(name, id) as Row | undefined;
  }

  private update(name: string, id: string, set: string, ...values: unknown[]): void {
    this.db?.prepare(`UPDATE jobs SET ${set}, updated_at = ? WHERE name = ? AND id = ?`).run(...values, Date.now(), name, id);
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
