import { DatabaseError, Pool, type PoolClient } from 'pg';
import {
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  InvalidAppendError,
  PartialDuplicateAppendError,
  type ReadAllFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';
import { LOCK_CLASS, prepareSchema, quoteIdent } from './schema';

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
   * How often a waiting subscription looks for events written by other
   * processes (appends of this store wake it at once). Default 50 ms.
   */
  readonly pollIntervalMs?: number;
  /**
   * TEST ONLY: awaited inside every append transaction, after its INSERT and
   * before COMMIT (to prove that a slow commit cannot be skipped by readers).
   */
  readonly beforeCommit?: (stream: string) => Promise<void>;
}

const DEFAULT_SCHEMA = 'catalyse_events';
const DEFAULT_PAGE = 1000;
const MAX_PAGE = 10_000;
const DEFAULT_SUBSCRIPTION_BATCH = 500;
const MAX_INT64 = 2n ** 63n - 1n;
const NO_STREAM = -1n;

/**
 * Every read returns these, as text: exact whatever type parsers the pool has.
 * Read from `events AS e`, and ORDER BY `e.position` / `e.revision`: a bare
 * `position` would name the text output column and sort as strings.
 */
const COLUMNS = `e.position::text AS position, e.stream, e.revision::text AS revision, e.id, e.type, e.data::text AS data,
  e.metadata::text AS metadata, to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

interface EventRow {
  readonly position: string;
  readonly stream: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/** An event serialised at `append` time, so later mutations of the caller's objects do not matter. */
interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/**
 * The PostgreSQL event store (DESIGN §3), on a `pg` pool.
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
 * So appends are serialised: each append transaction first takes a
 * transaction-scoped advisory lock on the store (`pg_advisory_xact_lock`,
 * class 'CATA', key `hashtext(schema)`), and only then reads the stream's
 * revision and inserts (drawing its positions). The lock is released after the
 * transaction's commit is visible to new snapshots (PostgreSQL ends a
 * transaction in the proc array *before* releasing its locks), so the next
 * append draws larger positions only once every smaller one is committed (or
 * rolled back, leaving a hole no one will ever fill). Hence: position order is
 * commit order, every snapshot sees a prefix of the log (holes aside), and a
 * reader can move its checkpoint to the highest position it sees. The port's
 * single-`bigint` checkpoint stays valid, and no reader depends on the oldest
 * running transaction of the whole database (an `xmin` filter would stall every
 * subscriber behind any long, unrelated writing transaction).
 *
 * The cost: one append at a time per store (throughput bounded by one
 * transaction's round trips), which also makes the revision checks race-free.
 * Every writer of the table must take the lock: rows inserted by other means
 * would break the guarantee.
 */
export class PostgresEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private readonly table: string;
  private closed = false;
  /** Wakers of subscriptions waiting for new events. */
  private readonly waiters = new Set<() => void>();
  /** Appends under way, awaited by `close()`. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sql: {
    readonly findIds: string;
    readonly currentRevision: string;
    readonly insert: string;
    readonly head: string;
    readonly readForwards: string;
    readonly readBackwards: string;
  };

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 50);
    this.table = `${quoteIdent(schema)}.events`;
    const t = this.table;
    this.sql = {
      findIds: `SELECT id, revision::text AS revision, position::text AS position FROM ${t} WHERE stream = $1 AND id = ANY($2::text[])`,
      currentRevision: `SELECT max(revision)::text AS revision FROM ${t} WHERE stream = $1`,
      insert: `INSERT INTO ${t} (stream, revision, id, type, data, metadata)
        SELECT $1, $2::bigint + e.ord, e.id, e.type, e.data::json, e.metadata::json
          FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)
         ORDER BY e.ord
        RETURNING position::text AS position, revision::text AS revision`,
      head: `SELECT coalesce(max(position), 0)::text AS head FROM ${t}`,
      readForwards: `SELECT ${COLUMNS} FROM ${t} AS e WHERE e.stream = $1 AND e.revision >= $2 ORDER BY e.revision ASC LIMIT $3`,
      readBackwards: `SELECT ${COLUMNS} FROM ${t} AS e WHERE e.stream = $1 AND e.revision <= $2 ORDER BY e.revision DESC LIMIT $3`,
    };
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
      try {
        await prepareSchema(client, schema);
      } finally {
        client.release();
      }
      return new PostgresEventStore(pool, ownsPool, schema, options);
    } catch (error) {
      if (ownsPool) await pool.end().catch(() => undefined);
      throw error;
    }
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let encoded: EncodedEvent[];
    try {
      encoded = encodeAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    const appending = this.appendEncoded(stream, encoded, options.expectedRevision);
    this.inFlight.add(appending);
    const forget = (): void => {
      this.inFlight.delete(appending);
    };
    appending.then(forget, forget);
    return appending;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
    const revision = from === 'start' ? 0n : from === 'end' ? MAX_INT64 : clampInt64(from);
    const text = direction === 'forwards' ? this.sql.readForwards : this.sql.readBackwards;
    const { rows } = await this.pool.query<EventRow>(text, [stream, revision.toString(), pageSize(options.limit, DEFAULT_PAGE)]);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.selectAll(options.after ?? 0n, undefined, pageSize(options.limit, DEFAULT_PAGE), options.filter);
  }

  /** The highest committed position: everything at or below it is visible (appends are serialised). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.head();
  }

  /**
   * Pages the log from the checkpoint up to the head, then waits: woken at
   * once by appends of this store, and every `pollIntervalMs` for those of
   * other processes. Holds at most one page in memory.
   */
  async *subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    const batchSize = pageSize(options.batchSize, DEFAULT_SUBSCRIPTION_BATCH);
    let after = options.after ?? 0n;
    while (!this.closed && !signal?.aborted) {
      let head: bigint;
      let page: RecordedEvent[];
      try {
        // Every position at or below the head is committed or will never be (see the class comment),
        // so the scan may move up to the head even when the filter matched nothing.
        head = await this.head();
        if (head <= after) {
          await this.changed(signal);
          continue;
        }
        page = await this.selectAll(after, head, batchSize, filter);
      } catch (error) {
        if (this.closed || signal?.aborted) return;
        throw error;
      }
      for (const event of page) {
        if (this.closed || signal?.aborted) return;
        yield event;
      }
      const last = page.at(-1);
      after = page.length < batchSize || !last ? head : last.position;
    }
  }

  /** Waits for appends under way, ends the subscriptions and (when the store created it) the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    await Promise.allSettled([...this.inFlight]);
    if (this.ownsPool) await this.pool.end();
  }

  // ── writing ──────────────────────────────────────────────────────────────

  private async appendEncoded(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const client = await this.pool.connect();
    let result: AppendResult;
    try {
      result = await this.inTransaction(client, stream, events, expected);
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') {
        // Only reachable if someone writes the table without the lock: answer as if we had lost the race.
        result = await this.afterUniqueViolation(client, stream, events, expected, error);
      } else {
        throw error;
      }
    } finally {
      client.release();
    }
    this.wake();
    return result;
  }

  private async inTransaction(
    client: PoolClient,
    stream: string,
    events: readonly EncodedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    await client.query('BEGIN');
    try {
      // First, before drawing any position: serialise with every other append of this store (class comment).
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, this.schema]);
      const earlier = await this.findEarlierAppend(client, stream, events);
      if (earlier) {
        await client.query('COMMIT');
        return earlier;
      }
      const current = await this.currentRevision(client, stream);
      if (!matchesExpected(expected, current)) throw new WrongExpectedRevisionError(stream, expected, current);
      const base = current ?? NO_STREAM;
      const { rows } = await client.query<{ position: string; revision: string }>(this.sql.insert, [
        stream,
        base.toString(),
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.data),
        events.map((event) => event.metadata),
      ]);
      const written = rows
        .map((row) => ({ position: BigInt(row.position), revision: BigInt(row.revision) }))
        .sort((a, b) => (a.revision < b.revision ? -1 : 1));
      const last = written.at(-1);
      if (!last || written.length !== events.length || !written.every((row, i) => i === 0 || row.position > (written[i - 1]?.position ?? 0n))) {
        throw new Error(`the append to ${stream} did not write its events in order`);
      }
      if (this.options.beforeCommit) await this.options.beforeCommit(stream);
      await client.query('COMMIT');
      return { nextRevision: last.revision, position: last.position };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** After a unique violation (rolled back): a lost race on the revision, or the same ids written meanwhile. */
  private async afterUniqueViolation(
    client: PoolClient,
    stream: string,
    events: readonly EncodedEvent[],
    expected: ExpectedRevision,
    error: DatabaseError,
  ): Promise<AppendResult> {
    const earlier = await this.findEarlierAppend(client, stream, events);
    if (earlier) return earlier;
    if (error.constraint === 'events_stream_revision') {
      throw new WrongExpectedRevisionError(stream, expected, await this.currentRevision(client, stream));
    }
    throw error;
  }

  /**
   * Idempotency comes first, whatever the expected revision: when every id is
   * already in the stream, the result of that earlier append; when only some
   * are, PartialDuplicateAppendError; when none is, undefined.
   */
  private async findEarlierAppend(client: PoolClient, stream: string, events: readonly EncodedEvent[]): Promise<AppendResult | undefined> {
    const { rows } = await client.query<{ id: string; revision: string; position: string }>(this.sql.findIds, [
      stream,
      events.map((event) => event.id),
    ]);
    if (rows.length === 0) return undefined;
    const found = new Set(rows.map((row) => row.id));
    if (found.size < events.length) {
      throw new PartialDuplicateAppendError(
        stream,
        events.filter((event) => found.has(event.id)).map((event) => event.id),
      );
    }
    let latest = { revision: -1n, position: 0n };
    for (const row of rows) {
      const revision = BigInt(row.revision);
      if (revision > latest.revision) latest = { revision, position: BigInt(row.position) };
    }
    return { nextRevision: latest.revision, position: latest.position };
  }

  private async currentRevision(client: PoolClient, stream: string): Promise<bigint | undefined> {
    const { rows } = await client.query<{ revision: string | null }>(this.sql.currentRevision, [stream]);
    const revision = rows[0]?.revision;
    return revision === null || revision === undefined ? undefined : BigInt(revision);
  }

  // ── reading ──────────────────────────────────────────────────────────────

  private async head(): Promise<bigint> {
    const { rows } = await this.pool.query<{ head: string }>(this.sql.head);
    return BigInt(rows[0]?.head ?? '0');
  }

  /** A page of the log after `after` (and up to `upTo`), filtered in SQL. */
  private async selectAll(
    after: bigint,
    upTo: bigint | undefined,
    limit: number,
    filter: ReadAllFilter | undefined,
  ): Promise<RecordedEvent[]> {
    const params: unknown[] = [clampInt64(after).toString()];
    const where = ['e.position > $1'];
    if (upTo !== undefined) {
      params.push(clampInt64(upTo).toString());
      where.push(`e.position <= $${params.length}`);
    }
    const prefixes = filter?.streamPrefixes ?? [];
    if (prefixes.length > 0) {
      // starts_with, not LIKE: LIKE treats % and _ as wildcards.
      params.push([...prefixes]);
      where.push(`EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS p(prefix) WHERE starts_with(e.stream, p.prefix))`);
    }
    const types = filter?.eventTypes ?? [];
    if (types.length > 0) {
      params.push([...types]);
      where.push(`e.type = ANY($${params.length}::text[])`);
    }
    params.push(limit);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} AS e WHERE ${where.join(' AND ')} ORDER BY e.position ASC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  // ── waiting for events ──────────────────────────────────────────────────

  /** Resolves on the next append of this store, after one poll interval, on abort or on close. */
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

// ── helpers (validation duplicated from the SQLite adapter on purpose: to be shared later) ──

function closedError(): Error {
  return new Error('the PostgreSQL event store is closed');
}

function matchesExpected(expected: ExpectedRevision, current: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

const NAMED_EXPECTATIONS: ReadonlySet<unknown> = new Set(['any', 'no_stream', 'stream_exists']);

/** Validates an append and serialises its events; throws `InvalidAppendError`. */
function encodeAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): EncodedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw new InvalidAppendError('the stream name must be a non-empty string');
  }
  if (stream.includes('\u0000')) throw new InvalidAppendError('a stream name cannot hold a NUL character');
  if (typeof expected === 'bigint' ? expected < 0n || expected > MAX_INT64 : !NAMED_EXPECTATIONS.has(expected)) {
    throw new InvalidAppendError(`invalid expected revision ${String(expected)} for stream ${stream}`);
  }
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`no events to append to stream ${stream}`);
  const ids = new Set<string>();
  const encoded: EncodedEvent[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as EventToAppend;
    const where = (): string => `event ${index} of the append to ${stream}`;
    if (typeof event.id !== 'string' || event.id.length === 0) throw new InvalidAppendError(`${where()} has no id`);
    if (ids.has(event.id)) throw new InvalidAppendError(`${where()} repeats the id ${event.id}`);
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0) throw new InvalidAppendError(`${where()} has no type`);
    if (event.id.includes('\u0000') || event.type.includes('\u0000')) {
      throw new InvalidAppendError(`${where()}: an id or a type cannot hold a NUL character`);
    }
    if (typeof event.metadata !== 'object' || event.metadata === null) throw new InvalidAppendError(`${where()} has no metadata`);
    encoded.push({ id: event.id, type: event.type, data: toJson(event.data, where, 'data'), metadata: toJson(event.metadata, where, 'metadata') });
  }
  return encoded;
}

function toJson(value: unknown, where: () => string, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidAppendError(`${where()}: ${field} is not serialisable as JSON (${(cause as Error).message})`, { cause });
  }
  if (json === undefined) throw new InvalidAppendError(`${where()}: ${field} is not serialisable as JSON`);
  return json;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    type: row.type,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}

function pageSize(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a page size must be a positive integer, got ${limit}`);
  return Math.min(limit, MAX_PAGE);
}

function clampInt64(value: bigint): bigint {
  return value > MAX_INT64 ? MAX_INT64 : value < -MAX_INT64 ? -MAX_INT64 : value;
}
