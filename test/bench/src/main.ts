/**
 * `npm run bench`: the store, the fan-out and the memory of Catalyse, each
 * beside its raw ceiling measured in the same run (DESIGN §7). Prints a table
 * and a `BENCH_JSON {…}` line. Exit code 0 when the measurement ran (targets
 * met or not), 1 when the harness failed. See ../README.md.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { HUB_EVENTS } from '@catalyse/protocol';
import { type RunningCatalyse, startCatalyse } from './catalyse';
import { ClientsWorker } from './clients';
import { commandToClient, type FanoutOptions, type FanoutResult, rawBroadcast } from './fanout.bench';
import { type HeapResult, heapPerSocket } from './heap.bench';
import { type CpuShare, startCpuAccount } from './machine';
import { startRawSocketServer } from './raw-socketio';
import { atLeast, atMost, Report } from './report';
import { storeBench, type StoreOptions, type StoreResult } from './store.bench';

const TARGETS = {
  singleAppendsPerSecond: 20_000,
  batchEventsPerSecond: 150_000,
  ratioToRawInsert: 0.6,
  p99Ms: 25,
  p99RatioToRaw: 4,
  heapPerSocketBytes: 30 * 1024,
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
const FANOUT: FanoutOptions = { clients: 350, messages: 1000, warmup: 50, intervalMs: 15 };
const IDLE_SOCKETS = 1000;
const IDLE_ROOMS = 10;

const progress = (text: string): void => void process.stderr.write(`bench: ${text}\n`);

const PARTS = ['store', 'fanout', 'memory'] as const;
type Part = (typeof PARTS)[number];

/** `npm run bench -- --only fanout,memory` runs some parts (default: all). */
function selectedParts(): ReadonlySet<Part> {
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  if (values.only === undefined) return new Set(PARTS);
  const asked = values.only.split(',').map((part) => part.trim());
  const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`unknown part(s) ${unknown.join(', ')}: choose among ${PARTS.join(', ')}`);
  return new Set(asked as Part[]);
}

/** Full collections, so that garbage of one part does not pause the next one. */
async function collectGarbage(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 2; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function main(): Promise<void> {
  const parts = selectedParts();
  const started = performance.now();
  const report = new Report();
  report.context['machine'] = { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform };
  report.context['options'] = { store: STORE, fanout: FANOUT, idleSockets: IDLE_SOCKETS };
  const cpu = startCpuAccount();

  if (parts.has('store')) {
    for (const synchronous of ['FULL', 'NORMAL'] as const) {
      progress(`event store, synchronous=${synchronous}`);
      addStore(report, await storeBench({ ...STORE, synchronous }));
      await collectGarbage();
    }
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
          url: raw.url,
          tokens: Array.from({ length: IDLE_SOCKETS }, () => null),
          joinEvent: raw.joinEvent,
          rooms: Array.from({ length: IDLE_ROOMS }, (_, i) => `room:idle-${i}`),
          listen: raw.entryEvent,
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
          addFanout(report, await commandToClient(app, worker, FANOUT), rawFanout);
        }
        if (rawHeap) {
          progress(`catalyse: ${IDLE_SOCKETS} idle sockets`);
          addHeap(report, await idleSockets(app, worker), rawHeap);
        }
      } finally {
        await app.close();
      }
    }
    addCpuShare(report, cpu.stop([process.pid, ...(worker.pid ? [worker.pid] : [])]));
  } finally {
    await worker.close();
  }

  report.context['durationMs'] = Math.round(performance.now() - started);
  process.stdout.write(`\nCatalyse benchmark — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n`);
  process.stdout.write(`${report.render()}\n\n`);
  process.stdout.write(`BENCH_JSON ${report.json()}\n`);
}

async function idleSockets(app: RunningCatalyse, worker: ClientsWorker): Promise<HeapResult> {
  const rooms: string[] = [];
  for (let i = 0; i < IDLE_ROOMS; i++) rooms.push(await app.openRoom(`Idle room ${i}`));
  return heapPerSocket(worker, {
    url: app.url,
    tokens: Array.from({ length: IDLE_SOCKETS }, (_, i) => app.tokens.sign({ sub: `bench-idle-${i}`, role: 'catalyseur' })),
    joinEvent: HUB_EVENTS.join,
    rooms,
    listen: HUB_EVENTS.entry,
  });
}

// ── figures ──────────────────────────────────────────────────────────────────

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
        atLeast(single.perSecond / single.rawGroupedPerSecond, TARGETS.ratioToRawInsert, '≥ 0.6× raw'),
      ],
    }),
  });
  report.add({ section, detail: true, name: 'vs raw, one row per transaction', value: single.perSecond, unit: 'events/s', ceiling: single.rawUngroupedPerSecond });
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
        atLeast(batch.perSecond / batch.rawPerSecond, TARGETS.ratioToRawInsert, '≥ 0.6× raw'),
      ],
    }),
  });
  report.add({ section, name: `readAll, pages of ${STORE.readPage}`, value: read.perSecond, unit: 'events/s', ceiling: read.rawPerSecond });
  report.context[`store${result.synchronous}`] = { ...result, groupCommits: single.commits, meanGroup: single.events / single.commits };
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
  report.add({ section, name: 'heap, connected (authenticated)', value: ours.connected, unit: 'bytes', ceiling: raw.connected, checks: [limit(ours.connected)] });
  report.add({ section, name: `heap, joined to a room (${IDLE_ROOMS} rooms)`, value: ours.joined, unit: 'bytes', ceiling: raw.joined, checks: [limit(ours.joined)] });
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
