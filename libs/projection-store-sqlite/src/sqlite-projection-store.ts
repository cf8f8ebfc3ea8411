import Database from 'better-sqlite3';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import { type FeedUpdate, LeaseLostError, type ProjectionStore, type ProjectionTx, type TransactionOptions } from '@catalyse/projections';

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
}

type Tags = Readonly<Record<string, string | readonly string[]>>;

/**
 * 2: leases (one active projector). 3: documents belong to an epoch, like
 * feeds (rebuilds beside the live read models). Earlier files are upgraded in
 * place when opened (`migrate`).
 */
const SCHEMA_VERSION = 3;

/** Rows deleted per transaction when an old epoch is dropped (the projector goes on between them). */
const DROP_CHUNK_ROWS = 5000;
/** Rooms whose feeds are deleted per transaction when an old epoch is dropped. */
const DROP_CHUNK_ROOMS = 100;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS docs (
  epoch      INTEGER NOT NULL,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        TEXT NOT NULL,
  -- canonical JSON of the tags, so that a put that keeps them rewrites nothing in doc_tags
  tags       TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (epoch, collection, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS doc_tags (
  epoch      INTEGER NOT NULL,
  collection TEXT NOT NULL,
  tag        TEXT NOT NULL,
  value      TEXT NOT NULL,
  id         TEXT NOT NULL,
  PRIMARY KEY (epoch, collection, tag, value, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_tags_by_doc ON doc_tags (epoch, collection, id);

-- Epochs other than the current one that may hold data (a rebuild, an old epoch not dropped yet).
CREATE TABLE IF NOT EXISTS epochs (
  epoch INTEGER PRIMARY KEY
);

-- Who is the active projector, until when (ms since the epoch, this machine's clock).
CREATE TABLE IF NOT EXISTS leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS checkpoints (
  name     TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per room and epoch: the last seq, and the id of the last entry (the change cursor).
CREATE TABLE IF NOT EXISTS feeds (
  room        TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  head        INTEGER NOT NULL,
  last_change INTEGER NOT NULL,
  PRIMARY KEY (room, epoch)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feeds_by_change ON feeds (last_change);

-- id is the change cursor of feedChangesSince: AUTOINCREMENT, so never reused even
-- after the entries of an old epoch are deleted.
CREATE TABLE IF NOT EXISTS feed_entries (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  room     TEXT NOT NULL,
  epoch    INTEGER NOT NULL,
  seq      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  at       TEXT NOT NULL,
  kind     TEXT NOT NULL,
  data     TEXT NOT NULL,
  UNIQUE (room, epoch, seq)
);
CREATE INDEX IF NOT EXISTS feed_entries_by_position ON feed_entries (room, position);
`;

/** Schema 2 → 3: documents and their tags without an epoch are set aside, then copied into the current epoch. */
const DOCS_WITHOUT_EPOCH_ASIDE = `
DROP INDEX IF EXISTS doc_tags_by_doc;
ALTER TABLE docs RENAME TO docs_v2;
ALTER TABLE doc_tags RENAME TO doc_tags_v2;
`;
const DOCS_INTO_CURRENT_EPOCH = `
INSERT INTO docs (epoch, collection, id, doc, tags)
  SELECT (SELECT value FROM meta WHERE key = 'feed_epoch'), collection, id, doc, tags FROM docs_v2;
INSERT INTO doc_tags (epoch, collection, tag, value, id)
  SELECT (SELECT value FROM meta WHERE key = 'feed_epoch'), collection, tag, value, id FROM doc_tags_v2;
DROP TABLE docs_v2;
DROP TABLE doc_tags_v2;
`;

/** The epoch readers see (a rebuild writes the next one, then switches this value). */
const CURRENT_EPOCH = `(SELECT value FROM meta WHERE key = 'feed_epoch')`;

interface EntryRow {
  room: string;
  epoch: bigint;
  seq: bigint;
  position: bigint;
  at: string;
  kind: string;
  data: string;
}

const ENTRY_COLUMNS = 'room, epoch, seq, position, at, kind, data';

function toEntry(row: EntryRow): FeedEntry {
  return {
    room: row.room,
    epoch: Number(row.epoch),
    seq: Number(row.seq),
    position: row.position.toString(),
    at: row.at,
    kind: row.kind,
    data: JSON.parse(row.data) as unknown,
  };
}

function open(file: string, options: { readonly: boolean; busyTimeoutMs: number }): Database.Database {
  const db = new Database(file, { readonly: options.readonly, fileMustExist: options.readonly });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  db.defaultSafeIntegers(true);
  return db;
}

/** Sorted keys, deduplicated sorted values: equal tags give equal strings. */
function canonicalTags(tags: Tags | undefined): { json: string; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  const canonical: Record<string, string[]> = {};
  for (const tag of Object.keys(tags ?? {}).sort()) {
    const raw = tags?.[tag];
    if (raw === undefined || raw === null) continue;
    const values = [...new Set((typeof raw === 'string' ? [raw] : raw).map(String))].sort();
    canonical[tag] = values;
    for (const value of values) pairs.push([tag, value]);
  }
  return { json: JSON.stringify(canonical), pairs };
}

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
 * The read-model store on SQLite (better-sqlite3, WAL), on its own file.
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
  private readonly reads: ReturnType<typeof SqliteProjectionStore.prepareReads>;
  private readonly writes: ReturnType<typeof SqliteProjectionStore.prepareWrites> | undefined;
  private readonly findStatements = new Map<number, Database.Statement>();

  private constructor(
    private readonly reader: Database.Database,
    private readonly writer: Database.Database | undefined,
  ) {
    this.reads = SqliteProjectionStore.prepareReads(reader);
    this.writes = writer ? SqliteProjectionStore.prepareWrites(writer) : undefined;
  }

  static open(options: SqliteProjectionStoreOptions): SqliteProjectionStore {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    const writer = open(options.file, { readonly: false, busyTimeoutMs });
    try {
      writer.pragma('journal_mode = WAL');
      writer.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      SqliteProjectionStore.migrate(writer);
      const reader = open(options.file, { readonly: true, busyTimeoutMs });
      if (options.readOnly) {
        writer.close();
        return new SqliteProjectionStore(reader, undefined);
      }
      return new SqliteProjectionStore(reader, writer);
    } catch (error) {
      if (writer.open) writer.close();
      throw error;
    }
  }

  private static migrate(db: Database.Database): void {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`read-model database schema ${version} is newer than this code (${SCHEMA_VERSION}): upgrade the service`);
    }
    if (version === SCHEMA_VERSION) return;
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated the file meanwhile: check again under the write lock.
      const now = Number(db.pragma('user_version', { simple: true }));
      if (now === SCHEMA_VERSION) {
        db.exec('COMMIT');
        return;
      }
      if (now > 0 && now < 3) db.exec(DOCS_WITHOUT_EPOCH_ASIDE);
      db.exec(SCHEMA);
      db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('feed_epoch', 1)`).run();
      if (now > 0 && now < 3) db.exec(DOCS_INTO_CURRENT_EPOCH);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  private static prepareReads(db: Database.Database) {
    return {
      getDoc: db.prepare<[string, string], { doc: string }>(`SELECT doc FROM docs WHERE epoch = ${CURRENT_EPOCH} AND collection = ? AND id = ?`),
      getCheckpoint: db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE name = ?'),
      epochs: db.prepare<[], { current: bigint; others: string | null }>(
        `SELECT value AS current, (SELECT json_group_array(epoch) FROM (SELECT epoch FROM epochs ORDER BY epoch)) AS others
           FROM meta WHERE key = 'feed_epoch'`,
      ),
      feedHead: db.prepare<[string], { epoch: bigint; head: bigint }>(
        `SELECT m.value AS epoch, COALESCE(f.head, 0) AS head
           FROM meta m LEFT JOIN feeds f ON f.room = ? AND f.epoch = m.value
          WHERE m.key = 'feed_epoch'`,
      ),
      readFeed: db.prepare<[string, number, number], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM feed_entries
          WHERE room = ? AND epoch = ${CURRENT_EPOCH} AND seq > ? ORDER BY seq LIMIT ?`,
      ),
      readFeedTail: db.prepare<[string, number], EntryRow>(
        `SELECT * FROM (
           SELECT ${ENTRY_COLUMNS} FROM feed_entries
            WHERE room = ? AND epoch = ${CURRENT_EPOCH} ORDER BY seq DESC LIMIT ?
         ) ORDER BY seq`,
      ),
      byPosition: db.prepare<[string, bigint], EntryRow>(
        `SELECT ${ENTRY_COLUMNS} FROM feed_entries
          WHERE room = ? AND position = ? AND epoch = ${CURRENT_EPOCH} ORDER BY seq LIMIT 1`,
      ),
      changes: db.prepare<[number], { room: string; epoch: bigint; head: bigint; last_change: bigint }>(
        `SELECT room, epoch, head, last_change FROM feeds
          WHERE last_change > ? AND epoch = ${CURRENT_EPOCH} ORDER BY last_change`,
      ),
    };
  }

  private static prepareWrites(db: Database.Database) {
    return {
      currentEpoch: db.prepare<[], { value: bigint }>(`SELECT value FROM meta WHERE key = 'feed_epoch'`),
      noteEpoch: db.prepare<[number]>('INSERT OR IGNORE INTO epochs (epoch) VALUES (?)'),
      getDoc: db.prepare<[number, string, string], { doc: string }>('SELECT doc FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
      getTags: db.prepare<[number, string, string], { tags: string }>('SELECT tags FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
      putDoc: db.prepare<[number, string, string, string, string]>(
        `INSERT INTO docs (epoch, collection, id, doc, tags) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
      ),
      deleteDoc: db.prepare<[number, string, string]>('DELETE FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
      deleteTags: db.prepare<[number, string, string]>('DELETE FROM doc_tags WHERE epoch = ? AND collection = ? AND id = ?'),
      insertTag: db.prepare<[number, string, string, string, string]>(
        'INSERT OR IGNORE INTO doc_tags (epoch, collection, tag, value, id) VALUES (?, ?, ?, ?, ?)',
      ),
      getCheckpoint: db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE name = ?'),
      setCheckpoint: db.prepare<[string, bigint]>(
        `INSERT INTO checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ),
      deleteCheckpoint: db.prepare<[string]>('DELETE FROM checkpoints WHERE name = ?'),
      // Switching epochs: every room of the old epoch gets a row in the new one, all of them a fresh change id.
      carryRooms: db.prepare<[number, number]>(
        `INSERT OR IGNORE INTO feeds (room, epoch, head, last_change) SELECT room, ?, 0, 0 FROM feeds WHERE epoch = ?`,
      ),
      // The change cursor is feed_entries' AUTOINCREMENT: draw the next value without inserting an entry.
      drawChange: db.prepare<[], { id: bigint }>(
        `UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'feed_entries' RETURNING seq AS id`,
      ),
      touchFeeds: db.prepare<[bigint, number], { room: string; head: bigint }>(
        'UPDATE feeds SET last_change = ? WHERE epoch = ? RETURNING room, head',
      ),
      setEpoch: db.prepare<[number]>(`UPDATE meta SET value = ? WHERE key = 'feed_epoch'`),
      forgetEpoch: db.prepare<[number]>('DELETE FROM epochs WHERE epoch = ?'),
      // Dropping an epoch, chunk by chunk.
      dropDocs: db.prepare<[number, number]>(
        'DELETE FROM docs WHERE (epoch, collection, id) IN (SELECT epoch, collection, id FROM docs WHERE epoch = ? LIMIT ?)',
      ),
      dropTags: db.prepare<[number, number]>(
        `DELETE FROM doc_tags WHERE (epoch, collection, tag, value, id) IN
           (SELECT epoch, collection, tag, value, id FROM doc_tags WHERE epoch = ? LIMIT ?)`,
      ),
      roomsOf: db.prepare<[number, number], { room: string }>('SELECT room FROM feeds WHERE epoch = ? LIMIT ?'),
      dropEntries: db.prepare<[string, number]>('DELETE FROM feed_entries WHERE room = ? AND epoch = ?'),
      dropFeed: db.prepare<[string, number]>('DELETE FROM feeds WHERE room = ? AND epoch = ?'),
      head: db.prepare<[string, number], { head: bigint }>('SELECT head FROM feeds WHERE room = ? AND epoch = ?'),
      insertEntry: db.prepare<[string, number, number, bigint, string, string, string]>(
        'INSERT INTO feed_entries (room, epoch, seq, position, at, kind, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      claimLease: db.prepare<[string, string, number, number]>(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE leases.holder = excluded.holder OR leases.expires_at < ?`,
      ),
      leaseHolder: db.prepare<[string], { holder: string }>('SELECT holder FROM leases WHERE name = ?'),
      releaseLease: db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?'),
      setHead: db.prepare<[string, number, number, bigint]>(
        `INSERT INTO feeds (room, epoch, head, last_change) VALUES (?, ?, ?, ?)
         ON CONFLICT (room, epoch) DO UPDATE SET head = excluded.head, last_change = excluded.last_change`,
      ),
    };
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
    db.exec('BEGIN IMMEDIATE');
    let tx: SqliteProjectionTx | undefined;
    try {
      const current = Number(writes.currentEpoch.get()?.value ?? 1n);
      const epoch = options.epoch ?? current;
      if (epoch < current) throw new RangeError(`epoch ${epoch} is older than the current epoch ${current}`);
      if (epoch !== current) writes.noteEpoch.run(epoch);
      tx = new SqliteProjectionTx(writes, epoch, current);
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
  async dropEpoch(epoch: number): Promise<void> {
    checkedEpoch(epoch);
    for (;;) {
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

  /** A short synchronous write, queued behind the transactions (the write connection may be inside one). */
  private write<T>(work: (db: Database.Database, writes: NonNullable<SqliteProjectionStore['writes']>) => T): Promise<T> {
    const run = this.queue.then(() => {
      this.assertOpen();
      if (!this.writer || !this.writes) throw new Error('this projection store was opened read-only');
      return work(this.writer, this.writes);
    });
    this.queue = run.catch(() => undefined);
    return run;
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

  async findDocs<T>(
    collection: string,
    filter: Readonly<Record<string, string>>,
    page: { limit?: number; offset?: number } = {},
  ): Promise<T[]> {
    this.assertOpen();
    const limit = checkedLimit(page.limit, 'limit', -1);
    const offset = checkedLimit(page.offset, 'offset', 0);
    const pairs = Object.entries(filter).filter(([, value]) => value !== undefined);
    const params: (string | number)[] = [collection];
    for (const [tag, value] of pairs) params.push(tag, String(value));
    params.push(limit, offset);
    const rows = this.findStatement(pairs.length).all(...params) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  /** The first tag drives the scan (its index is ordered by id), the others are checked by primary key. */
  private findStatement(filters: number): Database.Statement {
    let statement = this.findStatements.get(filters);
    if (statement) return statement;
    if (filters === 0) {
      statement = this.reader.prepare(`SELECT doc FROM docs WHERE epoch = ${CURRENT_EPOCH} AND collection = ? ORDER BY id LIMIT ? OFFSET ?`);
    } else {
      const more = Array.from(
        { length: filters - 1 },
        (_, i) =>
          `AND EXISTS (SELECT 1 FROM doc_tags t${i + 1} WHERE t${i + 1}.epoch = t0.epoch AND t${i + 1}.collection = t0.collection AND t${i + 1}.tag = ? AND t${i + 1}.value = ? AND t${i + 1}.id = t0.id)`,
      ).join('\n');
      statement = this.reader.prepare(
        `SELECT d.doc FROM doc_tags t0 JOIN docs d ON d.epoch = t0.epoch AND d.collection = t0.collection AND d.id = t0.id
          WHERE t0.epoch = ${CURRENT_EPOCH} AND t0.collection = ? AND t0.tag = ? AND t0.value = ?
          ${more}
          ORDER BY t0.id LIMIT ? OFFSET ?`,
      );
    }
    this.findStatements.set(filters, statement);
    return statement;
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

class SqliteProjectionTx implements ProjectionTx {
  private active = true;

  constructor(
    private readonly writes: ReturnType<(typeof SqliteProjectionStore)['prepareWrites']>,
    readonly epoch: number,
    /** The current epoch when the transaction began (under the write lock: no one else switches it). */
    private current: number,
  ) {}

  end(): void {
    this.active = false;
  }

  private check(): void {
    if (!this.active) throw new Error('this projection transaction has ended');
  }

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.check();
    const row = this.writes.getDoc.get(this.epoch, collection, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async putDoc<T>(collection: string, id: string, doc: T, tags?: Tags): Promise<void> {
    this.check();
    const json = JSON.stringify(doc);
    if (json === undefined) throw new TypeError(`document ${collection}/${id} is not JSON`);
    const canonical = canonicalTags(tags);
    const previous = this.writes.getTags.get(this.epoch, collection, id)?.tags;
    this.writes.putDoc.run(this.epoch, collection, id, json, canonical.json);
    if (previous === canonical.json) return;
    this.writes.deleteTags.run(this.epoch, collection, id);
    for (const [tag, value] of canonical.pairs) this.writes.insertTag.run(this.epoch, collection, tag, value, id);
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    this.check();
    this.writes.deleteTags.run(this.epoch, collection, id);
    this.writes.deleteDoc.run(this.epoch, collection, id);
  }

  async appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    this.check();
    const seq = Number(this.writes.head.get(room, this.epoch)?.head ?? 0n) + 1;
    const position = BigInt(entry.position);
    const data = JSON.stringify(entry.data) ?? 'null';
    const { lastInsertRowid } = this.writes.insertEntry.run(room, this.epoch, seq, position, entry.at, entry.kind, data);
    this.writes.setHead.run(room, this.epoch, seq, BigInt(lastInsertRowid));
    return { room, epoch: this.epoch, seq, position: position.toString(), at: entry.at, kind: entry.kind, data: JSON.parse(data) as unknown };
  }

  async setCheckpoint(projector: string, position: bigint): Promise<void> {
    this.check();
    this.writes.setCheckpoint.run(projector, position);
  }

  async getCheckpoint(projector: string): Promise<bigint> {
    this.check();
    return this.writes.getCheckpoint.get(projector)?.position ?? 0n;
  }

  async deleteCheckpoint(projector: string): Promise<void> {
    this.check();
    this.writes.deleteCheckpoint.run(projector);
  }

  async switchEpoch(): Promise<readonly FeedUpdate[]> {
    this.check();
    const previous = this.current;
    if (this.epoch === previous) throw new RangeError(`epoch ${this.epoch} is already the current epoch`);
    this.writes.carryRooms.run(this.epoch, previous);
    // No row yet means no entry was ever appended, hence no feed to touch.
    const change = this.writes.drawChange.get()?.id ?? 0n;
    const updates = this.writes.touchFeeds.all(change, this.epoch).map(({ room, head }) => ({ room, epoch: this.epoch, head: Number(head) }));
    this.writes.setEpoch.run(this.epoch);
    this.writes.forgetEpoch.run(this.epoch);
    this.writes.noteEpoch.run(previous);
    this.current = this.epoch;
    return updates;
  }

  async assertLease(name: string, holder: string): Promise<void> {
    this.check();
    // Inside BEGIN IMMEDIATE: no one can take the lease over before this transaction ends.
    if (this.writes.leaseHolder.get(name)?.holder !== holder) throw new LeaseLostError(name, holder);
  }
}
