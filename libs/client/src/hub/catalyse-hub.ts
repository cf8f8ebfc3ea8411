import { io as realIo, type Socket } from 'socket.io-client';
import { type Ack, type ClientToServerEvents, type ErrorBody, HUB_EVENTS, type PostResult, type ServerToClientEvents } from '@catalyse/protocol';
import { newId } from '../id';
import { type FailedPost, memoryStorage, Outbox, type OutboxStorage, type PendingPost } from './outbox';
import { Backoff, type BackoffOptions } from './backoff';
import { HubRoom, RETRYABLE, retryWait } from './hub-room';
import { Listeners, type LiveRoom } from './live-room';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export interface CatalyseHubOptions {
  /**
   * The hub's URL (the all-in-one's, e.g. `http://localhost:3000`), or the URLs of several hub nodes: the client
   * connects to the first and, when its node stops answering, moves to the next one (keeping its rooms, their
   * cursors and the outbox) and rejoins there with `since`.
   */
  readonly url: string | readonly string[];
  readonly token: string;
  /** Where pending posts are kept (memory by default; `webStorage(localStorage)` in a browser). */
  readonly storage?: OutboxStorage;
  /** socket.io-client's `io` (the package's by default). */
  readonly io?: typeof realIo;
  readonly transports?: string[];
  /** A request without an ack within this time is sent again (default 15 s). */
  readonly ackTimeoutMs?: number;
  /**
   * The first wait between two rounds of failover (default 500 ms). For posts, kept for compatibility: when given (and
   * `postBackoff.firstMs` is not), the longest first wait of their backoff. It was a fixed wait between a post's
   * retries, every 500 ms whatever happened: prefer `postBackoff`.
   */
  readonly retryDelayMs?: number;
  /**
   * The waits before posting again a post the hub answered UNAVAILABLE, INTERNAL or RATE_LIMITED without
   * `retryAfterMs` (with it, what it says): full jitter, from up to `firstMs` (250 ms, or `retryDelayMs` when given)
   * doubling at each refusal in a row of the room's posts up to `maxMs` (10 s), back to the shortest once a post of
   * the room is answered (accepted, or refused for good). `random` for tests.
   */
  readonly postBackoff?: BackoffOptions;
  /**
   * The waits before a room joins (or syncs) again after the hub refused it for a while (UNAVAILABLE, INTERNAL, a
   * RATE_LIMITED without `retryAfterMs`): full jitter, from up to `firstMs` (250 ms) doubling at each refusal in a row
   * up to `maxMs` (10 s), back to the shortest once the room is answered. `random` for tests.
   */
  readonly rejoinBackoff?: BackoffOptions;
  /** With several URLs: the longest wait between two rounds of connection attempts when no node answers (default 5 s). */
  readonly maxFailoverDelayMs?: number;
}

export interface RoomOptions {
  /** `all` (default): every entry of the epoch from seq 1; `latest`: from the hub's snapshot of the latest entries. */
  readonly history?: 'all' | 'latest';
}

export { REDACTION_KIND } from '@catalyse/protocol';

/**
 * The hub of Catalyse, with its gapless guarantee kept in one place: per room
 * `{epoch, seq}`; a rejoin with `since` after any reconnect; `room:sync` pages
 * on any gap; `room:reset` drops the old epoch and reads the new one; an outbox
 * of posts sent once each, in order, across reconnects and reloads.
 */
export class CatalyseHub {
  private readonly rooms = new Map<string, HubRoom>();
  private readonly outbox: Outbox;
  private readonly failures: FailedPost[] = [];
  private readonly statusListeners = new Listeners<[ConnectionStatus]>();
  /** The post in flight per room (one at a time per room, in the order written). */
  private readonly sending = new Map<string, string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly ackTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly maxFailoverDelayMs: number;
  private readonly rejoinBackoff: BackoffOptions;
  private readonly postBackoff: BackoffOptions;
  /** Per room, the refusals in a row of its posts (one post at a time per room: its retries wait on these). */
  private readonly postBackoffs = new Map<string, Backoff>();
  private readonly urls: readonly string[];
  private readonly open: (url: string) => HubSocket;
  /** The node in use: `urls[at]`. */
  private at = 0;
  /** Connection attempts failed in a row since the last connection (paces the failover). */
  private failedAttempts = 0;
  private moving: ReturnType<typeof setTimeout> | undefined;
  private current: ConnectionStatus = 'connecting';
  /** Increases at each connection: answers to requests of an older one are ignored. */
  private generation = 0;
  private closed = false;
  private currentSocket: HubSocket;

  constructor(options: CatalyseHubOptions) {
    this.outbox = new Outbox(options.storage ?? memoryStorage(), subjectOf(options.token));
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxFailoverDelayMs = options.maxFailoverDelayMs ?? 5_000;
    this.rejoinBackoff = options.rejoinBackoff ?? {};
    this.postBackoff = {
      ...(options.retryDelayMs !== undefined ? { firstMs: options.retryDelayMs } : {}),
      ...options.postBackoff,
    };
    this.urls = typeof options.url === 'string' ? [options.url] : [...options.url];
    if (this.urls.length === 0) throw new Error('CatalyseHub needs at least one url');
    const io = options.io ?? realIo;
    // With one node socket.io reconnects to it by itself; with several, the hub moves to the next node instead.
    const reconnection = this.urls.length === 1;
    this.open = (url) =>
      io(url, { auth: { token: options.token }, forceNew: true, reconnection, ...(options.transports ? { transports: options.transports } : {}) });
    this.currentSocket = this.attach(this.open(this.url));
  }

  /**
   * The connection to the node in use. It is replaced when the hub moves to another node: read it each time
   * (`hub.socket.disconnect()` / `.connect()` to go offline and back; raw emits see the same connection).
   */
  get socket(): HubSocket {
    return this.currentSocket;
  }

  /** The URL of the node in use. */
  get url(): string {
    return this.urls[this.at] ?? '';
  }

  get status(): ConnectionStatus {
    return this.current;
  }

  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /** Joins a room (once per key; rejoined with `since` after any reconnect). */
  room(key: string, options: RoomOptions = {}): LiveRoom {
    let room = this.rooms.get(key);
    if (!room) {
      room = new HubRoom(this, key, options.history ?? 'all', new Backoff(this.rejoinBackoff));
      this.rooms.set(key, room);
      if (this.online) room.join();
    }
    return room;
  }

  /** Every pending post, of every room, in the order written. */
  pending(): readonly PendingPost[] {
    return this.outbox.all();
  }

  /** Posts the hub refused. */
  failed(): readonly FailedPost[] {
    return this.failures;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket.removeAllListeners();
    this.socket.disconnect();
    for (const room of this.rooms.values()) room.stopped(new Error(`the hub was closed before ${room.key} was joined`));
    this.setStatus('offline');
  }

  // ── internals shared with the rooms ──

  /** @internal */
  get online(): boolean {
    return !this.closed && this.socket.connected;
  }

  /** @internal */
  get connection(): number {
    return this.generation;
  }

  /**
   * @internal Sends a request; `onAck` runs inside socket.io's ack callback (before any
   * packet that follows it), only if the connection is still the one it was sent on.
   * `onTimeout` runs when no answer came in time on a live connection.
   */
  request<T>(send: (ack: (answer: Ack<T>) => void) => void, onAck: (answer: Ack<T>) => void, onTimeout: () => void): void {
    if (!this.online) return;
    const generation = this.generation;
    let answered = false;
    const timer = this.later(() => {
      if (!answered && generation === this.generation && this.online) {
        answered = true;
        onTimeout();
      }
    }, this.ackTimeoutMs);
    send((answer) => {
      this.timers.delete(timer);
      clearTimeout(timer);
      if (answered || generation !== this.generation) return;
      answered = true;
      onAck(answer);
    });
  }

  /** @internal */
  later(work: () => void, ms = this.retryDelayMs): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) work();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  /** @internal */
  forget(key: string): void {
    this.rooms.delete(key);
  }

  /** @internal */
  pendingOf(key: string): PendingPost[] {
    return this.outbox.of(key);
  }

  /** @internal */
  failedOf(key: string): FailedPost[] {
    return this.failures.filter((post) => post.room === key);
  }

  /** @internal Queues a post in the outbox (saved), and sends it when its turn comes. */
  enqueue(key: string, text: string): PendingPost {
    const post: PendingPost = { clientMsgId: newId(), room: key, text, createdAt: new Date().toISOString() };
    this.outbox.add(post);
    this.rooms.get(key)?.changed();
    this.pump(key);
    return post;
  }

  private pump(key: string): void {
    if (!this.online || this.sending.has(key)) return;
    const post = this.outbox.first(key);
    if (!post) return;
    this.sending.set(key, post.clientMsgId);
    this.sendPost(post);
  }

  private sendPost(post: PendingPost): void {
    const retry = (wait: number): void => {
      const generation = this.generation;
      this.later(() => {
        // A connection since has sent the post again already (`connected` pumps the outbox): not twice.
        if (generation === this.generation && this.sending.get(post.room) === post.clientMsgId && this.online) this.sendPost(post);
      }, wait);
    };
    this.request<PostResult>(
      (ack) => this.socket.emit(HUB_EVENTS.post, { room: post.room, clientMsgId: post.clientMsgId, text: post.text }, ack),
      (answer) => {
        if (this.sending.get(post.room) !== post.clientMsgId) return;
        // Refused for a while (the hub's store down, say): the room's posts ask again less and less often, and the
        // clients refused together do not come back together.
        if (!answer.ok && RETRYABLE.has(answer.error.code)) return retry(retryWait(answer.error) ?? this.postBackoffOf(post.room).next());
        this.postBackoffs.delete(post.room); // answered: its next refusal waits the shortest
        this.outbox.remove(post.clientMsgId);
        if (!answer.ok) this.failures.push({ ...post, error: answer.error });
        this.sending.delete(post.room);
        this.rooms.get(post.room)?.changed();
        this.pump(post.room);
      },
      () => this.sendPost(post), // no ack in time: the same clientMsgId again (the hub posts it once)
    );
  }

  private postBackoffOf(room: string): Backoff {
    let backoff = this.postBackoffs.get(room);
    if (!backoff) this.postBackoffs.set(room, (backoff = new Backoff(this.postBackoff)));
    return backoff;
  }

  /** Listens to a new connection, once: every event goes to the hub whatever the node. */
  private attach(socket: HubSocket): HubSocket {
    socket.on('connect', () => this.connected());
    socket.on('disconnect', (reason) => {
      this.disconnected();
      // A disconnect the application asked for (`socket.disconnect()`) is not a node failing.
      if (reason !== 'io client disconnect') this.failover();
    });
    socket.on('connect_error', (error: Error & { data?: ErrorBody }) => {
      this.disconnected();
      const wait = error.data ? retryWait(error.data) : undefined;
      if (wait !== undefined) {
        // Too many connections for this person (every node counts them together): the same node, once the hub's
        // budget allows. socket.io does not retry a handshake its server refused.
        this.later(() => {
          if (this.currentSocket === socket && !socket.connected) socket.connect();
        }, wait);
        return;
      }
      this.failedAttempts += 1;
      this.failover();
    });
    socket.on(HUB_EVENTS.entry, (entry) => this.rooms.get(entry.room)?.accept(entry));
    socket.on(HUB_EVENTS.entries, (page) => this.rooms.get(page.room)?.acceptPage(page.entries));
    socket.on(HUB_EVENTS.reset, (notice) => this.rooms.get(notice.room)?.resetNotice(notice.epoch));
    socket.on(HUB_EVENTS.presenceState, (state) => this.rooms.get(state.room)?.presenceState(state.present));
    socket.on(HUB_EVENTS.presenceDiff, (diff) => this.rooms.get(diff.room)?.presenceDiff(diff.joins, diff.leaves));
    socket.on(HUB_EVENTS.typing, (notice) => this.rooms.get(notice.room)?.typingOf(notice.who));
    return socket;
  }

  /**
   * The node stopped answering: with several URLs, move to the next one. The first move after a working
   * connection is immediate (another node is most likely up); when a whole round of nodes failed, the
   * next round waits longer each time (up to `maxFailoverDelayMs`, with jitter so that the clients of a
   * dead node do not all come back at the same instant).
   */
  private failover(): void {
    if (this.urls.length === 1 || this.closed || this.moving !== undefined) return;
    const round = Math.floor(this.failedAttempts / this.urls.length);
    const delay = round === 0 ? 0 : Math.min(this.maxFailoverDelayMs, this.retryDelayMs * 2 ** (round - 1)) * (0.5 + Math.random() / 2);
    this.moving = this.later(() => {
      this.moving = undefined;
      this.moveTo((this.at + 1) % this.urls.length);
    }, delay);
  }

  /** Leaves the current connection for a new one to `urls[index]`; the rooms rejoin with `since` on connect. */
  private moveTo(index: number): void {
    const old = this.currentSocket;
    old.removeAllListeners();
    old.disconnect();
    this.disconnected();
    this.at = index;
    this.currentSocket = this.attach(this.open(this.url));
  }

  private connected(): void {
    this.failedAttempts = 0;
    this.generation += 1;
    this.sending.clear();
    this.setStatus('online');
    for (const room of this.rooms.values()) room.join();
    for (const key of this.outbox.rooms()) this.pump(key);
  }

  private disconnected(): void {
    this.sending.clear();
    for (const room of this.rooms.values()) room.offline();
    this.setStatus('offline');
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.statusListeners.emit(status);
  }
}

/**
 * The subject a token names (a JWT's `sub`, read without checking it: the hub checks the token; this only keeps one
 * person's pending posts from another's hub on a shared storage), or undefined when it names none.
 */
function subjectOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return undefined;
  }
}
