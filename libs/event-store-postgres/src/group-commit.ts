import { createHash } from 'node:crypto';
import { DatabaseError, type Pool, type PoolClient, type QueryResult } from 'pg';
import { type AppendResult, type EncodedEvent, type ExpectedRevision, PartialDuplicateAppendError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { type Decision, decide, type InsertColumns, type Lookup, lookupParameters, type LookupRow, type PendingAppend, toLookup } from './append';
import { LOCK_CLASS } from './schema';

/** A group takes queued appends up to this many events (an append larger than that goes alone). */
const MAX_GROUP_EVENTS = 5_000;

export interface GroupCommitOptions {
  /** The quoted `schema.events` table. */
  readonly table: string;
  /** `hashtext(schema)`: the key of the store's advisory lock. */
  readonly lockKey: number;
  /** The quoted notification channel of the schema. */
  readonly channel: string;
  /** The quoted name of the schema's lone-append function (`appendFunction` of `schema.ts`). */
  readonly appendFunction: string;
  /** Test-only hook awaited before COMMIT, once per append the transaction writes (see the store's options). */
  readonly beforeCommit: ((stream: string) => Promise<void>) | undefined;
  /** Called after each committed group, once its appends are settled. */
  readonly onCommit: () => void;
}

/**
 * The writer of a store: group commit.
 *
 * One write transaction at a time per schema (the advisory lock, see
 * `PostgresEventStore`) would bound throughput to one transaction's round
 * trips, so a store writes *groups*: a single writer loop takes every append
 * queued while the previous group was committing (or in the same tick), and
 * writes them in one transaction: lock, one lookup (the current revision of
 * every stream of the group and the ids already there), the decisions in JS
 * (`decide`), append by append in order against the state left by the ones
 * before (idempotent retry, partial duplicate, expected revision: a refused
 * append rejects alone), ONE multi-row INSERT of every accepted append,
 * NOTIFY, COMMIT. Every promise settles after COMMIT. Four round trips for the
 * whole group, whatever its size.
 *
 * When the transaction fails as a whole, every append of the group is
 * rejected with that error, except for a unique violation (only possible when
 * something writes the table without the lock): the group's appends are then
 * retried one transaction each, and a lone append answers as if it had lost
 * the race (`WrongExpectedRevisionError`, or the earlier append's result).
 */
export class GroupCommit {
  /** Counters since the store was opened: write transactions, acknowledged appends, events written. */
  readonly counters = { commits: 0, appends: 0, events: 0 };
  /** Appends waiting for the writer loop. */
  private queue: PendingAppend[] = [];
  /** The writer loop, while it runs (at most one per store). */
  private writing: Promise<void> | undefined;
  private readonly beforeCommit: ((stream: string) => Promise<void>) | undefined;
  private readonly onCommit: () => void;
  private readonly sql: {
    readonly begin: string;
    readonly lookup: { readonly text: string };
    readonly lookupLiteral: (streams: string, keyStreams: string, keyIds: string) => string;
    readonly insert: { readonly text: string };
    readonly notifyAndCommit: string;
    readonly appendOne: { readonly name: string; readonly text: string };
  };

  constructor(
    private readonly pool: Pool,
    options: GroupCommitOptions,
  ) {
    this.beforeCommit = options.beforeCommit;
    this.onCommit = options.onCommit;
    const t = options.table;
    // The group's statements are unnamed, planned at each use: a generic plan cached while the table was small
    // (a sequential scan) would be kept as it grows (measured: batches a third slower after a burst of small appends).
    this.sql = {
      // One simple-protocol message: BEGIN, then the lock (first, before drawing any position).
      begin: `BEGIN; SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${options.lockKey})`,
      // In a statement of its own, after the lock: its snapshot sees every earlier commit.
      // The correlated max() keeps the index's min/max optimisation (a GROUP BY would scan whole streams);
      // LATERAL … LIMIT 1 (unique anyway) keeps one index probe per (stream, id): a plain join may
      // be planned as a sequential scan of the table (measured: a 500-event lookup 7.6 ms instead of ~1).
      lookup: { text: lookupText(t, '$1::text[]', '$2::text[]', '$3::text[]') },
      // The same with its arrays written as literals, sent with BEGIN and the lock in one simple-protocol message.
      lookupLiteral: (streams, keyStreams, keyIds) => lookupText(t, streams, keyStreams, keyIds),
      insert: {
        // Data and metadata as one JSON array each (see `jsonArray`).
        text: `INSERT INTO ${t} (stream, revision, id, type, data, metadata)
          SELECT e.stream, e.revision, e.id, e.type, e.data, e.metadata
            FROM ROWS FROM (unnest($1::text[]), unnest($2::bigint[]), unnest($3::text[]), unnest($4::text[]),
                            json_array_elements($5::json), json_array_elements($6::json))
                 WITH ORDINALITY AS e(stream, revision, id, type, data, metadata, ord)
           ORDER BY e.ord
          RETURNING position::text AS position, revision::text AS revision`,
      },
      // NOTIFY is delivered on commit; one message for both.
      notifyAndCommit: `NOTIFY ${options.channel}; COMMIT`,
      // Prepared once per connection: the function's own statements are planned inside it, at each call
      // for their first five, then generic plans that are index scans whatever the table's size.
      appendOne: named(
        'catalyse-append',
        `SELECT o_outcome AS outcome, o_revision::text AS revision, o_position::text AS position, array_to_json(o_present)::text AS present
           FROM ${options.appendFunction}($1, $2, $3, $4, $5, $6, $7)`,
      ),
    };
  }

  /** The writer loop while it runs: settled once every append queued so far is written. */
  get running(): Promise<void> | undefined {
    return this.writing;
  }

  /** Queues an append (already validated and encoded); settles after the COMMIT of its group. */
  enqueue(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events, expected, resolve, reject });
      this.writing ??= this.writeLoop();
    });
  }

  /**
   * The single writer of this store: while a group commits, the next one
   * accumulates. Each turn first lets the current tick finish, so that appends
   * issued together (or by callers resumed by the last commit) go together.
   */
  private async writeLoop(): Promise<void> {
    try {
      // Started by an append while idle: the appends issued in the same synchronous run join it
      // (a microtask later), but the first group does not wait for the whole tick to end.
      await Promise.resolve();
      for (let first = true; this.queue.length > 0; first = false) {
        // After a commit: the callers it resumed (and whatever else this tick brings) join the next group.
        if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
        const group = this.takeGroup();
        const [lone] = group;
        if (group.length === 1 && lone && !this.beforeCommit) await this.writeLone(lone);
        else await this.writeGroup(group);
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

  /**
   * An append alone in its group: one autocommitted statement, the schema's
   * append function (`appendFunction` of `schema.ts`: the lock, the decisions
   * of `decide` for one append, the INSERT, the notification), one round trip.
   * Settles it (never throws).
   */
  private async writeLone(pending: PendingAppend): Promise<void> {
    const { stream, events, expected } = pending;
    let row: AppendOneRow | undefined;
    try {
      const ids: string[] = [];
      const types: string[] = [];
      const data: string[] = [];
      const metadata: string[] = [];
      for (const event of events) {
        ids.push(event.id);
        types.push(event.type);
        data.push(event.data);
        metadata.push(event.metadata);
      }
      const [kind, revision] = typeof expected === 'bigint' ? ['exact', expected.toString()] : [expected, null];
      const result = await this.pool.query<AppendOneRow>({
        ...this.sql.appendOne,
        values: [stream, kind, revision, ids, types, jsonArray(data), jsonArray(metadata)],
      });
      row = result.rows[0];
    } catch (error) {
      if (isUniqueViolation(error)) await this.afterUniqueViolation(pending, error);
      else pending.reject(error);
      return;
    }
    this.counters.commits++;
    try {
      switch (row?.outcome) {
        case 'written': {
          const result = { nextRevision: exact(row.revision), position: exact(row.position) };
          this.counters.appends++;
          this.counters.events += events.length;
          pending.resolve(result);
          this.onCommit();
          return;
        }
        case 'earlier': {
          const result = { nextRevision: exact(row.revision), position: exact(row.position) };
          this.counters.appends++;
          pending.resolve(result);
          return;
        }
        case 'conflict':
          pending.reject(new WrongExpectedRevisionError(stream, expected, row.revision === null ? undefined : BigInt(row.revision)));
          return;
        case 'partial':
          pending.reject(new PartialDuplicateAppendError(stream, JSON.parse(row.present ?? '[]') as string[]));
          return;
        default:
          pending.reject(new Error(`the append function answered ${JSON.stringify(row?.outcome)}`));
      }
    } catch (error) {
      pending.reject(error);
    }
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
    this.onCommit();
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
        // BEGIN, the lock and the lookup are one message (a failed lock still needs the ROLLBACK below);
        // the lookup is a statement of its own, after the lock: its snapshot sees every earlier commit.
        const known = await this.lockAndLookup(client, group);
        const { decisions, rows, written } = decide(group, known);
        let positions: bigint[] = [];
        if (rows.ids.length > 0) {
          positions = await this.insert(client, rows);
          if (this.beforeCommit) for (const pending of written) await this.beforeCommit(pending.stream);
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

  /** BEGIN, the lock and the lookup in one simple-protocol message (its arrays as literals); the lookup's state. */
  private async lockAndLookup(client: PoolClient, group: readonly PendingAppend[]): Promise<Lookup> {
    const array = (values: readonly string[]): string => `ARRAY[${values.map((value) => client.escapeLiteral(value)).join(',')}]::text[]`;
    const [streams, keyStreams, keyIds] = lookupParameters(group);
    const results = (await client.query(`${this.sql.begin}; ${this.sql.lookupLiteral(array(streams), array(keyStreams), array(keyIds))}`)) as unknown;
    const last = Array.isArray(results) ? (results.at(-1) as QueryResult<LookupRow> | undefined) : undefined;
    if (!last) throw new Error('the lookup of a group of appends answered nothing');
    return toLookup(last.rows);
  }

  /** The state the group is decided against: each stream's revision, and the group's ids already stored. */
  private async lookup(client: PoolClient, group: readonly PendingAppend[]): Promise<Lookup> {
    const { rows } = await client.query<LookupRow>({ ...this.sql.lookup, values: lookupParameters(group) });
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
      values: [rows.streams, rows.revisions, rows.ids, rows.types, jsonArray(rows.data), jsonArray(rows.metadata)],
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
}

/** The answer of the lone-append function, as text (exact whatever type parsers the pool has). */
interface AppendOneRow {
  readonly outcome: 'written' | 'earlier' | 'conflict' | 'partial';
  readonly revision: string | null;
  readonly position: string | null;
  /** JSON array of the ids already in the stream (partial duplicates). */
  readonly present: string | null;
}

/**
 * The group's lookup: the current revision of every stream of the group, then
 * the group's (stream, id) pairs already stored. The correlated max() keeps the
 * index's min/max optimisation (a GROUP BY would scan whole streams); LATERAL …
 * LIMIT 1 (unique anyway) keeps one index probe per (stream, id): a plain join
 * may be planned as a sequential scan of the table (measured: a 500-event
 * lookup 7.6 ms instead of ~1).
 */
function lookupText(table: string, streams: string, keyStreams: string, keyIds: string): string {
  return `SELECT s.stream, NULL::text AS id, (SELECT max(r.revision) FROM ${table} AS r WHERE r.stream = s.stream)::text AS revision,
                NULL::text AS position
           FROM unnest(${streams}) AS s(stream)
         UNION ALL
         SELECT e.stream, e.id, e.revision::text, e.position::text
           FROM unnest(${keyStreams}, ${keyIds}) AS k(stream, id)
           CROSS JOIN LATERAL (SELECT f.stream, f.id, f.revision, f.position FROM ${table} AS f
                                WHERE f.stream = k.stream AND f.id = k.id LIMIT 1) AS e`;
}

/**
 * JSON texts (as JSON.stringify wrote them) as one JSON array text, `[a,b,…]`:
 * sent as one `json` parameter instead of a `text[]`, it needs no array escaping
 * (pg would escape every quote of every text, and the server unescape them:
 * measured, 2–4 ms of the client's CPU per 500 events), and is validated once.
 */
function jsonArray(texts: readonly string[]): string {
  return `[${texts.join(',')}]`;
}

/** A bigint the append function must have answered (as text). */
function exact(text: string | null): bigint {
  if (text === null) throw new Error('the append function answered no revision or position');
  return BigInt(text);
}

/** A named (prepared once per connection) statement; the name follows the text (pg refuses one name for two texts). */
function named(prefix: string, text: string): { readonly name: string; readonly text: string } {
  return { name: `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
}

function isUniqueViolation(error: unknown): error is DatabaseError {
  return error instanceof DatabaseError && error.code === '23505';
}
