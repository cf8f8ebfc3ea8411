import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type AckCallback,
  type ClientToServerEvents,
  type ErrorBody,
  type FeedCursor,
  type FeedEntry,
  HUB_EVENTS,
  type HubRequestEvent,
  type JoinResult,
  type PostResult,
  type PresenceDiff,
  type PresenceState,
  type RequestOf,
  type ResetNotice,
  type ResultOf,
  sendRequest,
  type ServerToClientEvents,
  type SyncResult,
  type TypingNotice,
} from '@catalyse/protocol';

/** A socket.io client socket typed with the protocol's event maps. */
export type HubClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type PresenceMessage = ({ type: 'state' } & PresenceState) | ({ type: 'diff' } & PresenceDiff);

/** A refused handshake, as socket.io-client reports it. */
export interface ConnectRefusal {
  readonly message: string;
  readonly data?: ErrorBody;
}

const TIMEOUT_MS = 15_000;

/**
 * A real socket.io client that records, synchronously and in arrival order,
 * everything the hub sends: entries (from join and sync acks and live
 * `room:entry`), resets, presence and typing notices. Waits are event-driven.
 */
export class TestClient {
  /** Entries received per room, in arrival order, duplicates kept (to be detected). */
  private readonly received = new Map<string, FeedEntry[]>();
  readonly resets: ResetNotice[] = [];
  readonly presence: PresenceMessage[] = [];
  readonly typing: TypingNotice[] = [];
  /** The size of each `room:entries` page received, in order. */
  readonly pageSizes: number[] = [];
  /** Everything received, by event name, in order (acks as `ack:{event}`). */
  readonly log: string[] = [];
  private readonly checks = new Set<() => void>();

  private constructor(readonly socket: HubClientSocket) {
    socket.on(HUB_EVENTS.entry, (entry) => this.record(HUB_EVENTS.entry, [entry]));
    socket.on(HUB_EVENTS.entries, (page) => {
      this.pageSizes.push(page.entries.length);
      this.record(HUB_EVENTS.entries, page.entries);
    });
    socket.on(HUB_EVENTS.reset, (notice) => {
      this.resets.push(notice);
      this.changed(HUB_EVENTS.reset);
    });
    socket.on(HUB_EVENTS.presenceState, (state) => {
      this.presence.push({ type: 'state', ...state });
      this.changed(HUB_EVENTS.presenceState);
    });
    socket.on(HUB_EVENTS.presenceDiff, (diff) => {
      this.presence.push({ type: 'diff', ...diff });
      this.changed(HUB_EVENTS.presenceDiff);
    });
    socket.on(HUB_EVENTS.typing, (notice) => {
      this.typing.push(notice);
      this.changed(HUB_EVENTS.typing);
    });
    socket.on('disconnect', () => this.changed('disconnect'));
  }

  static async connect(url: string, token: string): Promise<TestClient> {
    const socket: HubClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    return new TestClient(socket);
  }

  /** Connects with the given handshake `auth` and expects a refusal. */
  static async refused(url: string, auth: Record<string, unknown> | undefined): Promise<ConnectRefusal> {
    const socket: HubClientSocket = io(url, { ...(auth ? { auth } : {}), transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      return await new Promise<ConnectRefusal>((resolve, reject) => {
        socket.once('connect', () => reject(new Error('the handshake was accepted')));
        socket.once('connect_error', (error: Error & { data?: ErrorBody }) => resolve({ message: error.message, ...(error.data ? { data: error.data } : {}) }));
      });
    } finally {
      socket.close();
    }
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /**
   * The same socket without the protocol's types, to send what they forbid
   * (the bad-input spec: payloads of the wrong shape, unknown events). The one
   * deliberate cast of the test clients: the socket is the same object.
   */
  get untyped(): Socket {
    return this.socket as unknown as Socket;
  }

  /** Sends a request of the protocol; `onAck` runs inside the ack callback, before any later message. */
  request<E extends HubRequestEvent>(event: E, payload: RequestOf<E>, onAck?: (ack: Ack<ResultOf<E>>) => void): Promise<Ack<ResultOf<E>>> {
    return this.acked(event, onAck, (ack) => sendRequest(this.socket, event, payload, ack));
  }

  /** Emits `event` with exactly `args` (any event, any payloads: see `untyped`) and an ack callback. */
  requestRaw(event: string, args: readonly unknown[], onAck?: (ack: Ack<unknown>) => void): Promise<Ack<unknown>> {
    return this.acked(event, onAck, (ack) => this.untyped.emit(event, ...args, ack));
  }

  /** Joins; the ack's entries are recorded the moment the ack arrives, before any later message. */
  async join(room: string, since?: FeedCursor): Promise<JoinResult> {
    const ack = await this.tryJoin(room, since);
    if (!ack.ok) throw new Error(`join ${room}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  /** Joins; `onAck` runs inside the ack callback, after its entries are recorded (before any later message). */
  tryJoin(room: string, since?: FeedCursor, onAck?: (ack: Ack<JoinResult>) => void): Promise<Ack<JoinResult>> {
    return this.request(HUB_EVENTS.join, since ? { room, since } : { room }, (ack) => {
      if (ack.ok) this.record(`ack:${HUB_EVENTS.join}`, ack.data.entries);
      onAck?.(ack);
    });
  }

  async sync(room: string, since: FeedCursor): Promise<SyncResult> {
    const ack = await this.request(HUB_EVENTS.sync, { room, since }, (a) => {
      if (a.ok) this.record(`ack:${HUB_EVENTS.sync}`, a.data.entries);
    });
    if (!ack.ok) throw new Error(`sync ${room}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  post(room: string, clientMsgId: string, text: string): Promise<Ack<PostResult>> {
    return this.request(HUB_EVENTS.post, { room, clientMsgId, text });
  }

  entries(room: string): FeedEntry[] {
    return this.received.get(room) ?? [];
  }

  /** The (epoch, seq) of the last entry received in a room. */
  cursor(room: string): FeedCursor | undefined {
    const last = this.entries(room).at(-1);
    return last ? { epoch: last.epoch, seq: last.seq } : undefined;
  }

  waitForSeq(room: string, seq: number): Promise<void> {
    return this.waitFor(() => (this.cursor(room)?.seq ?? 0) >= seq, `${room} seq ${seq} (at ${this.cursor(room)?.seq ?? 0})`);
  }

  /** Resolves when `predicate` holds, checked after everything the client receives. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = TIMEOUT_MS): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.checks.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.checks.delete(check);
        resolve();
      };
      this.checks.add(check);
    });
  }

  /** Resolves when the server has closed this connection. */
  waitForDisconnect(): Promise<void> {
    return this.waitFor(() => !this.socket.connected, 'the server to close the connection');
  }

  close(): void {
    this.socket.close();
  }

  /**
   * Stops reading the connection (as a client on a slow link, or busy): what the hub sends waits in the
   * system's buffers, then in the hub's. Test internals: the websocket of engine.io-client in Node is `ws`'s,
   * whose `_socket` is the TCP socket.
   */
  pauseReading(): void {
    this.tcp().pause();
  }

  resumeReading(): void {
    this.tcp().resume();
  }

  private tcp(): { pause(): void; resume(): void } {
    const transport = this.socket.io.engine.transport as unknown as { ws?: { _socket?: { pause(): void; resume(): void } } };
    const tcp = transport.ws?._socket;
    if (!tcp) throw new Error('no websocket under this client (websocket transport only)');
    return tcp;
  }

  /** Sends with an ack callback (rejects after the timeout); `onAck` runs inside the callback. */
  private acked<T>(event: string, onAck: ((ack: Ack<T>) => void) | undefined, send: (ack: AckCallback<T>) => void): Promise<Ack<T>> {
    return new Promise<Ack<T>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      send((ack) => {
        clearTimeout(timer);
        onAck?.(ack);
        resolve(ack);
        this.changed(`ack:${event}`);
      });
    });
  }

  private record(source: string, entries: readonly FeedEntry[]): void {
    for (const entry of entries) {
      const list = this.received.get(entry.room) ?? [];
      list.push(entry);
      this.received.set(entry.room, list);
    }
    this.changed(source);
  }

  private changed(what: string): void {
    this.log.push(what);
    for (const check of [...this.checks]) check();
  }
}
