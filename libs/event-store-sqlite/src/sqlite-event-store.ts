import Database from 'better-sqlite3';
import {
  type AppendOptions,
  type AppendResult,
  type DataRewrite,
  type EncodedEvent,
  encodeAppend,
  encodeRewrites,
  type EventStore,
  type EventToAppend,
  PAGE,
  pageSize,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '@catalyse/event-store';
import { GroupCommit } from './group-commit';
import { EventReads } from './reads';
import { prepareDatabase, type SynchronousMode } from './schema';

export interface SqliteEventStoreOptions {
  /** Database file, created with its schema when absent. */
  readonly file: string;
  /**
   * How often a waiting subscription looks for events written by another
   * process on the same file (appends of this process wake it at once). Default 50 ms.
   */
  readonly pollIntervalMs?: number;
  /**
   * `FULL` (default): every acknowledged append was fsync'ed, it survives a power loss.
   * `NORMAL`: survives a crash of the process (kill -9), may lose the last commits on power loss.
   */
  readonly synchronous?: SynchronousMode;
  /** How long a write waits for another process's write lock before failing. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** Counters since the store was opened (for metrics and for tests of group commit). */
export interface SqliteEventStoreStats {
  /** Write transactions committed (one per group of appends). */
  readonly commits: number;
  /** Appends acknowledged (idempotent retries included). */
  readonly appends: number;
  /** Events written. */
  readonly events: number;
}

/**
 * The embedded event store: one SQLite file in WAL mode. It composes the
 * writer (`GroupCommit`: the appends of a tick in one transaction, settled
 * after COMMIT) and the reads (`EventReads`), and runs the subscriptions.
 */
export class SqliteEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private closed = false;
  /** Wakers of subscriptions waiting for new events. */
  private readonly waiters = new Set<() => void>();
  private readonly writer: GroupCommit;
  private readonly reads: EventReads;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 50);
    this.writer = new GroupCommit(db, () => this.wake());
    this.reads = new EventReads(db);
  }

  /** Opens (and creates when needed) the store on `options.file`. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const db = new Database(options.file);
    try {
      prepareDatabase(db, { synchronous: options.synchronous ?? 'FULL', busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
      db.defaultSafeIntegers(true); // positions and revisions are read as exact bigints
      return new SqliteEventStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get stats(): SqliteEventStoreStats {
    return { ...this.writer.counters };
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let encoded: EncodedEvent[];
    try {
      encoded = encodeAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.writer.enqueue(stream, encoded, options.expectedRevision);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.readStream(stream, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.reads.selectAll(options.after ?? 0n, undefined, pageSize(options.limit, PAGE.default), options.filter);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.reads.head();
  }

  /**
   * Pages the log from the checkpoint, then waits: woken at once by appends of
   * this process, and every `pollIntervalMs` to see those of other processes.
   * Holds at most one page in memory.
   */
  async *subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    const batchSize = pageSize(options.batchSize, PAGE.subscriptionBatch);
    let after = options.after ?? 0n;
    while (!this.closed && !signal?.aborted) {
      // Everything at or below the head is committed (SQLite has a single writer),
      // so the scan may move up to it even when the filter matched nothing.
      const head = this.reads.head();
      if (head <= after) {
        await this.changed(signal);
        continue;
      }
      const page = this.reads.selectAll(after, head, batchSize, filter);
      for (const event of page) {
        yield event;
        if (this.closed || signal?.aborted) return;
      }
      const last = page.at(-1);
      after = page.length < batchSize || !last ? head : last.position;
    }
  }

  /**
   * Erasure only: the events' data replaced in place, in one write transaction (a missing event or an id not
   * the one at its position throws and writes nothing). `secure_delete` (on for this connection, see
   * `prepareDatabase`) zeroes the former cells; a TRUNCATE checkpoint then copies the new pages into the file
   * and empties the WAL, so the former data is in no byte of `events.db` nor of its WAL. The checkpoint is
   * best effort: while another process reads the file it cannot finish, and the WAL keeps the former pages until
   * the next checkpoint that can (SQLite's automatic ones, or the next erasure).
   */
  async rewriteData(rewrites: readonly DataRewrite[]): Promise<void> {
    this.assertOpen();
    if (rewrites.length === 0) return;
    const rows = encodeRewrites(rewrites);
    const update = this.db.prepare<[string, bigint, string]>('UPDATE events SET data = ? WHERE position = ? AND id = ?');
    this.db
      .transaction(() => {
        for (const row of rows) {
          if (update.run(row.json, row.position, row.id).changes !== 1) {
            throw new Error(`no event ${row.id} at position ${row.position}: nothing rewritten`);
          }
        }
      })
      .immediate();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Writes the appends still queued, ends the subscriptions and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.writer.close();
    this.closed = true;
    this.wake();
    this.db.close();
  }

  /** Resolves on the next append of this process, after one poll interval, on abort or on close. */
  private changed(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, this.pollIntervalMs);
      this.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function closedError(): Error {
  return new Error('the SQLite event store is closed');
}
