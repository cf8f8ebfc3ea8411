import { io as realIo, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientToServerEvents,
  type ErrorBody,
  type FeedEntry,
  HUB_EVENTS,
  type PostResult,
  type ServerToClientEvents,
} from '@catalyse/protocol';
import { newId } from '../id';
import { type FailedPost, memoryStorage, Outbox, type PendingPost } from './outbox';
import { Backoff, type BackoffOptions } from './backoff';
import { Reconnects } from './reconnects';
import type { CatalyseHubOptions, RoomOptions } from './hub-options';
import { HubRoom, RETRYABLE, retryWait } from './hub-room';
import { Listeners, type LiveRoom } from './live-room';
import { PostFailures } from './post-failures';
import { hasExpired, readToken, subjectOf, TOKEN_EXPIRED, tokenOrEmpty, type TokenRefusal, tokenRefusal, type TokenSource } from './token';
import { TokenRetry } from './token-retry';

/** Requests of one connection left unanswered in a row (their ack timeouts) before the hub closes it and connects again. */
export const MAX_ACK_TIMEOUTS = 3;

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

export type { CatalyseHubOptions, RoomOptions } from './hub-options';
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
  private readonly statusListeners = new Listeners<[ConnectionStatus, TokenRefusal | undefined]>();
  /** The post in flight per room (one at a time per room, in the order written). */
  private readonly sending = new Map<string, string>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly ackTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly rejoinBackoff: BackoffOptions;
  private readonly urls: readonly string[];
  private readonly open: (url: string) => HubSocket;
  /** The node in use: `urls[at]`. */
  private at = 0;
  private current: ConnectionStatus = 'connecting';
  /** Increases at each connection: answers to requests of an older one are ignored. */
  private generation = 0;
  private closed = false;
  private currentSocket: HubSocket;
  private token: TokenSource;
  /** Whose the hub is (its first token's `sub`, or the first read once the function answers): its outbox's posts are theirs (`knowSubject`). */
  private subject: string | undefined;
  /** Why the hub waits for a token (`setToken`); undefined while it does not. */
  private refusalValue: TokenRefusal | undefined;
  /** What the status listeners were last told. */
  private told: { status: ConnectionStatus; refusal: TokenRefusal | undefined } = { status: 'connecting', refusal: undefined };
  /** The failover between nodes, the waits before connecting again to a single one. */
  private readonly reconnects: Reconnects;
  /** `failed()`, the posts whose connection closed while they were sent (sent alone, given up after a few), their retries' waits. */
  private readonly failures: PostFailures;
  /** The next attempt after the token function failed at a handshake (`token-unavailable`). */
  private readonly tokenRetry: TokenRetry;
  /** Requests of the current connection unanswered in time, in a row. */
  private ackTimeouts = 0;

  constructor(options: CatalyseHubOptions) {
    this.token = options.token;
    this.subject = subjectOf(tokenOrEmpty(this.token)); // a function that throws here is read again at the handshake
    this.outbox = new Outbox(options.storage ?? memoryStorage(), this.subject);
    const postBackoff = { ...(options.retryDelayMs !== undefined ? { firstMs: options.retryDelayMs } : {}), ...options.postBackoff };
    const changed = (room: string): void => this.rooms.get(room)?.changed();
    const entriesOf = (room: string): readonly FeedEntry[] => this.rooms.get(room)?.entries() ?? [];
    this.failures = new PostFailures(this.outbox, changed, postBackoff, () => this.subject, entriesOf);
    this.failures.dropImpossible();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.rejoinBackoff = options.rejoinBackoff ?? {};
    this.tokenRetry = new TokenRetry(this.rejoinBackoff, (work, ms) => this.later(work, ms), {
      socket: () => this.currentSocket,
      tell: (failure) => {
        this.refusalValue = failure;
        this.current = 'offline';
        this.emitStatus();
      },
      waiting: () => !this.closed && this.refusalValue?.reason === 'token-unavailable',
    });
    this.urls = typeof options.url === 'string' ? [options.url] : [...options.url];
    if (this.urls.length === 0) throw new Error('CatalyseHub needs at least one url');
    const paces = { retryDelayMs: this.retryDelayMs, maxFailoverDelayMs: options.maxFailoverDelayMs ?? 5_000, backoff: this.rejoinBackoff };
    this.reconnects = new Reconnects(
      this.urls.length,
      paces,
      (work, ms) => this.later(work, ms),
      () => this.moveTo((this.at + 1) % this.urls.length),
    );
    const io = options.io ?? realIo;
    // With one node socket.io reconnects to it by itself; with several, the hub moves to the next node instead.
    const reconnection = this.urls.length === 1;
    // The token is read at each (re)connection: the one `setToken` gave last, or what the application's function answers.
    const auth = (send: (data: object) => void): void => {
      const read = readToken(this.token);
      if ('failure' in read) return this.tokenRetry.failed(read.failure); // no handshake: asked again after a wait
      this.knowSubject(subjectOf(read.token));
      send({ token: read.token });
    };
    this.open = (url) => io(url, { auth, forceNew: true, reconnection, ...(options.transports ? { transports: options.transports } : {}) });
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

  /** Each change of `status`, or of `tokenRefusal` (given as the second argument). */
  onStatus(listener: (status: ConnectionStatus, refusal: TokenRefusal | undefined) => void): () => void {
    return this.statusListeners.add(listener);
  }

  /**
   * Why the hub is offline until it is given a token (`setToken`): `token-expired` (the hub ended the connection at
   * the token's expiry, or refused a request or the handshake for it), `token-refused` (the hub refused the token for
   * another reason), with the hub's answer; or `token-unavailable`: the token function failed (threw, or answered no
   * string) at a handshake, and is asked again after a backoff, by itself. Undefined otherwise.
   */
  get tokenRefusal(): TokenRefusal | undefined {
    return this.refusalValue;
  }

  /**
   * Gives the hub a new token (or a function answering the current one, called at each connection): used from the
   * next (re)connection on, at once when the hub was offline for its token (`tokenRefusal`). Every room keeps its
   * `{epoch, seq}` and entries and rejoins with `since`; the outbox is kept and sent once. Throws when the token names
   * another person than the hub's (their outbox is not this one's): open another `CatalyseHub` for them.
   */
  setToken(token: TokenSource): void {
    const sub = subjectOf(tokenOrEmpty(token));
    if (this.subject !== undefined && sub !== undefined && sub !== this.subject)
      throw new Error(`setToken: the token is ${sub}'s, this hub is ${this.subject}'s`);
    this.token = token;
    this.knowSubject(sub);
    if (this.refusalValue === undefined || this.closed) return;
    this.refusalValue = undefined;
    this.tokenRetry.cancel();
    this.emitStatus();
    if (!this.socket.connected) this.socket.connect();
  }

  /** Joins a room (once per key; rejoined with `since` after any reconnect). */
  room(key: string, options: RoomOptions = {}): LiveRoom {
    let room = this.rooms.get(key);
    if (!room) {
      room = new HubRoom(this, key, options.history ?? 'all', new Backoff(this.rejoinBackoff));
      this.rooms.set(key, room);
      room.onEntry((entry) => this.delivered(entry));
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
    return this.failures.all;
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
    const socket = this.socket;
    let answered = false;
    const timer = this.later(() => {
      if (!answered && generation === this.generation && this.online) {
        answered = true;
        // Unanswered again and again: the connection is likely dead while the transport says nothing (polling waits for
        // its ping timeout): closed, socket.io (or the failover) connects again and everything is asked again there.
        if (++this.ackTimeouts < MAX_ACK_TIMEOUTS) onTimeout();
        else this.socket.io.engine.close();
      }
    }, this.ackTimeoutMs);
    send((answer) => {
      this.timers.delete(timer);
      clearTimeout(timer);
      if (answered || generation !== this.generation) return;
      answered = true;
      this.ackTimeouts = 0;
      // The token expired (or was refused) since the handshake: nothing is refused for good for it (a post stays
      // pending, a room is not marked refused); the hub waits for a new token, then asks again.
      if (!answer.ok && answer.error.code === 'UNAUTHORIZED') return this.refuseToken(answer.error, socket);
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
    return this.failures.of(key);
  }

  /**
   * @internal Queues a post in the outbox (saved), and sends it when its turn comes. A post the hub would refuse
   * whatever the moment (too long, or too large a packet: `postFault`) is never kept: it is in `failed()` at once.
   */
  enqueue(key: string, text: string): PendingPost {
    const post: PendingPost = { clientMsgId: newId(), room: key, text, createdAt: new Date().toISOString() };
    if (this.failures.impossible(post)) return post;
    this.outbox.add(post);
    this.rooms.get(key)?.changed();
    this.pump(key);
    return post;
  }

  private pump(key: string): void {
    if (!this.online || this.sending.has(key)) return;
    // A post whose connection closed while it was sent goes alone, until it is answered or given up: a close is then
    // its own, not counted against the posts of other rooms sent at the same time.
    const suspect = this.failures.first();
    if (suspect && (suspect.room !== key || this.sending.size > 0)) return;
    const post = suspect ?? this.outbox.first(key);
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
      (ack) => {
        this.failures.sent(post.clientMsgId);
        this.socket.emit(HUB_EVENTS.post, { room: post.room, clientMsgId: post.clientMsgId, text: post.text }, (answer) => {
          this.failures.answered(post.clientMsgId);
          ack(answer);
        });
      },
      (answer) => {
        if (this.sending.get(post.room) !== post.clientMsgId) return;
        // Refused for a while (the hub's store down, say): the room's posts ask again less and less often, and the
        // clients refused together do not come back together.
        if (!answer.ok && RETRYABLE.has(answer.error.code)) return retry(retryWait(answer.error) ?? this.failures.nextWait(post.room));
        this.failures.settled(post.room); // answered: its next refusal waits the shortest
        this.outbox.remove(post.clientMsgId);
        if (!answer.ok) this.failures.all.push({ ...post, error: answer.error });
        this.sending.delete(post.room);
        this.rooms.get(post.room)?.changed();
        this.pumpAll(); // its room's next post, or every room's once a post sent alone is answered
      },
      () => {
        // No ack in time: the same clientMsgId again (the hub posts it once), unless its entry settled it meanwhile.
        if (this.sending.get(post.room) === post.clientMsgId) this.sendPost(post);
      },
    );
  }

  /** Listens to a new connection, once: every event goes to the hub whatever the node. */
  private attach(socket: HubSocket): HubSocket {
    socket.on('connect', () => this.connected());
    socket.on('disconnect', (reason) => {
      if (reason === 'transport close' || reason === 'transport error') this.failures.closed();
      this.disconnected();
      // A disconnect the application asked for (`socket.disconnect()`) is not a node failing.
      if (reason === 'io client disconnect') return;
      if (reason === 'io server disconnect') {
        // The hub ends a connection at its token's expiry (with nothing said before): a new token is needed.
        if (hasExpired(tokenOrEmpty(this.token))) return this.refuseToken(TOKEN_EXPIRED, socket);
        // Ended for another reason (a catch-up it could not finish): socket.io does not reconnect after this one.
        if (this.urls.length === 1) return this.reconnectLater(socket);
      }
      this.reconnects.failover();
    });
    socket.on('connect_error', (error: Error & { data?: ErrorBody }) => {
      this.disconnected();
      // The handshake refused the token for good (expired, invalid): no other node takes it either; wait for `setToken`.
      // A passing fault (the issuer unreachable, a store failing) is UNAVAILABLE: the path below, like a node down.
      if (error.data?.code === 'UNAUTHORIZED') return this.refuseToken(error.data, socket);
      const wait = error.data ? retryWait(error.data) : undefined;
      if (wait !== undefined) {
        // Too many connections for this person (every node counts them together): the same node, once the hub's
        // budget allows. socket.io does not retry a handshake its server refused.
        this.later(() => {
          if (this.currentSocket === socket && !socket.connected) socket.connect();
        }, wait);
        return;
      }
      this.reconnects.attemptFailed();
      // Refused by the hub for a while: socket.io does not try that handshake again. With one node, the hub does.
      if (error.data && this.urls.length === 1) return this.reconnectLater(socket, error.data.retryAfterMs);
      this.reconnects.failover();
    });
    socket.on(HUB_EVENTS.entry, (entry) => this.rooms.get(entry.room)?.accept(entry));
    socket.on(HUB_EVENTS.entries, (page) => this.rooms.get(page.room)?.acceptPage(page.entries));
    socket.on(HUB_EVENTS.reset, (notice) => this.rooms.get(notice.room)?.resetNotice(notice.epoch));
    socket.on(HUB_EVENTS.presenceState, (state) => this.rooms.get(state.room)?.presenceState(state.present));
    socket.on(HUB_EVENTS.presenceDiff, (diff) => this.rooms.get(diff.room)?.presenceDiff(diff.joins, diff.leaves));
    socket.on(HUB_EVENTS.typing, (notice) => this.rooms.get(notice.room)?.typingOf(notice.who));
    return socket;
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
    this.reconnects.connected();
    this.ackTimeouts = 0;
    this.tokenRetry.reset();
    this.generation += 1;
    this.sending.clear();
    this.failures.cleared();
    this.refusalValue = undefined;
    this.setStatus('online');
    for (const room of this.rooms.values()) room.join();
    this.pumpAll();
  }

  private pumpAll(): void {
    for (const key of this.outbox.rooms()) this.pump(key);
  }

  private disconnected(): void {
    this.sending.clear();
    this.failures.cleared();
    for (const room of this.rooms.values()) room.offline();
    this.setStatus('offline');
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.current) return;
    this.current = status;
    this.emitStatus();
  }

  /** Tells the listeners the status and the token's refusal, once per change of either. */
  private emitStatus(): void {
    if (this.told.status === this.current && this.told.refusal === this.refusalValue) return;
    this.told = { status: this.current, refusal: this.refusalValue };
    this.statusListeners.emit(this.current, this.refusalValue);
  }

  /**
   * An entry of one of this hub's posts reached its room (live, or in a catch-up after a reconnect): the post is
   * posted, settled as its ack would settle it, in flight or not; never sent again nor given up.
   */
  private delivered(entry: FeedEntry): void {
    const id = this.failures.delivered(entry);
    if (id === undefined || this.sending.get(entry.room) !== id) return;
    this.sending.delete(entry.room); // its late ack, if any, is ignored
    this.failures.settled(entry.room);
    this.pumpAll();
  }

  /** The hub's person, at the first token read (before anything is sent with it): the outbox's owner filter is on. */
  private knowSubject(sub: string | undefined): void {
    if (sub === undefined || this.subject !== undefined) return;
    this.subject = sub;
    this.outbox.own(sub);
    for (const room of this.rooms.values()) room.changed();
  }

  /** The hub refused the token (at a request, the handshake, or by ending the connection at its expiry): offline until `setToken`. */
  private refuseToken(error: ErrorBody, socket: HubSocket): void {
    if (this.closed || socket !== this.currentSocket) return;
    this.refusalValue = tokenRefusal(error, tokenOrEmpty(this.token));
    if (socket.connected) socket.disconnect(); // 'io client disconnect': offline, no failover
    this.current = 'offline';
    this.emitStatus();
  }

  /** Connects again to the single node after it ended the connection or refused the handshake for a while (`Reconnects`). */
  private reconnectLater(socket: HubSocket, retryAfterMs?: number): void {
    this.reconnects.afterWait(() => {
      if (this.currentSocket === socket && !socket.connected && this.refusalValue === undefined) socket.connect();
    }, retryAfterMs);
  }
}
