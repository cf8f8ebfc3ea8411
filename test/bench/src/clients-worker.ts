/**
 * Child process holding the bench's socket.io clients (see `clients.ts`).
 * Records the receive time of every payload of the listened event, keyed by
 * the payload's `position`, with a clock comparable to the parent's.
 */
import { io, type Socket } from 'socket.io-client';
import type { ConnectRequest, ConnectResult, Deliveries, JoinResult, WorkerRequest } from './clients';
import { inPool, now } from './stats';

const sockets: Socket[] = [];
let deliveries = new Map<string, number[]>();
let total = 0;
let onDelivery: (() => void) | undefined;

function record(payload: unknown): void {
  const at = now();
  const key = String((payload as { position?: unknown } | undefined)?.position);
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
    const socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(token === null ? {} : { auth: { token } }),
    });
    socket.on(request.listen, record);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`connect ${url}: ${error.message}`)));
    });
    sockets.push(socket);
  });
  return { connected: sockets.length, ms: performance.now() - start };
}

async function join(event: string, rooms: readonly string[]): Promise<JoinResult> {
  const start = performance.now();
  let joined = 0;
  let failed = 0;
  let firstError: string | undefined;
  await inPool(sockets, 50, async (socket, index) => {
    const room = rooms[index % rooms.length];
    try {
      const ack = (await socket.timeout(20_000).emitWithAck(event, { room })) as { ok?: boolean; error?: unknown };
      if (ack?.ok === true) {
        joined++;
        return;
      }
      throw new Error(JSON.stringify(ack?.error ?? ack));
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
      return join(request.event, request.rooms);
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
