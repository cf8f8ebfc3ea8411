import { type ClientConfig, Pool } from 'pg';
import {
  type AppendOptions,
  type AppendResult,
  type DataRewrite,
  type EncodedEvent,
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
import { encodeAppend } from './append';
import { GroupCommit } from './group-commit';
import { EventReads } from './reads';
import { appendFunctionName, notificationChannel, prepareSchema, quoteIdent } from './schema';
import { Subscriptions } from './subscription';

export interface PostgresEventStoreOptions {
  /** `postgres://…`: the store creates (and on `close()` ends) its own pool. */
  readonly connectionString?: string;
  /** A pool owned by the caller (not ended by `close()`). One of `pool` and `connectionString` is required. */
  readonly pool?: Pool;
  /** Size of the pool created from `connectionString`. Default 10. */
  readonly poolSize?: number;
  /** PostgreSQL schema holding the `events` table, created when absent. Default `catalyse_events`. */
  readonly schema?: string;
  /**
   * How often a waiting subscription looks for new events when no
   * notification woke it: the fallback behind LISTEN/NOTIFY (appends of this
   * store, and of any store on the same schema, wake it at once). Default 50 ms.
   */
  readonly pollIntervalMs?: number;
  /**
   * TEST ONLY: awaited inside every write transaction, after its INSERT and
   * before COMMIT, once per append written by that transaction, in order (to
   * prove that a slow commit cannot be skipped by readers).
   */
  readonly beforeCommit?: (stream: string) => Promise<void>;
}

/** Counters since the store was opened (for metrics and for tests of group commit). */
export interface PostgresEventStoreStats {
  /** Write transactions committed (one per group of appends). */
  readonly commits: number;
  /** Appends acknowledged (idempotent retries included). */
  readonly appends: number;
  /** Events written. */
  readonly events: number;
}

const DEFAULT_SCHEMA = 'catalyse_events';
/** `application_name` of the listening connection (visible in `pg_stat_activity`). */
export const LISTENER_APPLICATION_NAME = 'catalyse-event-store-listener';

/**
 * The PostgreSQL event store, on a `pg` pool. It composes the writer
 * (`GroupCommit`, deciding each group with `decide` of `append.ts`), the reads
 * (`EventReads`) and the subscriptions (`Subscriptions`, LISTEN/NOTIFY).
 *
 * ## The sequence-gap problem, and why it cannot happen here
 *
 * A `bigserial` position is drawn when a row is inserted, not when its
 * transaction commits: with concurrent writers, position 11 may commit (and be
 * read, and checkpointed by a subscriber) while position 10 is still in flight,
 * and a reader that moved to 11 would skip 10 forever. Filtering readers below
 * `pg_snapshot_xmin(pg_current_snapshot())` is not enough on its own, since
 * xids and positions are not drawn in the same order.
 *
 * So writes are serialised: each write transaction first takes a
 * transaction-scoped advisory lock on the store (`pg_advisory_xact_lock`,
 * class 'CATA', key `hashtext(schema)`), and only then reads the revisions and
 * inserts (drawing its positions). The lock is released after the
 * transaction's commit is visible to new snapshots (PostgreSQL ends a
 * transaction in the proc array *before* releasing its locks), so the next
 * write draws larger positions only once every smaller one is committed (or
 * rolled back, leaving a hole no one will ever fill). Hence: position order is
 * commit order, every snapshot sees a prefix of the log (holes aside), and a
 * reader can move its checkpoint to the highest position it sees. The port's
 * single-`bigint` checkpoint stays valid, and no reader depends on the oldest
 * running transaction of the whole database (an `xmin` filter would stall every
 * subscriber behind any long, unrelated writing transaction).
 *
 * Group commit (one transaction for the appends queued meanwhile) is described
 * in `group-commit.ts`, the waking of subscribers in `subscription.ts`.
 */
export class PostgresEventStore implements EventStore {
  private closed = false;
  private readonly writer: GroupCommit;
  private readonly reads: EventReads;
  private readonly subscriptions: Subscriptions;
  private readonly table: string;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    lockKey: number,
    listenerConfig: ClientConfig,
    options: PostgresEventStoreOptions,
  ) {
    const table = `${quoteIdent(schema)}.events`;
    this.table = table;
    const channel = quoteIdent(notificationChannel(schema));
    this.reads = new EventReads(pool, table);
    this.subscriptions = new Subscriptions(this.reads, {
      listenerConfig,
      channel,
      pollIntervalMs: Math.max(1, options.pollIntervalMs ?? 50),
    });
    this.writer = new GroupCommit(pool, {
      table,
      lockKey,
      channel,
      appendFunction: appendFunctionName(schema),
      beforeCommit: options.beforeCommit,
      onCommit: () => this.subscriptions.wake(),
    });
  }

  /** Opens the store, creating its schema and table when absent. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    if (schema.length === 0 || schema.length > 63) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
    let pool = options.pool;
    const ownsPool = !pool;
    if (!pool) {
      if (!options.connectionString) throw new TypeError('PostgresEventStore.open needs a connectionString or a pool');
      pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
      // An idle client losing its connection must not crash the process; the next query reports it.
      pool.on('error', () => undefined);
    }
    try {
      const client = await pool.connect();
      let lockKey: number;
      try {
        await prepareSchema(client, schema);
        const { rows } = await client.query<{ key: number }>('SELECT hashtext($1) AS key', [schema]);
        lockKey = Number(rows[0]?.key);
        if (!Number.isInteger(lockKey)) throw new Error(`hashtext(${JSON.stringify(schema)}) is not an integer`);
      } finally {
        client.release();
      }
      // The listening connection is made like the pool's clients, but kept out of the pool.
      // (Pool-only options such as `max` are ignored by a client.)
      const listenerConfig: ClientConfig = { ...pool.options, application_name: LISTENER_APPLICATION_NAME };
      return new PostgresEventStore(pool, ownsPool, schema, lockKey, listenerConfig, options);
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => undefined);
      throw error;
    }
  }

  get stats(): PostgresEventStoreStats {
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

  /** The highest committed position: everything at or below it is visible (writes are serialised). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.reads.head();
  }

  /** Catch-up up to the head, then live: see `Subscriptions.subscribe`. */
  subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    return this.subscriptions.subscribe(options);
  }

  /**
   * Erasure only: the events' data replaced in place, in one transaction (a missing event or an id not the one at
   * its position throws and writes nothing). No advisory lock: no position is drawn, appends go on meanwhile. Then a
   * plain `VACUUM` of the table marks the former row versions free, so they are no longer readable by any query
   * (`pg_dump` included). Their bytes may stay in the table's pages until new rows reuse the space, and in the WAL
   * segments, archives and backups (docs/adr/0006-personal-data.md lists these limits). Not `VACUUM FULL`: it would
   * rewrite the whole log under a lock that stops every append.
   */
  async rewriteData(rewrites: readonly DataRewrite[]): Promise<void> {
    this.assertOpen();
    if (rewrites.length === 0) return;
    const rows = encodeRewrites(rewrites);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        // One statement for the batch: the rows as three arrays, joined on their position.
        const { rowCount } = await client.query(
          `UPDATE ${this.table} AS e SET data = r.data::json
             FROM unnest($1::bigint[], $2::text[], $3::text[]) AS r(position, id, data)
            WHERE e.position = r.position AND e.id = r.id`,
          [rows.map((row) => row.position.toString()), rows.map((row) => row.id), rows.map((row) => row.json)],
        );
        if (rowCount !== rows.length)
          throw new Error(`${rows.length - (rowCount ?? 0)} of the ${rows.length} events to rewrite are not at their position: nothing rewritten`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      await client.query(`VACUUM ${this.table}`);
    } finally {
      client.release();
    }
  }

  /**
   * Writes the appends already queued, ends the subscriptions and the listening
   * connection, and (when the store created it) the pool.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listening = this.subscriptions.close();
    await Promise.allSettled([this.writer.running, listening]);
    if (this.ownsPool) await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function closedError(): Error {
  return new Error('the PostgreSQL event store is closed');
}
