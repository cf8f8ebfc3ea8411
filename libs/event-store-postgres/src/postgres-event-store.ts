import { createHash } from 'node:crypto';
import { Client, type ClientConfig, DatabaseError, Pool, type PoolClient } from 'pg';
import {
  type AppendOptions,
  clampInt64,
  MAX_INT64,
  PAGE,
  pageSize,
  streamReadStart,
  type AppendResult,
  type AppendRules,
  type EncodedEvent,
  encodeAppend as encodeCommon,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  matchesExpected,
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
const NO_STREAM = -1n;
/** A group takes queued appends up to this many events (an append larger than that goes alone). */
const MAX_GROUP_EVENTS = 5_000;
/** Reconnection delays of the listening client: doubled from the first up to the last. */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 5_000;
/** `application_name` of the listening connection (visible in `pg_stat_activity`). */
export const LISTENER_APPLICATION_NAME = 'catalyse-event-store-listener';

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

/** An append waiting in the queue of the writer loop. */
interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A row of the group's lookup: a stream's revision (id null) or an id already in a stream. */
interface LookupRow {
  readonly stream: string;
  readonly id: string | null;
  readonly revision: string | null;
  readonly position: string | null;
}

/** An event known to be in a stream: committed (position) or written by this group (slot in its INSERT). */
interface KnownEvent {
  readonly revision: bigint;
  readonly position?: bigint;
  readonly slot?: number;
}

/** The rows of the group's single INSERT, column by column (as `unnest` takes them). */
interface InsertColumns {
  readonly streams: string[];
  readonly revisions: string[];
  readonly ids: string[];
  readonly types: string[];
  readonly data: string[];
  readonly metadata: string[];
}

/** What a group decided for one append, settled once the group is committed. */
type Decision =
  | { readonly kind: 'written'; readonly pending: PendingAppend; readonly lastSlot: number; readonly nextRevision: bigint }
  | { readonly kind: 'earlier'; readonly pending: PendingAppend; readonly event: KnownEvent }
  | { readonly kind: 'refused'; readonly pending: PendingAppend; readonly error: Error };

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
 * ## Group commit
 *
 * One write transaction at a time per schema would bound throughput to one
 * transaction's round trips, so a store writes *groups*: a single writer loop
 * takes every append queued while the previous group was committing (or in
 * the same tick), and writes them in one transaction: lock, one lookup (the
 * current revision of every stream of the group and the ids already there),
 * the decisions in JS, append by append in order against the state left by
 * the ones before (idempotent retry, partial duplicate, expected revision: a
 * refused append rejects alone), ONE multi-row INSERT of every accepted
 * append, NOTIFY, COMMIT. Every promise settles after COMMIT. Four round trips
 * for the whole group, whatever its size.
 *
 * When the transaction fails as a whole, every append of the group is
 * rejected with that error, except for a unique violation (only possible when
 * something writes the table without the lock): the group's appends are then
 * retried one transaction each, and a lone append answers as if it had lost
 * the race (`WrongExpectedRevisionError`, or the earlier append's result).
 *
 * ## Waking subscribers
 *
 * Each write transaction NOTIFYs the schema's channel (delivered on commit).
 * The first `subscribeAll` starts one dedicated connection (outside the pool)
 * that LISTENs to it; a notification wakes every waiting subscription at once.
 * Polling every `pollIntervalMs` stays as the fallback: while that connection
 * is down, it is reopened with backoff, and on reopening every subscription
 * looks again.
 */
export class PostgresEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private readonly table: string;
  private closed = false;
  /** Wakers of subscriptions waiting for new events. */
  private readonly waiters = new Set<() => void>();
  /** Bumped by every wake: a subscription that saw it move since its last look does not wait. */
  private epoch = 0;
  /** Appends waiting for the writer loop. */
  private queue: PendingAppend[] = [];
  /** The writer loop, while it runs (at most one per store). */
  private writing: Promise<void> | undefined;
  private readonly counters = { commits: 0, appends: 0, events: 0 };
  /** The LISTEN loop, once a subscription started it. */
  private listening: Promise<void> | undefined;
  private listenClient: Client | undefined;
  /** Ends the LISTEN loop's wait (reconnection delay or live connection) on close. */
  private stopListening: (() => void) | undefined;
  private readonly sql: {
    readonly begin: string;
    readonly lookup: { readonly text: string };
    readonly insert: { readonly text: string };
    readonly notifyAndCommit: string;
    readonly listen: string;
    readonly head: string;
    readonly readForwards: string;
    readonly readBackwards: string;
  };

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    readonly schema: string,
    lockKey: number,
    private readonly listenerConfig: ClientConfig,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.pollIntervalMs = Math.max(1, options.pollIntervalMs ?? 50);
    this.table = `${quoteIdent(schema)}.events`;
    const t = this.table;
    const channel = quoteIdent(notificationChannel(schema));
    // Unnamed statements, planned at each use: a generic plan cached while the table was small (a
    // sequential scan) would be kept as it grows (measured: batches a third slower after a burst of small appends).
    this.sql = {
      // One simple-protocol message: BEGIN, then the lock (first, before drawing any position: class comment).
      begin: `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${lockKey})`,
      // In a statement of its own, after the lock: its snapshot sees every earlier commit.
      // The correlated max() keeps the index's min/max optimisation (a GROUP BY would scan whole streams);
      // LATERAL … LIMIT 1 (unique anyway) keeps one index probe per (stream, id): a plain join may
      // be planned as a sequential scan of the table (measured: a 500-event lookup 7.6 ms instead of ~1).
      lookup: {
        text: `SELECT s.stream, NULL::text AS id, (SELECT max(r.revision) FROM ${t} AS r WHERE r.stream = s.stream)::text AS revision,
                NULL::text AS position
           FROM unnest($1::text[]) AS s(stream)
         UNION ALL
         SELECT e.stream, e.id, e.revision::text, e.position::text
           FROM unnest($2::text[], $3::text[]) AS k(stream, id)
           CROSS JOIN LATERAL (SELECT f.stream, f.id, f.revision, f.position FROM ${t} AS f
                                WHERE f.stream = k.stream AND f.id = k.id LIMIT 1) AS e`,
      },
      insert: {
        text: `INSERT INTO ${t} (stream, revision, id, type, data, metadata)
          SELECT e.stream, e.revision, e.id, e.type, e.data::json, e.metadata::json
            FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
                 WITH ORDINALITY AS e(stream, revision, id, type, data, metadata, ord)
           ORDER BY e.ord
          RETURNING position::text AS position, revision::text AS revision`,
      },
      // NOTIFY is delivered on commit; one message for both.
      notifyAndCommit: `NOTIFY ${channel}; COMMIT`,
      listen: `LISTEN ${channel}`,
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
      this.writing ??= this.writeLoop();
    });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { direction, revision } = streamReadStart(options);
    const text = direction === 'forwards' ? this.sql.readForwards : this.sql.readBackwards;
    const { rows } = await this.pool.query<EventRow>(text, [stream, revision.toString(), pageSize(options.limit, PAGE.default)]);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.selectAll(options.after ?? 0n, undefined, pageSize(options.limit, PAGE.default), options.filter);
  }

  /** The highest committed position: everything at or below it is visible (writes are serialised). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.head();
  }

  /**
   * Pages the log from the checkpoint up to the head, then waits: woken at
   * once by a notification (appends of any store on this schema) or by an
   * append of this store, otherwise every `pollIntervalMs`. Holds at most one
   * page in memory.
   */
  async *subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    const batchSize = pageSize(options.batchSize, PAGE.subscriptionBatch);
    let after = options.after ?? 0n;
    if (!this.closed && !signal?.aborted) this.listen();
    while (!this.closed && !signal?.aborted) {
      let head: bigint;
      let page: RecordedEvent[];
      try {
        // A wake after this line (a commit the head below may miss) makes the wait return at once.
        const seen = this.epoch;
        // Every position at or below the head is committed or will never be (see the class comment),
        // so the scan may move up to the head even when the filter matched nothing.
        head = await this.head();
        if (head <= after) {
          await this.changed(signal, seen);
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

  /**
   * Writes the appends already queued, ends the subscriptions and the listening
   * connection, and (when the store created it) the pool.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    this.stopListening?.();
    await Promise.allSettled([this.writing, this.listening]);
    if (this.ownsPool) await this.pool.end();
  }

  // ── writing ──────────────────────────────────────────────────────────────

  /**
   * The single writer of this store: while a group commits, the next one
   * accumulates. Each turn first lets the current tick finish, so that appends
   * issued together (or by callers resumed by the last commit) go together.
   */
  private async writeLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.writeGroup(this.takeGroup());
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** The queued appends, in order, up to MAX_GROUP_EVENTS events (at least one append). */
  private takeGroup(): PendingAppend[] {
    let events = 0;
    let count = 0;
    for (const pending of this.queue) {
      if (count > 0 && events + pending.events.length > MAX_GROUP_EVENTS) break;
      events += pending.events.length;
      count++;
    }
    return this.queue.splice(0, count);
  }

  /** Writes a group in one transaction and settles each of its appends (never throws). */
  private async writeGroup(group: readonly PendingAppend[]): Promise<void> {
    let decisions: Decision[];
    let positions: bigint[];
    try {
      ({ decisions, positions } = await this.transact(group));
    } catch (error) {
      if (isUniqueViolation(error)) {
        // Only reachable if something writes the table without the lock. Retried one by one,
        // so that a lone append can be told why (or learn that its ids are there now).
        if (group.length > 1) {
          for (const pending of group) await this.writeGroup([pending]);
        } else if (group[0]) {
          await this.afterUniqueViolation(group[0], error);
        }
      } else {
        for (const pending of group) pending.reject(error);
      }
      return;
    }
    this.counters.commits++;
    for (const decision of decisions) this.settle(decision, positions);
    this.wake();
  }

  private settle(decision: Decision, positions: readonly bigint[]): void {
    const { pending } = decision;
    switch (decision.kind) {
      case 'refused':
        pending.reject(decision.error);
        return;
      case 'written':
        this.counters.appends++;
        this.counters.events += pending.events.length;
        pending.resolve({ nextRevision: decision.nextRevision, position: positions[decision.lastSlot] as bigint });
        return;
      case 'earlier': {
        const { event } = decision;
        this.counters.appends++;
        const position = event.position ?? (event.slot === undefined ? undefined : positions[event.slot]);
        if (position === undefined) pending.reject(new Error(`no position for the earlier append to ${pending.stream}`));
        else pending.resolve({ nextRevision: event.revision, position });
      }
    }
  }

  /**
   * The group's transaction: BEGIN and lock; lookup; decisions; INSERT;
   * NOTIFY and COMMIT. Returns the decisions and the positions of the INSERT's
   * rows (by slot); throws when the transaction failed as a whole (rolled back).
   */
  private async transact(group: readonly PendingAppend[]): Promise<{ decisions: Decision[]; positions: bigint[] }> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      try {
        // (BEGIN and the lock are one message: a failed lock still needs the ROLLBACK below.)
        await client.query(this.sql.begin);
        const known = await this.lookup(client, group);
        const { decisions, rows, written } = decide(group, known);
        let positions: bigint[] = [];
        if (rows.ids.length > 0) {
          positions = await this.insert(client, rows);
          if (this.options.beforeCommit) for (const pending of written) await this.options.beforeCommit(pending.stream);
          await client.query(this.sql.notifyAndCommit);
        } else {
          await client.query('COMMIT');
        }
        return { decisions, positions };
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError;
        });
        throw error;
      }
    } catch (error) {
      // A connection that failed outside SQL (or could not roll back) is not given back to the pool.
      if (!(error instanceof DatabaseError)) broken ??= error;
      throw error;
    } finally {
      client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
    }
  }

  /** The state the group is decided against: each stream's revision, and the group's ids already stored. */
  private async lookup(client: PoolClient, group: readonly PendingAppend[]): Promise<Lookup> {
    const streams = [...new Set(group.map((pending) => pending.stream))];
    const pairs = new Set<string>();
    const keyStreams: string[] = [];
    const keyIds: string[] = [];
    for (const { stream, events } of group) {
      for (const { id } of events) {
        const key = `${stream}\u0000${id}`; // NUL cannot occur in either (validated)
        if (pairs.has(key)) continue;
        pairs.add(key);
        keyStreams.push(stream);
        keyIds.push(id);
      }
    }
    const { rows } = await client.query<LookupRow>({ ...this.sql.lookup, values: [streams, keyStreams, keyIds] });
    return toLookup(rows);
  }

  /**
   * The group's one INSERT; the positions by slot. RETURNING gives the rows in
   * insertion order (the ORDER BY of the SELECT): checked, row by row, by the
   * revision and by positions increasing (else the group is rolled back).
   */
  private async insert(client: PoolClient, rows: InsertColumns): Promise<bigint[]> {
    const result = await client.query<{ position: string; revision: string }>({
      ...this.sql.insert,
      values: [rows.streams, rows.revisions, rows.ids, rows.types, rows.data, rows.metadata],
    });
    const positions: bigint[] = [];
    let previous = 0n;
    for (let slot = 0; slot < rows.ids.length; slot++) {
      const row = result.rows[slot];
      const position = row === undefined ? undefined : BigInt(row.position);
      if (position === undefined || row?.revision !== rows.revisions[slot] || position <= previous) {
        throw new Error('a group of appends did not write its events in order');
      }
      positions.push(position);
      previous = position;
    }
    if (result.rows.length !== rows.ids.length) throw new Error('a group of appends did not write its events in order');
    return positions;
  }

  /**
   * A lone append refused by a unique constraint (rolled back): a lost race on
   * the revision, or the same ids written meanwhile. Settles it.
   */
  private async afterUniqueViolation(pending: PendingAppend, error: DatabaseError): Promise<void> {
    let known: Lookup;
    try {
      const client = await this.pool.connect();
      try {
        known = await this.lookup(client, [pending]);
      } finally {
        client.release();
      }
    } catch (lookupError) {
      pending.reject(lookupError);
      return;
    }
    const [decision] = decide([pending], known).decisions;
    if (decision?.kind === 'earlier' || (decision?.kind === 'refused' && decision.error instanceof PartialDuplicateAppendError)) {
      this.settle(decision, []);
    } else if (error.constraint === 'events_stream_revision') {
      const current = known.revisions.get(pending.stream);
      pending.reject(new WrongExpectedRevisionError(pending.stream, pending.expected, current));
    } else {
      pending.reject(error);
    }
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

  /**
   * Resolves on the next wake (an append of this store, a notification, the
   * listener (re)connecting), after one poll interval, on abort or on close; at
   * once if a wake happened since `seen`.
   */
  private changed(signal: AbortSignal | undefined, seen: number): Promise<void> {
    if (this.epoch !== seen || this.closed || signal?.aborted) return Promise.resolve();
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
    this.epoch++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Starts the LISTEN loop, once per store. */
  private listen(): void {
    this.listening ??= this.listenLoop();
  }

  /**
   * Keeps one connection (outside the pool) listening to the schema's channel
   * until close; reopens it with backoff when it is lost. Every (re)connection
   * wakes the subscriptions: notifications may have been missed meanwhile.
   */
  private async listenLoop(): Promise<void> {
    let delay = LISTEN_RETRY_FIRST_MS;
    while (!this.closed) {
      const client = new Client(this.listenerConfig);
      const lost = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
        this.stopListening = resolve;
      });
      client.on('notification', () => this.wake());
      try {
        await client.connect();
        if (!this.closed) {
          await client.query(this.sql.listen);
          this.listenClient = client;
          delay = LISTEN_RETRY_FIRST_MS;
          this.wake();
          await lost;
        }
      } catch {
        // Could not connect or LISTEN: polling goes on; try again later.
      }
      this.listenClient = undefined;
      await client.end().catch(() => undefined);
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.stopListening = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
    }
    this.stopListening = undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

/** What a group is decided against, updated as its appends are accepted. */
interface Lookup {
  /** Last revision of each stream of the group (undefined: no stream). */
  readonly revisions: Map<string, bigint | undefined>;
  /** Ids of the group already in each stream. */
  readonly ids: Map<string, Map<string, KnownEvent>>;
}

function toLookup(rows: readonly LookupRow[]): Lookup {
  const revisions = new Map<string, bigint | undefined>();
  const ids = new Map<string, Map<string, KnownEvent>>();
  for (const row of rows) {
    if (row.id === null) {
      revisions.set(row.stream, row.revision === null ? undefined : BigInt(row.revision));
      continue;
    }
    let inStream = ids.get(row.stream);
    if (!inStream) ids.set(row.stream, (inStream = new Map()));
    inStream.set(row.id, { revision: BigInt(row.revision ?? '0'), position: BigInt(row.position ?? '0') });
  }
  return { revisions, ids };
}

/**
 * Decides each append of a group, in order, against the state left by the
 * ones before it: idempotency first (every id already in the stream: that
 * earlier append's result, whatever the expected revision; some:
 * PartialDuplicateAppendError), then the expected revision. Accepted appends
 * become rows of the one INSERT, in order (a slot each).
 */
function decide(
  group: readonly PendingAppend[],
  state: Lookup,
): { decisions: Decision[]; rows: InsertColumns; written: PendingAppend[] } {
  const rows: InsertColumns = { streams: [], revisions: [], ids: [], types: [], data: [], metadata: [] };
  const decisions: Decision[] = [];
  const written: PendingAppend[] = [];
  for (const pending of group) {
    const { stream, events, expected } = pending;
    let inStream = state.ids.get(stream);
    let latest: KnownEvent | undefined;
    const present: string[] = [];
    for (const { id } of events) {
      const found = inStream?.get(id);
      if (!found) continue;
      present.push(id);
      if (!latest || found.revision > latest.revision) latest = found;
    }
    if (latest && present.length === events.length) {
      decisions.push({ kind: 'earlier', pending, event: latest });
      continue;
    }
    if (present.length > 0) {
      decisions.push({ kind: 'refused', pending, error: new PartialDuplicateAppendError(stream, present) });
      continue;
    }
    const current = state.revisions.get(stream);
    if (!matchesExpected(expected, current)) {
      decisions.push({ kind: 'refused', pending, error: new WrongExpectedRevisionError(stream, expected, current) });
      continue;
    }
    if (!inStream) state.ids.set(stream, (inStream = new Map()));
    let revision = current ?? NO_STREAM;
    for (const event of events) {
      revision++;
      inStream.set(event.id, { revision, slot: rows.ids.length });
      rows.streams.push(stream);
      rows.revisions.push(revision.toString());
      rows.ids.push(event.id);
      rows.types.push(event.type);
      rows.data.push(event.data);
      rows.metadata.push(event.metadata);
    }
    state.revisions.set(stream, revision);
    decisions.push({ kind: 'written', pending, lastSlot: rows.ids.length - 1, nextRevision: revision });
    written.push(pending);
  }
  return { decisions, rows, written };
}

/** The channel NOTIFYed on each write to a schema: `catalyse_es.<schema>`, hashed when too long for an identifier. */
export function notificationChannel(schema: string): string {
  const channel = `catalyse_es.${schema}`;
  if (Buffer.byteLength(channel) <= 63) return channel;
  return `catalyse_es.#${createHash('sha256').update(schema).digest('hex').slice(0, 48)}`;
}

function isUniqueViolation(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError && error.code === '23505';
}

// ── helpers ──

function closedError(): Error {
  return new Error('the PostgreSQL event store is closed');
}

/** The port's append rules, plus PostgreSQL's: text cannot hold NUL, revisions fit in int8. */
const POSTGRES_RULES: AppendRules = {
  stream: (stream, refuse) => {
    if (stream.includes('\u0000')) refuse('a stream name cannot hold a NUL character');
  },
  id: (id, where, refuse) => {
    if (id.includes('\u0000')) refuse(`${where}: an id or a type cannot hold a NUL character`);
    return id;
  },
  type: (type, where, refuse) => {
    if (type.includes('\u0000')) refuse(`${where}: an id or a type cannot hold a NUL character`);
  },
  maxRevision: MAX_INT64,
};

function encodeAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): EncodedEvent[] {
  return encodeCommon(stream, events, expected, POSTGRES_RULES);
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


