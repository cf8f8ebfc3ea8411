import { io as realIo, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientToServerEvents,
  type ErrorBody,
  type FeedEntry,
  HUB_EVENTS,
  type JoinResult,
  type PostResult,
  type ServerToClientEvents,
  type SyncResult,
} from '@catalyse/protocol';
import { newId } from '../id';
import { type FailedPost, memoryStorage, Outbox, type OutboxStorage, type PendingPost } from './outbox';
import { Listeners, type LiveRoom, RoomRefusedError } from './live-room';

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
  /** Wait before retrying a request the hub answered UNAVAILABLE or RATE_LIMITED (default 500 ms). */
  readonly retryDelayMs?: number;
  /** With several URLs: the longest wait between two rounds of connection attempts when no node answers (default 5 s). */
  readonly maxFailoverDelayMs?: number;
}

export interface RoomOptions {
  /** `all` (default): every entry of the epoch from seq 1; `latest`: from the hub's snapshot of the latest entries. */
  readonly history?: 'all' | 'latest';
}

/** The entry telling a room that some of its entries now read otherwise (a person's data were erased). */
export const REDACTION_KIND = 'PersonalDataRedacted';

const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

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
    this.outbox = new Outbox(options.storage ?? memoryStorage());
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxFailoverDelayMs = options.maxFailoverDelayMs ?? 5_000;
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
      room = new HubRoom(this, key, options.history ?? 'all');
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
    const retry = (): void => {
      this.later(() => {
        if (this.sending.get(post.room) === post.clientMsgId && this.online) this.sendPost(post);
      });
    };
    this.request<PostResult>(
      (ack) => this.socket.emit(HUB_EVENTS.post, { room: post.room, clientMsgId: post.clientMsgId, text: post.text }, ack),
      (answer) => {
        if (this.sending.get(post.room) !== post.clientMsgId) return;
        if (!answer.ok && RETRYABLE.has(answer.error.code)) return retry();
        this.outbox.remove(post.clientMsgId);
        if (!answer.ok) this.failures.push({ ...post, error: answer.error });
        this.sending.delete(post.room);
        this.rooms.get(post.room)?.changed();
        this.pump(post.room);
      },
      () => this.sendPost(post), // no ack in time: the same clientMsgId again (the hub posts it once)
    );
  }

  /** Listens to a new connection, once: every event goes to the hub whatever the node. */
  private attach(socket: HubSocket): HubSocket {
    socket.on('connect', () => this.connected());
    socket.on('disconnect', (reason) => {
      this.disconnected();
      // A disconnect the application asked for (`socket.disconnect()`) is not a node failing.
      if (reason !== 'io client disconnect') this.failover();
    });
    socket.on('connect_error', () => {
      this.failedAttempts += 1;
      this.disconnected();
      this.failover();
    });
    socket.on(HUB_EVENTS.entry, (entry) => this.rooms.get(entry.room)?.accept(entry));
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

/** One room's state: its epoch, its contiguous entries, its presence, and the requests that keep them exact. */
class HubRoom implements LiveRoom {
  private epochValue: number | undefined;
  private last = 0;
  private list: FeedEntry[] = [];
  private snapshot: readonly FeedEntry[] | undefined;
  private present: string[] = [];
  private joining = false;
  /** A reset notice came while a join was in flight: rejoin unless its answer is of that epoch. */
  private resetDuringJoin: number | undefined;
  private syncing = false;
  private gapAgain = false;
  private left = false;
  /** A join answered: what `ready()` waits for. */
  private joinedOnce = false;
  /** The hub's last refusal for good (FORBIDDEN, NOT_FOUND, VALIDATION…), until a join succeeds. */
  private refusalValue: ErrorBody | undefined;
  /** The `ready()` calls still waiting for the first join's answer. */
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly changes = new Listeners<[]>();
  private readonly entryListeners = new Listeners<[FeedEntry]>();
  private readonly resetListeners = new Listeners<[number]>();
  private readonly typingListeners = new Listeners<[string]>();

  constructor(
    private readonly hub: CatalyseHub,
    readonly key: string,
    private readonly history: 'all' | 'latest',
  ) {}

  entries(): readonly FeedEntry[] {
    this.snapshot ??= this.list.slice();
    return this.snapshot;
  }
  pending(): readonly PendingPost[] {
    return this.hub.pendingOf(this.key);
  }
  failed(): readonly FailedPost[] {
    return this.hub.failedOf(this.key);
  }
  presence(): readonly string[] {
    return this.present;
  }
  epoch(): number | undefined {
    return this.epochValue;
  }
  ready(): Promise<void> {
    if (this.refusalValue) return Promise.reject(new RoomRefusedError(this.key, this.refusalValue));
    if (this.joinedOnce) return Promise.resolve();
    if (this.left) return Promise.reject(new Error(`${this.key} was left before it was joined`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
  refusal(): ErrorBody | undefined {
    return this.refusalValue;
  }
  onChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }
  onEntry(listener: (entry: FeedEntry) => void): () => void {
    return this.entryListeners.add(listener);
  }
  onReset(listener: (epoch: number) => void): () => void {
    return this.resetListeners.add(listener);
  }
  onTyping(listener: (who: string) => void): () => void {
    return this.typingListeners.add(listener);
  }

  post(text: string): PendingPost {
    return this.hub.enqueue(this.key, text);
  }

  typing(): void {
    if (this.hub.online && !this.left) this.hub.socket.volatile.emit(HUB_EVENTS.typing, { room: this.key });
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    if (this.hub.online) this.hub.socket.emit(HUB_EVENTS.leave, { room: this.key }, () => undefined);
    this.hub.forget(this.key);
    for (const listeners of [this.changes, this.entryListeners, this.resetListeners, this.typingListeners]) listeners.clear();
    this.stopped(new Error(`${this.key} was left before it was joined`));
  }

  /** @internal */
  changed(): void {
    this.changes.emit();
  }

  /** @internal The room will not be joined any more (left, or its hub closed): nobody waits for it. */
  stopped(reason: Error): void {
    this.settle((waiter) => waiter.reject(reason));
  }

  private settle(how: (waiter: { resolve: () => void; reject: (error: Error) => void }) => void): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) how(waiter);
  }

  // ── the gapless logic ──

  /** (Re)joins with `since` when the room holds entries of an epoch (or from 0 after a reset). */
  join(): void {
    if (this.left || this.joining || !this.hub.online) return;
    this.joining = true;
    this.resetDuringJoin = undefined;
    const since = this.epochValue !== undefined && (this.last > 0 || this.history === 'all') ? { epoch: this.epochValue, seq: this.last } : undefined;
    this.hub.request<JoinResult>(
      (ack) => this.hub.socket.emit(HUB_EVENTS.join, since ? { room: this.key, since } : { room: this.key }, ack),
      (answer) => {
        this.joining = false;
        if (!answer.ok) return this.refused(answer.error, () => this.join());
        this.joined(answer.data);
        this.admitted();
      },
      () => {
        this.joining = false;
        this.join();
      },
    );
  }

  private joined(result: JoinResult): void {
    if (this.epochValue !== undefined && result.epoch < this.epochValue) return this.join(); // answered from before a reset
    if (this.epochValue === undefined) this.epochValue = result.epoch;
    else if (result.epoch > this.epochValue) this.reset(result.epoch);
    this.present = [...result.presence];
    const first = result.entries[0];
    if (result.snapshot && this.history === 'latest' && this.last === 0 && first) this.last = first.seq - 1;
    for (const entry of result.entries) this.accept(entry);
    if (this.resetDuringJoin !== undefined && this.resetDuringJoin > result.epoch) this.join();
    this.resetDuringJoin = undefined;
    this.changed();
  }

  /** An entry from a join, a sync or live: kept only when it is the next one; a gap starts a sync. */
  accept(entry: FeedEntry): void {
    if (this.left || this.epochValue === undefined) return;
    if (entry.epoch !== this.epochValue) {
      if (entry.epoch > this.epochValue) {
        this.reset(entry.epoch);
        this.join();
      }
      return;
    }
    if (entry.seq <= this.last) return; // already held: never twice
    if (entry.seq !== this.last + 1) return this.sync(); // a gap: read what is missing, in order
    this.list.push(entry);
    this.last = entry.seq;
    if (entry.kind === REDACTION_KIND) this.redact(entry.data);
    this.snapshot = undefined;
    this.entryListeners.emit(entry);
    this.changes.emit();
  }

  /** A person was erased: the entries named in the notice now read as it says (their tombstones); the notice itself stays an entry. */
  private redact(notice: unknown): void {
    const rewritten = (notice as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(rewritten)) return;
    const bySeq = new Map<number, unknown>();
    for (const item of rewritten as { seq?: unknown; data?: unknown }[]) if (typeof item?.seq === 'number') bySeq.set(item.seq, item.data);
    this.list = this.list.map((held) => (bySeq.has(held.seq) ? { ...held, data: bySeq.get(held.seq) } : held));
  }

  /** Pages through `room:sync` from the last entry held until no `more`. */
  private sync(): void {
    if (this.syncing) {
      this.gapAgain = true;
      return;
    }
    if (!this.hub.online || this.epochValue === undefined) return;
    this.syncing = true;
    this.gapAgain = false;
    this.hub.request<SyncResult>(
      (ack) => this.hub.socket.emit(HUB_EVENTS.sync, { room: this.key, since: { epoch: this.epochValue ?? 0, seq: this.last } }, ack),
      (answer) => {
        this.syncing = false;
        if (!answer.ok) return this.refused(answer.error, () => this.sync());
        const page = answer.data;
        if (this.epochValue !== undefined && page.epoch > this.epochValue) {
          this.reset(page.epoch);
          this.join();
          return;
        }
        if (page.epoch !== this.epochValue) return;
        for (const entry of page.entries) this.accept(entry);
        if (page.more || this.gapAgain) this.sync();
      },
      () => {
        this.syncing = false;
        this.sync();
      },
    );
  }

  /** `room:reset`: the feed was rebuilt into `epoch`. */
  resetNotice(epoch: number): void {
    if (this.epochValue !== undefined && epoch <= this.epochValue) return;
    this.reset(epoch);
    if (this.joining) this.resetDuringJoin = epoch;
    else this.join(); // the hub unsubscribed us from the old epoch
  }

  private reset(epoch: number): void {
    this.epochValue = epoch;
    this.last = 0;
    this.list = [];
    this.snapshot = undefined;
    this.resetListeners.emit(epoch);
    this.changes.emit();
  }

  presenceState(present: readonly string[]): void {
    this.present = [...present];
    this.changes.emit();
  }

  presenceDiff(joins: readonly string[], leaves: readonly string[]): void {
    const next = this.present.filter((who) => !leaves.includes(who));
    for (const who of joins) if (!next.includes(who)) next.push(who);
    this.present = next;
    this.changes.emit();
  }

  typingOf(who: string): void {
    this.typingListeners.emit(who);
  }

  /** The connection went away: requests in flight will not be answered. */
  offline(): void {
    this.joining = false;
    this.syncing = false;
    this.gapAgain = false;
    this.resetDuringJoin = undefined;
  }

  /** A join answered: `ready()` resolves, and a refusal of an earlier connection is over. */
  private admitted(): void {
    this.joinedOnce = true;
    const wasRefused = this.refusalValue !== undefined;
    this.refusalValue = undefined;
    this.settle((waiter) => waiter.resolve());
    if (wasRefused) this.changed();
  }

  private refused(error: ErrorBody, again: () => void): void {
    if (RETRYABLE.has(error.code)) {
      this.hub.later(again);
      return;
    }
    // Any other code (FORBIDDEN, NOT_FOUND, VALIDATION…): nothing to retry on this connection (the next one asks
    // again). The room keeps what it holds; the application learns why (`refusal()`, `ready()` rejected, `onChange`).
    this.refusalValue = error;
    this.settle((waiter) => waiter.reject(new RoomRefusedError(this.key, error)));
    this.changed();
  }
}
