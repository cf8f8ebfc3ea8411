import Database from 'better-sqlite3';
import {
  type AppendOptions,
  clampInt64,
  PAGE,
  pageSize,
  streamReadStart,
  type EncodedEvent,
  encodeAppend,
  matchesExpected,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  PartialDuplicateAppendError,
  type ReadAllFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';
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

const MAX_FILTER_STATEMENTS = 64;

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at';

interface EventRow {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What to do with an append's promise once the transaction is committed. */
type Settle = () => void;

/** Thrown inside an append (and its savepoint) when one of its ids is already in the stream. */
class IdsAlreadyInStream extends Error {}

/** Cached revisions are dropped past this many streams (a cache miss costs one indexed SELECT). */
const REVISION_CACHE_LIMIT = 20_000;
/** The revision cached for a stream that does not exist. */
const NO_STREAM = -1n;

/**
 * The embedded event store: one SQLite file in WAL mode (DESIGN §3).
 *
 * Appends issued in the same tick are grouped into one write transaction
 * (group commit): each is checked in order against the state left by the ones
 * before it, a refused append rejects alone, and every promise settles only
 * once COMMIT has returned, so an acknowledged append is on disk.
 */
export class SqliteEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  /** Wakers of subscriptions waiting for new events. */
  private readonly waiters = new Set<() => void>();
  private readonly filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly counters = { commits: 0, appends: 0, events: 0 };
  /**
   * Last revision of recently written streams, so that an append usually runs
   * one statement (its INSERT). Valid only while no other connection committed:
   * checked with `PRAGMA data_version` once the write lock is held.
   */
  private readonly revisions = new Map<string, bigint>();
  private revisionsVersion: bigint | undefined;

  private readonly sql: {
    readonly streamRevision: Database.Statement<[string], bigint>;
    readonly findEvent: Database.Statement<[string, string], { revision: bigint; position: bigint }>;
    readonly insert: Database.Statement<[string, bigint, string, string, string, string, string]>;
    readonly head: Database.Statement<[], bigint | null>;
    readonly dataVersion: Database.Statement<[], bigint>;
    readonly readForwards: Database.Statement<[string, bigint, number], EventRow>;
    readonly readBackwards: Database.Statement<[string, bigint, number], EventRow>;
  };
  private readonly writeGroup: Database.Transaction<(group: readonly PendingAppend[], recordedAt: string) => Settle[]>;
  private readonly writeAtomically: Database.Transaction<(pending: PendingAppend, recordedAt: string) => AppendResult>;

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 50);
    this.sql = {
      streamRevision: db
        .prepare<[string], bigint>('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1')
        .pluck(),
      findEvent: db.prepare('SELECT revision, position FROM events WHERE stream = ? AND id = ?'),
      insert: db.prepare(
        'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      head: db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck(),
      dataVersion: db.prepare<[], bigint>('PRAGMA data_version').pluck(),
      readForwards: db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ),
      readBackwards: db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
    };
    this.writeGroup = db.transaction((group, recordedAt) => {
      this.checkRevisionCache();
      return group.map((pending) => this.tryAppend(pending, recordedAt));
    });
    // Called inside `writeGroup`, so better-sqlite3 runs it in a SAVEPOINT.
    this.writeAtomically = db.transaction((pending, recordedAt) => this.appendNow(pending, recordedAt));
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
    return { ...this.counters };
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let encoded: EncodedEvent[];
    try {
      encoded = encodeAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events: encoded, expected: options.expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { direction, revision } = streamReadStart(options);
    const statement = direction === 'forwards' ? this.sql.readForwards : this.sql.readBackwards;
    return statement.all(stream, revision, pageSize(options.limit, PAGE.default)).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.selectAll(options.after ?? 0n, undefined, pageSize(options.limit, PAGE.default), options.filter);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.head();
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
      const head = this.head();
      if (head <= after) {
        await this.changed(signal);
        continue;
      }
      const page = this.selectAll(after, head, batchSize, filter);
      for (const event of page) {
        yield event;
        if (this.closed || signal?.aborted) return;
      }
      const last = page.at(-1);
      after = page.length < batchSize || !last ? head : last.position;
    }
  }

  /** Writes the appends still queued, ends the subscriptions and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.wake();
    this.db.close();
  }

  // ── writing ──────────────────────────────────────────────────────────────

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.closed) return;
    const group = this.queue;
    this.queue = [];
    let settles: Settle[];
    try {
      settles = this.writeGroup.immediate(group, new Date().toISOString());
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. busy beyond the timeout, disk full): nothing of the group is written.
      this.revisions.clear();
      for (const pending of group) pending.reject(error);
      return;
    }
    this.counters.commits++;
    for (const settle of settles) settle();
    this.wake();
  }

  /** One append inside the group transaction; its refusal is returned, not thrown, so the others go on. */
  private tryAppend(pending: PendingAppend, recordedAt: string): Settle {
    try {
      let result: AppendResult;
      try {
        result =
          pending.events.length === 1
            ? this.appendNow(pending, recordedAt) // a single INSERT is atomic on its own
            : this.writeAtomically(pending, recordedAt);
      } catch (error) {
        if (!(error instanceof IdsAlreadyInStream)) throw error;
        // Rolled back; a retry of an earlier append answers that append's result.
        result = this.earlierAppendOrFail(pending);
      }
      return () => pending.resolve(result);
    } catch (error) {
      // Should SQLite have rolled back the whole transaction, later appends must not run outside of it.
      if (!this.db.inTransaction) throw error;
      return () => pending.reject(error);
    }
  }

  /**
   * Against the in-transaction state: a met expectation inserts (ids already in
   * the stream surface as the `(stream, id)` unique index refusing them); an
   * unmet one is either a retry of an earlier append or a conflict.
   */
  private appendNow(pending: PendingAppend, recordedAt: string): AppendResult {
    const { stream, events, expected } = pending;
    const current = this.currentRevision(stream);
    if (!matchesExpected(expected, current)) {
      if (current === undefined) throw new WrongExpectedRevisionError(stream, expected, current);
      const earlier = this.findEarlierAppend(stream, events);
      if (!earlier) throw new WrongExpectedRevisionError(stream, expected, current);
      this.counters.appends++;
      return earlier;
    }
    let revision = current ?? NO_STREAM;
    let position = 0n;
    try {
      for (const event of events) {
        revision++;
        const info = this.sql.insert.run(stream, revision, event.id, event.type, event.data, event.metadata, recordedAt);
        position = BigInt(info.lastInsertRowid);
      }
    } catch (error) {
      this.revisions.delete(stream);
      if (isDuplicateId(error)) throw new IdsAlreadyInStream();
      throw error;
    }
    this.rememberRevision(stream, revision);
    this.counters.appends++;
    this.counters.events += events.length;
    return { nextRevision: revision, position };
  }

  /** The result of the earlier append of these ids; PartialDuplicateAppendError when only some are there. */
  private earlierAppendOrFail(pending: PendingAppend): AppendResult {
    const earlier = this.findEarlierAppend(pending.stream, pending.events);
    if (!earlier) throw new Error(`the ids of an append to ${pending.stream} were refused as duplicates, yet none is in the stream`);
    this.counters.appends++;
    return earlier;
  }

  /** The last revision of a stream (undefined: no stream), from the cache or the table. */
  private currentRevision(stream: string): bigint | undefined {
    let revision = this.revisions.get(stream);
    if (revision === undefined) {
      revision = this.sql.streamRevision.get(stream) ?? NO_STREAM;
      this.rememberRevision(stream, revision);
    }
    return revision === NO_STREAM ? undefined : revision;
  }

  private rememberRevision(stream: string, revision: bigint): void {
    if (this.revisions.size >= REVISION_CACHE_LIMIT) this.revisions.clear();
    this.revisions.set(stream, revision);
  }

  /** Under the write lock: forget every cached revision if another connection committed since our last look. */
  private checkRevisionCache(): void {
    const version = this.sql.dataVersion.get();
    if (version !== this.revisionsVersion) {
      this.revisions.clear();
      this.revisionsVersion = version;
    }
  }

  /** The result of the earlier append of these very ids (an idempotent retry), if any. */
  private findEarlierAppend(stream: string, events: readonly EncodedEvent[]): AppendResult | undefined {
    let latest: { revision: bigint; position: bigint } | undefined;
    const missing: string[] = [];
    const present: string[] = [];
    for (const event of events) {
      const found = this.sql.findEvent.get(stream, event.id);
      if (!found) {
        missing.push(event.id);
        continue;
      }
      present.push(event.id);
      if (!latest || found.revision > latest.revision) latest = found;
    }
    if (!latest) return undefined;
    if (missing.length > 0) throw new PartialDuplicateAppendError(stream, present);
    return { nextRevision: latest.revision, position: latest.position };
  }

  // ── reading ──────────────────────────────────────────────────────────────

  private head(): bigint {
    return this.sql.head.get() ?? 0n;
  }

  /** A page of the log after `after` (and up to `upTo`), filtered in SQL. */
  private selectAll(
    after: bigint,
    upTo: bigint | undefined,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): RecordedEvent[] {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const params: unknown[] = [clampInt64(after)];
    if (upTo !== undefined) params.push(clampInt64(upTo));
    for (const prefix of prefixes) params.push(prefix, prefix);
    params.push(...types, limit);
    return this.filteredRead(upTo !== undefined, prefixes.length, types.length)
      .all(...params)
      .map(toRecordedEvent);
  }

  /** Prepared statements of `readAll`, one per shape of filter. */
  private filteredRead(bounded: boolean, prefixes: number, types: number): Database.Statement<unknown[], EventRow> {
    const key = `${bounded}/${prefixes}/${types}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const where = ['position > ?'];
      if (bounded) where.push('position <= ?');
      // substr, not LIKE: LIKE ignores case and treats % and _ as wildcards.
      if (prefixes > 0) where.push(`(${Array(prefixes).fill('substr(stream, 1, length(?)) = ?').join(' OR ')})`);
      if (types > 0) where.push(`type IN (${Array(types).fill('?').join(', ')})`);
      statement = this.db.prepare<unknown[], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`,
      );
      if (this.filteredReads.size >= MAX_FILTER_STATEMENTS) this.filteredReads.clear();
      this.filteredReads.set(key, statement);
    }
    return statement;
  }

  // ── waiting for events ──────────────────────────────────────────────────

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

// ── helpers ────────────────────────────────────────────────────────────────

function closedError(): Error {
  return new Error('the SQLite event store is closed');
}

/**
 * The `(stream, id)` unique index refused a row: that id is already in the stream.
 * By shape, not `instanceof`: the native addon keeps the error class of the first copy
 * of better-sqlite3 loaded in the process (jest loads one per test file, in its own realm).
 */
function isDuplicateId(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string' && message.includes('events.stream, events.id');
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    type: row.type,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}


