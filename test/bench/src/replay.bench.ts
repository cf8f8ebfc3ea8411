/**
 * The `replay` part of `npm run bench`: a generated history of a million
 * events (`generateHistory`, written with `bulkLoadScript`: the events the
 * commands would write, each stream in one append) on SQLite and on
 * PostgreSQL, each through the product's own stack (`openEventStores`: the
 * personal-data layer and upcasting, `openProjectionStore`), then:
 *
 * - the **raw ceiling**: the same log read and parsed with the driver alone
 *   (better-sqlite3 / pg, pages of 1,000 by position, `data` and `metadata`
 *   parsed), once before and once after the catch-up (median);
 * - the **projector's catch-up from zero** (`Projector` with every read model,
 *   `start()` then `waitForPosition(head)`), with the rate of each tenth of
 *   the log (the slope that the national extrapolation uses);
 * - a **rebuild** of everything into a new epoch. On SQLite, the way an
 *   operator asks it of the embedded service: the all-in-one (`npm start`'s
 *   module) started on the same data folder, `POST /api/operations/rebuilds`,
 *   its worker thread, and `GET /api/health` asked every 10 ms meanwhile (the
 *   service's latency during a rebuild, target p99 ≤ 50 ms). On PostgreSQL,
 *   `ProjectionRebuild` in this process (what `ops rebuild` and the
 *   projector's job run).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateHistory } from '@catalyse/demo';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { bulkLoadScript } from '@catalyse/operations';
import { type FeedUpdate, ProjectionRebuild, type RebuildResult } from '@catalyse/projections';
import { Projector } from '@catalyse/projector';
import { type CatalyseConfig, EVENTS_FILE, loadConfig, openEventStores, openProjectionStore, READ_MODELS_FILE } from '@catalyse/runtime';
import { startPostgres } from '@catalyse/test-servers';
import { expectStatus, HttpClient, tempDataDir } from '@catalyse/testing';
import { startCatalyse } from './catalyse';
import { type CpuAccount, serverPids } from './machine';
import { rawPostgresWrite, rawSqliteWrite } from './replay-raw-write';
import { atLeast, atMost, type Report } from './report';
import { distribution, type Distribution, perSecond, sleep } from './stats';

export interface ReplayOptions {
  /** Partnerships generated: about 10.8 events each (93,000: just over a million events). */
  readonly partnerships: number;
  /** Streams appended at once while loading. */
  readonly loadConcurrency: number;
  /** Page of the raw read (the projector reads by its batch). */
  readonly readPage: number;
  /** Engines measured, in order. */
  readonly engines: readonly ('sqlite' | 'postgres')[];
  /** Events per projector batch (the projector's default), and per transaction of the raw write. */
  readonly batchEvents: number;
  /** The national history of the documents, for the extrapolation. */
  readonly nationalEvents: number;
}

export const REPLAY: ReplayOptions = {
  partnerships: Number(process.env['BENCH_REPLAY_PARTNERSHIPS'] ?? 93_000),
  loadConcurrency: 16,
  readPage: 1000,
  batchEvents: 500,
  engines: replayEngines(process.env['BENCH_REPLAY_ENGINES'] ?? 'sqlite,postgres'),
  nationalEvents: 24_000_000,
};

/** `BENCH_REPLAY_ENGINES=sqlite` (or `postgres`) measures one engine only. */
function replayEngines(list: string): readonly ('sqlite' | 'postgres')[] {
  const engines = list.split(',').map((engine) => engine.trim());
  const unknown = engines.filter((engine) => engine !== 'sqlite' && engine !== 'postgres');
  if (unknown.length > 0 || engines.length === 0) throw new Error(`BENCH_REPLAY_ENGINES: sqlite and/or postgres, not ${unknown.join(', ')}`);
  return engines as ('sqlite' | 'postgres')[];
}

/** Replay at least this fraction of the raw read. */
const REPLAY_RATIO = 0.4;
/** The embedded service answers within this during a rebuild (p99). */
const REBUILD_SERVICE_P99_MS = 50;

interface EngineResult {
  readonly engine: 'sqlite' | 'postgres';
  readonly events: number;
  readonly loadMs: number;
  readonly rawPerSecond: number;
  /** The rows the catch-up left, written again by the driver alone (replay-raw-write.ts). */
  readonly rawWritePerSecond: number;
  readonly catchUp: { readonly perSecond: number; readonly cpuPerSecond: number; readonly ms: number; readonly tenths: readonly number[] };
  readonly rebuild: {
    readonly perSecond: number;
    readonly ms: number;
    readonly events: number;
    readonly how: string;
    /** `GET /api/health` during the rebuild, and for 3 s before it. */
    readonly health?: Distribution;
    readonly idle?: Distribution;
  };
}

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

export async function replayPart(report: Report, progress: (text: string) => void, cpu: CpuAccount): Promise<void> {
  report.context['replay'] = REPLAY;
  const section = report.section(
    'replay',
    `replay: a generated history of ${REPLAY.partnerships.toLocaleString('en-US')} partnerships through the product's stores (personal-data layer, upcasting, every read model); ceiling: the driver's own read + JSON.parse of the same log`,
  );
  for (const engine of REPLAY.engines) {
    const result = engine === 'sqlite' ? await onSqlite(progress) : await onPostgres(progress, cpu);
    addEngine(report, section, result);
  }
}

async function onSqlite(progress: (text: string) => void): Promise<EngineResult> {
  const data = tempDataDir('catalyse-bench-replay-');
  try {
    const config = loadConfig({ DATA_DIR: data.dir, LOG_LEVEL: 'silent' });
    const file = join(data.dir, EVENTS_FILE);
    const raw = (): number => rawSqliteRead(file, REPLAY.readPage);
    const rawWrite = (events: number): number => rawSqliteWrite(join(data.dir, READ_MODELS_FILE), join(data.dir, 'raw-write.db'), events, REPLAY.batchEvents);
    const measured = await loadAndCatchUp(config, 'sqlite', raw, rawWrite, progress);
    // The rebuild an operator asks of the running service.
    progress('replay (SQLite): the all-in-one on the same data folder, a rebuild over HTTP while its health is asked every 10 ms');
    const app = await startCatalyse({ dataDir: data.dir });
    try {
      const ops = new HttpClient(app.url, app.tokens.sign({ sub: 'bench-operator', role: 'operator' }));
      // The service starts with work of its own on this history (milestone reminders of 93,000 partnerships):
      // the rebuild starts once the log has stopped growing for 3 s.
      progress('replay (SQLite): waiting for the service to settle (reminders written, projected)');
      const events = app.get<EventStore>(EVENT_STORE);
      for (let last = await events.headPosition(), still = 0; still < 3;) {
        await sleep(1000);
        const head = await events.headPosition();
        still = head === last ? still + 1 : 0;
        last = head;
      }
      const sample = (health: number[], until: () => boolean): Promise<void> =>
        (async () => {
          while (!until()) {
            const started = performance.now();
            const answer = await ops.get('/api/health');
            if (answer.status === 200) health.push(performance.now() - started);
            await sleep(10);
          }
        })();
      // The same service without a rebuild: its health's latency alone, for comparison.
      const idle: number[] = [];
      const idleUntil = performance.now() + 3000;
      await sample(idle, () => performance.now() > idleUntil);
      const health: number[] = [];
      let done = false;
      const sampling = sample(health, () => done);
      const started = performance.now();
      const accepted = expectStatus(await ops.post<{ id: string; status: string }>('/api/operations/rebuilds', {}), 202);
      let state: { status: string; result?: { events: number }; failedReason?: string };
      for (;;) {
        await sleep(200);
        state = expectStatus(await ops.get<typeof state>(accepted.status), 200);
        if (state.status === 'completed' || state.status === 'failed') break;
      }
      const ms = performance.now() - started;
      done = true;
      await sampling;
      if (state.status !== 'completed') throw new Error(`the rebuild failed: ${state.failedReason ?? 'no reason given'}`);
      const rebuilt = state.result?.events ?? 0;
      return {
        ...measured,
        rebuild: {
          perSecond: perSecond(rebuilt, ms),
          ms,
          events: rebuilt,
          how: 'HTTP job, worker thread',
          health: distribution(health),
          idle: distribution(idle),
        },
      };
    } finally {
      await app.close();
    }
  } finally {
    data.remove();
  }
}

async function onPostgres(progress: (text: string) => void, cpu: CpuAccount): Promise<EngineResult> {
  progress('replay (PostgreSQL): starting a throwaway server');
  const postgres = await startPostgres();
  const data = tempDataDir('catalyse-bench-replay-pg-');
  try {
    const config = loadConfig({ DATA_DIR: data.dir, LOG_LEVEL: 'silent', EVENT_STORE: 'postgres', DATABASE_URL: postgres.url });
    const raw = (): Promise<number> => rawPostgresRead(postgres.url, REPLAY.readPage);
    const rawWrite = (events: number): Promise<number> => rawPostgresWrite(postgres.url, 'catalyse_projections', events, REPLAY.batchEvents);
    const measured = await loadAndCatchUp(config, 'postgres', raw, rawWrite, progress);
    progress('replay (PostgreSQL): a rebuild into a new epoch (ProjectionRebuild, as ops rebuild runs it)');
    const { events } = await openEventStores(config);
    const store = await openProjectionStore(config, 'write');
    try {
      const started = performance.now();
      const result: RebuildResult = await new ProjectionRebuild(
        events,
        store,
        { publish: async (_: readonly FeedUpdate[]) => undefined },
        { holder: 'bench' },
      ).run();
      const ms = performance.now() - started;
      return { ...measured, rebuild: { perSecond: perSecond(result.events, ms), ms, events: result.events, how: 'ProjectionRebuild' } };
    } finally {
      await store.close();
      await events.close();
    }
  } finally {
    cpu.charge(serverPids({ postgres: postgres.port }));
    await postgres.stop();
    data.remove();
  }
}

/** Loads the history, reads it raw (before and after), catches a projector up from zero; the events/s of each tenth of the log. */
async function loadAndCatchUp(
  config: CatalyseConfig,
  engine: 'sqlite' | 'postgres',
  raw: () => number | Promise<number>,
  rawWrite: (events: number) => number | Promise<number>,
  progress: (text: string) => void,
): Promise<Omit<EngineResult, 'rebuild'>> {
  const label = engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const { events } = await openEventStores(config);
  try {
    progress(`replay (${label}): writing ${REPLAY.partnerships} partnerships' events`);
    const loadStarted = performance.now();
    let told = 0;
    await bulkLoadScript(events, generateHistory({ partnerships: REPLAY.partnerships }), {
      source: 'bench',
      concurrency: REPLAY.loadConcurrency,
      onProgress: (written) => {
        if (written - told < 100_000) return;
        told = written;
        progress(`replay (${label}): ${written} events written`);
      },
    });
    const loadMs = performance.now() - loadStarted;
    const head = await events.headPosition();
    const total = Number(head);
    progress(`replay (${label}): raw read of ${total} events`);
    const rawBefore = await raw();

    progress(`replay (${label}): projector catch-up from zero`);
    const store = await openProjectionStore(config, 'write');
    const projector = new Projector(events, store, { publish: async () => undefined }, { logger: quiet, maxBatchSize: REPLAY.batchEvents });
    const marks: number[] = [];
    const tenth = total / 10;
    let nextMark = tenth;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    projector.observe({
      batch: ({ checkpoint }) => {
        while (Number(checkpoint) >= nextMark && marks.length < 10) {
          marks.push(performance.now() - started);
          nextMark += tenth;
        }
      },
    });
    try {
      await projector.start();
      if (!(await projector.waitForPosition(head, 3_600_000))) throw new Error('the catch-up did not reach the head');
    } finally {
      await projector.stop();
      await store.close();
    }
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    const tenths = marks.map((mark, i) => perSecond(tenth, mark - (i === 0 ? 0 : (marks[i - 1] ?? 0))));
    progress(`replay (${label}): raw read again`);
    const rawAfter = await raw();
    progress(`replay (${label}): the catch-up's rows written again by the driver alone`);
    const rawWritePerSecond = await rawWrite(total);
    return {
      engine,
      events: total,
      loadMs,
      rawPerSecond: (rawBefore + rawAfter) / 2,
      rawWritePerSecond,
      catchUp: { perSecond: perSecond(total, ms), cpuPerSecond: perSecond(total, (used.user + used.system) / 1000), ms, tenths },
    };
  } finally {
    await events.close();
  }
}

/** better-sqlite3 alone: pages of `page` by position, both JSON columns parsed; events/s. */
function rawSqliteRead(file: string, page: number): number {
  const db = new Database(file, { readonly: true });
  try {
    db.defaultSafeIntegers(true);
    const select = db.prepare<[bigint, number], { position: bigint; data: string; metadata: string }>(
      'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    const started = performance.now();
    let after = 0n;
    let count = 0;
    for (;;) {
      const rows = select.all(after, page);
      const last = rows.at(-1);
      if (!last) break;
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      count += rows.length;
      after = last.position;
    }
    return perSecond(count, performance.now() - started);
  } finally {
    db.close();
  }
}

/** pg alone: pages of `page` by position, json columns parsed by pg's own parsers; events/s. */
async function rawPostgresRead(url: string, page: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    let after = '0';
    let count = 0;
    for (;;) {
      const { rows } = await client.query<{ position: string }>({
        name: 'raw-read',
        text: 'SELECT * FROM catalyse_events.events WHERE position > $1 ORDER BY position LIMIT $2',
        values: [after, page],
      });
      const last = rows.at(-1);
      if (!last) break;
      count += rows.length;
      after = String(last.position);
    }
    return perSecond(count, performance.now() - started);
  } finally {
    await client.end();
  }
}

function addEngine(report: Report, section: string, r: EngineResult): void {
  const label = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  report.add({
    section,
    name: `${label}: ${r.events.toLocaleString('en-US')} events written (bulkLoadScript, for information)`,
    value: perSecond(r.events, r.loadMs),
    unit: 'events/s',
  });
  report.add({
    section,
    name: `${label}: the catch-up's rows written by the driver alone (no read, no fold; each document once)`,
    value: r.rawWritePerSecond,
    unit: 'events/s',
    ceiling: r.rawPerSecond,
  });
  report.add({
    section,
    name: `${label}: projector catch-up from zero`,
    value: r.catchUp.perSecond,
    unit: 'events/s',
    ceiling: r.rawPerSecond,
    checks: [atLeast(r.catchUp.perSecond / r.rawPerSecond, REPLAY_RATIO, `≥ ${REPLAY_RATIO}× raw`)],
  });
  report.add({
    section,
    name: "beside its rows written by the driver alone (the writes' ceiling)",
    detail: true,
    value: r.catchUp.perSecond,
    unit: 'events/s',
    ceiling: r.rawWritePerSecond,
  });
  report.add({ section, name: 'per CPU second of this process (steadier on a shared machine)', detail: true, value: r.catchUp.cpuPerSecond, unit: 'events/s' });
  const first = r.catchUp.tenths[0];
  const last = r.catchUp.tenths.at(-1);
  if (first !== undefined && last !== undefined) {
    report.add({ section, name: 'first tenth of the log', detail: true, value: first, unit: 'events/s' });
    report.add({ section, name: 'last tenth of the log', detail: true, value: last, unit: 'events/s' });
    const nationalMs = (REPLAY.nationalEvents / last) * 1000;
    report.add({
      section,
      name: `${(REPLAY.nationalEvents / 1e6).toFixed(0)} M events at the last tenth's rate, minutes (extrapolated)`,
      detail: true,
      value: nationalMs / 60_000,
      unit: 'count',
    });
  }
  report.add({
    section,
    name: `${label}: rebuild into a new epoch (${r.rebuild.how})`,
    value: r.rebuild.perSecond,
    unit: 'events/s',
    ceiling: r.rawPerSecond,
    checks: [atLeast(r.rebuild.perSecond / r.rawPerSecond, REPLAY_RATIO, `≥ ${REPLAY_RATIO}× raw`)],
  });
  if (r.rebuild.health) {
    const health = r.rebuild.health;
    report.add({
      section,
      name: `GET /api/health during the rebuild, p99 (${health.count} answers; p50 ${health.p50.toFixed(1)} ms, max ${health.max.toFixed(0)} ms; ceiling: 3 s before it)`,
      value: health.p99,
      unit: 'ms',
      ...(r.rebuild.idle ? { ceiling: r.rebuild.idle.p99 } : {}),
      checks: [atMost(health.p99, REBUILD_SERVICE_P99_MS, `≤ ${REBUILD_SERVICE_P99_MS} ms`)],
    });
  }
}
