import { type ChildProcess, spawn } from 'node:child_process';
import { extname, join } from 'node:path';

/**
 * The bench's clients live in a child process (`clients-worker`), so that
 * their CPU and memory do not count in the server process being measured.
 * This is the parent's handle on it: a tiny request/response protocol over IPC.
 *
 * The worker holds one population of clients at a time (connect, join, await
 * and collect deliveries, disconnect), all of one kind:
 * - `bare`: a plain socket.io-client socket speaking the hub protocol by hand
 *   (`room:join`, `room:entry`). Used against the raw socket.io server, whose
 *   figures are the ceiling: nothing but socket.io on either side.
 * - `hub`: a `CatalyseHub` of `@catalyse/client` with a `LiveRoom` per room,
 *   the client applications use: the figures against Catalyse then include
 *   what the client does before an application sees an entry (its epoch and
 *   seq checks, a `room:sync` on a gap).
 */
export type ClientKind = 'bare' | 'hub';

export interface ConnectRequest {
  readonly kind: ClientKind;
  /** The server, or several: client i connects to `url[i % url.length]` (round robin), and stays on it. */
  readonly url: string | readonly string[];
  /** One entry per client: the handshake token (`auth.token`), or null for none (bare clients only). */
  readonly tokens: readonly (string | null)[];
  /** Connections opened at once. */
  readonly concurrency?: number;
}

export interface ConnectResult {
  readonly connected: number;
  readonly ms: number;
}

export interface JoinRequest {
  /** Client i joins `rooms[i % rooms.length]`. */
  readonly rooms: readonly string[];
  /**
   * Hub clients: the `LiveRoom`'s `history`. `latest` (the default) starts
   * from the hub's snapshot of the latest entries, as a bare `room:join`
   * without `since` does; `all` reads the whole feed from seq 1 at the join,
   * which only a measurement of that reading wants. Bare clients ignore it.
   */
  readonly history?: 'latest' | 'all';
  /** Record each entry's delivery time for `collect` (default true); a catch-up of many entries needs none. */
  readonly record?: boolean;
  /** Bare clients: hold the entries received, to be checked by `held` as a `LiveRoom`'s are (hub clients always hold them). */
  readonly hold?: boolean;
}

/** Every client reconnects at once and rejoins `room` with its `since` (after `offline`). */
export interface ReconnectRequest {
  readonly room: string;
  /** A client has caught up when it holds this seq. */
  readonly head: number;
  readonly timeoutMs: number;
}

export interface ReconnectResult {
  /** When the first client was told to reconnect (epoch ms, comparable with the parent's `now()`). */
  readonly start: number;
  /** Per client, when it held `head` (epoch ms); NaN when it had not within the timeout. */
  readonly done: readonly number[];
}

/** What clients hold of a room (`held`), grouped: identical runs of entries are counted once. */
export interface HeldRun {
  readonly clients: number;
  readonly first: number;
  readonly last: number;
  readonly count: number;
  /** Each entry's seq is the previous one's + 1 (nothing missing, nothing twice, in order). */
  readonly contiguous: boolean;
  /** sha1 of the entries (`entryDigest` lines), to compare with what the feed holds. */
  readonly digest: string;
}

export interface JoinResult {
  readonly joined: number;
  readonly failed: number;
  readonly firstError?: string;
  readonly ms: number;
}

/**
 * Delivery times (epoch ms, `performance.timeOrigin + now()`) of every entry, by its `position`: for a bare
 * client when its socket receives the `room:entry`; for a hub client when its `LiveRoom` hands the entry to
 * the application (`onEntry`), which is the time a user's application would see it.
 */
export type Deliveries = Record<string, number[]>;

export type WorkerRequest =
  | ({ readonly op: 'connect' } & ConnectRequest)
  | ({ readonly op: 'join' } & JoinRequest)
  | { readonly op: 'await'; readonly total: number; readonly timeoutMs: number }
  | { readonly op: 'collect' }
  | { readonly op: 'offline' }
  | ({ readonly op: 'reconnect' } & ReconnectRequest)
  | { readonly op: 'held'; readonly room: string }
  | { readonly op: 'clock' }
  | { readonly op: 'disconnect' };

export type WorkerMessage = { readonly id: number } & ({ readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: string });

/** One line per entry of what `HeldRun.digest` hashes: the same function for the clients and the feed. */
export function entryDigestLine(entry: { epoch: number; seq: number; position: string; kind: string; data: unknown }): string {
  return `${entry.epoch}/${entry.seq}/${entry.position}/${entry.kind}/${JSON.stringify(entry.data)}\n`;
}

export class ClientsWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: WorkerMessage) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`clients worker: ${message.error}`));
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        for (const waiter of this.pending.values()) waiter.reject(new Error(`clients worker exited (${code})`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  /** Starts the worker with the same runtime flags (so it also runs from sources under a register hook). */
  static spawn(): ClientsWorker {
    const script = join(__dirname, `clients-worker${extname(__filename)}`);
    const child = spawn(process.execPath, [...process.execArgv.filter((arg) => arg !== '--expose-gc'), script], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ClientsWorker(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  connect(request: ConnectRequest): Promise<ConnectResult> {
    return this.call({ op: 'connect', ...request }) as Promise<ConnectResult>;
  }

  /**
   * Client i joins `rooms[i % rooms.length]`: a bare one sends `room:join {room}` and waits for an `{ok: true}`
   * ack; a hub one opens `hub.room(key, {history})` and waits until the hub answered its join.
   */
  join(rooms: string | readonly string[], options: Omit<JoinRequest, 'rooms'> = {}): Promise<JoinResult> {
    return this.call({ op: 'join', rooms: typeof rooms === 'string' ? [rooms] : rooms, ...options }) as Promise<JoinResult>;
  }

  /** Resolves with the number of deliveries recorded once it reaches `total`, or at the timeout. */
  awaitDeliveries(total: number, timeoutMs: number): Promise<number> {
    return this.call({ op: 'await', total, timeoutMs }) as Promise<number>;
  }

  /** The deliveries recorded since the last collect (and forgets them). */
  collect(): Promise<Deliveries> {
    return this.call({ op: 'collect' }) as Promise<Deliveries>;
  }

  /** Every client's connection goes away (the clients keep their rooms and cursors). */
  offline(): Promise<void> {
    return this.call({ op: 'offline' }) as Promise<void>;
  }

  /** Every client reconnects at once and rejoins with its `since`; resolves when all hold `head` (or at the timeout). */
  reconnect(request: ReconnectRequest): Promise<ReconnectResult> {
    return this.call({ op: 'reconnect', ...request }) as Promise<ReconnectResult>;
  }

  /** The worker's `now()`: its clock against the parent's (a wall clock stepped between two process starts shifts one). */
  clock(): Promise<number> {
    return this.call({ op: 'clock' }) as Promise<number>;
  }

  /** What each client holds of `room`, grouped by identical runs. */
  held(room: string): Promise<HeldRun[]> {
    return this.call({ op: 'held', room }) as Promise<HeldRun[]>;
  }

  disconnect(): Promise<void> {
    return this.call({ op: 'disconnect' }) as Promise<void>;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  private call(request: WorkerRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...request });
    });
  }
}
