import { randomUUID } from 'node:crypto';
import { parseRoomKey, roomKey } from '@catalyse/protocol';
import type { RunningCatalyse } from './catalyse';
import type { ClientKind, ClientsWorker } from './clients';
import { entryLike, type RawSocketServer } from './raw-socketio';
import { distribution, type Distribution, now, perSecond, sleep } from './stats';

/**
 * Fan-out latency: one sender, `clients` clients (in the clients worker) in one
 * room, `messages` sends paced every `intervalMs`. Latency of a delivery = its
 * delivery time in the worker − the time the bench started the send. The raw
 * ceiling's clients are bare socket.io sockets (delivered on receipt);
 * Catalyse's are `CatalyseHub`s (delivered when their `LiveRoom` hands the
 * entry to the application), see `clients.ts`.
 */
export interface FanoutOptions {
  readonly clients: number;
  readonly messages: number;
  readonly warmup: number;
  readonly intervalMs: number;
}

export interface FanoutResult {
  readonly latency: Distribution;
  /** Per message, latency to the first client reached: the pipeline without the spread over clients. */
  readonly firstDelivery: Distribution;
  readonly deliveries: number;
  readonly expected: number;
  readonly deliveriesPerSecond: number;
  /** Ours only: time until the HTTP command was answered. */
  readonly commandAck?: Distribution;
  /** Sends that failed (e.g. a command refused): not delivered, not in the latencies. */
  readonly failed: number;
  readonly firstError?: string;
}

/** One send: resolves with the `position` the deliveries will carry, and when the send began. */
type Send = (index: number) => Promise<Sent>;
interface Sent {
  readonly key: string;
  readonly sentAt: number;
  readonly ackMs?: number;
}

export async function rawBroadcast(server: RawSocketServer, worker: ClientsWorker, options: FanoutOptions): Promise<FanoutResult> {
  const room = roomKey('room', 'bench');
  await connectAndJoin(
    worker,
    'bare',
    server.url,
    Array.from({ length: options.clients }, () => null),
    room,
  );
  const text = messageText();
  let seq = 0;
  const send: Send = async () => {
    const entry = entryLike(room, ++seq, text);
    const sentAt = now();
    server.broadcast(room, entry);
    return { key: entry.position, sentAt };
  };
  try {
    return await paced(worker, options, send);
  } finally {
    await worker.disconnect();
  }
}

/** Where the commands go (the api) and who mints the tokens: the in-process app, or the scaled-out processes. */
export type CommandTarget = Pick<RunningCatalyse, 'tokens' | 'as' | 'openRoom'>;

/**
 * Command-to-client: `POST /api/rooms/{id}/post-message` → every client's `room:entry`.
 * The clients connect to `hubs` (one URL, or several round robin).
 */
export async function commandToClient(
  app: CommandTarget,
  hubs: string | readonly string[],
  worker: ClientsWorker,
  options: FanoutOptions,
): Promise<FanoutResult> {
  const room = await app.openRoom('Fan-out bench');
  const parsed = parseRoomKey(room);
  if (parsed?.kind !== 'room') throw new Error(`openRoom answered ${room}, not the key of a room`);
  const id = parsed.id;
  const tokens = Array.from({ length: options.clients }, (_, i) => app.tokens.sign({ sub: `bench-client-${i}`, role: 'catalyseur' }));
  await connectAndJoin(worker, 'hub', hubs, tokens, room);
  const poster = app.as('bench-poster');
  const text = messageText();
  const send: Send = async () => {
    const body = { clientMsgId: randomUUID(), text };
    const sentAt = now();
    const response = await poster.post<{ position?: unknown }>(`/api/rooms/${id}/post-message`, body);
    const ackMs = now() - sentAt;
    if (response.status !== 201 && response.status !== 200) {
      throw new Error(`post-message answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return { key: String(response.body.position), sentAt, ackMs };
  };
  try {
    return await paced(worker, options, send);
  } finally {
    await worker.disconnect();
  }
}

async function connectAndJoin(
  worker: ClientsWorker,
  kind: ClientKind,
  url: string | readonly string[],
  tokens: readonly (string | null)[],
  room: string,
): Promise<void> {
  await worker.connect({ kind, url, tokens });
  // From the hub's snapshot, as a bare join without `since`: the fresh room holds only its opening entries anyway.
  const joined = await worker.join(room, { history: 'latest' });
  if (joined.failed > 0) throw new Error(`${joined.failed} of ${tokens.length} clients could not join ${room}: ${joined.firstError}`);
  // Let the join traffic (presence) drain before measuring.
  await sleep(1000);
  await worker.collect();
}

/** Warm-up round (discarded), then the measured round. */
async function paced(worker: ClientsWorker, options: FanoutOptions, send: Send): Promise<FanoutResult> {
  await round(worker, options.clients, options.warmup, options.intervalMs, send);
  return round(worker, options.clients, options.messages, options.intervalMs, send);
}

async function round(worker: ClientsWorker, clients: number, messages: number, intervalMs: number, send: Send): Promise<FanoutResult> {
  const sends: Promise<Sent | Error>[] = [];
  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    const due = start + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sends.push(send(i).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
  }
  const outcomes = await Promise.all(sends);
  const sent = outcomes.filter((outcome): outcome is Sent => !(outcome instanceof Error));
  const errors = outcomes.filter((outcome): outcome is Error => outcome instanceof Error);
  const expected = clients * sent.length;
  await worker.awaitDeliveries(expected, 20_000);
  const deliveries = await worker.collect();

  const latencies: number[] = [];
  const firsts: number[] = [];
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const { key, sentAt } of sent) {
    first = Math.min(first, sentAt);
    const times = deliveries[key] ?? [];
    for (const at of times) {
      latencies.push(at - sentAt);
      last = Math.max(last, at);
    }
    if (times.length) firsts.push(Math.min(...times) - sentAt);
  }
  const acks = sent.flatMap((s) => (s.ackMs === undefined ? [] : [s.ackMs]));
  return {
    latency: distribution(latencies),
    firstDelivery: distribution(firsts),
    deliveries: latencies.length,
    expected,
    deliveriesPerSecond: perSecond(latencies.length, last - first),
    ...(acks.length ? { commandAck: distribution(acks) } : {}),
    failed: errors.length,
    ...(errors[0] ? { firstError: errors[0].message } : {}),
  };
}

/** A chat message of ordinary length (~120 characters). */
function messageText(): string {
  return 'Point d’étape du COPIL : le jalon « diagnostic partagé » est atteint, prochaine réunion le 12 avec la collectivité.';
}
