/**
 * `npm run bench`: the store, the observatory, the fan-out and the memory of Catalyse, each
 * beside its raw ceiling measured in the same run. Prints a table
 * and a `BENCH_JSON {…}` line. Exit code 0 when the measurement ran (targets
 * met or not), 1 when the harness failed. See ../README.md.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { roomKey } from '@catalyse/protocol';
import { startPostgres } from '@catalyse/test-servers';
import { type RunningCatalyse, startCatalyse } from './catalyse';
import { ClientsWorker } from './clients';
import { commandToClient, type FanoutOptions, type FanoutResult, rawBroadcast } from './fanout.bench';
import { type HeapResult, heapPerSocket } from './heap.bench';
import { type CpuAccount, type CpuShare, serverPids, startCpuAccount } from './machine';
import { observatoryBench, type ObservatoryBenchOptions, type ObservatoryBenchResult } from './observatory.bench';
import { pgStoreBench, type PgStoreOptions, type PgStoreResult } from './pg-store.bench';
import { peerPart } from './peer.part';
import { replayPart } from './replay.bench';
import { startRawSocketServer } from './raw-socketio';
import { atLeast, atMost, Report } from './report';
import { startScaledOut } from './scaled-out';
import { collectGarbage, type Distribution } from './stats';
import { personalDataBench, type PersonalDataOptions, type PersonalDataResult } from './personal-data.bench';
import { medianOf, storeBench, type StoreOptions, type StoreResult } from './store.bench';
import { type SocketsOptions, socketsPart } from './sockets.bench';
import { type StormOptions, stormPart } from './storm.bench';

const TARGETS = {
  singleAppendsPerSecond: 20_000,
  batchEventsPerSecond: 150_000,
  /** Issue 13: single-event appends against raw grouped inserts, batches against raw batched inserts (`FULL`). */
  singleRatioToRawInsert: 0.8,
  batchRatioToRawInsert: 0.9,
  p99Ms: 25,
  p99RatioToRaw: 4,
  heapPerSocketBytes: 30 * 1024,
  pgRatioToRaw: 0.5,
  twoNodeP99RatioToOneNode: 1.5,
  asOfAnswerMs: 1000,
};

const STORE: Omit<StoreOptions, 'synchronous'> = {
  writers: 200,
  eventsPerWriter: 100,
  batchSize: 500,
  batches: 200,
  batchStreams: 8,
  rawUngroupedRows: 1000,
  readPage: 1000,
  rounds: 3,
};
const PG: Omit<PgStoreOptions, 'url'> = {
  writers: 50,
  eventsPerWriter: 40,
  poolSize: 10, // the adapter's default pool size; the raw pool has the same
  batchSize: 500,
  batches: 100,
  batchStreams: 8,
  readPage: 1000,
  rounds: 3,
};
const HUB_NODES = 2;
const FANOUT: FanoutOptions = { clients: 350, messages: 1000, warmup: 50, intervalMs: 15 };
/** Recovery: 350 clients 1,000 behind rejoin at once; one client 100,000 behind (about 60 s). */
const STORM: StormOptions = { clients: 350, behind: 1000, postBatch: 100, farBehind: 100_000, fillBatch: 5000, timeoutMs: 60_000, workers: 2 };
/** 5,000 sockets on one hub node in rooms of everyone, territories and partnerships (about 100 s). */
const SOCKETS: SocketsOptions = {
  clients: 5000,
  territoryShare: 0.6,
  territorySizes: [50, 350, 120, 200, 80, 300, 150, 60, 250, 100],
  partnershipSizes: [2, 6, 3, 10, 4, 8, 5, 2, 7, 9],
  messages: 300,
  warmup: 40,
  intervalMs: 50, // 20 commands/s, about 11,500 deliveries/s: the bare server's p99 stays near 150 ms; at 25 ms it climbs
  everyoneEvery: 10,
  workers: 4, // 2,500 CatalyseHubs of a 5,000-room in one worker hold 5,000 names each: its pauses would be measured
};
const IDLE_SOCKETS = 1000;
const IDLE_ROOMS = 10;
/** Encryption of personal data: the same network history through the plain and the sealing store (about 20 s). */
const PERSONAL: PersonalDataOptions = { events: 100_000, people: 350, batchSize: 500, rounds: 3 };

const OBSERVATORY: Omit<ObservatoryBenchOptions, 'progress'> = {
  partnerships: 20_000,
  loadConcurrency: 32,
  catchUps: 1, // with, then without: about 40 s each on the 2-core VM (2 would alternate A B B A, over the part's 3 minutes)
  repetitions: 5,
  readPage: 500, // the projector's batch
  timeZone: 'Europe/Paris',
  region: 'ile-de-france',
};

const progress = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

const PARTS = ['store', 'pg', 'peer', 'personal', 'replay', 'observatory', 'fanout', 'fanout2', 'memory', 'storm', 'sockets'] as const;
type Part = (typeof PARTS)[number];

/**
 * The long parts, left out of a plain `npm run bench` (which stays near ten minutes on two cores): the replay of a
 * million events on both engines (about 28 minutes), the peer (about 2, plus about 3 to install it the first time)
 * and the personal-data layer (about 2). Each runs when named (`--only replay`), all of them with `--all`.
 */
const LONG_PARTS: readonly Part[] = ['replay', 'peer', 'personal'];

/** `npm run bench -- --only fanout,memory` runs some parts; `--all` every part; nothing: every part but the long ones. */
function selectedParts(): { readonly parts: ReadonlySet<Part>; readonly leftOut: readonly Part[] } {
  const { values } = parseArgs({ options: { only: { type: 'string' }, all: { type: 'boolean' } } });
  if (values.only !== undefined && values.all) throw new Error('choose --only or --all, not both');
  if (values.all) return { parts: new Set(PARTS), leftOut: [] };
  if (values.only === undefined) return { parts: new Set(PARTS.filter((part) => !LONG_PARTS.includes(part))), leftOut: LONG_PARTS };
  const asked = values.only.split(',').map((part) => part.trim());
  const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}: choose among ${PARTS.join(', ')}`);
  return { parts: new Set(asked as Part[]), leftOut: [] };
}

async function main(): Promise<void> {
  const { parts, leftOut } = selectedParts();
  const started = performance.now();
  const report = new Report();
  if (leftOut.length > 0) {
    report.note(`long parts not run: ${leftOut.join(', ')} (npm run bench -- --only ${leftOut.join(',')}, or --all for every part; see test/bench/README.md)`);
  }
  report.context['machine'] = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform };
  report.context['options'] = {
    store: STORE,
    pg: PG,
    personal: PERSONAL,
    observatory: OBSERVATORY,
    fanout: FANOUT,
    hubNodes: HUB_NODES,
    idleSockets: IDLE_SOCKETS,
    storm: STORM,
    sockets: SOCKETS,
  };
  const cpu = startCpuAccount();

  if (parts.has('store')) {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      progress(`event store, synchronous=${synchronous}`);
      addStore(report, await storeBench({ ...STORE, synchronous }));
      await collectGarbage();
    }
  }

  if (parts.has('pg')) {
    progress('event store, PostgreSQL: starting a throwaway server');
    const postgres = await startPostgres();
    try {
      progress('event store, PostgreSQL');
      addPgStore(report, await pgStoreBench({ ...PG, url: postgres.url }));
    } finally {
      cpu.charge(serverPids({ postgres: postgres.port }));
      await postgres.stop();
    }
    await collectGarbage();
  }

  if (parts.has('peer')) {
    await peerPart(report, progress, cpu);
    await collectGarbage();
  }

  if (parts.has('personal')) {
    progress(`personal data: ${PERSONAL.events} events sealed and opened, ${PERSONAL.rounds} rounds`);
    addPersonalData(report, await personalDataBench(PERSONAL));
    await collectGarbage();
  }

  if (parts.has('replay')) {
    await replayPart(report, progress, cpu);
    await collectGarbage();
  }

  if (parts.has('observatory')) {
    addObservatory(report, await observatoryBench({ ...OBSERVATORY, progress }));
    await collectGarbage();
  }

  const worker = ClientsWorker.spawn();
  try {
    let rawFanout: FanoutResult | undefined;
    let rawHeap: HeapResult | undefined;
    const raw = await startRawSocketServer();
    try {
      if (parts.has('fanout')) {
        progress(`raw socket.io: ${FANOUT.clients} clients, ${FANOUT.messages} broadcasts`);
        await collectGarbage();
        rawFanout = await rawBroadcast(raw, worker, FANOUT);
      }
      if (parts.has('memory')) {
        progress(`raw socket.io: ${IDLE_SOCKETS} idle sockets`);
        rawHeap = await heapPerSocket(worker, {
          kind: 'bare',
          url: raw.url,
          tokens: Array.from({ length: IDLE_SOCKETS }, () => null),
          rooms: Array.from({ length: IDLE_ROOMS }, (_, i) => roomKey('room', `idle-${i}`)),
        });
      }
    } finally {
      await raw.close();
    }

    if (rawFanout || rawHeap) {
      progress('catalyse all-in-one: starting in this process');
      const app = await startCatalyse();
      try {
        if (rawFanout) {
          progress(`catalyse: ${FANOUT.clients} clients, ${FANOUT.messages} post-message commands`);
          await collectGarbage();
          addFanout(report, await commandToClient(app, app.url, worker, FANOUT), rawFanout);
        }
        if (rawHeap) {
          progress(`catalyse: ${IDLE_SOCKETS} idle sockets`);
          addHeap(report, await idleSockets(app, worker), rawHeap);
        }
      } finally {
        await app.close();
      }
    }
    if (parts.has('fanout2')) await scaledOutFanout(report, worker, cpu);
    if (parts.has('storm')) await stormPart(report, STORM, progress, (pids) => cpu.charge(pids));
    if (parts.has('sockets')) await socketsPart(report, SOCKETS, progress, (pids) => cpu.charge(pids));
    addCpuShare(report, cpu.stop([process.pid, ...(worker.pid ? [worker.pid] : [])]));
  } finally {
    await worker.close();
  }

  report.context['durationMs'] = Math.round(performance.now() - started);
  process.stdout.write(`\nCatalyse benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n`);
  process.stdout.write(`${report.render()}\n\n`);
  process.stdout.write(`BENCH_JSON ${report.json()}\n`);
}

/**
 * Fan-out across hub nodes, like for like: the same scaled-out processes on
 * PostgreSQL + Redis, first every client on one hub node, then the clients
 * spread round robin over every hub node.
 */
async function scaledOutFanout(report: Report, worker: ClientsWorker, cpu: CpuAccount): Promise<void> {
  progress(`scaled out: starting PostgreSQL, Redis, projector, api, hub ×${HUB_NODES}`);
  const scaled = await startScaledOut(HUB_NODES);
  try {
    const firstHub = scaled.hubUrls.slice(0, 1);
    // The services just started: warm every node up (discarded) so that neither measured run pays for the JIT.
    progress(`scaled out: warm-up, ${FANOUT.clients} clients over ${HUB_NODES} hub nodes, 300 messages`);
    await commandToClient(scaled, scaled.hubUrls, worker, { ...FANOUT, warmup: 0, messages: 300 });
    // Alternated A B B A (1 node, 2 nodes, 2 nodes, 1 node): drift of the shared machine weighs on both alike.
    const ones: FanoutResult[] = [];
    const spreads: FanoutResult[] = [];
    for (const nodes of [1, HUB_NODES, HUB_NODES, 1]) {
      progress(`scaled out, ${nodes} hub node(s): ${FANOUT.clients} clients, ${FANOUT.messages} post-message commands`);
      await collectGarbage();
      if (nodes === 1) ones.push(await commandToClient(scaled, firstHub, worker, FANOUT));
      else spreads.push(await commandToClient(scaled, scaled.hubUrls, worker, FANOUT));
    }
    addScaledFanout(report, ones, spreads);
  } finally {
    cpu.charge([...scaled.pids, ...serverPids({ postgres: scaled.postgresPort, redis: scaled.redisPort })]);
    await scaled.close();
  }
}

async function idleSockets(app: RunningCatalyse, worker: ClientsWorker): Promise<HeapResult> {
  const rooms: string[] = [];
  for (let i = 0; i < IDLE_ROOMS; i++) rooms.push(await app.openRoom(`Idle room ${i}`));
  return heapPerSocket(worker, {
    kind: 'hub',
    url: app.url,
    tokens: Array.from({ length: IDLE_SOCKETS }, (_, i) => app.tokens.sign({ sub: `bench-idle-${i}`, role: 'catalyseur' })),
    rooms,
  });
}

// ── figures ──────────────────────────────────────────────────────────────────

function addPersonalData(report: Report, result: PersonalDataResult): void {
  const section = report.section(
    'personal',
    `personal data encrypted at rest (SQLite; ${result.events.toLocaleString('en')} events, ${Math.round(result.sealedShare * 100)} % with personal fields; medians of ${PERSONAL.rounds} rounds; ceiling: the same store without encryption, or a raw read)`,
  );
  report.add({
    section,
    name: `appends sealing personal fields, batches of ${PERSONAL.batchSize}`,
    value: result.append.sealed,
    unit: 'events/s',
    ceiling: result.append.plain,
  });
  report.add({ section, name: 'readAll opening them', value: result.readAll.sealed, unit: 'events/s', ceiling: result.readAll.plain });
  report.add({ section, detail: true, name: 'vs raw SELECT + JSON.parse', value: result.readAll.sealed, unit: 'events/s', ceiling: result.readAll.raw });
  report.add({ section, name: 'catch-up (subscribeAll) opening them', value: result.catchUp.sealed, unit: 'events/s', ceiling: result.catchUp.plain });
  report.add({
    section,
    name: 'readAll after a tenth of the people were erased',
    value: result.readAllAfterErasures,
    unit: 'events/s',
    ceiling: result.readAll.plain,
  });
  report.context['personal'] = result;
}

function addStore(report: Report, result: StoreResult): void {
  const section = report.section(
    `store ${result.synchronous}`,
    `event store (SQLite, synchronous=${result.synchronous}${result.synchronous === 'FULL' ? ', the default' : ', for information'}; medians of ${result.rounds} alternated rounds)`,
  );
  const targeted = result.synchronous === 'FULL';
  const { single, batch, read } = result;
  report.add({
    section,
    name: `single-event appends, ${STORE.writers} concurrent writers`,
    value: single.perSecond,
    unit: 'events/s',
    ceiling: single.rawGroupedPerSecond,
    ...(targeted && {
      checks: [
        atLeast(single.perSecond, TARGETS.singleAppendsPerSecond, '≥ 20,000/s'),
        atLeast(single.perSecond / single.rawGroupedPerSecond, TARGETS.singleRatioToRawInsert, '≥ 0.8× raw'),
      ],
    }),
  });
  report.add({
    section,
    detail: true,
    name: 'vs raw, one row per transaction',
    value: single.perSecond,
    unit: 'events/s',
    ceiling: single.rawUngroupedPerSecond,
  });
  report.add({ section, detail: true, name: 'append latency p50', value: single.appendLatency.p50, unit: 'ms' });
  report.add({ section, detail: true, name: 'append latency p99', value: single.appendLatency.p99, unit: 'ms' });
  report.add({
    section,
    name: `batches of ${STORE.batchSize} events`,
    value: batch.perSecond,
    unit: 'events/s',
    ceiling: batch.rawPerSecond,
    ...(targeted && {
      checks: [
        atLeast(batch.perSecond, TARGETS.batchEventsPerSecond, '≥ 150,000/s'),
        atLeast(batch.perSecond / batch.rawPerSecond, TARGETS.batchRatioToRawInsert, '≥ 0.9× raw'),
      ],
    }),
  });
  report.add({ section, name: `readAll, pages of ${STORE.readPage}`, value: read.perSecond, unit: 'events/s', ceiling: read.rawPerSecond });
  report.context[`store${result.synchronous}`] = { ...result, groupCommits: single.commits, meanGroup: single.events / single.commits };
}

function addPgStore(report: Report, result: PgStoreResult): void {
  const section = report.section(
    'store PostgreSQL',
    `event store (PostgreSQL 15, appends serialised by an advisory lock by design; test server with fsync off on both sides: ` +
      `the ratios are fair, the absolute rates optimistic; medians of ${result.rounds} alternated rounds)`,
  );
  const ratio = (value: number, raw: number): ReturnType<typeof atLeast> => atLeast(value / raw, TARGETS.pgRatioToRaw, '≥ 0.5× raw');
  const { single, batch, read } = result;
  report.add({
    section,
    name: `single-event appends, ${PG.writers} concurrent writers, pool ${PG.poolSize}`,
    value: single.perSecond,
    unit: 'events/s',
    ceiling: single.rawPerSecond,
    checks: [ratio(single.perSecond, single.rawPerSecond)],
  });
  report.add({ section, detail: true, name: 'append latency p50', value: single.appendLatency.p50, unit: 'ms', ceiling: single.rawLatency.p50 });
  report.add({ section, detail: true, name: 'append latency p99', value: single.appendLatency.p99, unit: 'ms', ceiling: single.rawLatency.p99 });
  report.add({
    section,
    name: `batches of ${PG.batchSize} events (raw: one multi-row INSERT)`,
    value: batch.perSecond,
    unit: 'events/s',
    ceiling: batch.rawPerSecond,
    checks: [ratio(batch.perSecond, batch.rawPerSecond)],
  });
  report.add({
    section,
    name: `readAll, pages of ${PG.readPage}`,
    value: read.perSecond,
    unit: 'events/s',
    ceiling: read.rawPerSecond,
    checks: [ratio(read.perSecond, read.rawPerSecond)],
  });
  report.context['storePostgres'] = result;
}

function addObservatory(report: Report, result: ObservatoryBenchResult): void {
  const integer = (n: number): string => n.toLocaleString('en-US');
  const { load, projection, answers } = result;
  const projecting = report.section(
    'observatory projector',
    `observatory: a generated history of ${integer(result.partnerships)} partnerships, ${integer(result.events)} events, loaded in ${(load.ms / 1000).toFixed(1)} s; ` +
      `projector catch-up from zero into SQLite (FULL), ${projection.order.join(', ')}${projection.order.length > 2 ? ' (medians)' : ''}; ceiling: raw read of the log`,
  );
  report.add({
    section: projecting,
    name: `load through the commands, ${load.concurrency} streams at once (SQLite NORMAL)`,
    value: load.perSecond,
    unit: 'events/s',
  });
  report.add({
    section: projecting,
    name: `catch-up, every read model (${projection.withObservatory.models})`,
    value: projection.withObservatory.perSecond,
    unit: 'events/s',
    ceiling: projection.rawReadPerSecond,
  });
  report.add({
    section: projecting,
    name: `catch-up, without the observatory's (${projection.withoutObservatory.models})`,
    value: projection.withoutObservatory.perSecond,
    unit: 'events/s',
    ceiling: projection.rawReadPerSecond,
  });
  report.add({
    section: projecting,
    detail: true,
    name: "with vs without the observatory's models",
    value: projection.withObservatory.perSecond,
    unit: 'events/s',
    ceiling: projection.withoutObservatory.perSecond,
  });
  report.add({
    section: projecting,
    detail: true,
    name: 'the same per CPU second of the bench process (steadier)',
    value: projection.withObservatory.perCpuSecond,
    unit: 'events/s',
    ceiling: projection.withoutObservatory.perCpuSecond,
  });

  const answering = report.section(
    'observatory answers',
    `observatory answers, partnerships section (${integer(answers.docs)} documents, ${integer(answers.observations)} observations, ` +
      `${(answers.docBytes / 1024 / 1024).toFixed(1)} MB; ceiling: raw SELECT doc + JSON.parse of them all; warm: slowest of ${answers.warm[0]?.ms.count ?? 0})`,
  );
  const limit = (ms: number): ReturnType<typeof atMost> => atMost(ms, TARGETS.asOfAnswerMs, '≤ 1,000 ms');
  report.add({
    section: answering,
    name: 'warm-up after the api starts: every section into memory',
    value: answers.warmUp.ms,
    unit: 'ms',
    ceiling: answers.rawRead.p50,
  });
  report.add({
    section: answering,
    name: `first answer after the warm-up, now (${integer(answers.first.subjects)} subjects)`,
    value: answers.first.ms,
    unit: 'ms',
    ceiling: answers.rawRead.p50,
    checks: [limit(answers.first.ms)],
  });
  report.add({
    section: answering,
    detail: true,
    name: 'without the warm-up, the first answer reads everything (for information)',
    value: answers.cold.ms,
    unit: 'ms',
  });
  for (const answer of answers.warm) {
    report.add({
      section: answering,
      name: `${answer.name} (${integer(answer.subjects)} subjects)`,
      value: answer.ms.max,
      unit: 'ms',
      ceiling: answers.rawRead.p50,
      checks: [limit(answer.ms.max)],
    });
    report.add({ section: answering, detail: true, name: 'median', value: answer.ms.p50, unit: 'ms' });
  }
  for (const other of answers.others) {
    report.add({
      section: answering,
      detail: true,
      name: `${other.section}, first answer (${integer(other.docs)} documents, ${integer(other.subjects)} subjects${other.subjects === 0 ? ': none generated' : ''})`,
      value: other.ms,
      unit: 'ms',
    });
  }
  report.context['observatory'] = result;
}

/** Each percentile the median of the runs' (a p99 is set by a few pauses: one run's is noisy); counts summed. */
function medianFanout(runs: readonly FanoutResult[]): FanoutResult {
  const median = (pick: (run: FanoutResult) => number): number => medianOf(runs.map(pick));
  const dist = (pick: (run: FanoutResult) => Distribution | undefined): Distribution | undefined => {
    const present = runs.flatMap((run) => {
      const d = pick(run);
      return d ? [d] : [];
    });
    if (present.length === 0) return undefined;
    const m = (field: keyof Distribution): number => medianOf(present.map((d) => d[field]));
    return { count: present.reduce((sum, d) => sum + d.count, 0), min: m('min'), p50: m('p50'), p90: m('p90'), p99: m('p99'), max: m('max'), mean: m('mean') };
  };
  const first = runs.find((run) => run.firstError !== undefined);
  const commandAck = dist((run) => run.commandAck);
  return {
    latency: dist((run) => run.latency) as Distribution,
    firstDelivery: dist((run) => run.firstDelivery) as Distribution,
    deliveries: runs.reduce((sum, run) => sum + run.deliveries, 0),
    expected: runs.reduce((sum, run) => sum + run.expected, 0),
    deliveriesPerSecond: median((run) => run.deliveriesPerSecond),
    ...(commandAck ? { commandAck } : {}),
    failed: runs.reduce((sum, run) => sum + run.failed, 0),
    ...(first?.firstError ? { firstError: first.firstError } : {}),
  };
}

function addScaledFanout(report: Report, ones: readonly FanoutResult[], spreads: readonly FanoutResult[]): void {
  const one = medianFanout(ones);
  const spread = medianFanout(spreads);
  const section = report.section(
    'fan-out 2 nodes',
    `fan-out across hub nodes: projector, api, hub ×${HUB_NODES} as processes on PostgreSQL + Redis; ${FANOUT.clients} clients, ` +
      `${FANOUT.messages} messages every ${FANOUT.intervalMs} ms (the ceiling column: the same setup with every client on 1 hub node; medians of 2 + 2 runs alternated 1-2-2-1)`,
  );
  const per = Math.ceil(FANOUT.clients / HUB_NODES);
  const delivered = (result: FanoutResult): { label: string; ok: boolean } => ({
    label: `all ${result.expected} delivered (${result.deliveries})`,
    ok: result.deliveries === result.expected,
  });
  report.add({ section, name: `1 node (${FANOUT.clients} clients), latency p50`, value: one.latency.p50, unit: 'ms' });
  report.add({ section, name: `1 node, latency p99`, value: one.latency.p99, unit: 'ms', checks: [delivered(one)] });
  report.add({ section, name: `${HUB_NODES} nodes (${per} clients each), latency p50`, value: spread.latency.p50, unit: 'ms', ceiling: one.latency.p50 });
  report.add({
    section,
    name: `${HUB_NODES} nodes, latency p99`,
    value: spread.latency.p99,
    unit: 'ms',
    ceiling: one.latency.p99,
    checks: [atMost(spread.latency.p99 / one.latency.p99, TARGETS.twoNodeP99RatioToOneNode, '≤ 1.5× 1 node'), delivered(spread)],
  });
  report.add({ section, name: `${HUB_NODES} nodes, latency max`, value: spread.latency.max, unit: 'ms', ceiling: one.latency.max });
  report.add({ section, detail: true, name: 'first client reached, p50', value: spread.firstDelivery.p50, unit: 'ms', ceiling: one.firstDelivery.p50 });
  report.add({ section, detail: true, name: 'first client reached, p99', value: spread.firstDelivery.p99, unit: 'ms', ceiling: one.firstDelivery.p99 });
  if (spread.commandAck && one.commandAck) {
    report.add({ section, detail: true, name: 'HTTP command answered, p50', value: spread.commandAck.p50, unit: 'ms', ceiling: one.commandAck.p50 });
    report.add({ section, detail: true, name: 'HTTP command answered, p99', value: spread.commandAck.p99, unit: 'ms', ceiling: one.commandAck.p99 });
  }
  for (const [label, result] of [
    ['1 node', one],
    [`${HUB_NODES} nodes`, spread],
  ] as const) {
    if (result.failed > 0)
      report.note(`scaled out, ${label}: ${result.failed} of ${FANOUT.messages} post-message commands failed; first: ${result.firstError}`);
  }
  report.context['fanoutScaledOut'] = { nodes: HUB_NODES, oneNode: one, spread, runs: { oneNode: ones, spread: spreads } };
}

function addFanout(report: Report, ours: FanoutResult, raw: FanoutResult): void {
  const section = report.section(
    'fan-out',
    `fan-out: ${FANOUT.clients} clients in one room, ${FANOUT.messages} messages every ${FANOUT.intervalMs} ms (catalyse: HTTP post-message → room:entry)`,
  );
  report.add({ section, name: 'latency p50', value: ours.latency.p50, unit: 'ms', ceiling: raw.latency.p50 });
  report.add({
    section,
    name: 'latency p99',
    value: ours.latency.p99,
    unit: 'ms',
    ceiling: raw.latency.p99,
    checks: [atMost(ours.latency.p99, TARGETS.p99Ms, '≤ 25 ms'), atMost(ours.latency.p99 / raw.latency.p99, TARGETS.p99RatioToRaw, '≤ 4× raw')],
  });
  report.add({ section, name: 'latency max', value: ours.latency.max, unit: 'ms', ceiling: raw.latency.max });
  report.add({ section, detail: true, name: 'first client reached, p50', value: ours.firstDelivery.p50, unit: 'ms', ceiling: raw.firstDelivery.p50 });
  report.add({ section, detail: true, name: 'first client reached, p99', value: ours.firstDelivery.p99, unit: 'ms', ceiling: raw.firstDelivery.p99 });
  report.add({
    section,
    name: 'deliveries',
    value: ours.deliveriesPerSecond,
    unit: 'deliveries/s',
    ceiling: raw.deliveriesPerSecond,
    checks: [
      { label: `all ${ours.expected} delivered (${ours.deliveries})`, ok: ours.deliveries === ours.expected },
      { label: `raw: all delivered (${raw.deliveries})`, ok: raw.deliveries === raw.expected },
    ],
  });
  if (ours.failed > 0) {
    report.add({
      section,
      name: 'post-message commands refused',
      value: ours.failed,
      unit: 'count',
      checks: [{ label: `none of ${FANOUT.messages} refused`, ok: false }],
    });
    report.note(`${ours.failed} of ${FANOUT.messages} post-message commands failed; first: ${ours.firstError}`);
  }
  if (ours.commandAck) {
    report.add({ section, detail: true, name: 'HTTP command answered, p50', value: ours.commandAck.p50, unit: 'ms' });
    report.add({ section, detail: true, name: 'HTTP command answered, p99', value: ours.commandAck.p99, unit: 'ms' });
  }
  report.context['fanout'] = { ours, raw };
}

function addHeap(report: Report, ours: HeapResult, raw: HeapResult): void {
  const section = report.section('memory', `memory per idle socket (${ours.sockets} sockets, server process, after full GC)`);
  const limit = (value: number): ReturnType<typeof atMost> => atMost(value, TARGETS.heapPerSocketBytes, '≤ 30 KB');
  report.add({
    section,
    name: 'heap, connected (authenticated)',
    value: ours.connected,
    unit: 'bytes',
    ceiling: raw.connected,
    checks: [limit(ours.connected)],
  });
  report.add({
    section,
    name: `heap, joined to a room (${IDLE_ROOMS} rooms)`,
    value: ours.joined,
    unit: 'bytes',
    ceiling: raw.joined,
    checks: [limit(ours.joined)],
  });
  report.add({ section, detail: true, name: 'external + array buffers, joined', value: ours.externalJoined, unit: 'bytes', ceiling: raw.externalJoined });
  report.add({ section, detail: true, name: 'rss, joined (noisy)', value: ours.rssJoined, unit: 'bytes', ceiling: raw.rssJoined });
  report.context['heap'] = { ours, raw };
}

function addCpuShare(report: Report, share: CpuShare | undefined): void {
  if (!share) return;
  report.context['cpu'] = share;
  if (share.others > 0.1) {
    report.note(
      `other processes used ${(share.others * 100).toFixed(0)}% of the machine during the run (the bench ${(share.bench * 100).toFixed(0)}%): ` +
        'every figure is pessimistic, run again on a quiet machine',
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench: harness failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
