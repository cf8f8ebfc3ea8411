import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import {
  checkedFields,
  checkedMaxChars,
  type DocsPage,
  type LeaseState,
  orderField,
  type ProjectionStore,
  type ProjectionTx,
  type TransactionOptions,
} from '@catalyse/projections';
import { migrate, openConnection } from './schema';
import { FindDocsStatements, prepareReads, prepareWrites, type Reads, toEntry, type Writes } from './statements';
import { REDACT_SCAN_ROWS, SqliteProjectionTx } from './transaction';

export interface SqliteProjectionStoreOptions {
  /** Path of the read-model database file (its own file, not the event store's). */
  readonly file: string;
  /** `FULL` (default): a committed batch survives a power cut. `NORMAL`: survives a process crash. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a connection waits for a lock held by another process (ms). Default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * For processes that only read (a hub or an api beside a separate projector):
   * no write connection is kept and `transaction` throws. The schema is still
   * created if the file is new.
   */
  readonly readOnly?: boolean;
  /** Rows an erasure (`redact`) searches between two turns of the event loop (default `REDACT_SCAN_ROWS`, 5,000). */
  readonly redactScanRows?: number;
}

/** Page size of a new read-model file (bytes). */
export const PAGE_SIZE = 8192;

/** Rows deleted per transaction when an old epoch is dropped (the projector goes on between them). */
const DROP_CHUNK_ROWS = 5000;
/** Rooms whose feeds are deleted per transaction when an old epoch is dropped. */
const DROP_CHUNK_ROOMS = 100;

function checkedEpoch(epoch: number): number {
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError(`an epoch is a positive integer (got ${epoch})`);
  return epoch;
}

function checkedLimit(value: number | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer (got ${value})`);
  return value;
}

/**
 * The read-model store on SQLite (better-sqlite3, WAL), on its own file. The
 * schema and its migrations are in `schema.ts`, every statement in
 * `statements.ts`, the transaction object in `transaction.ts`.
 *
 * Writes: only the projector writes, through `transaction`: `BEGIN IMMEDIATE`
 * … `COMMIT` (or `ROLLBACK` when the work throws) on the one write connection,
 * around an async callback. Calls are queued, so two transactions never
 * interleave on that connection even if a second caller appears; another process
 * writing the same file waits for the lock (`busy_timeout`).
 *
 * Reads (`getDoc`, `findDocs`, feeds, checkpoints) go through a separate
 * read-only connection: in WAL mode it sees every committed transaction and
 * never a batch the projector is still writing, which matters because the
 * transaction stays open across the awaits of its callback. A hub or api in
 * another process opens its own store on the same file (ideally `readOnly`)
 * and reads the same way.
 */
export class SqliteProjectionStore implements ProjectionStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly reads: Reads;
  private readonly writes: Writes | undefined;
  private readonly finds: FindDocsStatements;

  private constructor(
    private readonly reader: Database.Database,
    private readonly writer: Database.Database | undefined,
    private readonly busyTimeoutMs: number,
    private readonly redactScanRows: number,
  ) {
    this.reads = prepareReads(reader);
    this.writes = writer ? prepareWrites(writer) : undefined;
    this.finds = new FindDocsStatements(reader);
  }

  static open(options: SqliteProjectionStoreOptions): SqliteProjectionStore {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const redactScanRows = options.redactScanRows ?? REDACT_SCAN_ROWS;
    if (!Number.isSafeInteger(redactScanRows) || redactScanRows < 1) throw new RangeError(`redactScanRows must be a positive integer (got ${redactScanRows})`);
    const writer = openConnection(options.file, { readonly: false, busyTimeoutMs });
    try {
      // A new file gets pages of 8 KB (an existing one keeps its own: SQLite ignores this once the file has tables).
      // With SQLite's default 4 KB, a board of 1.4 KB did not fit in a leaf of the documents' index (WITHOUT ROWID):
      // each put spilled the rest into a 4 KB overflow page of its own (57 % of the documents' bytes were empty
      // space, rewritten at every put). 8 KB pages keep documents up to about 2 KB whole: on a generated history the
      // documents took half the space and the file a fifth less (ADR 0018, amended).
      writer.pragma(`page_size = ${PAGE_SIZE}`);
      writer.pragma('journal_mode = WAL');
      writer.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      // A replay writes rows all over the feed and document indexes: a 64 MB page cache (not the default 2 MB)
      // and checkpoints every 40 MB of WAL (not 4 MB) take about a quarter off its CPU time.
      writer.pragma('cache_size = -65536');
      writer.pragma('wal_autocheckpoint = 10000');
      migrate(writer);
      const reader = openConnection(options.file, { readonly: true, busyTimeoutMs });
      if (options.readOnly) {
        writer.close();
        return new SqliteProjectionStore(reader, undefined, busyTimeoutMs, redactScanRows);
      }
      // The write lock is waited for without blocking the event loop (`lock`), never by SQLite's own sleeping handler.
      writer.pragma('busy_timeout = 0');
      return new SqliteProjectionStore(reader, writer, busyTimeoutMs, redactScanRows);
    } catch (error) {
      if (writer.open) writer.close();
      throw error;
    }
  }

  async transaction<T>(work: (tx: ProjectionTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const run = this.queue.then(() => this.runTransaction(work, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: ProjectionTx) => Promise<T>, options: TransactionOptions): Promise<T> {
    this.assertOpen();
    const db = this.writer;
    const writes = this.writes;
    if (!db || !writes) throw new Error('this projection store was opened read-only');
    if (options.epoch !== undefined) checkedEpoch(options.epoch);
    await this.lock(db);
    let tx: SqliteProjectionTx | undefined;
    try {
      const current = Number(writes.currentEpoch.get()?.value ?? 1n);
      const epoch = options.epoch ?? current;
      if (epoch < current) throw new RangeError(`epoch ${epoch} is older than the current epoch ${current}`);
      if (epoch !== current) writes.noteEpoch.run(epoch);
      tx = new SqliteProjectionTx(writes, epoch, current, this.redactScanRows);
      const result = await work(tx);
      tx.end();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      tx?.end();
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  async epochs(): Promise<{ current: number; others: readonly number[] }> {
    this.assertOpen();
    const row = this.reads.epochs.get();
    const others = (JSON.parse(row?.others ?? '[]') as number[]).map(Number);
    return { current: Number(row?.current ?? 1n), others };
  }

  /** Chunk by chunk, each a short write transaction queued behind the others: documents, tags, then feeds room by room. */
  async dropEpoch(epoch: number, signal?: AbortSignal): Promise<void> {
    checkedEpoch(epoch);
    for (let first = true; ; first = false) {
      // Each chunk runs at once (SQLite is synchronous): let the process answer, and a shutdown stop it, between two.
      if (!first) await yieldToEventLoop();
      signal?.throwIfAborted();
      const done = await this.write((db, writes) =>
        db
          .transaction((): boolean => {
            const current = Number(writes.currentEpoch.get()?.value ?? 1n);
            if (epoch === current) throw new RangeError(`epoch ${epoch} is the current epoch: it cannot be dropped`);
            if (writes.dropDocs.run(epoch, DROP_CHUNK_ROWS).changes > 0) return false;
            if (writes.dropTags.run(epoch, DROP_CHUNK_ROWS).changes > 0) return false;
            const rooms = writes.roomsOf.all(epoch, DROP_CHUNK_ROOMS);
            for (const { room } of rooms) {
              writes.dropEntries.run(room, epoch);
              writes.dropFeed.run(room, epoch);
            }
            if (rooms.length > 0) return false;
            writes.forgetEpoch.run(epoch);
            return true;
          })
          .immediate(),
      );
      if (done) return;
    }
  }

  async claimLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.write((db, writes) => {
      const now = Date.now();
      db.transaction(() => writes.claimLease.run(name, holder, now + Math.max(1, Math.floor(ttlMs)), now)).immediate();
      return writes.leaseHolder.get(name)?.holder === holder;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.write((_db, writes) => void writes.releaseLease.run(name, holder));
  }

  /** On the read connection (a read-only store too): the committed row, against this machine's clock (the one `claimLease` writes with). */
  async readLease(name: string): Promise<LeaseState | undefined> {
    this.assertOpen();
    const row = this.reads.readLease.get(name);
    return row ? { holder: row.holder, expiresInMs: Number(row.expires_at) - Date.now() } : undefined;
  }

  /**
   * `secure_delete` already zeroed what the transactions freed, in the pages
   * they wrote to the WAL; the WAL itself still holds the former images of
   * those pages. A TRUNCATE checkpoint copies the latest pages into the main
   * file and empties the WAL (length 0). Waits (`busyTimeoutMs`) for readers
   * of other processes on older snapshots, then throws if some still hold one.
   */
  async compact(): Promise<void> {
    const run = this.queue.then(() => {
      this.assertOpen();
      const db = this.writer;
      if (!db) throw new Error('this projection store was opened read-only');
      // Outside any transaction; SQLite's own handler waits for the readers here.
      db.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
      try {
        const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: bigint | number; log: bigint | number; checkpointed: bigint | number }[];
        if (result && Number(result.busy) !== 0) {
          throw new Error('the WAL could not be checkpointed: a reader (another process) still holds an older snapshot; compact again later');
        }
      } finally {
        db.pragma('busy_timeout = 0');
      }
    });
    this.queue = run.catch(() => undefined);
    await run;
  }

  /**
   * A short synchronous write in a transaction of its own, queued behind the
   * transactions (whatever `work` starts itself nests as a savepoint).
   */
  private write<T>(work: (db: Database.Database, writes: Writes) => T): Promise<T> {
    const run = this.queue.then(async () => {
      this.assertOpen();
      const db = this.writer;
      if (!db || !this.writes) throw new Error('this projection store was opened read-only');
      await this.lock(db);
      try {
        const result = work(db, this.writes);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * `BEGIN IMMEDIATE`, waiting for another connection's write (another
   * process, or a rebuild's worker thread) by polling with timers rather than
   * in SQLite's busy handler, which sleeps on the calling thread: the process
   * goes on answering meanwhile. Gives up with SQLite's `SQLITE_BUSY` after
   * `busyTimeoutMs`.
   */
  private async lock(db: Database.Database): Promise<void> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 25)) {
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  async getCheckpoint(projector: string): Promise<bigint> {
    this.assertOpen();
    return this.reads.getCheckpoint.get(projector)?.position ?? 0n;
  }

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.assertOpen();
    const row = this.reads.getDoc.get(collection, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async findDocs<T>(collection: string, filter: Readonly<Record<string, string>>, page: DocsPage = {}): Promise<T[]> {
    this.assertOpen();
    const limit = checkedLimit(page.limit, 'limit', -1);
    const offset = checkedLimit(page.offset, 'offset', 0);
    const field = orderField(page.order);
    const fields = checkedFields(page.fields) ?? [];
    const pairs = Object.entries(filter).filter(([, value]) => value !== undefined);
    const params: (string | number)[] = [...fields, collection];
    for (const [tag, value] of pairs) params.push(tag, String(value));
    if (field !== undefined) params.push(`$.${field}`, `$.${field}`);
    params.push(limit, offset);
    const order = field === undefined ? undefined : page.order?.descending ? 'desc' : 'asc';
    const maxChars = checkedMaxChars(page.maxChars);
    const statement = this.finds.statement(pairs.length, order, fields.length);
    if (maxChars === undefined) return (statement.all(...params) as { doc: string }[]).map((row) => JSON.parse(row.doc) as T);
    // Row by row, stopping at the first document over the budget (leaving the cursor reads no more of them).
    const docs: T[] = [];
    let chars = 0;
    for (const row of statement.iterate(...params) as IterableIterator<{ doc: string }>) {
      chars += row.doc.length;
      if (docs.length > 0 && chars > maxChars) break;
      docs.push(JSON.parse(row.doc) as T);
    }
    return docs;
  }

  async countDocs(collection: string, filter: Readonly<Record<string, string>>): Promise<number> {
    this.assertOpen();
    const pairs = Object.entries(filter).filter(([, value]) => value !== undefined);
    const params: string[] = [collection];
    for (const [tag, value] of pairs) params.push(tag, String(value));
    const row = this.finds.count(pairs.length).get(...params) as { n: number | bigint } | undefined;
    return Number(row?.n ?? 0);
  }

  async feedHead(room: RoomKey): Promise<{ epoch: number; head: number }> {
    this.assertOpen();
    const row = this.reads.feedHead.get(room);
    return { epoch: Number(row?.epoch ?? 1n), head: Number(row?.head ?? 0n) };
  }

  async readFeed(room: RoomKey, afterSeq: number, limit: number): Promise<FeedEntry[]> {
    this.assertOpen();
    return this.reads.readFeed.all(room, afterSeq, checkedLimit(limit, 'limit', 0)).map(toEntry);
  }

  async readFeedTail(room: RoomKey, limit: number): Promise<FeedEntry[]> {
    this.assertOpen();
    return this.reads.readFeedTail.all(room, checkedLimit(limit, 'limit', 0)).map(toEntry);
  }

  async findFeedEntryByPosition(room: RoomKey, position: bigint): Promise<FeedEntry | undefined> {
    this.assertOpen();
    const row = this.reads.byPosition.get(room, position);
    return row ? toEntry(row) : undefined;
  }

  async feedChangesSince(cursor: number): Promise<{ cursor: number; changes: { room: RoomKey; epoch: number; head: number }[] }> {
    this.assertOpen();
    let next = cursor;
    const changes = this.reads.changes.all(cursor).map((row) => {
      next = Math.max(next, Number(row.last_change));
      return { room: row.room, epoch: Number(row.epoch), head: Number(row.head) };
    });
    return { cursor: next, changes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    if (this.writer?.open) this.writer.close();
    if (this.reader.open) this.reader.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('projection store is closed');
  }
}
