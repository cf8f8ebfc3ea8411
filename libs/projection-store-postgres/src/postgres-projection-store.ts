import { DatabaseError, Pool } from 'pg';
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
import { checkedCount, checkedEpoch, integerText, MAX_INT64, MIN_INT64 } from './checks';
import { LOCK_CLASS, prepareSchema } from './schema';
import { type EntryRow, statements, type Statements, toEntry } from './statements';
import { PostgresProjectionTx } from './transaction';

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

const DEFAULT_SCHEMA = 'catalyse_projections';

/**
 * The read-model store on PostgreSQL (`pg` pool), in its own schema
 * (`EVENT_STORE=postgres`: read models and checkpoints live beside the log).
 * The schema and its migration are in `schema.ts`, every statement in
 * `statements.ts`, the transaction object in `transaction.ts`.
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
  async dropEpoch(epoch: number, signal?: AbortSignal): Promise<void> {
    checkedEpoch(epoch);
    for (;;) {
      signal?.throwIfAborted();
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

  /** The committed row, on the server's clock (the one `claimLease` writes with); a read-only store may read it. */
  async readLease(name: string): Promise<LeaseState | undefined> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ holder: string; expires_in_ms: number }>(this.sql.readLease, [name]);
    const row = rows[0];
    return row ? { holder: row.holder, expiresInMs: Number(row.expires_in_ms) } : undefined;
  }

  // ── erasure ──────────────────────────────────────────────────────────────

  /**
   * A dump (`pg_dump`) reads committed rows only: it is clean as soon as the
   * redacting transaction committed. The table files still hold the dead row
   * versions (a plain VACUUM frees their space without overwriting them), so
   * this runs `VACUUM (FULL)` on `docs` and `feed_entries`: both (and their
   * TOAST and indexes) are written anew with live rows only, and the old files
   * are truncated. It takes an ACCESS EXCLUSIVE lock on each table while it
   * rewrites it (readers and the projector wait), and needs the tables' owner.
   * Dead rows still visible to an older transaction elsewhere are kept.
   * PostgreSQL's WAL (and its archives, replicas, backups) is out of its reach.
   */
  compact(): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (this.readOnly) return Promise.reject(readOnlyError());
    const run = this.queue.then(async () => {
      await this.pool.query(this.sql.compact);
    });
    this.queue = run.catch(() => undefined);
    return run;
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

  async findDocs<T>(collection: string, filter: Readonly<Record<string, string>>, page: DocsPage = {}): Promise<T[]> {
    this.assertOpen();
    const limit = page.limit === undefined ? null : checkedCount(page.limit, 'limit');
    const offset = page.offset === undefined ? 0 : checkedCount(page.offset, 'offset');
    const field = orderField(page.order);
    const maxChars = checkedMaxChars(page.maxChars);
    const fields = checkedFields(page.fields);
    const tags = JSON.stringify(wantedTags(filter));
    const within = maxChars !== undefined;
    const params = [
      collection,
      tags,
      ...(field === undefined ? [] : [field]),
      limit,
      offset,
      ...(within ? [maxChars] : []),
      ...(fields === undefined ? [] : [fields]),
    ];
    const order = field === undefined ? undefined : page.order?.descending ? 'desc' : 'asc';
    const sql = this.sql.findDocs({ ...(order === undefined ? {} : { order }), within, fields: fields !== undefined });
    const { rows } = await this.pool.query<{ doc: string }>(sql, params);
    return rows.map((row) => JSON.parse(row.doc) as T);
  }

  async countDocs(collection: string, filter: Readonly<Record<string, string>>): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ n: string }>(this.sql.countDocs, [collection, JSON.stringify(wantedTags(filter))]);
    return Number(rows[0]?.n ?? '0');
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

function closedError(): Error {
  return new Error('projection store is closed');
}

function readOnlyError(): Error {
  return new Error('this projection store was opened read-only');
}

/** A filter as the containment test of `findDocs`/`countDocs` reads it: each tag's value in a one-element array. */
function wantedTags(filter: Readonly<Record<string, string>>): Record<string, string[]> {
  const wanted: Record<string, string[]> = {};
  for (const [tag, value] of Object.entries(filter)) if (value !== undefined && value !== null) wanted[tag] = [String(value)];
  return wanted;
}
