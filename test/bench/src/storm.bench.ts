import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { roomStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore, type EventToAppend } from '@catalyse/event-store';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import {
  type ClientToServerEvents,
  type FeedEntry,
  HUB_EVENTS,
  type InterServerEvents,
  parseRoomKey,
  type RoomKey,
  type ServerToClientEvents,
} from '@catalyse/protocol';
import { type RunningCatalyse, startCatalyse } from './catalyse';
import { type ClientKind, entryDigestLine, type HeldRun } from './clients';
import { ClientsPool } from './clients-pool';
import { entryLike } from './raw-socketio';
import { atLeast, atMost, type Check, type Report } from './report';
import { distribution, type Distribution, sleep } from './stats';

/**
 * Recovery after an absence, two ways (docs/architecture.md §5.3: "after any disconnect, of any length"):
 *
 * - **storm**: `clients` clients in one room go offline together, `behind` messages are posted, then they all
 *   reconnect at once and rejoin with their `since`. Measured: from the first reconnect to the moment the
 *   slowest client holds the feed's head; then every client's entries are checked against the feed (seqs 1..N
 *   contiguous, and the same entries, by digest).
 * - **far behind**: one client, `farBehind` entries behind, reconnects: its catch-up rate, and the growth of
 *   the server's memory while it runs (sampled in this process, which is the server's).
 *
 * Catalyse's clients are `CatalyseHub`s (their `LiveRoom`s rejoin with `since` by themselves); the raw
 * ceiling is a bare socket.io server answering the same `room:join {since}` from a feed it holds in memory,
 * pre-built (no store, no auth, no queue), with bare sockets: see `startRawFeedServer`.
 */
export interface StormOptions {
  readonly clients: number;
  /** Messages posted while the storm's clients are offline. */
  readonly behind: number;
  /** Messages per append while filling the storm's room. */
  readonly postBatch: number;
  /** Entries the far-behind client misses. */
  readonly farBehind: number;
  /** Entries per transaction when the far-behind room is filled straight into the projection store. */
  readonly fillBatch: number;
  /** How long the clients may take to catch up before the bench gives up on them. */
  readonly timeoutMs: number;
  /** Clients workers (processes) the clients are spread over: decoding 350,000 entries takes one core more than a second. */
  readonly workers: number;
}

export interface CatchUp {
  readonly clients: number;
  readonly behind: number;
  /** From the first reconnect to the moment the slowest client held the head. */
  readonly ms: number;
  /** Per client, from the first reconnect to the moment it held the head. */
  readonly perClient: Distribution;
  /** Clients that did not hold the head within the timeout. */
  readonly late: number;
  /** Clients whose entries are exactly the feed's, seq 1 to the head. */
  readonly exact: number;
  /** What was wrong, if anything (the first differing run). */
  readonly problem?: string;
}

export interface MemoryGrowth {
  /** Peak of heapUsed above its level just before the catch-up (garbage included). */
  readonly heapPeak: number;
  /** heapUsed above that level after the catch-up and full collections (what stayed). */
  readonly heapAfter: number;
  /** Peak of external memory (buffers, socket writes) above the level before (garbage included). */
  readonly externalPeak: number;
  /** Peak of rss above the level before. */
  readonly rssPeak: number;
  readonly samples: number;
}

/**
 * A second catch-up as long, with a full collection at 20, 40, 60 and 80 % of the first one's duration (not
 * more: each costs tens of milliseconds of the server's time): what the server really holds at those moments.
 */
export interface LiveMemory {
  /** Peak of heapUsed + external above the level before, each measured just after a full collection. */
  readonly peak: number;
  readonly samples: number;
  /** That catch-up's duration (slowed by the collections: for information). */
  readonly ms: number;
  readonly exact: boolean;
}

export interface FarBehind extends CatchUp {
  readonly perSecond: number;
  readonly memory: MemoryGrowth;
  readonly live: LiveMemory;
  /** Size of the missed entries as JSON, for scale. */
  readonly backlogBytes: number;
}

export interface StormResult {
  readonly storm: CatchUp;
  readonly far: FarBehind;
  /** Catalyse only: filling the storm's room through the commands. */
  readonly fill?: { readonly posts: number; readonly appends: number; readonly ms: number };
}

// ── the raw ceiling ──────────────────────────────────────────────────────────

/** Entries a join ack carries at most, the rest following as `room:entry` (the hub's default `joinAckMaxEntries`). */
const RAW_ACK_MAX = 5000;

interface RawFeedServer {
  readonly url: string;
  /** Appends entries to a room's feed without telling anyone (its clients are offline). */
  append(room: RoomKey, entries: readonly FeedEntry[]): void;
  feed(room: RoomKey): readonly FeedEntry[];
  close(): Promise<void>;
}

/**
 * The raw ceiling of a catch-up: a bare socket.io server holding each room's feed as pre-built entries in
 * memory. `room:join {room, since}` is acked with the entries after `since` (at most `RAW_ACK_MAX`, the
 * rest emitted as `room:entry` in a loop at once, as a bare server would), without `since` with the whole
 * feed. Nothing else: no auth, no store, no queue, no presence.
 */
async function startRawFeedServer(): Promise<RawFeedServer> {
  const feeds = new Map<RoomKey, FeedEntry[]>();
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on(HUB_EVENTS.join, (request, ack) => {
      const { room, since } = request;
      const feed = feeds.get(room) ?? [];
      const after = since?.seq ?? 0;
      const rest = feed.slice(after);
      void socket.join(room);
      ack({ ok: true, data: { room, epoch: 1, head: feed.length, entries: rest.slice(0, RAW_ACK_MAX), snapshot: since === undefined, presence: [] } });
      for (let i = RAW_ACK_MAX; i < rest.length; i++) socket.emit(HUB_EVENTS.entry, rest[i] as FeedEntry);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    append: (room, entries) => {
      const feed = feeds.get(room) ?? [];
      for (const entry of entries) feed.push(entry);
      feeds.set(room, feed);
    },
    feed: (room) => feeds.get(room) ?? [],
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** `count` message entries of `room` from `seq` on, shaped like the hub's. */
function messages(room: RoomKey, fromSeq: number, count: number): FeedEntry[] {
  return Array.from({ length: count }, (_, i) => entryLike(room, fromSeq + i, MESSAGE));
}

export async function rawStorm(worker: ClientsPool, options: StormOptions): Promise<StormResult> {
  const server = await startRawFeedServer();
  try {
    const room = 'room:storm';
    server.append(room, messages(room, 1, 1));
    const storm = await catchUp(
      worker,
      'bare',
      server.url,
      Array.from({ length: options.clients }, () => null),
      room,
      options,
      {
        fill: async () => {
          server.append(room, messages(room, 2, options.behind));
          return server.feed(room).length;
        },
        feed: async () => server.feed(room),
      },
    );

    const far = 'room:far';
    server.append(far, messages(far, 1, 1));
    const farResult = await farBehind(worker, 'bare', server.url, [null], far, options, {
      fill: async () => {
        server.append(far, messages(far, server.feed(far).length + 1, options.farBehind));
        return server.feed(far).length;
      },
      feed: async () => server.feed(far),
    });
    return { storm, far: farResult };
  } finally {
    await server.close();
  }
}

// ── Catalyse ─────────────────────────────────────────────────────────────────

export async function catalyseStorm(app: RunningCatalyse, worker: ClientsPool, options: StormOptions): Promise<StormResult> {
  const store = app.get<ProjectionStore>(PROJECTION_STORE);
  const events = app.get<EventStore>(EVENT_STORE);
  const notifier = app.get<FeedNotifier>(FEED_NOTIFIER);
  const feed = (room: RoomKey) => async (): Promise<FeedEntry[]> => readWholeFeed(store, room);

  const room = await app.openRoom('Recovery storm');
  const id = roomIdOf(room);
  const tokens = Array.from({ length: options.clients }, (_, i) => app.tokens.sign({ sub: `bench-storm-${i}`, role: 'catalyseur' }));
  let fill: StormResult['fill'];
  const storm = await catchUp(worker, 'hub', app.url, tokens, room, options, {
    // Messages in the room's stream, 100 events per append (the commands, one at a time per stream with their
    // fsync, post about 70 a second into one room): the log, the projector, the room's feed, as posts go.
    fill: async () => {
      const start = performance.now();
      const batches = chunks(options.behind, options.postBatch);
      for (const count of batches) await events.append(roomStream(id), messageEvents(count), { expectedRevision: 'any' });
      fill = { posts: options.behind, appends: batches.length, ms: performance.now() - start };
      return waitForHead(store, room, options.behind, options.timeoutMs);
    },
    feed: feed(room),
  });

  const far = await app.openRoom('Far behind');
  const farResult = await farBehind(worker, 'hub', app.url, [app.tokens.sign({ sub: 'bench-far', role: 'catalyseur' })], far, options, {
    // Straight into the projection store, in the projector's own transactions (a message history of months
    // posted through the commands would take minutes to prepare); the hub reads it as any other feed.
    fill: async () => {
      const start = await store.feedHead(far);
      for (let done = 0; done < options.farBehind; done += options.fillBatch) {
        const count = Math.min(options.fillBatch, options.farBehind - done);
        await store.transaction(async (tx) => {
          for (let i = 0; i < count; i++) {
            const seq = start.head + done + i + 1;
            const entry = entryLike(far, seq, MESSAGE);
            await tx.appendFeedEntry(far, { position: String(FILL_POSITIONS + BigInt(seq)), at: entry.at, kind: entry.kind, data: entry.data });
          }
        });
      }
      const head = await store.feedHead(far);
      await notifier.publish([{ room: far, epoch: head.epoch, head: head.head }]);
      return head.head;
    },
    feed: feed(far),
  });
  return { storm, far: farResult, ...(fill ? { fill } : {}) };
}

/** `MessagePosted` events of `bench-poster`, as the room's decider writes them (ids from the idempotency keys aside). */
function messageEvents(count: number): EventToAppend[] {
  const now = new Date().toISOString();
  return Array.from({ length: count }, () => {
    const messageId = randomUUID();
    return {
      id: messageId,
      type: 'MessagePosted',
      data: { messageId, clientMsgId: messageId, authorId: 'bench-poster', text: MESSAGE, postedAt: now },
      metadata: { correlationId: messageId, causationId: messageId, actor: 'bench-poster', occurredAt: now, schemaVersion: 1 },
    };
  });
}

/** `total` split into chunks of at most `size`. */
function chunks(total: number, size: number): number[] {
  return Array.from({ length: Math.ceil(total / size) }, (_, i) => Math.min(size, total - i * size));
}

/** Positions of the entries staged straight into a feed: far above the log's, so they never meet a real one. */
const FILL_POSITIONS = 1_000_000_000_000n;

// ── the measurement, the same for both ──────────────────────────────────────

interface Staging {
  /** Adds the entries the clients miss; resolves with the feed's head. */
  fill(): Promise<number>;
  /** The whole feed, to check what the clients hold. */
  feed(): Promise<readonly FeedEntry[]>;
}

/** Every client joins from seq 1, holding every entry (as an application keeps its room; no delivery times), then goes offline. */
async function joinThenGoOffline(worker: ClientsPool, room: RoomKey, clients: number): Promise<void> {
  const joined = await worker.join(room, { history: 'all', record: false, hold: true });
  if (joined.failed > 0) throw new Error(`${joined.failed} of ${clients} clients could not join ${room}: ${joined.firstError}`);
  await worker.offline();
}

async function catchUp(
  worker: ClientsPool,
  kind: ClientKind,
  url: string,
  tokens: readonly (string | null)[],
  room: RoomKey,
  options: StormOptions,
  staging: Staging,
): Promise<CatchUp> {
  await worker.connect({ kind, url, tokens });
  try {
    await joinThenGoOffline(worker, room, tokens.length);
    const head = await staging.fill();
    await sleep(500); // the server has seen them go
    await worker.syncClocks();
    await fullGc();
    const result = await worker.reconnect({ room, head, timeoutMs: options.timeoutMs });
    return await judge(worker, room, head, result.start, result.done, await staging.feed());
  } finally {
    await worker.disconnect();
  }
}

async function farBehind(
  worker: ClientsPool,
  kind: ClientKind,
  url: string,
  tokens: readonly (string | null)[],
  room: RoomKey,
  options: StormOptions,
  staging: Staging,
): Promise<FarBehind> {
  await worker.connect({ kind, url, tokens });
  try {
    // The rate: nothing in the way but a cheap sampler (its peaks count garbage not collected yet).
    await joinThenGoOffline(worker, room, tokens.length);
    const before = (await staging.feed()).length;
    const head = await staging.fill();
    const feed = await staging.feed();
    const backlogBytes = feed.slice(before).reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry)), 0);
    await sleep(500);
    await worker.syncClocks();
    await fullGc();
    const sampler = sampleMemory();
    const result = await worker.reconnect({ room, head, timeoutMs: options.timeoutMs });
    const memory = await sampler.stop();
    const judged = await judge(worker, room, head, result.start, result.done, feed);

    // What the server holds: as far behind again, full collections every LIVE_SAMPLE_MS.
    await worker.offline();
    const liveHead = await staging.fill();
    await sleep(500);
    await fullGc();
    const live = liveSampler(judged.ms);
    const again = await worker.reconnect({ room, head: liveHead, timeoutMs: options.timeoutMs });
    const livePeak = await live.stop();
    const rejudged = await judge(worker, room, liveHead, again.start, again.done, await staging.feed());
    return {
      ...judged,
      perSecond: ((head - before) * 1000) / judged.ms,
      memory,
      live: { ...livePeak, ms: rejudged.ms, exact: rejudged.exact === 1 && rejudged.late === 0 },
      backlogBytes,
    };
  } finally {
    await worker.disconnect();
  }
}

async function judge(worker: ClientsPool, room: RoomKey, head: number, start: number, done: readonly number[], feed: readonly FeedEntry[]): Promise<CatchUp> {
  const times = done.filter((at) => Number.isFinite(at)).map((at) => at - start);
  const runs = await worker.held(room);
  const expected = digestOf(feed);
  const exact = (run: HeldRun): boolean => run.contiguous && run.first === 1 && run.last === head && run.count === head && run.digest === expected;
  const wrong = runs.find((run) => !exact(run));
  return {
    clients: done.length,
    behind: head,
    ms: times.length === done.length ? Math.max(...times) : Number.NaN,
    perClient: distribution(times),
    late: done.length - times.length,
    exact: runs.filter(exact).reduce((sum, run) => sum + run.clients, 0),
    ...(wrong
      ? {
          problem: `${wrong.clients} client(s) hold seqs ${wrong.first}..${wrong.last} (${wrong.count} entries, contiguous: ${wrong.contiguous}, same as the feed: ${wrong.digest === expected}), the feed 1..${head}`,
        }
      : {}),
  };
}

function digestOf(entries: readonly FeedEntry[]): string {
  const hash = createHash('sha1');
  for (const entry of entries) hash.update(entryDigestLine(entry));
  return hash.digest('hex');
}

async function readWholeFeed(store: ProjectionStore, room: RoomKey): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  for (;;) {
    const page = await store.readFeed(room, out.at(-1)?.seq ?? 0, 1000);
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

/** Waits until the projector has written `more` entries after the room's opening ones; resolves with the head. */
async function waitForHead(store: ProjectionStore, room: RoomKey, more: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 0;
  for (;;) {
    const { head } = await store.feedHead(room);
    const messages = (await store.readFeed(room, 0, head)).filter((entry) => entry.kind === 'MessagePosted').length;
    if (messages >= more) return head;
    if (performance.now() > deadline) throw new Error(`${room}: ${messages} of ${more} messages projected (head ${head}, was ${last})`);
    last = head;
    await sleep(50);
  }
}

function roomIdOf(room: RoomKey): string {
  const parsed = parseRoomKey(room);
  if (parsed?.kind !== 'room') throw new Error(`openRoom answered ${room}, not the key of a room`);
  return parsed.id;
}

async function fullGc(): Promise<void> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Samples this process's memory every few milliseconds (when the event loop lets it) until `stop`. */
function sampleMemory(): { stop(): Promise<MemoryGrowth> } {
  const base = process.memoryUsage();
  let heapPeak = 0;
  let externalPeak = 0;
  let rssPeak = 0;
  let samples = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed - base.heapUsed);
    externalPeak = Math.max(externalPeak, m.external - base.external);
    rssPeak = Math.max(rssPeak, m.rss - base.rss);
    samples++;
  };
  const timer = setInterval(sample, 5);
  return {
    stop: async () => {
      clearInterval(timer);
      sample();
      await fullGc();
      const after = process.memoryUsage();
      return { heapPeak, heapAfter: after.heapUsed - base.heapUsed, externalPeak, rssPeak, samples };
    },
  };
}

/** Measures heapUsed + external just after full collections at 20, 40, 60 and 80 % of `expectedMs`, until `stop`. */
function liveSampler(expectedMs: number): { stop(): Promise<{ peak: number; samples: number }> } {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  const live = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = live();
  let peak = 0;
  let samples = 0;
  const timers = [0.2, 0.4, 0.6, 0.8].map((share) =>
    setTimeout(() => {
      gc();
      peak = Math.max(peak, live() - base);
      samples++;
    }, share * expectedMs),
  );
  return {
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      return { peak, samples };
    },
  };
}

/** A chat message of ordinary length (~120 characters), as in the fan-out part. */
const MESSAGE = 'Point d’étape du COPIL : le jalon « diagnostic partagé » est atteint, prochaine réunion le 12 avec la collectivité.';

/**
 * The `storm` part: the raw ceiling, then Catalyse (the all-in-one in this process), then the figures. The
 * clients live in `options.workers` processes of their own; `charge` counts their CPU as the bench's.
 */
export async function stormPart(
  report: Report,
  options: StormOptions,
  progress: (text: string) => void,
  charge: (pids: readonly number[]) => void,
): Promise<void> {
  const pool = ClientsPool.spawn(options.workers);
  try {
    progress(`raw socket.io: storm of ${options.clients} clients ${options.behind} behind, then one ${options.farBehind} behind`);
    const raw = await rawStorm(pool, options);
    await fullGc();
    progress('catalyse all-in-one: starting in this process');
    const app = await startCatalyse();
    try {
      progress(`catalyse: storm of ${options.clients} clients ${options.behind} behind, then one ${options.farBehind} behind`);
      addStormFigures(report, await catalyseStorm(app, pool, options), raw, options);
    } finally {
      await app.close();
    }
  } finally {
    charge(pool.pids);
    await pool.close();
  }
  await fullGc();
}

// ── figures ──────────────────────────────────────────────────────────────────

export const STORM_TARGETS = {
  /** Every client of the storm exact within this time of the first reconnect. */
  stormMs: 2000,
  /** The far-behind client's catch-up rate. */
  farPerSecond: 100_000,
  /** Peak of what the server holds (heap + external, after full collections) during the far-behind catch-up. */
  farLiveBytes: 16 * 1024 * 1024,
};

export function addStormFigures(report: Report, ours: StormResult, raw: StormResult, options: StormOptions): void {
  const integer = (n: number): string => n.toLocaleString('en-US');
  const section = report.section(
    'storm',
    `recovery: ${integer(options.clients)} clients ${integer(options.behind)} entries behind rejoin at once; one client ${integer(options.farBehind)} behind ` +
      '(ceiling: a bare socket.io server answering the same joins from pre-built entries in memory)',
  );
  const exactly = (result: CatchUp, label: string): Check => ({
    label: `${label}${result.exact}/${result.clients} exact`,
    ok: result.exact === result.clients && result.late === 0,
  });
  const { storm, far } = ours;
  report.add({
    section,
    name: `storm: the slowest of ${integer(storm.clients)} clients holds seqs 1..${integer(storm.behind)}`,
    value: storm.ms,
    unit: 'ms',
    ceiling: raw.storm.ms,
    checks: [atMost(storm.ms, STORM_TARGETS.stormMs, '≤ 2,000 ms'), exactly(storm, ''), exactly(raw.storm, 'raw: ')],
  });
  report.add({ section, detail: true, name: 'median client', value: storm.perClient.p50, unit: 'ms', ceiling: raw.storm.perClient.p50 });
  if (ours.fill) {
    report.add({
      section,
      detail: true,
      name: `${integer(ours.fill.posts)} messages appended to the room's stream in ${ours.fill.appends} appends, until projected`,
      value: ours.fill.ms,
      unit: 'ms',
    });
  }
  report.add({
    section,
    name: `one client ${integer(far.behind - 1)} entries behind: catch-up`,
    value: far.perSecond,
    unit: 'deliveries/s',
    ceiling: raw.far.perSecond,
    checks: [atLeast(far.perSecond, STORM_TARGETS.farPerSecond, '≥ 100,000/s'), exactly(far, ''), exactly(raw.far, 'raw: ')],
  });
  report.add({ section, detail: true, name: 'its duration', value: far.ms, unit: 'ms', ceiling: raw.far.ms });
  report.add({
    section,
    name: `server memory held during it, peak (heap + external after full GCs; the backlog: ${(far.backlogBytes / 1024 / 1024).toFixed(1)} MB of JSON)`,
    value: far.live.peak,
    unit: 'bytes',
    ceiling: raw.far.live.peak,
    checks: [
      atMost(far.live.peak, STORM_TARGETS.farLiveBytes, '≤ 16 MB'),
      { label: 'exact again', ok: far.live.exact },
      { label: 'raw: exact again', ok: raw.far.live.exact },
    ],
  });
  report.add({
    section,
    detail: true,
    name: `that catch-up's duration (${far.live.samples} full GCs in the way; raw: ${raw.far.live.samples})`,
    value: far.live.ms,
    unit: 'ms',
    ceiling: raw.far.live.ms,
  });
  report.add({
    section,
    detail: true,
    name: 'heap growth at full speed, peak (garbage included)',
    value: far.memory.heapPeak,
    unit: 'bytes',
    ceiling: raw.far.memory.heapPeak,
  });
  report.add({
    section,
    detail: true,
    name: 'external memory, peak (garbage included)',
    value: far.memory.externalPeak,
    unit: 'bytes',
    ceiling: raw.far.memory.externalPeak,
  });
  report.add({ section, detail: true, name: 'rss, peak (noisy)', value: far.memory.rssPeak, unit: 'bytes', ceiling: raw.far.memory.rssPeak });
  for (const [label, result] of [
    ['storm', storm],
    ['far behind', far],
    ['raw storm', raw.storm],
    ['raw far behind', raw.far],
  ] as const) {
    if (result.problem) report.note(`${label}: ${result.problem}`);
  }
  report.context['storm'] = { options, ours, raw };
}
