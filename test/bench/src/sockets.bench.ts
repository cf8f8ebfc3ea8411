import { randomUUID } from 'node:crypto';
import { parseRoomKey, roomKey, type RoomKey } from '@catalyse/protocol';
import { type RunningCatalyse, startCatalyse } from './catalyse';
import type { ClientKind } from './clients';
import { ClientsPool } from './clients-pool';
import { entryLike, type RawSocketServer, startRawSocketServer } from './raw-socketio';
import { atMost, type Report } from './report';
import { distribution, type Distribution, inPool, now, sleep } from './stats';

/**
 * Thousands of sockets on one hub node, in rooms of the sizes the network has: every client in the room of
 * everyone, and in one smaller room — a territory's (50 to 350 people) or a partnership's (2 to 10). Measured:
 * the server's heap per idle socket (connected, then joined to its two rooms), then command → every client's
 * `onEntry` with messages paced over the rooms (one in `everyoneEvery` to the room of everyone, the others
 * alternately to a territory's and a partnership's room, round robin). The raw ceiling is the bare socket.io
 * server of the fan-out part with bare sockets in the same rooms, broadcasting entries of the same size to
 * the same rooms at the same pace.
 */
export interface SocketsOptions {
  readonly clients: number;
  /** Share of the clients in territory rooms; the others are in partnership rooms. */
  readonly territoryShare: number;
  /** Sizes of the territory rooms, used in turn until the territories' share is seated. */
  readonly territorySizes: readonly number[];
  /** Sizes of the partnership rooms, used in turn. */
  readonly partnershipSizes: readonly number[];
  readonly messages: number;
  readonly warmup: number;
  readonly intervalMs: number;
  /** One message in this many goes to the room of everyone. */
  readonly everyoneEvery: number;
  /** Clients workers (processes) the clients are spread over. */
  readonly workers: number;
}

type RoomClass = 'everyone' | 'territory' | 'partnership';

interface RoomSpec {
  readonly class: RoomClass;
  /** Indexes of the clients in it, ascending. */
  readonly members: readonly number[];
}

interface Layout {
  readonly rooms: readonly RoomSpec[];
  /** Per client, the index of its smaller room. */
  readonly smallRoomOf: readonly number[];
  /** The rooms messages go to, in order (indexes). */
  readonly schedule: (message: number) => number;
}

export interface SocketsRun {
  readonly sockets: number;
  readonly rooms: number;
  /** Server heap per socket, after full collections: connected, then joined to its two rooms. */
  readonly heapConnected: number;
  readonly heapJoined: number;
  readonly rssJoined: number;
  readonly connectMs: number;
  readonly joinMs: number;
  readonly latency: Distribution;
  readonly byClass: Readonly<Record<RoomClass, Distribution>>;
  readonly deliveries: number;
  readonly expected: number;
  readonly failed: number;
  readonly firstError?: string;
  /** Per message, in order: its room's class, when it was sent (ms after the first), the command's answer (ms), its first and last delivery (ms). */
  readonly timeline: readonly (readonly [RoomClass, number, number, number, number])[];
}

export function layoutOf(options: SocketsOptions): Layout {
  const rooms: RoomSpec[] = [{ class: 'everyone', members: Array.from({ length: options.clients }, (_, i) => i) }];
  const smallRoomOf: number[] = [];
  const seat = (kind: RoomClass, sizes: readonly number[], from: number, to: number): void => {
    let next = from;
    for (let i = 0; next < to; i++) {
      const size = Math.min(sizes[i % sizes.length] ?? 1, to - next);
      const members = Array.from({ length: size }, (_, k) => next + k);
      for (const member of members) smallRoomOf[member] = rooms.length;
      rooms.push({ class: kind, members });
      next += size;
    }
  };
  const territories = Math.round(options.clients * options.territoryShare);
  seat('territory', options.territorySizes, 0, territories);
  seat('partnership', options.partnershipSizes, territories, options.clients);
  const territoryRooms = rooms.flatMap((room, i) => (room.class === 'territory' ? [i] : []));
  const partnershipRooms = rooms.flatMap((room, i) => (room.class === 'partnership' ? [i] : []));
  const schedule = (message: number): number => {
    if (message % options.everyoneEvery === 0) return 0;
    const turn = message - Math.floor(message / options.everyoneEvery) - 1;
    const list = turn % 2 === 0 ? territoryRooms : partnershipRooms;
    return list[Math.floor(turn / 2) % list.length] ?? 0;
  };
  return { rooms, smallRoomOf, schedule };
}

/** The `sockets` part: the raw ceiling, then Catalyse, then the figures; the clients in their own processes. */
export async function socketsPart(
  report: Report,
  options: SocketsOptions,
  progress: (text: string) => void,
  charge: (pids: readonly number[]) => void,
): Promise<void> {
  const layout = layoutOf(options);
  const pool = ClientsPool.spawn(options.workers);
  try {
    progress(`raw socket.io: ${options.clients} sockets in ${layout.rooms.length} rooms`);
    const raw = await rawSockets(pool, layout, options);
    await settledMemory();
    progress('catalyse all-in-one: starting in this process');
    const app = await startCatalyse();
    try {
      progress(`catalyse: ${options.clients} CatalyseHubs in ${layout.rooms.length} rooms`);
      addSocketsFigures(report, await catalyseSockets(app, pool, layout, options, progress), raw, options);
    } finally {
      await app.close();
    }
  } finally {
    charge(pool.pids);
    await pool.close();
  }
}

async function rawSockets(pool: ClientsPool, layout: Layout, options: SocketsOptions): Promise<SocketsRun> {
  const server = await startRawSocketServer();
  try {
    const keys = layout.rooms.map((_, i) => roomKey('room', `bench-${i}`));
    let position = 0;
    const text = MESSAGE;
    return await measure(
      pool,
      'bare',
      server.url,
      Array.from({ length: options.clients }, () => null),
      keys,
      layout,
      options,
      async (room) => {
        const entry = entryLike(room, ++position, text);
        const sentAt = now();
        (server as RawSocketServer).broadcast(room, entry);
        return { key: entry.position, sentAt };
      },
    );
  } finally {
    await server.close();
  }
}

async function catalyseSockets(
  app: RunningCatalyse,
  pool: ClientsPool,
  layout: Layout,
  options: SocketsOptions,
  progress: (text: string) => void,
): Promise<SocketsRun> {
  const keys: RoomKey[] = new Array<RoomKey>(layout.rooms.length);
  const poster = app.as('bench-poster');
  // Open rooms: the network's for everyone, theme rooms of a territory's or a partnership's size for the others
  // (a room of kind partnership or territory needs that partnership or territory to exist: not what is measured).
  await inPool(layout.rooms, 8, async (room, i) => {
    const body =
      room.class === 'everyone'
        ? { kind: 'network', title: 'Bench: everyone', access: 'open' }
        : { kind: 'theme', subject: `bench-${room.class}-${i}`, title: `Bench ${room.class} ${i}`, access: 'open' };
    const response = await poster.post<{ id: string }>('/api/rooms', body);
    if (response.status !== 201) throw new Error(`opening a room answered ${response.status}: ${JSON.stringify(response.body)}`);
    keys[i] = roomKey('room', response.body.id);
  });
  progress(`catalyse: ${layout.rooms.length} rooms opened; connecting ${options.clients} clients`);
  const tokens = Array.from({ length: options.clients }, (_, i) => app.tokens.sign({ sub: `bench-socket-${i}`, role: 'catalyseur' }));
  return measure(pool, 'hub', app.url, tokens, keys, layout, options, async (room) => {
    const id = parseRoomKey(room)?.id ?? '';
    const sentAt = now();
    const response = await poster.post<{ position?: unknown }>(`/api/rooms/${id}/post-message`, { clientMsgId: randomUUID(), text: MESSAGE });
    if (response.status !== 200 && response.status !== 201) throw new Error(`post-message answered ${response.status}: ${JSON.stringify(response.body)}`);
    return { key: String(response.body.position), sentAt, ackMs: now() - sentAt };
  });
}

interface Sent {
  readonly key: string;
  readonly sentAt: number;
  readonly ackMs?: number;
  readonly room: number;
}

async function measure(
  pool: ClientsPool,
  kind: ClientKind,
  url: string,
  tokens: readonly (string | null)[],
  keys: readonly RoomKey[],
  layout: Layout,
  options: SocketsOptions,
  send: (room: RoomKey) => Promise<Omit<Sent, 'room'>>,
): Promise<SocketsRun> {
  const sockets = tokens.length;
  const base = await settledMemory();
  const connectStart = performance.now();
  await pool.connect({ kind, url, tokens });
  const connectMs = performance.now() - connectStart;
  try {
    const connected = await settledMemory();
    const joinStart = performance.now();
    for (const rooms of [[keys[0] as RoomKey], layout.smallRoomOf.map((room) => keys[room] as RoomKey)]) {
      const joined = await pool.join(rooms, { history: 'latest' });
      if (joined.failed > 0) throw new Error(`${joined.failed} of ${sockets} clients could not join: ${joined.firstError}`);
    }
    const joinMs = performance.now() - joinStart;
    await sleep(1000); // presence and the joins' traffic drain
    const joined = await settledMemory();
    await pool.collect();

    const paced = async (messages: number, offset: number): Promise<{ sent: Sent[]; errors: Error[] }> => {
      const pending: Promise<Sent | Error>[] = [];
      const start = performance.now();
      for (let i = 0; i < messages; i++) {
        const wait = start + i * options.intervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        const room = layout.schedule(offset + i);
        pending.push(
          send(keys[room] as RoomKey).then(
            (sent) => ({ ...sent, room }),
            (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
          ),
        );
      }
      const outcomes = await Promise.all(pending);
      return { sent: outcomes.filter((o): o is Sent => !(o instanceof Error)), errors: outcomes.filter((o): o is Error => o instanceof Error) };
    };
    const expectedPerWorker = (sent: readonly Sent[]): number[] => {
      const totals = pool.shares.map(() => 0);
      const blockOf = blocks(pool.shares);
      for (const { room } of sent) for (const member of layout.rooms[room]?.members ?? []) totals[blockOf(member)]! += 1;
      return totals;
    };

    await pool.syncClocks();
    const warm = await paced(options.warmup, 0);
    await pool.awaitDeliveries(expectedPerWorker(warm.sent), 20_000);
    await pool.collect();
    const { sent, errors } = await paced(options.messages, options.warmup);
    const expected = expectedPerWorker(sent);
    await pool.awaitDeliveries(expected, 30_000);
    const deliveries = await pool.collect();

    const all: number[] = [];
    const byClass: Record<RoomClass, number[]> = { everyone: [], territory: [], partnership: [] };
    const timeline: (readonly [RoomClass, number, number, number, number])[] = [];
    const first = sent[0]?.sentAt ?? 0;
    for (const { key, sentAt, ackMs, room } of sent) {
      const kind = layout.rooms[room]?.class ?? 'everyone';
      const times = (deliveries[key] ?? []).map((at) => at - sentAt);
      for (const ms of times) all.push(ms);
      byClass[kind].push(...times);
      const round = (ms: number): number => Math.round(ms * 10) / 10;
      timeline.push([kind, round(sentAt - first), round(ackMs ?? 0), round(Math.min(...times)), round(Math.max(...times))]);
    }
    return {
      sockets,
      rooms: layout.rooms.length,
      heapConnected: (connected.heapUsed - base.heapUsed) / sockets,
      heapJoined: (joined.heapUsed - base.heapUsed) / sockets,
      rssJoined: (joined.rss - base.rss) / sockets,
      connectMs,
      joinMs,
      latency: distribution(all),
      byClass: { everyone: distribution(byClass.everyone), territory: distribution(byClass.territory), partnership: distribution(byClass.partnership) },
      deliveries: all.length,
      expected: expected.reduce((sum, n) => sum + n, 0),
      failed: errors.length,
      ...(errors[0] ? { firstError: errors[0].message } : {}),
      timeline,
    };
  } finally {
    await pool.disconnect();
  }
}

/** Worker of client i, for workers holding contiguous blocks of `shares[w]` clients. */
function blocks(shares: readonly number[]): (client: number) => number {
  const ends: number[] = [];
  let end = 0;
  for (const share of shares) ends.push((end += share));
  return (client) => {
    const w = ends.findIndex((e) => client < e);
    return w < 0 ? shares.length - 1 : w;
  };
}

/** This process's memory after the event loop went quiet and full collections ran. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  await sleep(500);
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}

/** A chat message of ordinary length (~120 characters), as in the fan-out part. */
const MESSAGE = 'Point d’étape du COPIL : le jalon « diagnostic partagé » est atteint, prochaine réunion le 12 avec la collectivité.';

// ── figures ──────────────────────────────────────────────────────────────────

export const SOCKETS_TARGETS = { p99RatioToRaw: 3, heapRatioToRaw: 1.2 };

export function addSocketsFigures(report: Report, ours: SocketsRun, raw: SocketsRun, options: SocketsOptions): void {
  const integer = (n: number): string => n.toLocaleString('en-US');
  const section = report.section(
    'sockets',
    `${integer(options.clients)} sockets on one hub node, in ${integer(ours.rooms)} rooms (everyone; territories of ${Math.min(...options.territorySizes)}–${Math.max(...options.territorySizes)}; ` +
      `partnerships of ${Math.min(...options.partnershipSizes)}–${Math.max(...options.partnershipSizes)}); ${integer(options.messages)} messages every ${options.intervalMs} ms, ` +
      `1 in ${options.everyoneEvery} to everyone; clients in ${options.workers} workers (ceiling: bare socket.io, bare sockets, same rooms and pace)`,
  );
  report.add({
    section,
    name: 'heap per socket, connected',
    value: ours.heapConnected,
    unit: 'bytes',
    ceiling: raw.heapConnected,
    checks: [atMost(ours.heapConnected / raw.heapConnected, SOCKETS_TARGETS.heapRatioToRaw, '≤ 1.2× raw')],
  });
  report.add({
    section,
    name: 'heap per socket, joined to its 2 rooms',
    value: ours.heapJoined,
    unit: 'bytes',
    ceiling: raw.heapJoined,
    checks: [atMost(ours.heapJoined / raw.heapJoined, SOCKETS_TARGETS.heapRatioToRaw, '≤ 1.2× raw')],
  });
  report.add({ section, detail: true, name: 'rss per socket, joined (noisy)', value: ours.rssJoined, unit: 'bytes', ceiling: raw.rssJoined });
  report.add({ section, detail: true, name: `connecting the ${integer(ours.sockets)} clients`, value: ours.connectMs, unit: 'ms', ceiling: raw.connectMs });
  report.add({ section, detail: true, name: 'joining their rooms', value: ours.joinMs, unit: 'ms', ceiling: raw.joinMs });
  report.add({ section, name: 'latency p50', value: ours.latency.p50, unit: 'ms', ceiling: raw.latency.p50 });
  report.add({
    section,
    name: 'latency p99',
    value: ours.latency.p99,
    unit: 'ms',
    ceiling: raw.latency.p99,
    checks: [
      atMost(ours.latency.p99 / raw.latency.p99, SOCKETS_TARGETS.p99RatioToRaw, '≤ 3× raw'),
      { label: `all ${integer(ours.expected)} delivered (${integer(ours.deliveries)})`, ok: ours.deliveries === ours.expected && ours.failed === 0 },
      { label: `raw: all delivered (${integer(raw.deliveries)})`, ok: raw.deliveries === raw.expected },
    ],
  });
  report.add({ section, name: 'latency max', value: ours.latency.max, unit: 'ms', ceiling: raw.latency.max });
  for (const kind of ['everyone', 'territory', 'partnership'] as const) {
    report.add({
      section,
      detail: true,
      name: `p99 in the ${kind} room${kind === 'everyone' ? '' : 's'}`,
      value: ours.byClass[kind].p99,
      unit: 'ms',
      ceiling: raw.byClass[kind].p99,
    });
  }
  if (ours.failed > 0) report.note(`sockets: ${ours.failed} of ${options.messages} post-message commands failed; first: ${ours.firstError}`);
  report.context['sockets'] = { options, ours, raw };
}
