/**
 * Child process holding the bench's clients (see `clients.ts` for the two
 * kinds and the protocol). Records the time each entry is delivered, keyed by
 * the entry's `position`, with a clock comparable to the parent's.
 */
import { createHash } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { CatalyseHub, type LiveRoom } from '@catalyse/client';
import { type ClientToServerEvents, type FeedEntry, HUB_EVENTS, type ServerToClientEvents } from '@catalyse/protocol';
import {
  type ClientKind,
  type ConnectRequest,
  type ConnectResult,
  type Deliveries,
  entryDigestLine,
  type HeldRun,
  type JoinRequest,
  type JoinResult,
  type ReconnectRequest,
  type ReconnectResult,
  type WorkerRequest,
} from './clients';
import { inPool, now } from './stats';

/** How long one connection or one join may take before the bench gives up on it. */
const TIMEOUT_MS = 20_000;

type History = NonNullable<JoinRequest['history']>;

/** How a client takes a room: its `LiveRoom`'s history, and what it keeps of the entries. */
interface JoinMode {
  readonly history: History;
  readonly record: boolean;
  readonly hold: boolean;
}

/** One client of the population, whatever its kind. */
interface BenchClient {
  /** Resolves once the server has let the client into `room`. */
  join(room: string, mode: JoinMode): Promise<void>;
  /** The connection goes away; the client keeps its rooms and their cursors. */
  offline(): void;
  /** Reconnects, rejoins with its `since`; resolves with the time it holds `head` of `room`. */
  reconnect(room: string, head: number): Promise<number>;
  /** The entries it holds of `room`, in the order it holds them. */
  held(room: string): readonly FeedEntry[];
  close(): void;
}

/** Resolves the wait for a room's `head` once a client holds it. */
class CaughtUp {
  private readonly last = new Map<string, number>();
  private readonly waiting = new Map<string, { head: number; resolve: (at: number) => void }>();

  saw(room: string, seq: number): void {
    this.last.set(room, seq);
    const waiter = this.waiting.get(room);
    if (waiter && seq >= waiter.head) {
      this.waiting.delete(room);
      waiter.resolve(now());
    }
  }

  lastOf(room: string): number {
    return this.last.get(room) ?? 0;
  }

  wait(room: string, head: number): Promise<number> {
    return new Promise((resolve) => this.waiting.set(room, { head, resolve }));
  }
}

let clients: BenchClient[] = [];
let kind: ClientKind | undefined;
let deliveries = new Map<string, number[]>();
let total = 0;
let onDelivery: (() => void) | undefined;

function record(entry: FeedEntry): void {
  const at = now();
  const key = entry.position;
  const times = deliveries.get(key);
  if (times) times.push(at);
  else deliveries.set(key, [at]);
  total++;
  onDelivery?.();
}

/**
 * The raw ceiling's client: a socket.io socket, no reconnection, an entry counts when the socket receives it.
 * It keeps per room the epoch and the last seq (to rejoin with its `since`), and the entries when asked to.
 */
async function bareClient(url: string, token: string | null): Promise<BenchClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token === null ? {} : { auth: { token } }),
  });
  const rooms = new Map<string, { mode: JoinMode; epoch: number; entries: FeedEntry[] }>();
  const caughtUp = new CaughtUp();
  const accept = (entry: FeedEntry, live: boolean): void => {
    const room = rooms.get(entry.room);
    if (!room) return;
    if (live && room.mode.record) record(entry);
    if (room.mode.hold) room.entries.push(entry);
    caughtUp.saw(entry.room, entry.seq);
  };
  socket.on(HUB_EVENTS.entry, (entry) => accept(entry, true));
  const joinRoom = async (key: string, since?: { epoch: number; seq: number }): Promise<void> => {
    const ack = await socket.timeout(TIMEOUT_MS).emitWithAck(HUB_EVENTS.join, since ? { room: key, since } : { room: key });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const room = rooms.get(key);
    if (room) room.epoch = ack.data.epoch;
    for (const entry of ack.data.entries) accept(entry, false);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(new Error(`connect ${url}: ${error.message}`)));
  });
  return {
    join: async (key, mode) => {
      rooms.set(key, { mode, epoch: 0, entries: [] });
      await joinRoom(key);
    },
    offline: () => socket.disconnect(),
    reconnect: (key, head) => {
      const done = caughtUp.wait(key, head);
      socket.once('connect', () => {
        const room = rooms.get(key);
        joinRoom(key, room ? { epoch: room.epoch, seq: caughtUp.lastOf(key) } : undefined).catch(() => undefined);
      });
      socket.connect();
      return done;
    },
    held: (key) => rooms.get(key)?.entries ?? [],
    close: () => socket.disconnect(),
  };
}

/**
 * Catalyse's client, as an application holds it: a `CatalyseHub` (one node,
 * websocket only like the bare one) and its `LiveRoom`s; an entry counts when
 * the room hands it to the application (`onEntry`), after the client's checks.
 */
async function hubClient(url: string, token: string | null): Promise<BenchClient> {
  if (token === null) throw new Error('a hub client needs a token');
  const hub = new CatalyseHub({ url, token, transports: ['websocket'] });
  try {
    await online(hub, url);
  } catch (error) {
    hub.close(); // else socket.io would go on reconnecting in the background
    throw error;
  }
  const rooms = new Map<string, LiveRoom>();
  const caughtUp = new CaughtUp();
  return {
    join: async (key, mode) => {
      const room = hub.room(key, { history: mode.history });
      rooms.set(key, room);
      if (mode.record) room.onEntry(record);
      room.onEntry((entry) => caughtUp.saw(key, entry.seq));
      await joined(room);
    },
    // The application's own way to go offline and back: the hub keeps its rooms and rejoins them with their since.
    offline: () => hub.socket.disconnect(),
    reconnect: (key, head) => {
      const done = caughtUp.wait(key, head);
      hub.socket.connect();
      return done;
    },
    held: (key) => rooms.get(key)?.entries() ?? [],
    close: () => hub.close(),
  };
}

/** Resolves when the hub is connected; rejects at the first failed attempt (a bench does not wait for retries). */
function online(hub: CatalyseHub, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = hub.socket;
    const failed = (error: Error): void => {
      stop();
      reject(new Error(`connect ${url}: ${error.message}`));
    };
    const offStatus = hub.onStatus((status) => {
      if (status !== 'online') return;
      stop();
      resolve();
    });
    const stop = (): void => {
      offStatus();
      socket.off('connect_error', failed);
    };
    socket.on('connect_error', failed);
  });
}

/**
 * Resolves once the hub has answered the room's join: the room knows its
 * epoch from then on, and says so with a change. A join refused for good
 * (FORBIDDEN, NOT_FOUND) leaves the room waiting, silently in this version of
 * the client: it shows here as the timeout.
 */
function joined(room: LiveRoom): Promise<void> {
  if (room.epoch() !== undefined) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      offChange();
      reject(new Error(`${room.key}: not joined within ${TIMEOUT_MS / 1000} s (refused, or no answer)`));
    }, TIMEOUT_MS);
    const offChange = room.onChange(() => {
      if (room.epoch() === undefined) return;
      clearTimeout(timer);
      offChange();
      resolve();
    });
  });
}

async function connect(request: ConnectRequest): Promise<ConnectResult> {
  const start = performance.now();
  const urls = typeof request.url === 'string' ? [request.url] : request.url;
  if (urls.length === 0) throw new Error('connect: no url');
  // One kind at a time: a join or a collect then means the same thing for every client.
  if (clients.length > 0 && kind !== request.kind) throw new Error(`connect: ${kind} clients are still connected, disconnect them first`);
  kind = request.kind;
  const open = request.kind === 'hub' ? hubClient : bareClient;
  await inPool(request.tokens, request.concurrency ?? 50, async (token, index) => {
    clients.push(await open(urls[index % urls.length] as string, token));
  });
  return { connected: clients.length, ms: performance.now() - start };
}

async function join(request: JoinRequest): Promise<JoinResult> {
  const start = performance.now();
  const mode: JoinMode = { history: request.history ?? 'latest', record: request.record ?? true, hold: request.hold ?? false };
  let joined = 0;
  let failed = 0;
  let firstError: string | undefined;
  await inPool(clients, 50, async (client, index) => {
    const room = request.rooms[index % request.rooms.length];
    try {
      if (room === undefined) throw new Error('join: no room');
      await client.join(room, mode);
      joined++;
    } catch (error) {
      failed++;
      firstError ??= error instanceof Error ? error.message : String(error);
    }
  });
  return { joined, failed, ms: performance.now() - start, ...(firstError ? { firstError } : {}) };
}

function awaitDeliveries(expected: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      onDelivery = undefined;
      resolve(total);
    };
    const timer = setTimeout(done, timeoutMs);
    onDelivery = () => {
      if (total >= expected) done();
    };
    onDelivery();
  });
}

function collect(): Deliveries {
  const result: Deliveries = Object.fromEntries(deliveries);
  deliveries = new Map();
  total = 0;
  return result;
}

function offline(): void {
  for (const client of clients) client.offline();
}

/** Every client is told to reconnect in one go (from the first one's start), then each is awaited. */
async function reconnect(request: ReconnectRequest): Promise<ReconnectResult> {
  const start = now();
  const waits = clients.map((client) => client.reconnect(request.room, request.head));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.NaN), request.timeoutMs)));
  const done = await Promise.all(waits.map((wait) => Promise.race([wait, timeout])));
  clearTimeout(timer);
  return { start, done };
}

/** What the clients hold of `room`, grouped by identical runs (one digest per client). */
function held(room: string): HeldRun[] {
  const runs = new Map<string, HeldRun>();
  for (const client of clients) {
    const entries = client.held(room);
    const hash = createHash('sha1');
    let contiguous = true;
    entries.forEach((entry, i) => {
      hash.update(entryDigestLine(entry));
      if (i > 0 && entry.seq !== (entries[i - 1]?.seq ?? 0) + 1) contiguous = false;
    });
    const run = { first: entries[0]?.seq ?? 0, last: entries.at(-1)?.seq ?? 0, count: entries.length, contiguous, digest: hash.digest('hex') };
    const key = JSON.stringify(run);
    runs.set(key, { ...run, clients: (runs.get(key)?.clients ?? 0) + 1 });
  }
  return [...runs.values()];
}

async function disconnect(): Promise<void> {
  for (const client of clients) client.close();
  clients = [];
  kind = undefined;
  deliveries = new Map();
  total = 0;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect':
      return connect(request);
    case 'join':
      return join(request);
    case 'await':
      return awaitDeliveries(request.total, request.timeoutMs);
    case 'collect':
      return collect();
    case 'offline':
      return offline();
    case 'reconnect':
      return reconnect(request);
    case 'held':
      return held(request.room);
    case 'clock':
      return now();
    case 'disconnect':
      return disconnect();
  }
}

process.on('message', (message: { id: number } & WorkerRequest) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, ok: true, result }),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});

// The parent closed the channel (done, or died): leave without a trace.
process.on('disconnect', () => {
  for (const client of clients) client.close();
  process.exit(0);
});
