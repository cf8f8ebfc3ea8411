import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { type EventToAppend, PAGE } from '@catalyse/event-store';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import {
  type EmmettEvent,
  type EmmettEventStore,
  type EmmettExpectedVersion,
  type EmmettPostgres,
  type EmmettSqlite,
  type LoadedPeer,
  STREAM_DOES_NOT_EXIST,
} from './peer';
import { collectGarbage, distribution, type Distribution, perSecond, timed } from './stats';
import { medianOf, messagePosted } from './store.bench';

/**
 * Catalyse's event stores beside a peer, Emmett 0.42, on the same machine, in
 * the same run, on the same kind of events (built the same way, fresh for each side, see `freshWorkload`):
 * PostgreSQL on the same server (the bench's throwaway one, fsync off for
 * both), SQLite on the same disk (`synchronous=FULL` for both: Catalyse's
 * default, and what Emmett's sqlite3 connection has by default).
 *
 * Cases, each with the exact expected version (Emmett counts events: version
 * n after n events; Catalyse's revisions start at 0):
 * - PostgreSQL, `writers` concurrent writers each appending its events one at a
 *   time to its own stream, pools of `poolSize` on both sides;
 * - both engines, one writer appending one event at a time (`sequential`
 *   appends over `sequentialStreams` streams);
 * - both engines, `batches` appends of `batchSize` events rotating over
 *   `batchStreams` streams;
 * - the log read back from the start by pages of `readPage` (Catalyse
 *   `readAll`, Emmett `readMessagesBatch`, what its consumers page with);
 * - the streams of single events read back whole, one after another
 *   (Catalyse `readStream`, Emmett `readStream`): what loading an aggregate costs.
 *
 * Emmett's SQLite store is given one shared connection (the fastest way it
 * offers; with its defaults it opens a connection per operation, measured once
 * for information, and loses appends under concurrency, hence no concurrent
 * SQLite case). Catalyse and Emmett alternate (which goes first swaps each
 * round), `rounds` times on fresh schemas, databases and files; medians.
 */
export interface PeerOptions {
  readonly url: string;
  readonly writers: number;
  readonly eventsPerWriter: number;
  readonly poolSize: number;
  readonly sequential: number;
  readonly sequentialStreams: number;
  readonly batchSize: number;
  readonly batches: number;
  readonly batchStreams: number;
  readonly readPage: number;
  readonly rounds: number;
  /** Appends of the information-only run of Emmett's SQLite store with its defaults (a connection per operation). */
  readonly sqliteDefaultsAppends: number;
}

/**
 * Events per second of Catalyse and of the peer in one case (medians of the rounds), and of the raw
 * driver doing the same work on the same table without either (no checks, no lock: what any store on
 * that driver cannot beat; NaN where not measured).
 */
export interface Pair {
  readonly catalyse: number;
  readonly peer: number;
  readonly raw: number;
}

export interface PeerPostgresResult {
  readonly concurrent: Pair & { readonly catalyseLatency: Distribution; readonly peerLatency: Distribution };
  readonly sequential: Pair & { readonly catalyseLatency: Distribution; readonly peerLatency: Distribution };
  readonly batch: Pair;
  readonly readAll: Pair & { readonly events: number };
  readonly readStream: Pair & { readonly events: number };
}

export interface PeerSqliteResult {
  readonly sequential: Pair & { readonly catalyseLatency: Distribution; readonly peerLatency: Distribution };
  /** Emmett's SQLite store with its defaults (a connection opened per operation), once, for information. */
  readonly sequentialPeerDefaults: number;
  readonly batch: Pair;
  readonly readAll: Pair & { readonly events: number };
  readonly readStream: Pair & { readonly events: number };
}

export interface PeerResult {
  readonly rounds: number;
  readonly postgres: PeerPostgresResult | undefined;
  readonly sqlite: PeerSqliteResult | undefined;
  /** Runs where a side read back fewer events than were acknowledged (should stay empty). */
  readonly mismatches: readonly string[];
}

/** What one side (Catalyse or Emmett, on one engine) offers the cases. */
interface Side {
  /** Appends `events` to `stream`, whose last revision is `before` (-1: no stream). */
  append(stream: string, events: readonly EventToAppend[], before: number): Promise<void>;
  /** Pages the whole log; returns the events read. */
  readAll(page: number): Promise<number>;
  /** Reads a whole stream; returns its events. */
  readStream(stream: string): Promise<number>;
}

interface Figures {
  concurrent?: { ms: number; latencies: number[] };
  sequential: { ms: number; latencies: number[] };
  batch: { ms: number };
  readAll: { ms: number; events: number };
  readStream: { ms: number; events: number };
}

interface Workload {
  readonly concurrent: EventToAppend[][] | undefined;
  readonly sequential: EventToAppend[];
  readonly batches: EventToAppend[][];
}

export async function peerBench(options: PeerOptions, peer: LoadedPeer, progress: (text: string) => void): Promise<PeerResult> {
  const mismatches: string[] = [];
  const pg: Runs = { catalyse: [], peer: [], raw: [] };
  const lite: Runs = { catalyse: [], peer: [], raw: [] };
  let sqliteDefaults = Number.NaN;
  const admin = new Pool({ connectionString: options.url, max: 2 });
  admin.on('error', () => undefined);
  try {
    for (let round = 0; round < Math.max(1, options.rounds); round++) {
      const order = round % 2 === 0 ? (['catalyse', 'peer'] as const) : (['peer', 'catalyse'] as const);
      if (peer.postgres) {
        for (const side of order) {
          const work = await freshWorkload(options, true);
          progress(`peer, PostgreSQL, round ${round + 1}/${options.rounds}: ${side === 'peer' ? 'Emmett' : 'Catalyse'}`);
          if (side === 'catalyse') {
            const { figures, raw } = await catalysePostgres(options, admin, round, work, mismatches);
            pg.catalyse.push(figures);
            pg.raw.push(raw);
          } else {
            pg.peer.push(await emmettPostgres(options, peer.postgres, admin, round, work, mismatches));
          }
        }
      }
      if (peer.sqlite) {
        for (const side of order) {
          const work = await freshWorkload(options, false);
          progress(`peer, SQLite, round ${round + 1}/${options.rounds}: ${side === 'peer' ? 'Emmett' : 'Catalyse'}`);
          if (side === 'catalyse') {
            const { figures, raw } = await catalyseSqlite(options, work, mismatches);
            lite.catalyse.push(figures);
            lite.raw.push(raw);
          } else {
            lite.peer.push(await emmettSqlite(options, peer.sqlite, work, mismatches));
          }
        }
      }
    }
    if (peer.sqlite) {
      progress('peer, SQLite: Emmett with its defaults (a connection per operation), once');
      try {
        sqliteDefaults = await emmettSqliteDefaults(options, peer.sqlite);
      } catch (error) {
        // Seen once in a few runs: SQLITE_BUSY on COMMIT (a connection per operation, WAL switched on by each).
        mismatches.push(`Emmett, SQLite with its defaults: an append failed (${error instanceof Error ? error.message : String(error)}); no figure`);
      }
    }
  } finally {
    await admin.end();
  }
  const rounds = Math.max(1, options.rounds);
  return {
    rounds,
    postgres: peer.postgres
      ? {
          concurrent: {
            ...pair(pg, (f) => perSecond(options.writers * options.eventsPerWriter, f.concurrent?.ms ?? Number.NaN)),
            catalyseLatency: distribution(pg.catalyse.flatMap((f) => f.concurrent?.latencies ?? [])),
            peerLatency: distribution(pg.peer.flatMap((f) => f.concurrent?.latencies ?? [])),
          },
          sequential: sequentialPair(pg, options),
          batch: pair(pg, (f) => perSecond(options.batches * options.batchSize, f.batch.ms)),
          readAll: { ...pair(pg, (f) => perSecond(f.readAll.events, f.readAll.ms)), events: pg.catalyse[0]?.readAll.events ?? 0 },
          readStream: { ...pair(pg, (f) => perSecond(f.readStream.events, f.readStream.ms)), events: pg.catalyse[0]?.readStream.events ?? 0 },
        }
      : undefined,
    sqlite: peer.sqlite
      ? {
          sequential: sequentialPair(lite, options),
          sequentialPeerDefaults: sqliteDefaults,
          batch: pair(lite, (f) => perSecond(options.batches * options.batchSize, f.batch.ms)),
          readAll: { ...pair(lite, (f) => perSecond(f.readAll.events, f.readAll.ms)), events: lite.catalyse[0]?.readAll.events ?? 0 },
          readStream: { ...pair(lite, (f) => perSecond(f.readStream.events, f.readStream.ms)), events: lite.catalyse[0]?.readStream.events ?? 0 },
        }
      : undefined,
    mismatches,
  };
}

interface Runs {
  readonly catalyse: Figures[];
  readonly peer: Figures[];
  /** The raw driver, run right after Catalyse on a copy of its table (no concurrent case). */
  readonly raw: Figures[];
}

function pair(runs: Runs, rate: (figures: Figures) => number): Pair {
  return { catalyse: medianOf(runs.catalyse.map(rate)), peer: medianOf(runs.peer.map(rate)), raw: medianOf(runs.raw.map(rate)) };
}

function sequentialPair(runs: Runs, options: PeerOptions): PeerSqliteResult['sequential'] {
  return {
    ...pair(runs, (f) => perSecond(options.sequential, f.sequential.ms)),
    catalyseLatency: distribution(runs.catalyse.flatMap((f) => f.sequential.latencies)),
    peerLatency: distribution(runs.peer.flatMap((f) => f.sequential.latencies)),
  };
}

function workload(options: PeerOptions, concurrent: boolean): Workload {
  return {
    concurrent: concurrent ? Array.from({ length: options.writers }, () => Array.from({ length: options.eventsPerWriter }, () => messagePosted())) : undefined,
    sequential: Array.from({ length: options.sequential }, () => messagePosted()),
    batches: Array.from({ length: options.batches }, () => Array.from({ length: options.batchSize }, () => messagePosted())),
  };
}

/**
 * Events built for one side alone, then a full garbage collection. Given the same event objects, whichever side
 * ran second skipped the flattening of their ids (`randomUUID` returns cons strings; the first `JSON.stringify` of an
 * event flattens them), about a fifth of an append's CPU on SQLite: see store.bench.ts.
 */
async function freshWorkload(options: PeerOptions, concurrent: boolean): Promise<Workload> {
  const work = workload(options, concurrent);
  await collectGarbage();
  return work;
}

/** Every case on one side, in order: concurrent (when given), sequential, batches, readAll, readStream of the small streams. */
async function runCases(side: Side, options: PeerOptions, work: Workload): Promise<Figures> {
  const figures: Partial<Figures> = {};
  const smallStreams: string[] = [];
  if (work.concurrent) {
    const latencies: number[] = [];
    const { ms } = await timed(() =>
      Promise.all(
        (work.concurrent ?? []).map(async (events, w) => {
          const stream = `room-c${w}`;
          smallStreams.push(stream);
          for (let revision = 0; revision < events.length; revision++) {
            const start = performance.now();
            await side.append(stream, [events[revision] as EventToAppend], revision - 1);
            latencies.push(performance.now() - start);
          }
        }),
      ),
    );
    figures.concurrent = { ms, latencies };
  }
  {
    const latencies: number[] = [];
    const revisions = new Map<string, number>();
    const { ms } = await timed(async () => {
      for (let i = 0; i < work.sequential.length; i++) {
        const stream = `room-s${i % options.sequentialStreams}`;
        const before = revisions.get(stream) ?? -1;
        const start = performance.now();
        await side.append(stream, [work.sequential[i] as EventToAppend], before);
        latencies.push(performance.now() - start);
        revisions.set(stream, before + 1);
      }
    });
    for (const stream of revisions.keys()) smallStreams.push(stream);
    figures.sequential = { ms, latencies };
  }
  {
    const revisions = new Map<string, number>();
    const { ms } = await timed(async () => {
      for (let b = 0; b < work.batches.length; b++) {
        const stream = `room-b${b % options.batchStreams}`;
        const before = revisions.get(stream) ?? -1;
        const events = work.batches[b] as EventToAppend[];
        await side.append(stream, events, before);
        revisions.set(stream, before + events.length);
      }
    });
    figures.batch = { ms };
  }
  {
    let events = 0;
    const { ms } = await timed(async () => {
      events = await side.readAll(options.readPage);
    });
    figures.readAll = { ms, events };
  }
  {
    let events = 0;
    const { ms } = await timed(async () => {
      for (const stream of smallStreams) events += await side.readStream(stream);
    });
    figures.readStream = { ms, events };
  }
  return figures as Figures;
}

/**
 * Every acknowledged event read back, once. (Emmett's PostgreSQL `readMessagesBatch` orders a page by
 * transaction id, then position: after concurrent appends, a page may end on a smaller position than one
 * it returned, and the next page, from that position, returns that one again.)
 */
function checkCounts(label: string, figures: Figures, options: PeerOptions, work: Workload, mismatches: string[]): void {
  const appended = (work.concurrent ? options.writers * options.eventsPerWriter : 0) + options.sequential + options.batches * options.batchSize;
  const small = (work.concurrent ? options.writers * options.eventsPerWriter : 0) + options.sequential;
  if (figures.readAll.events !== appended)
    mismatches.push(`${label}: paging the log read ${figures.readAll.events} events, ${appended} were acknowledged (the rate counts what was read)`);
  if (figures.readStream.events !== small)
    mismatches.push(`${label}: read ${figures.readStream.events} events of the small streams, ${small} were acknowledged`);
}

// ── Catalyse ────────────────────────────────────────────────────────────────

function catalyseSide(store: PostgresEventStore | SqliteEventStore): Side {
  return {
    append: async (stream, events, before) => {
      await store.append(stream, events, { expectedRevision: before < 0 ? 'no_stream' : BigInt(before) });
    },
    readAll: async (limit) => {
      let events = 0;
      let after = 0n;
      for (;;) {
        const page = await store.readAll({ after, limit });
        events += page.length;
        const last = page.at(-1);
        if (!last || page.length < limit) return events;
        after = last.position;
      }
    },
    readStream: async (stream) => (await store.readStream(stream, { limit: PAGE.max })).length,
  };
}

/** Catalyse, then the raw driver on a copy of its table (same columns, defaults, indexes; its own sequence). */
async function catalysePostgres(
  options: PeerOptions,
  admin: Pool,
  round: number,
  work: Workload,
  mismatches: string[],
): Promise<{ figures: Figures; raw: Figures }> {
  const schema = `bench_peer_catalyse_${process.pid}_${round}`;
  const rawSchema = `bench_peer_raw_${process.pid}_${round}`;
  try {
    const store = await PostgresEventStore.open({ connectionString: options.url, schema, poolSize: options.poolSize });
    let figures: Figures;
    try {
      figures = await runCases(catalyseSide(store), options, work);
      checkCounts('Catalyse, PostgreSQL', figures, options, work, mismatches);
    } finally {
      await store.close();
    }
    await admin.query(
      `CREATE SCHEMA "${rawSchema}";
       CREATE SEQUENCE "${rawSchema}".events_position_seq;
       CREATE TABLE "${rawSchema}".events (LIKE "${schema}".events INCLUDING ALL);
       ALTER TABLE "${rawSchema}".events ALTER COLUMN position SET DEFAULT nextval('"${rawSchema}".events_position_seq');`,
    );
    const pool = new Pool({ connectionString: options.url, max: options.poolSize });
    pool.on('error', () => undefined);
    try {
      return { figures, raw: await runCases(rawPostgresSide(pool, `"${rawSchema}".events`), options, await freshWorkload(options, false)) };
    } finally {
      await pool.end();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${rawSchema}" CASCADE`);
  }
}

/** Catalyse, then raw better-sqlite3 on a copy of its schema (same pragmas: WAL, FULL). */
async function catalyseSqlite(options: PeerOptions, work: Workload, mismatches: string[]): Promise<{ figures: Figures; raw: Figures }> {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-peer-'));
  try {
    const store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    let figures: Figures;
    try {
      figures = await runCases(catalyseSide(store), options, work);
      checkCounts('Catalyse, SQLite', figures, options, work, mismatches);
    } finally {
      await store.close();
    }
    const source = new Database(join(dir, 'events.db'), { readonly: true });
    const schema = source
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid")
      .all();
    source.close();
    const db = new Database(join(dir, 'raw.db'));
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      for (const { sql } of schema) db.exec(sql);
      return { figures, raw: await runCases(rawSqliteSide(db), options, await freshWorkload(options, false)) };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── the raw drivers ─────────────────────────────────────────────────────────

/**
 * pg alone: a single event is one autocommitted prepared INSERT (no lock, no
 * checks: one statement, one round trip); a batch one prepared multi-row
 * `INSERT … SELECT FROM unnest` (as the pg part's raw ceiling); reads prepared
 * SELECTs with pg's default parsers (json parsed).
 */
function rawPostgresSide(pool: Pool, table: string): Side {
  const one = `INSERT INTO ${table} (stream, revision, id, type, data, metadata) VALUES ($1, $2, $3, $4, $5::json, $6::json)`;
  const many = `INSERT INTO ${table} (stream, revision, id, type, data, metadata)
    SELECT $1, $2::bigint + e.ord, e.id, e.type, e.data::json, e.metadata::json
      FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(id, type, data, metadata, ord)
     ORDER BY e.ord`;
  const columns = 'position, stream, revision, id, type, data, metadata, recorded_at';
  return {
    append: async (stream, events, before) => {
      const [first] = events;
      if (events.length === 1 && first) {
        const values = [stream, before + 1, first.id, first.type, JSON.stringify(first.data), JSON.stringify(first.metadata)];
        await pool.query({ name: 'peer-raw-one', text: one, values });
        return;
      }
      await pool.query({
        name: 'peer-raw-many',
        text: many,
        values: [
          stream,
          before,
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
        ],
      });
    },
    readAll: async (limit) => {
      const text = `SELECT ${columns} FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`;
      let rows = 0;
      let after = '0';
      for (;;) {
        const { rows: page } = await pool.query<{ position: string }>({ name: 'peer-raw-page', text, values: [after, limit] });
        rows += page.length;
        const last = page.at(-1);
        if (!last || page.length < limit) return rows;
        after = last.position;
      }
    },
    readStream: async (stream) => {
      const text = `SELECT ${columns} FROM ${table} WHERE stream = $1 ORDER BY revision`;
      return (await pool.query({ name: 'peer-raw-stream', text, values: [stream] })).rows.length;
    },
  };
}

/** better-sqlite3 alone: one transaction per append (one row, or the batch's rows), reads with the JSON parsed. */
function rawSqliteSide(db: Database.Database): Side {
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((stream: string, events: readonly EventToAppend[], before: number) => {
    const at = new Date().toISOString();
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as EventToAppend;
      insert.run(stream, before + 1 + i, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), at);
    }
  });
  const parse = <T extends { data: string; metadata: string }>(row: T): T & { data: unknown; metadata: unknown } => ({
    ...row,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as unknown,
  });
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const whole = db.prepare<[string], { data: string; metadata: string }>(
    'SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM events WHERE stream = ? ORDER BY revision',
  );
  return {
    append: async (stream, events, before) => {
      write.immediate(stream, events, before);
    },
    readAll: async (limit) => {
      let rows = 0;
      let after = 0;
      for (;;) {
        const rowsOfPage = page.all(after, limit).map(parse);
        rows += rowsOfPage.length;
        const last = rowsOfPage.at(-1);
        if (!last || rowsOfPage.length < limit) return rows;
        after = last.position;
      }
    },
    readStream: async (stream) => whole.all(stream).map(parse).length,
  };
}

// ── Emmett ──────────────────────────────────────────────────────────────────

/** The same event as Emmett takes it: its id as `metadata.messageId` (stored as the message id). */
function toEmmett(event: EventToAppend): EmmettEvent {
  return { type: event.type, data: event.data, metadata: { ...event.metadata, messageId: event.id } };
}

/** Catalyse's revision before the append (-1: none) as Emmett's expected version (events so far). */
function emmettExpected(before: number): EmmettExpectedVersion {
  return before < 0 ? STREAM_DOES_NOT_EXIST : BigInt(before + 1);
}

type ReadBatch = (after: bigint, batchSize: number) => ReturnType<EmmettPostgres['readMessagesBatch']>;

/** Emmett's side; the workload converted to its events before the run (adapting the bench's events is not the peer's cost). */
function emmettSide(store: EmmettEventStore, work: Workload, readBatch: ReadBatch): Side {
  const converted = new Map<EventToAppend, EmmettEvent>();
  for (const event of [...(work.concurrent ?? []).flat(), ...work.sequential, ...work.batches.flat()]) converted.set(event, toEmmett(event));
  return {
    append: async (stream, events, before) => {
      await store.appendToStream(
        stream,
        events.map((event) => converted.get(event) ?? toEmmett(event)),
        { expectedStreamVersion: emmettExpected(before) },
      );
    },
    readAll: async (limit) => {
      let events = 0;
      let after = 0n;
      for (;;) {
        const batch = await readBatch(after, limit);
        events += batch.messages.length;
        if (batch.messages.length < limit) return events;
        after = batch.currentGlobalPosition;
      }
    },
    readStream: async (stream) => (await store.readStream(stream)).events.length,
  };
}

async function emmettPostgres(
  options: PeerOptions,
  emmett: EmmettPostgres,
  admin: Pool,
  round: number,
  work: Workload,
  mismatches: string[],
): Promise<Figures> {
  // A database of its own: Emmett's tables, sequence and functions live in the current schema, unqualified.
  const database = `bench_peer_emmett_${process.pid}_${round}`;
  const url = new URL(options.url);
  url.pathname = `/${database}`;
  await admin.query(`CREATE DATABASE "${database}"`);
  try {
    // A pg.Pool of the peer's pg, of the size Catalyse's pool has (dumbo's own would be pg's default, 10, too),
    // ended here before the database is dropped.
    const pgPool = emmett.newPgPool({ connectionString: url.toString(), max: options.poolSize });
    pgPool.on('error', () => undefined);
    const pool = emmett.dumbo({ connectionString: url.toString(), pool: pgPool });
    try {
      const store = emmett.getPostgreSQLEventStore(url.toString(), { connectionOptions: { dumbo: pool } });
      await store.schema.migrate();
      const figures = await runCases(
        emmettSide(store, work, (after, batchSize) => emmett.readMessagesBatch(pool.execute, { after, batchSize })),
        options,
        work,
      );
      checkCounts('Emmett, PostgreSQL', figures, options, work, mismatches);
      return figures;
    } finally {
      await pool.close();
      await pgPool.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

async function emmettSqlite(options: PeerOptions, emmett: EmmettSqlite, work: Workload, mismatches: string[]): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-peer-'));
  const fileName = join(dir, 'emmett.db');
  const connection = emmett.sqliteConnection({ fileName });
  try {
    // Its default already (sqlite3's build); said explicitly, as Catalyse's default.
    await connection.command('PRAGMA synchronous = FULL');
    const store = emmett.getSQLiteEventStore({ fileName, connectionOptions: { connection, singleton: true } });
    await store.schema.migrate();
    const figures = await runCases(
      emmettSide(store, work, (after, batchSize) => emmett.readMessagesBatch(connection, { after, batchSize })),
      options,
      work,
    );
    checkCounts('Emmett, SQLite', figures, options, work, mismatches);
    return figures;
  } finally {
    connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Emmett's SQLite store as `getSQLiteEventStore({ fileName })` makes it: sequential appends, for information. */
async function emmettSqliteDefaults(options: PeerOptions, emmett: EmmettSqlite): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-peer-'));
  try {
    const fileName = join(dir, 'emmett.db');
    const store = emmett.getSQLiteEventStore({ fileName });
    await store.schema.migrate();
    const events = Array.from({ length: options.sqliteDefaultsAppends }, () => toEmmett(messagePosted()));
    const revisions = new Map<string, number>();
    const { ms } = await timed(async () => {
      for (let i = 0; i < events.length; i++) {
        const stream = `room-s${i % options.sequentialStreams}`;
        const before = revisions.get(stream) ?? -1;
        await store.appendToStream(stream, [events[i] as EmmettEvent], { expectedStreamVersion: emmettExpected(before) });
        revisions.set(stream, before + 1);
      }
    });
    return perSecond(events.length, ms);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
