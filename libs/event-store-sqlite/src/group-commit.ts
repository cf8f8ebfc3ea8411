import type Database from 'better-sqlite3';
import {
  type AppendResult,
  type EncodedEvent,
  type ExpectedRevision,
  matchesExpected,
  PartialDuplicateAppendError,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** What an append of a group came to, settled once the transaction is committed. */
type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

/** Thrown inside an append (and its savepoint) when one of its ids is already in the stream. */
class IdsAlreadyInStream extends Error {}

/** Cached revisions are dropped past this many streams (a cache miss costs one indexed SELECT). */
const REVISION_CACHE_LIMIT = 20_000;
/** The revision cached for a stream that does not exist. */
const NO_STREAM = -1n;
const INSERT_INTO = 'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at)';
const ROW = '(?, ?, ?, ?, ?, ?, ?)';
const COLUMNS = 7;
/** Rows per INSERT statement of a multi-event append (7 parameters a row, far below SQLite's limit of 32,766). */
const ROWS_PER_INSERT = 64;

/**
 * The writer of a store: group commit. Appends issued in the same tick are
 * written by one write transaction (`BEGIN IMMEDIATE … COMMIT` on
 * `setImmediate`): each is checked in order against the state left by the ones
 * before it, a refused append rejects alone, and every promise settles only
 * once COMMIT has returned, so an acknowledged append is on disk.
 */
export class GroupCommit {
  /** Counters since the store was opened: write transactions, acknowledged appends, events written. */
  readonly counters = { commits: 0, appends: 0, events: 0 };
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
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
    readonly dataVersion: Database.Statement<[], bigint>;
  };
  /** Multi-row INSERTs of multi-event appends, by row count (`insertStatement`). */
  private readonly multiRowInserts: (Database.Statement<unknown[]> | undefined)[] = [];
  private readonly writeGroup: Database.Transaction<(group: readonly PendingAppend[], recordedAt: string) => Outcome[]>;
  private readonly writeAtomically: Database.Transaction<(pending: PendingAppend, recordedAt: string) => AppendResult>;

  constructor(
    private readonly db: Database.Database,
    /** Called after each committed group, once its appends are settled. */
    private readonly onCommit: () => void,
  ) {
    this.sql = {
      streamRevision: db.prepare<[string], bigint>('SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1').pluck(),
      findEvent: db.prepare('SELECT revision, position FROM events WHERE stream = ? AND id = ?'),
      insert: db.prepare(`${INSERT_INTO} VALUES ${ROW}`),
      dataVersion: db.prepare<[], bigint>('PRAGMA data_version').pluck(),
    };
    this.writeGroup = db.transaction((group, recordedAt) => {
      this.checkRevisionCache();
      return group.map((pending) => this.tryAppend(pending, recordedAt));
    });
    // Called inside `writeGroup`, so better-sqlite3 runs it in a SAVEPOINT.
    this.writeAtomically = db.transaction((pending, recordedAt) => this.appendNow(pending, recordedAt));
  }

  /** Queues an append (already validated and encoded); written with the others of this tick. */
  enqueue(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes what is still queued; nothing is written afterwards (the file is about to close). */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.closed) return;
    const group = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.writeGroup.immediate(group, new Date().toISOString());
    } catch (error) {
      // BEGIN or COMMIT failed (e.g. busy beyond the timeout, disk full): nothing of the group is written.
      this.revisions.clear();
      for (const pending of group) pending.reject(error);
      return;
    }
    this.counters.commits++;
    for (let i = 0; i < group.length; i++) {
      const pending = group[i] as PendingAppend;
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    }
    this.onCommit();
  }

  /** One append inside the group transaction; its refusal is returned, not thrown, so the others go on. */
  private tryAppend(pending: PendingAppend, recordedAt: string): Outcome {
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
      return { ok: true, result };
    } catch (error) {
      // Should SQLite have rolled back the whole transaction, later appends must not run outside of it.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
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
    let position: bigint;
    try {
      if (events.length === 1) {
        const event = events[0] as EncodedEvent;
        revision++;
        position = BigInt(this.sql.insert.run(stream, revision, event.id, event.type, event.data, event.metadata, recordedAt).lastInsertRowid);
      } else {
        position = this.insertRows(stream, revision, events, recordedAt);
        revision += BigInt(events.length);
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

  /**
   * The rows of a multi-event append (inside its savepoint), by multi-row INSERTs of up to
   * `ROWS_PER_INSERT` rows: one statement step, one bind call and one result for many rows
   * instead of one each. Returns the position of the last row (the connection's last rowid).
   */
  private insertRows(stream: string, after: bigint, events: readonly EncodedEvent[], recordedAt: string): bigint {
    let revision = after;
    let position = 0n;
    for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
      const rows = Math.min(ROWS_PER_INSERT, events.length - start);
      const params: unknown[] = new Array<unknown>(rows * COLUMNS);
      for (let i = 0, p = 0; i < rows; i++) {
        const event = events[start + i] as EncodedEvent;
        params[p++] = stream;
        params[p++] = ++revision;
        params[p++] = event.id;
        params[p++] = event.type;
        params[p++] = event.data;
        params[p++] = event.metadata;
        params[p++] = recordedAt;
      }
      position = BigInt(this.insertStatement(rows).run(params).lastInsertRowid);
    }
    return position;
  }

  /** The INSERT of `rows` rows, prepared on first use (at most `ROWS_PER_INSERT` of them per store). */
  private insertStatement(rows: number): Database.Statement<unknown[]> {
    let statement = this.multiRowInserts[rows];
    if (!statement) {
      statement = this.db.prepare<unknown[]>(`${INSERT_INTO} VALUES ${Array.from({ length: rows }, () => ROW).join(', ')}`);
      this.multiRowInserts[rows] = statement;
    }
    return statement;
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
