import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandHandler } from '@catalyse/commands';
import { generateHistory } from '@catalyse/demo';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { OBSERVATORY_SECTIONS, Observatory, type ObservatoryQuery, partnershipsSection, type Section } from '@catalyse/observatory';
import { loadScript } from '@catalyse/operations';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { type ObservationDoc, READ_MODELS, type ReadModel } from '@catalyse/projections';
import { Projector } from '@catalyse/projector';
import { distribution, type Distribution, perSecond, timed } from './stats';
import { medianOf } from './store.bench';

/**
 * The observatory over a generated history: the projector's catch-up with and
 * without the observatory's read models, beside a raw read of the same log;
 * then the time of as-of answers, beside a raw read and parse of the
 * observation documents they are computed from.
 *
 * The history goes through the commands (`loadScript`, `CommandHandler`) into
 * a real SQLite event store; each catch-up projects it from zero into a fresh
 * SQLite projection store (`synchronous=FULL`, the product default), after a
 * discarded warm-up over a tenth of the log: with every read model first,
 * then without the observatory's (a warmer second run could only flatter the
 * run without, never hide the observatory's cost); more rounds alternate
 * A B B A. Each catch-up is timed on the wall clock and in CPU time of this
 * process (steadier on a shared machine). The answers run on the first store,
 * projected with every read model.
 */
export interface ObservatoryBenchOptions {
  readonly partnerships: number;
  /** Streams loaded at once by `loadScript`. */
  readonly loadConcurrency: number;
  /** Catch-ups of each kind (with and without the observatory's models), alternated A B B A…; figures are medians. About 40 s each. */
  readonly catchUps: number;
  /** Answers of each warm query (after the first, cold one); and reads of the raw ceiling. */
  readonly repetitions: number;
  /** Page of the raw read of the log (the projector reads by its batch, 500). */
  readonly readPage: number;
  readonly timeZone: string;
  readonly region: string;
  /** Progress lines (stderr). */
  readonly progress: (text: string) => void;
}

export interface CatchUps {
  /** Median events/s of each kind, and every run's. */
  readonly perSecond: number;
  readonly runs: readonly number[];
  /** Events per second of CPU time of this process (user + system; SQLite runs on its thread): steadier than the wall clock on a shared machine. */
  readonly perCpuSecond: number;
  readonly cpuRuns: readonly number[];
  readonly models: number;
}

export interface TimedAnswer {
  readonly name: string;
  readonly query: ObservatoryQuery;
  readonly subjects: number;
  readonly ms: Distribution;
}

export interface ObservatoryBenchResult {
  readonly partnerships: number;
  readonly events: number;
  readonly load: { readonly ms: number; readonly perSecond: number; readonly commands: number; readonly concurrency: number };
  readonly projection: {
    readonly withObservatory: CatchUps;
    readonly withoutObservatory: CatchUps;
    /** Raw better-sqlite3 read of the log, pages of `readPage`, JSON columns parsed: median events/s. */
    readonly rawReadPerSecond: number;
    readonly order: readonly ('with' | 'without')[];
  };
  readonly answers: {
    /** The observation documents of the partnerships section. */
    readonly docs: number;
    readonly docBytes: number;
    readonly observations: number;
    /** Raw better-sqlite3 `SELECT doc` of the collection + `JSON.parse` of each: ms per read. */
    readonly rawRead: Distribution;
    /** The first answer of the partnerships section (reads and dates every document). */
    /** The first answer of an observatory that was not warmed up (it reads every document). */
    readonly cold: { readonly ms: number; readonly subjects: number };
    /** The api's warm-up after its start: every section's documents read into memory. */
    readonly warmUp: { readonly ms: number };
    /** The first answer after the warm-up: what the first user gets. */
    readonly first: { readonly ms: number; readonly subjects: number };
    readonly warm: readonly TimedAnswer[];
    /** The first answer of each other section (the generated history holds partnerships only). */
    readonly others: readonly { readonly section: string; readonly ms: number; readonly subjects: number; readonly docs: number }[];
  };
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const isObservatoryModel = (model: ReadModel): boolean => model.name.startsWith('observatory-');

export async function observatoryBench(options: ObservatoryBenchOptions): Promise<ObservatoryBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-bench-observatory-'));
  const eventsFile = join(dir, 'events.db');
  // NORMAL: the load is given for information only, and FULL would make it the longest step of the part.
  const events = SqliteEventStore.open({ file: eventsFile, synchronous: 'NORMAL' });
  // The store the answers run on, kept open from its catch-up to the end.
  let projected: { store: SqliteProjectionStore; file: string } | undefined;
  try {
    // ── 1. the history, through the commands ──
    options.progress(`observatory: loading a generated history of ${options.partnerships} partnerships through the commands`);
    const { ms: loadMs, result: loaded } = await timed(() =>
      loadScript(events, new CommandHandler(events), generateHistory({ partnerships: options.partnerships }), {
        source: 'bench',
        concurrency: options.loadConcurrency,
      }),
    );
    if (loaded.diverged.length > 0) throw new Error(`the generated history diverged on ${loaded.diverged.length} streams, e.g. ${loaded.diverged[0]?.stream}`);
    const head = await events.headPosition();
    const total = Number(head);

    // ── 2. projector catch-up from zero, with and without the observatory's models, alternated ──
    const everyModel = READ_MODELS;
    const withoutObservatory = READ_MODELS.filter((model) => !isObservatoryModel(model));
    const order: ('with' | 'without')[] = [];
    for (let i = 0; i < Math.max(1, options.catchUps); i++) order.push(...(i % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)));
    const rates = { with: [] as number[], without: [] as number[] };
    const cpuRates = { with: [] as number[], without: [] as number[] };
    const rawRates: number[] = [];
    // A warm-up over the first tenth of the log (discarded), so that neither measured run pays for the JIT.
    const warmUp = BigInt(Math.ceil(total / 10));
    options.progress(`observatory: projector warm-up, ${warmUp} events (discarded)`);
    const warmFile = join(dir, 'read-models-warm-up.db');
    const warmStore = SqliteProjectionStore.open({ file: warmFile });
    await catchUp(events, warmStore, everyModel, warmUp);
    await warmStore.close();
    removeDb(warmFile);
    for (let run = 0; run < order.length; run++) {
      const kind = order[run] as 'with' | 'without';
      const models = kind === 'with' ? everyModel : withoutObservatory;
      options.progress(
        `observatory: projector catch-up ${run + 1}/${order.length}, ${kind} the observatory's models (${models.length} read models), ${total} events`,
      );
      const file = join(dir, `read-models-${run}.db`);
      const store = SqliteProjectionStore.open({ file });
      globalThis.gc?.();
      const { ms, cpuMs } = await catchUp(events, store, models, head);
      rates[kind].push(perSecond(total, ms));
      cpuRates[kind].push(perSecond(total, cpuMs));
      // The answers run on the first store projected with every read model.
      if (kind === 'with' && !projected) projected = { store, file };
      else {
        await store.close();
        removeDb(file);
      }
      // The raw ceiling, after each catch-up (so that it drifts with them).
      rawRates.push(perSecond(...rawReadLog(eventsFile, options.readPage)));
    }
    if (!projected) throw new Error('no catch-up ran');

    // ── 3. as-of answers of the observatory ──
    const answers = await answerTimes(events, projected.store, projected.file, options);
    const catchUps = (kind: 'with' | 'without', models: number): CatchUps => ({
      perSecond: medianOf(rates[kind]),
      runs: rates[kind],
      perCpuSecond: medianOf(cpuRates[kind]),
      cpuRuns: cpuRates[kind],
      models,
    });
    return {
      partnerships: options.partnerships,
      events: total,
      load: { ms: loadMs, perSecond: perSecond(total, loadMs), commands: loaded.commands, concurrency: options.loadConcurrency },
      projection: {
        withObservatory: catchUps('with', everyModel.length),
        withoutObservatory: catchUps('without', withoutObservatory.length),
        rawReadPerSecond: medianOf(rawRates),
        order,
      },
      answers,
    };
  } finally {
    await projected?.store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Projects the log from zero into `store` with `models` until `head` is
 * committed: wall ms from `start()`, and this process's CPU ms meanwhile.
 */
async function catchUp(
  events: SqliteEventStore,
  store: SqliteProjectionStore,
  models: readonly ReadModel[],
  head: bigint,
): Promise<{ ms: number; cpuMs: number }> {
  const projector = new Projector(events, store, new InProcessFeedNotifier(), { logger: quiet, models });
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await projector.start();
    if (!(await projector.waitForPosition(head, 600_000))) throw new Error(`the projector did not reach position ${head}`);
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { ms, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    await projector.stop();
  }
}

async function answerTimes(
  events: SqliteEventStore,
  store: SqliteProjectionStore,
  file: string,
  options: ObservatoryBenchOptions,
): Promise<ObservatoryBenchResult['answers']> {
  // The raw ceiling first (it also tells the span of the history on both clocks).
  const raw = rawReadDocs(file, partnershipsSection.collection);
  const rawMs: number[] = [raw.ms];
  for (let i = 1; i < options.repetitions; i++) rawMs.push(rawReadDocs(file, partnershipsSection.collection).ms);
  const { happened, recorded } = raw.span;

  const open = (): Observatory => new Observatory(store, events, OBSERVATORY_SECTIONS, { timeZone: options.timeZone, now: () => new Date() });
  options.progress(`observatory: answers over ${raw.docs} partnership documents (${raw.observations} observations)`);
  // Without the api's warm-up: the first answer reads every document itself (for information).
  globalThis.gc?.();
  const cold = await timed(() => open().answer(partnershipsSection, {}));
  // As the api runs it: the warm-up after the start fills the memory, then the first answer.
  globalThis.gc?.();
  const observatory = open();
  const warmUp = await timed(() => observatory.warm(new AbortController().signal));
  const first = await timed(() => observatory.answer(partnershipsSection, {}));

  const midHappened = midDay(happened.first, happened.last);
  const midRecorded = new Date((Date.parse(recorded.first) + Date.parse(recorded.last)) / 2).toISOString();
  const year = Number(midHappened.slice(0, 4));
  const queries: { name: string; query: ObservatoryQuery }[] = [
    { name: 'now', query: {} },
    { name: `as of ${midHappened} (happened)`, query: { asOf: midHappened } },
    { name: 'as of mid-load (recorded)', query: { asOf: midRecorded, clock: 'recorded' } },
    { name: `now, region ${options.region}`, query: { region: options.region } },
    { name: `period ${year - 1}-01-01…${year}-12-31`, query: { from: `${year - 1}-01-01`, to: `${year}-12-31` } },
  ];
  const warm: TimedAnswer[] = [];
  for (const { name, query } of queries) {
    const times: number[] = [];
    let subjects = 0;
    for (let i = 0; i < options.repetitions; i++) {
      const { ms, result } = await timed(() => observatory.answer(partnershipsSection, query));
      times.push(ms);
      subjects = result.subjects;
    }
    warm.push({ name, query, subjects, ms: distribution(times) });
  }

  const others: { section: string; ms: number; subjects: number; docs: number }[] = [];
  for (const section of OBSERVATORY_SECTIONS.filter((s: Section) => s !== partnershipsSection)) {
    const docs = await store.countDocs(section.collection, {});
    const { ms, result } = await timed(() => observatory.answer(section, {}));
    others.push({ section: section.name, ms, subjects: result.subjects, docs });
  }

  return {
    docs: raw.docs,
    docBytes: raw.bytes,
    observations: raw.observations,
    rawRead: distribution(rawMs),
    cold: { ms: cold.ms, subjects: cold.result.subjects },
    warmUp: { ms: warmUp.ms },
    first: { ms: first.ms, subjects: first.result.subjects },
    warm,
    others,
  };
}

// ── raw better-sqlite3 ──────────────────────────────────────────────────────

/** The log paged by position, the JSON columns parsed (as `store.bench.ts` reads it): [events, ms]. */
function rawReadLog(file: string, limit: number): [number, number] {
  const db = new Database(file, { readonly: true });
  try {
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
    return [rows, performance.now() - start];
  } finally {
    db.close();
  }
}

interface RawDocs {
  readonly ms: number;
  readonly docs: number;
  readonly bytes: number;
  readonly observations: number;
  /** First and last `on` (day) and `at` (instant) over every observation. */
  readonly span: { readonly happened: { first: string; last: string }; readonly recorded: { first: string; last: string } };
}

/** Every document of the collection in the current epoch, read and parsed (what a cold answer cannot do without). */
function rawReadDocs(file: string, collection: string): RawDocs {
  const db = new Database(file, { readonly: true });
  try {
    const select = db.prepare<[string], { doc: string }>(
      `SELECT doc FROM docs WHERE epoch = (SELECT value FROM meta WHERE key = 'feed_epoch') AND collection = ?`,
    );
    const start = performance.now();
    const rows = select.all(collection);
    const docs = rows.map((row) => JSON.parse(row.doc) as ObservationDoc);
    const ms = performance.now() - start;
    let bytes = 0;
    let observations = 0;
    const happened = { first: '9999', last: '' };
    const recorded = { first: '9999', last: '' };
    for (const [i, doc] of docs.entries()) {
      bytes += rows[i]?.doc.length ?? 0;
      observations += doc.observations.length;
      for (const o of doc.observations) {
        const day = o.on.slice(0, 10);
        if (day < happened.first) happened.first = day;
        if (day > happened.last) happened.last = day;
        if (o.at < recorded.first) recorded.first = o.at;
        if (o.at > recorded.last) recorded.last = o.at;
      }
    }
    return { ms, docs: docs.length, bytes, observations, span: { happened, recorded } };
  } finally {
    db.close();
  }
}

/** The calendar day halfway between two days. */
function midDay(first: string, last: string): string {
  return new Date((Date.parse(`${first}T00:00:00Z`) + Date.parse(`${last}T00:00:00Z`)) / 2).toISOString().slice(0, 10);
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}
