/**
 * Child process holding the bench's socket.io clients (see `clients.ts`),
 * typed with the hub protocol's event maps (the raw server speaks them too).
 * Records the receive time of every `room:entry`, keyed by the entry's
 * `position`, with a clock comparable to the parent's.
 */
import { io, type Socket } from 'socket.io-client';
import { type ClientToServerEvents, type FeedEntry, HUB_EVENTS, type ServerToClientEvents } from '@catalyse/protocol';
import type { ConnectRequest, ConnectResult, Deliveries, JoinResult, WorkerRequest } from './clients';
import { inPool, now } from './stats';

const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
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

async function connect(request: ConnectRequest): Promise<ConnectResult> {
  const start = performance.now();
  const urls = typeof request.url === 'string' ? [request.url] : request.url;
  if (urls.length === 0) throw new Error('connect: no url');
  await inPool(request.tokens, request.concurrency ?? 50, async (token, index) => {
    const url = urls[index % urls.length] as string;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(token === null ? {} : { auth: { token } }),
    });
    socket.on(HUB_EVENTS.entry, record);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`connect ${url}: ${error.message}`)));
    });
    sockets.push(socket);
  });
  return { connected: sockets.length, ms: performance.now() - start };
}

async function join(rooms: readonly string[]): Promise<JoinResult> {
  const start = performance.now();
  let joined = 0;
  let failed = 0;
  let firstError: string | undefined;
  await inPool(sockets, 50, async (socket, index) => {
    const room = rooms[index % rooms.length];
    try {
      if (room === undefined) throw new Error('join: no room');
      const ack = await socket.timeout(20_000).emitWithAck(HUB_EVENTS.join, { room });
      if (ack.ok) {
        joined++;
        return;
      }
      throw new Error(JSON.stringify(ack.error));
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

async function disconnect(): Promise<void> {
  for (const socket of sockets.splice(0)) socket.disconnect();
  deliveries = new Map();
  total = 0;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'connect':
      return connect(request);
    case 'join':
      return join(request.rooms);
    case 'await':
      return awaitDeliveries(request.total, request.timeoutMs);
    case 'collect':
      return collect();
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
  for (const socket of sockets) socket.disconnect();
  process.exit(0);
});
