import { Pool } from 'pg';
import type { EventToAppend } from '@catalyse/event-store';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { collectGarbage, distribution, type Distribution, perSecond, timed } from './stats';
import { batchAppends, medianOf, readAllPages, sideEvents } from './store.bench';

/**
 * The PostgreSQL event store against raw `pg` on the same server, in the same
 * run, on the same kind of rows (each side its own events, built the same way).
 * Each round uses two fresh PostgreSQL schemas: the adapter creates its own; the raw table is created `LIKE` the adapter's table
 * `INCLUDING ALL` (same columns, types, defaults, CHECK, primary key, unique
 * indexes), with its own position sequence.
 *
 * - single events: `writers` concurrent writers, each appending its events one
 *   at a time to its own stream (exact expected revision), through a pool of
 *   `poolSize`; raw: the same writers, each row one autocommitted INSERT (one
 *   statement = one transaction, the best a writer of one event can do),
 *   through a pool of the same size.
 * - batches: one writer, `batches` appends of `batchSize` events rotating over
 *   `batchStreams` streams; raw: each batch one multi-row
 *   `INSERT … SELECT FROM unnest($arrays)` (one statement, one transaction, the
 *   same statement shape as the adapter's), prepared.
 * - reads: `readAll` paged by `readPage` from the start; raw:
 *   `SELECT … WHERE position > $1 ORDER BY position LIMIT $2` with pg's
 *   default parsers (json parsed).
 *
 * `rounds` rounds, the adapter first in each, then raw (not alternated: round
 * trips to the server dominate here), each side on events built for it; each
 * figure is the median.
 */
export interface PgStoreOptions {
  readonly url: string;
  readonly writers: number;
  readonly eventsPerWriter: number;
  readonly poolSize: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly batchStreams: number;
  readonly readPage: number;
  readonly rounds: number;
}

export interface PgStoreResult {
  readonly rounds: number;
  readonly single: {
    readonly events: number;
    readonly perSecond: number;
    readonly rawPerSecond: number;
    readonly appendLatency: Distribution;
    readonly rawLatency: Distribution;
  };
  readonly batch: { readonly events: number; readonly perSecond: number; readonly rawPerSecond: number };
  readonly read: { readonly events: number; readonly perSecond: number; readonly rawPerSecond: number };
}

interface Round {
  readonly single: { readonly perSecond: number; readonly rawPerSecond: number; readonly latencies: number[]; readonly rawLatencies: number[] };
  readonly batch: { readonly perSecond: number; readonly rawPerSecond: number };
  readonly read: { readonly events: number; readonly perSecond: number; readonly rawPerSecond: number };
}

export async function pgStoreBench(options: PgStoreOptions): Promise<PgStoreResult> {
  const admin = new Pool({ connectionString: options.url, max: 2 });
  admin.on('error', () => undefined);
  try {
    const rounds: Round[] = [];
    for (let round = 0; round < Math.max(1, options.rounds); round++) rounds.push(await pgRound(options, admin, round));
    const median = (pick: (round: Round) => number): number => medianOf(rounds.map(pick));
    return {
      rounds: rounds.length,
      single: {
        events: options.writers * options.eventsPerWriter,
        perSecond: median((r) => r.single.perSecond),
        rawPerSecond: median((r) => r.single.rawPerSecond),
        appendLatency: distribution(rounds.flatMap((r) => r.single.latencies)),
        rawLatency: distribution(rounds.flatMap((r) => r.single.rawLatencies)),
      },
      batch: { events: options.batches * options.batchSize, perSecond: median((r) => r.batch.perSecond), rawPerSecond: median((r) => r.batch.rawPerSecond) },
      read: { events: (rounds[0] as Round).read.events, perSecond: median((r) => r.read.perSecond), rawPerSecond: median((r) => r.read.rawPerSecond) },
    };
  } finally {
    await admin.end();
  }
}

async function pgRound(options: PgStoreOptions, admin: Pool, round: number): Promise<Round> {
  const tag = `${process.pid}_${round}`;
  const adapterSchema = `bench_es_${tag}`;
  const rawSchema = `bench_raw_${tag}`;
  try {
    // ── the adapter ── (each side appends events built for it: see store.bench.ts)
    const { singles, batches } = sideEvents(options);
    await collectGarbage();
    const store = await PostgresEventStore.open({ connectionString: options.url, schema: adapterSchema, poolSize: options.poolSize });
    let single: { ms: number; latencies: number[] };
    let batch: { ms: number };
    let read: { ms: number; events: number };
    try {
      single = await singleAppends(store, singles);
      batch = await batchAppends(store, batches, options.batchStreams);
      read = await readAllPages(store, options.readPage);
    } finally {
      await store.close();
    }

    // ── raw pg: the same table, as many rows built the same way ──
    await admin.query(
      `CREATE SCHEMA "${rawSchema}";
       CREATE SEQUENCE "${rawSchema}".events_position_seq;
       CREATE TABLE "${rawSchema}".events (LIKE "${adapterSchema}".events INCLUDING ALL);
       ALTER TABLE "${rawSchema}".events ALTER COLUMN position SET DEFAULT nextval('"${rawSchema}".events_position_seq');`,
    );
    const raw = new Pool({ connectionString: options.url, max: options.poolSize });
    raw.on('error', () => undefined);
    try {
      const table = `"${rawSchema}".events`;
      const rawEvents = sideEvents(options);
      await collectGarbage();
      const rawSingle = await rawSingleInserts(raw, table, rawEvents.singles);
      const rawBatch = await rawBatchInserts(raw, table, rawEvents.batches, options.batchStreams, options.batchSize);
      const rawRead = await rawReadAll(raw, table, options.readPage);
      if (rawRead.rows !== read.events) throw new Error(`raw read ${rawRead.rows} rows, the adapter ${read.events} events`);
      const singleEvents = options.writers * options.eventsPerWriter;
      const batchEvents = options.batches * options.batchSize;
      return {
        single: {
          perSecond: perSecond(singleEvents, single.ms),
          rawPerSecond: perSecond(singleEvents, rawSingle.ms),
          latencies: single.latencies,
          rawLatencies: rawSingle.latencies,
        },
        batch: { perSecond: perSecond(batchEvents, batch.ms), rawPerSecond: perSecond(batchEvents, rawBatch) },
        read: { events: read.events, perSecond: perSecond(read.events, read.ms), rawPerSecond: perSecond(rawRead.rows, rawRead.ms) },
      };
    } finally {
      await raw.end();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${adapterSchema}" CASCADE; DROP SCHEMA IF EXISTS "${rawSchema}" CASCADE`);
  }
}

// ── the adapter ─────────────────────────────────────────────────────────────

async function singleAppends(store: PostgresEventStore, writers: readonly EventToAppend[][]): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  const { ms } = await timed(() =>
    Promise.all(
      writers.map(async (events, w) => {
        const stream = `single-${w}`;
        for (let revision = 0; revision < events.length; revision++) {
          const start = performance.now();
          await store.append(stream, [events[revision] as EventToAppend], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) });
          latencies.push(performance.now() - start);
        }
      }),
    ),
  );
  return { ms, latencies };
}

// ── raw pg ──────────────────────────────────────────────────────────────────

/** Every writer inserts its rows one autocommitted INSERT at a time, all writers concurrently. */
async function rawSingleInserts(pool: Pool, table: string, writers: readonly EventToAppend[][]): Promise<{ ms: number; latencies: number[] }> {
  const text = `INSERT INTO ${table} (stream, revision, id, type, data, metadata) VALUES ($1, $2, $3, $4, $5::json, $6::json)`;
  const latencies: number[] = [];
  const { ms } = await timed(() =>
    Promise.all(
      writers.map(async (events, w) => {
        const stream = `single-${w}`;
        for (let revision = 0; revision < events.length; revision++) {
          const event = events[revision] as EventToAppend;
          const start = performance.now();
          await pool.query({
            name: 'bench-raw-single',
            text,
            values: [stream, revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
          });
          latencies.push(performance.now() - start);
        }
      }),
    ),
  );
  return { ms, latencies };
}

/** Each batch is one multi-row INSERT (unnest of arrays: one statement, one transaction), prepared. */
async function rawBatchInserts(pool: Pool, table: string, batches: readonly EventToAppend[][], streams: number, batchSize: number): Promise<number> {
  const text = `INSERT INTO ${table} (stream, revision, id, type, data, metadata)
    SELECT $1, $2::bigint + e.ord, e.id, e.type, e.data::json, e.metadata::json
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)
     ORDER BY e.ord`;
  const { ms } = await timed(async () => {
    for (let b = 0; b < batches.length; b++) {
      const events = batches[b] as EventToAppend[];
      const stream = `batch-${b % streams}`;
      const base = Math.floor(b / streams) * batchSize - 1; // revision of the row before: ordinality starts at 1
      await pool.query({
        name: 'bench-raw-batch',
        text,
        values: [
          stream,
          base,
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
        ],
      });
    }
  });
  return ms;
}

/** Pages the table by position with pg's default parsers (json columns parsed, bigint as text). */
async function rawReadAll(pool: Pool, table: string, limit: number): Promise<{ ms: number; rows: number }> {
  const text = `SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`;
  let rows = 0;
  const { ms } = await timed(async () => {
    let after = '0';
    for (;;) {
      const { rows: page } = await pool.query<{ position: string }>({ name: 'bench-raw-read', text, values: [after, limit] });
      rows += page.length;
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      after = last.position;
    }
  });
  return { ms, rows };
}
