import { randomUUID } from 'node:crypto';
import { v7 as timeOrderedUuid } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore, EventToAppend } from '@catalyse/event-store';
import { SqliteEventStore, type SynchronousMode } from '@catalyse/event-store-sqlite';
import { collectGarbage, distribution, type Distribution, perSecond, timed } from './stats';

/**
 * The SQLite event store against raw better-sqlite3 on the same machine, in the
 * same run, on the same kind of rows: the raw side uses the very schema the
 * adapter created (copied from its file), the same pragmas (WAL, `synchronous`),
 * a prepared INSERT and transactions of the same size, and serialises events
 * built the same way to JSON as the adapter does.
 *
 * Each side appends events built for it alone, right before it runs, as a command
 * handler builds them: `crypto.randomUUID()` returns its ids as V8 cons strings (the
 * four correlation, causation, message and client ids of a `messagePosted`; `uuid`'s
 * `v7()` comes out flat), and the first `JSON.stringify` of an event flattens them
 * (about 1 µs an event). Given the same objects, whichever side went second skipped
 * that work and ran about 20 % faster (measured both ways round: adapter then raw,
 * raw then adapter, adapter twice, raw twice).
 *
 * Disk and CPU on a shared 2-core machine are noisy: the adapter and the raw
 * side run in alternation, `rounds` times on fresh files (the adapter first in
 * even rounds, raw first in odd ones), and each figure is the median of its
 * rounds. Each side starts after a full garbage collection (`collectGarbage`,
 * `--expose-gc`), its events built: otherwise whichever side ran first would pay
 * for moving the other's events out of the young generation.
 */
export interface StoreOptions {
  readonly synchronous: SynchronousMode;
  /** Concurrent writers of single-event appends, each on its own stream. */
  readonly writers: number;
  readonly eventsPerWriter: number;
  /** Events per append in the batch run, and batches. */
  readonly batchSize: number;
  readonly batches: number;
  /** Streams the batches rotate over. */
  readonly batchStreams: number;
  /** Rows of the raw one-row-per-transaction reference (no grouping; slow under FULL). */
  readonly rawUngroupedRows: number;
  readonly readPage: number;
  /** Alternated runs of adapter and raw; figures are medians. */
  readonly rounds: number;
}

export interface StoreResult {
  readonly synchronous: SynchronousMode;
  /** Alternated adapter/raw runs the medians below come from. */
  readonly rounds: number;
  readonly single: {
    readonly events: number;
    readonly perSecond: number;
    /** Over every append of every round. */
    readonly appendLatency: Distribution;
    /** Transactions the adapter committed for them (group commit). */
    readonly commits: number;
    /** Raw: transactions of `writers` rows (one per stream), what perfect grouping would give. */
    readonly rawGroupedPerSecond: number;
    /** Raw: one row per transaction, what a writer without grouping gets. */
    readonly rawUngroupedPerSecond: number;
  };
  readonly batch: { readonly events: number; readonly perSecond: number; readonly rawPerSecond: number };
  readonly read: { readonly events: number; readonly perSecond: number; readonly rawPerSecond: number };
}

/** One round: the figures of StoreResult, with the latencies still raw. */
type Round = Omit<StoreResult, 'rounds' | 'single'> & {
  readonly single: Omit<StoreResult['single'], 'appendLatency'> & { readonly latencies: readonly number[] };
};

interface Row {
  readonly stream: string;
  readonly revision: number;
  readonly event: EventToAppend;
}

export async function storeBench(options: StoreOptions): Promise<StoreResult> {
  const rounds: Round[] = [];
  for (let round = 0; round < Math.max(1, options.rounds); round++) rounds.push(await storeRound(options, round % 2 === 1));
  const median = (pick: (round: Round) => number): number => medianOf(rounds.map(pick));
  const first = rounds[0] as Round;
  return {
    synchronous: options.synchronous,
    rounds: rounds.length,
    single: {
      events: first.single.events,
      perSecond: median((r) => r.single.perSecond),
      appendLatency: distribution(rounds.flatMap((r) => r.single.latencies)),
      commits: median((r) => r.single.commits),
      rawGroupedPerSecond: median((r) => r.single.rawGroupedPerSecond),
      rawUngroupedPerSecond: median((r) => r.single.rawUngroupedPerSecond),
    },
    batch: { events: first.batch.events, perSecond: median((r) => r.batch.perSecond), rawPerSecond: median((r) => r.batch.rawPerSecond) },
    read: { events: first.read.events, perSecond: median((r) => r.read.perSecond), rawPerSecond: median((r) => r.read.rawPerSecond) },
  };
}

export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function storeRound(options: StoreOptions, rawFirst: boolean): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-store-'));
  try {
    // The raw side copies the adapter's schema: a file made by the adapter, empty.
    await SqliteEventStore.open({ file: join(dir, 'schema.db'), synchronous: options.synchronous }).close();
    const schema = copySchema(join(dir, 'schema.db'));
    const adapterSide = async (): Promise<AdapterFigures> => {
      const { singles, batches } = sideEvents(options);
      await collectGarbage();
      const store = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: options.synchronous });
      try {
        const single = await singleAppends(store, singles);
        const batch = await batchAppends(store, batches, options.batchStreams);
        const read = await readAllPages(store, options.readPage);
        return { single, batch, read };
      } finally {
        await store.close();
      }
    };
    const rawSide = async (): Promise<RawFigures> => {
      const { singles, batches } = sideEvents(options);
      const ungroupedEvents = Array.from({ length: options.rawUngroupedRows }, () => messagePosted());
      await collectGarbage();
      const raw = openRaw(join(dir, 'raw.db'), schema, options.synchronous);
      try {
        // In the order the concurrent writers produce them: transaction k holds revision k of every stream.
        const singleRows = Array.from({ length: options.eventsPerWriter }, (_, revision) =>
          singles.map((events, w) => ({ stream: `single-${w}`, revision, event: events[revision] as EventToAppend })),
        ).flat();
        const batchRows = batches.flatMap((events, b) => {
          const stream = `batch-${b % options.batchStreams}`;
          const base = Math.floor(b / options.batchStreams) * options.batchSize;
          return events.map((event, i) => ({ stream, revision: base + i, event }));
        });
        const ungroupedRows = ungroupedEvents.map((event, i) => ({
          stream: `ungrouped-${i % options.writers}`,
          revision: Math.floor(i / options.writers),
          event,
        }));
        const ungrouped = rawInsert(raw, ungroupedRows, 1);
        const grouped = rawInsert(raw, singleRows, options.writers);
        const batched = rawInsert(raw, batchRows, options.batchSize);
        const read = rawReadAll(raw, options.readPage);
        return { ungrouped, grouped, batched, read, singleRows: singleRows.length, batchRows: batchRows.length };
      } finally {
        raw.close();
      }
    };
    let adapter: AdapterFigures;
    let raw: RawFigures;
    if (rawFirst) {
      raw = await rawSide();
      adapter = await adapterSide();
    } else {
      adapter = await adapterSide();
      raw = await rawSide();
    }
    const singleEvents = options.writers * options.eventsPerWriter;
    const batchEvents = options.batches * options.batchSize;
    return {
      synchronous: options.synchronous,
      single: {
        events: singleEvents,
        perSecond: perSecond(singleEvents, adapter.single.ms),
        latencies: adapter.single.latencies,
        commits: adapter.single.commits,
        rawGroupedPerSecond: perSecond(raw.singleRows, raw.grouped),
        rawUngroupedPerSecond: perSecond(options.rawUngroupedRows, raw.ungrouped),
      },
      batch: { events: batchEvents, perSecond: perSecond(batchEvents, adapter.batch.ms), rawPerSecond: perSecond(raw.batchRows, raw.batched) },
      read: { events: adapter.read.events, perSecond: perSecond(adapter.read.events, adapter.read.ms), rawPerSecond: perSecond(raw.read.rows, raw.read.ms) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface AdapterFigures {
  readonly single: { ms: number; latencies: number[]; commits: number };
  readonly batch: { ms: number };
  readonly read: { ms: number; events: number };
}

/** Milliseconds of each raw run, and its row counts. */
interface RawFigures {
  readonly ungrouped: number;
  readonly grouped: number;
  readonly batched: number;
  readonly read: { ms: number; rows: number };
  readonly singleRows: number;
  readonly batchRows: number;
}

/** Every writer appends its events one at a time to its own stream, with the exact expected revision. */
async function singleAppends(store: SqliteEventStore, writers: readonly EventToAppend[][]): Promise<{ ms: number; latencies: number[]; commits: number }> {
  const latencies: number[] = [];
  const commitsBefore = store.stats.commits;
  const { ms } = await timed(() =>
    Promise.all(
      writers.map(async (events, w) => {
        const stream = `single-${w}`;
        for (let revision = 0; revision < events.length; revision++) {
          const start = performance.now();
          await store.append(stream, [events[revision] as EventToAppend], {
            expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1),
          });
          latencies.push(performance.now() - start);
        }
      }),
    ),
  );
  return { ms, latencies, commits: store.stats.commits - commitsBefore };
}

/** One writer appending batches in turn to several streams (any adapter), each with its exact expected revision. */
export async function batchAppends(store: EventStore, batches: readonly EventToAppend[][], streams: number): Promise<{ ms: number }> {
  const revisions = new Map<string, bigint>();
  const { ms } = await timed(async () => {
    for (let b = 0; b < batches.length; b++) {
      const stream = `batch-${b % streams}`;
      const current = revisions.get(stream);
      const result = await store.append(stream, batches[b] as EventToAppend[], { expectedRevision: current ?? 'no_stream' });
      revisions.set(stream, result.nextRevision);
    }
  });
  return { ms };
}

/** `readAll` from the start, page after page, until the end of the log. */
export async function readAllPages(store: EventStore, limit: number): Promise<{ ms: number; events: number }> {
  let events = 0;
  const { ms } = await timed(async () => {
    let after = 0n;
    for (;;) {
      const page = await store.readAll({ after, limit });
      events += page.length;
      const last = page.at(-1);
      if (!last || page.length < limit) return;
      after = last.position;
    }
  });
  return { ms, events };
}

// ── raw better-sqlite3 ──────────────────────────────────────────────────────

/** The DDL of the adapter's tables and indexes, read from its file. */
function copySchema(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid")
      .all()
      .map((row) => row.sql);
  } finally {
    db.close();
  }
}

function openRaw(file: string, schema: readonly string[], synchronous: SynchronousMode): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  for (const ddl of schema) db.exec(ddl);
  return db;
}

/** Inserts rows with a prepared statement, `perTransaction` rows per transaction; returns ms. */
function rawInsert(db: Database.Database, rows: readonly Row[], perTransaction: number): number {
  const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const write = db.transaction((chunk: readonly Row[], recordedAt: string) => {
    for (const { stream, revision, event } of chunk) {
      insert.run(stream, revision, event.id, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt);
    }
  });
  const start = performance.now();
  for (let i = 0; i < rows.length; i += perTransaction) write.immediate(rows.slice(i, i + perTransaction), new Date().toISOString());
  return performance.now() - start;
}

/** Pages the whole table by position, decoding the JSON columns like any reader must. */
function rawReadAll(db: Database.Database, limit: number): { ms: number; rows: number } {
  const select = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT position, stream, revision, id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  let rows = 0;
  const start = performance.now();
  let after = 0;
  for (;;) {
    const page = select.all(after, limit).map((row) => ({ ...row, data: JSON.parse(row.data) as unknown, metadata: JSON.parse(row.metadata) as unknown }));
    rows += page.length;
    const last = page.at(-1);
    if (!last || page.length < limit) break;
    after = last.position;
  }
  return { ms: performance.now() - start, rows };
}

/** The events one side appends, fresh (see the file's comment). */
export function sideEvents(options: Pick<StoreOptions, 'writers' | 'eventsPerWriter' | 'batches' | 'batchSize'>): {
  singles: EventToAppend[][];
  batches: EventToAppend[][];
} {
  return {
    singles: Array.from({ length: options.writers }, () => Array.from({ length: options.eventsPerWriter }, () => messagePosted())),
    batches: Array.from({ length: options.batches }, () => Array.from({ length: options.batchSize }, () => messagePosted())),
  };
}

// ── the events ──────────────────────────────────────────────────────────────

const TEXT = 'Compte rendu de l’atelier « mise en relation » : trois entreprises du territoire rejoignent la démarche, prochaine étape le COPIL.';

/** A `MessagePosted` as the command handler writes it: ~500 bytes of JSON. */
export function messagePosted(): EventToAppend {
  const id = timeOrderedUuid(); // as the command handler makes them
  const at = new Date().toISOString();
  return {
    id,
    type: 'MessagePosted',
    data: { messageId: randomUUID(), clientMsgId: randomUUID(), authorId: 'catalyseur-3f2a9c', text: TEXT, postedAt: at },
    metadata: { correlationId: randomUUID(), causationId: randomUUID(), actor: 'catalyseur-3f2a9c', occurredAt: at, schemaVersion: 1 },
  };
}
