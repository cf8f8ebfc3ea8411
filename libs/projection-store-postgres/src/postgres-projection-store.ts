import { DatabaseError, Pool, type PoolClient } from 'pg';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import { type FeedUpdate, LeaseLostError, type ProjectionStore, type ProjectionTx, type TransactionOptions } from '@catalyse/projections';
import { LOCK_CLASS, prepareSchema, quoteIdent } from './schema';

export interface PostgresProjectionStoreOptions {
  /** `postgres://…`: the store creates (and on `close()` ends) its own pool. */
  readonly connectionString?: string;
  /** A pool owned by the caller (not ended by `close()`). One of `pool` and `connectionString` is required. */
  readonly pool?: Pool;
  /** Size of the pool made from `connectionString`. Default 10. */
  readonly poolSize?: number;
  /** PostgreSQL schema of the read models, created when absent. Default `catalyse_projections`. */
  readonly schema?: string;
  /**
   * For processes that only read (a hub or an api beside a separate projector):
   * `transaction`, `claimLease` and `releaseLease` reject. The schema is still
   * created if it is absent.
   */
  readonly readOnly?: boolean;
  /**
   * How long `claimLease` waits for the lease row while a transaction under way
   * holds it (a fenced batch): then it answers from the committed holder
   * instead of waiting on. Default 1000 ms.
   */
  readonly leaseLockTimeoutMs?: number;
}

type Tags = Readonly<Record<string, string | readonly string[]>>;

const DEFAULT_SCHEMA = 'catalyse_projections';
/** Documents deleted per transaction when an old epoch is dropped (the projector goes on between them). */
const DROP_CHUNK_ROWS = 5000;
/** Rooms whose feeds are deleted per transaction when an old epoch is dropped. */
const DROP_CHUNK_ROOMS = 100;
const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

interface EntryRow {
  readonly room: string;
  readonly epoch: string;
  readonly seq: string;
  readonly position: string;
  readonly at: string;
  readonly kind: string;
  readonly data: string;
}

/** Entry columns, every number as text (exact whatever type parsers the pool has). Read from `feed_entries AS e`. */
const ENTRY_COLUMNS = `e.room, e.epoch::text AS epoch, e.seq::text AS seq, e.position::text AS position, e.at, e.kind, e.data::text AS data`;

function toEntry(row: EntryRow): FeedEntry {
  return {
    room: row.room,
    epoch: Number(row.epoch),
    seq: Number(row.seq),
    position: row.position,
    at: row.at,
    kind: row.kind,
    data: JSON.parse(row.data) as unknown,
  };
}

function statements(schema: string) {
  const s = quoteIdent(schema);
  /** The epoch readers see (a rebuild writes the next one, then switches this value). */
  const epoch = `(SELECT value FROM ${s}.meta WHERE key = 'feed_epoch')`;
  return {
    // ── reads (any pooled client: committed data only) ──
    getDoc: `SELECT doc::text AS doc FROM ${s}.docs WHERE epoch = ${epoch} AND collection = $1 AND id = $2`,
    // One containment test covers every filter (and `{}` matches every document).
    findDocs: `SELECT d.doc::text AS doc FROM ${s}.docs AS d
      WHERE d.epoch = ${epoch} AND d.collection = $1 AND d.tags @> $2::jsonb ORDER BY d.id LIMIT $3 OFFSET $4`,
    getCheckpoint: `SELECT position::text AS position FROM ${s}.checkpoints WHERE name = $1`,
    epochs: `SELECT ${epoch}::text AS current, coalesce((SELECT array_agg(epoch ORDER BY epoch) FROM ${s}.epochs), '{}')::int[] AS others`,
    feedHead: `SELECT m.value::text AS epoch, coalesce(f.head, 0)::text AS head
      FROM ${s}.meta AS m LEFT JOIN ${s}.feeds AS f ON f.room = $1 AND f.epoch = m.value
      WHERE m.key = 'feed_epoch'`,
    readFeed: `SELECT ${ENTRY_COLUMNS} FROM ${s}.feed_entries AS e
      WHERE e.room = $1 AND e.epoch = ${epoch} AND e.seq > $2::bigint ORDER BY e.seq LIMIT $3`,
    readFeedTail: `SELECT ${ENTRY_COLUMNS} FROM (
        SELECT * FROM ${s}.feed_entries WHERE room = $1 AND epoch = ${epoch} ORDER BY seq DESC LIMIT $2
      ) AS e ORDER BY e.seq`,
    byPosition: `SELECT ${ENTRY_COLUMNS} FROM ${s}.feed_entries AS e
      WHERE e.room = $1 AND e.position = $2::bigint AND e.epoch = ${epoch} ORDER BY e.seq LIMIT 1`,
    changes: `SELECT f.room, f.epoch::text AS epoch, f.head::text AS head, f.last_change::text AS last_change
      FROM ${s}.feeds AS f WHERE f.last_change > $1::bigint AND f.epoch = ${epoch} ORDER BY f.last_change`,
    leaseHolder: `SELECT holder FROM ${s}.leases WHERE name = $1`,

    // ── writes (inside a transaction of this store) ──
    lock: `SELECT pg_advisory_xact_lock($1, hashtext($2))`,
    currentEpoch: `SELECT value::text AS value FROM ${s}.meta WHERE key = 'feed_epoch'`,
    noteEpoch: `INSERT INTO ${s}.epochs (epoch) VALUES ($1) ON CONFLICT (epoch) DO NOTHING`,
    txGetDoc: `SELECT doc::text AS doc FROM ${s}.docs WHERE epoch = $1 AND collection = $2 AND id = $3`,
    putDoc: `INSERT INTO ${s}.docs (epoch, collection, id, doc, tags) VALUES ($1, $2, $3, $4::json, $5::jsonb)
      ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
    deleteDoc: `DELETE FROM ${s}.docs WHERE epoch = $1 AND collection = $2 AND id = $3`,
    setCheckpoint: `INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, $2::bigint)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    deleteCheckpoint: `DELETE FROM ${s}.checkpoints WHERE name = $1`,
    // Switching epochs: every room of the old epoch gets a row in the new one, all of them one fresh change id.
    carryRooms: `INSERT INTO ${s}.feeds (room, epoch, head, last_change)
      SELECT room, $1, 0, 0 FROM ${s}.feeds WHERE epoch = $2 ON CONFLICT (room, epoch) DO NOTHING`,
    touchFeeds: `WITH change AS (SELECT nextval('${s}.feed_changes') AS id)
      UPDATE ${s}.feeds AS f SET last_change = change.id FROM change WHERE f.epoch = $1
      RETURNING f.room, f.head::text AS head`,
    setEpoch: `UPDATE ${s}.meta SET value = $1 WHERE key = 'feed_epoch'`,
    forgetEpoch: `DELETE FROM ${s}.epochs WHERE epoch = $1`,
    // Dropping an epoch, chunk by chunk.
    dropDocs: `DELETE FROM ${s}.docs WHERE ctid IN (SELECT ctid FROM ${s}.docs WHERE epoch = $1 LIMIT $2)`,
    roomsOf: `SELECT room FROM ${s}.feeds WHERE epoch = $1 LIMIT $2`,
    dropEntries: `DELETE FROM ${s}.feed_entries WHERE room = ANY($1::text[]) AND epoch = $2`,
    dropFeeds: `DELETE FROM ${s}.feeds WHERE room = ANY($1::text[]) AND epoch = $2`,
    // One round trip: draw the change id, bump the room's head, insert the entry with that seq.
    appendEntry: `WITH change AS (SELECT nextval('${s}.feed_changes') AS id),
      head AS (
        INSERT INTO ${s}.feeds AS f (room, epoch, head, last_change)
        SELECT $1, $2, 1, change.id FROM change
        ON CONFLICT (room, epoch) DO UPDATE SET head = f.head + 1, last_change = excluded.last_change
        RETURNING f.head, f.last_change
      )
      INSERT INTO ${s}.feed_entries (id, room, epoch, seq, position, at, kind, data)
      SELECT head.last_change, $1, $2, head.head, $3::bigint, $4, $5, $6::json FROM head
      RETURNING seq::text AS seq`,
    // FOR SHARE: a takeover (an UPDATE of the row) waits until this transaction ends.
    assertLease: `SELECT holder FROM ${s}.leases WHERE name = $1 FOR SHARE`,

    // ── leases (their own short transactions) ──
    claimLease: `INSERT INTO ${s}.leases AS l (name, holder, expires_at)
      VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE l.holder = excluded.holder OR l.expires_at < now()
      RETURNING l.holder`,
    releaseLease: `DELETE FROM ${s}.leases WHERE name = $1 AND holder = $2`,
  };
}

type Statements = ReturnType<typeof statements>;

/**
 * The read-model store on PostgreSQL (`pg` pool), in its own schema
 * (`EVENT_STORE=postgres`: read models and checkpoints live beside the log).
 *
 * ## Writes
 *
 * Only the projector writes, through `transaction`: `BEGIN` … `COMMIT` on one
 * pooled client held for the whole async callback, `ROLLBACK` when it throws.
 * Calls are queued, so this store runs one transaction at a time. Each
 * transaction also takes a transaction-scoped advisory lock on the schema
 * (class 'CATP', key `hashtext(schema)`) right after `BEGIN`, so transactions of
 * *other* stores on the same schema (a second projector process, a deposed
 * leader still finishing a batch) run one after the other too.
 *
 * ## The change cursor of `feedChangesSince`
 *
 * It is `feed_entries.id`, drawn from a sequence. A sequence value is drawn
 * when the row is inserted, not when it commits, so with concurrent writing
 * transactions id 11 could commit and be read (and a poller's cursor move past
 * it) while id 10 is still in flight: a change missed forever. Here that cannot
 * happen because writing transactions never overlap: this store queues its own,
 * and the advisory lock serialises them with other processes' (PostgreSQL makes
 * a commit visible before it releases the transaction's locks, so the next
 * writer draws larger ids only once every smaller one is committed or rolled
 * back). A sequence is therefore enough; gaps from rolled-back transactions are
 * harmless. Anyone writing these tables without the lock breaks this.
 *
 * ## Reads
 *
 * Every read is a single statement on some pooled client other than the
 * transaction's: it sees committed data only. A hub or an api in another
 * process opens its own store on the same schema (ideally `readOnly`).
 *
 * ## Leases
 *
 * `claimLease` is one `INSERT … ON CONFLICT DO UPDATE … WHERE` on the server's
 * clock. `tx.assertLease` reads the row `FOR SHARE` inside the transaction: a
 * takeover by another holder must wait until that transaction has ended, so a
 * fenced transaction commits only while its holder still holds the lease.
 * Expiry alone does not fail the fence (only another holder taking the lease
 * does), as the port says.
 */
export class PostgresProjectionStore implements ProjectionStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly sql: Statements;
  private readonly leaseLockTimeoutMs: number;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    private readonly readOnly: boolean,
    options: PostgresProjectionStoreOptions,
  ) {
    this.sql = statements(schema);
    this.leaseLockTimeoutMs = Math.max(1, Math.floor(options.leaseLockTimeoutMs ?? 1000));
  }

  /** Opens the store, creating its schema and tables when absent. */
  static async open(options: PostgresProjectionStoreOptions): Promise<PostgresProjectionStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    if (schema.length === 0 || schema.length > 63) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
    let pool = options.pool;
    const ownsPool = !pool;
    if (!pool) {
      if (!options.connectionString) throw new TypeError('PostgresProjectionStore.open needs a connectionString or a pool');
      pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
      // An idle client losing its connection must not crash the process; the next query reports it.
      pool.on('error', () => undefined);
    }
    try {
      const client = await pool.connect();
      try {
        await prepareSchema(client, schema);
      } finally {
        client.release();
      }
      return new PostgresProjectionStore(pool, ownsPool, schema, options.readOnly ?? false, options);
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => undefined);
      throw error;
    }
  }

  // ── writing ──────────────────────────────────────────────────────────────

  /** Queued behind this store's other transactions; one requested before `close()` still runs (close waits for it). */
  transaction<T>(work: (tx: ProjectionTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    const run = this.queue.then(() => this.runTransaction(work, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runTransaction<T>(work: (tx: ProjectionTx) => Promise<T>, options: TransactionOptions): Promise<T> {
    if (this.readOnly) throw readOnlyError();
    if (options.epoch !== undefined) checkedEpoch(options.epoch);
    const client = await this.pool.connect();
    let broken: Error | undefined;
    let tx: PostgresProjectionTx | undefined;
    try {
      await client.query('BEGIN');
      await client.query(this.sql.lock, [LOCK_CLASS, this.schema]);
      const { rows } = await client.query<{ value: string }>(this.sql.currentEpoch);
      const current = Number(rows[0]?.value ?? '1');
      const epoch = options.epoch ?? current;
      if (epoch < current) throw new RangeError(`epoch ${epoch} is older than the current epoch ${current}`);
      if (epoch !== current) await client.query(this.sql.noteEpoch, [epoch]);
      tx = new PostgresProjectionTx(client, this.sql, epoch, current);
      const result = await work(tx);
      // Statements the work started without awaiting, and any failure it swallowed, count too.
      await tx.finish();
      const commit = await client.query('COMMIT');
      // COMMIT of a transaction aborted by an error answers ROLLBACK instead of failing.
      if (commit.command !== 'COMMIT') throw new Error(`the projection transaction was rolled back by PostgreSQL (${commit.command})`);
      return result;
    } catch (error) {
      await tx?.finish().catch(() => undefined);
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The connection is unusable: drop it from the pool rather than reuse it.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  // ── epochs ───────────────────────────────────────────────────────────────

  async epochs(): Promise<{ current: number; others: readonly number[] }> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ current: string; others: number[] }>(this.sql.epochs);
    return { current: Number(rows[0]?.current ?? '1'), others: rows[0]?.others ?? [] };
  }

  /** Chunk by chunk, each a write transaction of this store (serialised with the projector's): documents, then feeds room by room. */
  async dropEpoch(epoch: number): Promise<void> {
    checkedEpoch(epoch);
    for (;;) {
      const done = await this.transaction(async (tx) => {
        if (!(tx instanceof PostgresProjectionTx)) throw new Error('unexpected transaction type');
        return tx.dropChunk(epoch);
      });
      if (done) return;
    }
  }

  // ── leases ───────────────────────────────────────────────────────────────

  /**
   * Takes or renews the lease on the server's clock. While a transaction under
   * way holds the row (a fenced batch), nobody can take the lease over; after
   * `leaseLockTimeoutMs` of waiting the answer is the committed holder (the
   * holder keeps it, unrenewed; anyone else is refused) rather than a wait as
   * long as that transaction.
   */
  async claimLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    this.assertOpen();
    if (this.readOnly) throw readOnlyError();
    if (!Number.isFinite(ttlMs)) throw new RangeError(`a lease time must be a finite number of ms (got ${ttlMs})`);
    const ttl = Math.max(1, Math.floor(ttlMs));
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; SET LOCAL lock_timeout = ${this.leaseLockTimeoutMs}`);
      try {
        const { rows } = await client.query<{ holder: string }>(this.sql.claimLease, [name, holder, ttl.toString()]);
        await client.query('COMMIT');
        return rows[0]?.holder === holder;
      } catch (error) {
        await client.query('ROLLBACK');
        if (!(error instanceof DatabaseError && error.code === '55P03')) throw error;
        const { rows } = await client.query<{ holder: string }>(this.sql.leaseHolder, [name]);
        return rows[0]?.holder === holder;
      }
    } catch (error) {
      if (!(error instanceof DatabaseError)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.assertOpen();
    if (this.readOnly) throw readOnlyError();
    await this.pool.query(this.sql.releaseLease, [name, holder]);
  }

  // ── reading ──────────────────────────────────────────────────────────────

  async getCheckpoint(projector: string): Promise<bigint> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ position: string }>(this.sql.getCheckpoint, [projector]);
    return BigInt(rows[0]?.position ?? '0');
  }

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ doc: string }>(this.sql.getDoc, [collection, id]);
    const row = rows[0];
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async findDocs<T>(
    collection: string,
    filter: Readonly<Record<string, string>>,
    page: { limit?: number; offset?: number } = {},
  ): Promise<T[]> {
    this.assertOpen();
    const limit = page.limit === undefined ? null : checkedCount(page.limit, 'limit');
    const offset = page.offset === undefined ? 0 : checkedCount(page.offset, 'offset');
    const wanted: Record<string, string[]> = {};
    for (const [tag, value] of Object.entries(filter)) if (value !== undefined && value !== null) wanted[tag] = [String(value)];
    const { rows } = await this.pool.query<{ doc: string }>(this.sql.findDocs, [collection, JSON.stringify(wanted), limit, offset]);
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async feedHead(room: RoomKey): Promise<{ epoch: number; head: number }> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ epoch: string; head: string }>(this.sql.feedHead, [room]);
    return { epoch: Number(rows[0]?.epoch ?? '1'), head: Number(rows[0]?.head ?? '0') };
  }

  async readFeed(room: RoomKey, afterSeq: number, limit: number): Promise<FeedEntry[]> {
    this.assertOpen();
    const params = [room, integerText(afterSeq, 'afterSeq'), checkedCount(limit, 'limit')];
    const { rows } = await this.pool.query<EntryRow>(this.sql.readFeed, params);
    return rows.map(toEntry);
  }

  async readFeedTail(room: RoomKey, limit: number): Promise<FeedEntry[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<EntryRow>(this.sql.readFeedTail, [room, checkedCount(limit, 'limit')]);
    return rows.map(toEntry);
  }

  async findFeedEntryByPosition(room: RoomKey, position: bigint): Promise<FeedEntry | undefined> {
    this.assertOpen();
    if (position > MAX_INT64 || position < MIN_INT64) return undefined;
    const { rows } = await this.pool.query<EntryRow>(this.sql.byPosition, [room, position.toString()]);
    const row = rows[0];
    return row ? toEntry(row) : undefined;
  }

  async feedChangesSince(cursor: number): Promise<{ cursor: number; changes: { room: RoomKey; epoch: number; head: number }[] }> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ room: string; epoch: string; head: string; last_change: string }>(this.sql.changes, [
      integerText(cursor, 'cursor'),
    ]);
    let next = cursor;
    const changes = rows.map((row) => {
      next = Math.max(next, Number(row.last_change));
      return { room: row.room, epoch: Number(row.epoch), head: Number(row.head) };
    });
    return { cursor: next, changes };
  }

  /** Waits for the transactions under way, then ends the pool if the store created it. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    if (this.ownsPool) await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

/**
 * One transaction's view, on its client. Its statements run one after the
 * other even if the work does not await them (a read-then-write such as a tag
 * replacement must not interleave); it is dead once its transaction ended.
 */
class PostgresProjectionTx implements ProjectionTx {
  private active = true;
  private chain: Promise<void> = Promise.resolve();
  /** The first failure of a statement (the PostgreSQL transaction is aborted) or a lost lease: never commit after it. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly sql: Statements,
    readonly epoch: number,
    /** The current epoch when the transaction began (under the lock: no one else switches it). */
    private current: number,
  ) {}

  /** Ends the transaction object: waits for its statements, throws the first failure. */
  async finish(): Promise<void> {
    this.active = false;
    await this.chain;
    if (this.failure) throw this.failure.error;
  }

  private run<T>(step: () => Promise<T>): Promise<T> {
    if (!this.active) return Promise.reject(new Error('this projection transaction has ended'));
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    return result;
  }

  getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ doc: string }>(this.sql.txGetDoc, [this.epoch, collection, id]);
      const row = rows[0];
      return row ? (JSON.parse(row.doc) as T) : undefined;
    });
  }

  putDoc<T>(collection: string, id: string, doc: T, tags?: Tags): Promise<void> {
    const json = JSON.stringify(doc);
    if (json === undefined) return Promise.reject(new TypeError(`document ${collection}/${id} is not JSON`));
    const canonical = canonicalTags(tags);
    return this.run(async () => {
      await this.client.query(this.sql.putDoc, [this.epoch, collection, id, json, canonical]);
    });
  }

  deleteDoc(collection: string, id: string): Promise<void> {
    return this.run(async () => {
      await this.client.query(this.sql.deleteDoc, [this.epoch, collection, id]);
    });
  }

  appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    let position: bigint;
    try {
      position = BigInt(entry.position);
    } catch {
      return Promise.reject(new RangeError(`a feed entry position must be an integer, got ${JSON.stringify(entry.position)}`));
    }
    if (position < 0n || position > MAX_INT64) return Promise.reject(new RangeError(`feed entry position ${position} is out of range`));
    const data = JSON.stringify(entry.data) ?? 'null';
    return this.run(async () => {
      const { rows } = await this.client.query<{ seq: string }>(this.sql.appendEntry, [
        room,
        this.epoch,
        position.toString(),
        entry.at,
        entry.kind,
        data,
      ]);
      const seq = rows[0]?.seq;
      if (seq === undefined) throw new Error(`appending to the feed of ${room} returned no row`);
      return { room, epoch: this.epoch, seq: Number(seq), position: position.toString(), at: entry.at, kind: entry.kind, data: JSON.parse(data) as unknown };
    });
  }

  setCheckpoint(projector: string, position: bigint): Promise<void> {
    if (position < MIN_INT64 || position > MAX_INT64) return Promise.reject(new RangeError(`checkpoint ${position} does not fit 64 bits`));
    return this.run(async () => {
      await this.client.query(this.sql.setCheckpoint, [projector, position.toString()]);
    });
  }

  getCheckpoint(projector: string): Promise<bigint> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ position: string }>(this.sql.getCheckpoint, [projector]);
      return BigInt(rows[0]?.position ?? '0');
    });
  }

  deleteCheckpoint(projector: string): Promise<void> {
    return this.run(async () => {
      await this.client.query(this.sql.deleteCheckpoint, [projector]);
    });
  }

  switchEpoch(): Promise<readonly FeedUpdate[]> {
    return this.run(async () => {
      const previous = this.current;
      if (this.epoch === previous) throw new RangeError(`epoch ${this.epoch} is already the current epoch`);
      await this.client.query(this.sql.carryRooms, [this.epoch, previous]);
      const { rows } = await this.client.query<{ room: string; head: string }>(this.sql.touchFeeds, [this.epoch]);
      await this.client.query(this.sql.setEpoch, [this.epoch]);
      await this.client.query(this.sql.forgetEpoch, [this.epoch]);
      await this.client.query(this.sql.noteEpoch, [previous]);
      this.current = this.epoch;
      return rows.map(({ room, head }) => ({ room, epoch: this.epoch, head: Number(head) }));
    });
  }

  /** One chunk of `dropEpoch`; true when nothing of the epoch is left. */
  dropChunk(epoch: number): Promise<boolean> {
    return this.run(async () => {
      if (epoch === this.current) throw new RangeError(`epoch ${epoch} is the current epoch: it cannot be dropped`);
      if ((await this.client.query(this.sql.dropDocs, [epoch, DROP_CHUNK_ROWS])).rowCount) return false;
      const { rows } = await this.client.query<{ room: string }>(this.sql.roomsOf, [epoch, DROP_CHUNK_ROOMS]);
      if (rows.length > 0) {
        const rooms = rows.map((row) => row.room);
        await this.client.query(this.sql.dropEntries, [rooms, epoch]);
        await this.client.query(this.sql.dropFeeds, [rooms, epoch]);
        return false;
      }
      await this.client.query(this.sql.forgetEpoch, [epoch]);
      return true;
    });
  }

  assertLease(name: string, holder: string): Promise<void> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ holder: string }>(this.sql.assertLease, [name]);
      if (rows[0]?.holder !== holder) {
        const lost = new LeaseLostError(name, holder);
        // Even if the work catches it, this transaction must not commit.
        this.failure ??= { error: lost };
        throw lost;
      }
    });
  }
}

/** `{"tag": [values…]}` with sorted keys and sorted, deduplicated values (`null`/`undefined` tags left out). */
function canonicalTags(tags: Tags | undefined): string {
  const canonical: Record<string, string[]> = {};
  for (const tag of Object.keys(tags ?? {}).sort()) {
    const raw = tags?.[tag];
    if (raw === undefined || raw === null) continue;
    canonical[tag] = [...new Set((typeof raw === 'string' ? [raw] : raw).map(String))].sort();
  }
  return JSON.stringify(canonical);
}

function checkedEpoch(epoch: number): number {
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError(`an epoch is a positive integer (got ${epoch})`);
  return epoch;
}

function checkedCount(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer (got ${value})`);
  return value;
}

/** A seq or a cursor as an exact integer parameter (a fraction compares as its floor). */
function integerText(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number (got ${value})`);
  return BigInt(Math.floor(value)).toString();
}

function closedError(): Error {
  return new Error('projection store is closed');
}

function readOnlyError(): Error {
  return new Error('this projection store was opened read-only');
}
