import { io, type Socket } from 'socket.io-client';
import {
  type Ack,
  type ClientToServerEvents,
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
} from '@catalyse/protocol';

/** A socket.io client socket typed with the protocol's event maps, as any client can declare it. */
export type HubClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io client speaking the hub protocol, as a front end would:
 * remembers `(epoch, seq)` per room and records, in arrival order, every entry
 * the server delivered (join/sync acks and live `room:entry`), so tests can
 * assert "none missing, none twice".
 */
export class HubClient {
  /** Every entry the server sent, per room, in arrival order (duplicates kept, to be detected). */
  readonly delivered = new Map<string, FeedEntry[]>();
  readonly cursors = new Map<string, FeedCursor>();
  readonly presence: (PresenceState | PresenceDiff)[] = [];
  /** Every `room:reset` received (a rebuild switched the room's feed to a new epoch). */
  readonly resets: ResetNotice[] = [];
  private readonly waiters = new Set<() => void>();

  private current: HubClientSocket;

  private constructor(socket: HubClientSocket) {
    this.current = socket;
    this.listen(socket);
  }

  get socket(): HubClientSocket {
    return this.current;
  }

  static async connect(url: string, token: string): Promise<HubClient> {
    return new HubClient(await open(url, token));
  }

  /**
   * Reconnects to another hub node (its own went away), keeping what was
   * delivered and the cursors: `join(room)` then asks for exactly what was missed.
   */
  async moveTo(url: string, token: string): Promise<void> {
    this.current.removeAllListeners();
    this.current.disconnect();
    this.current = await open(url, token);
    this.listen(this.current);
  }

  private listen(socket: HubClientSocket): void {
    socket.on(HUB_EVENTS.entry, (entry) => this.record([entry]));
    socket.on(HUB_EVENTS.presenceState, (state) => this.presence.push(state));
    socket.on(HUB_EVENTS.presenceDiff, (diff) => this.presence.push(diff));
    socket.on(HUB_EVENTS.reset, (notice) => {
      this.resets.push(notice);
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  /**
   * Emits with an ack. `onAck` runs inside the ack callback, before any packet
   * that follows it is handled (a promise continuation could run after a live
   * `room:entry` that arrived in the same network read).
   */
  request<E extends HubRequestEvent>(event: E, payload: RequestOf<E>, onAck?: (ack: Ack<ResultOf<E>>) => void, timeoutMs = 10_000): Promise<Ack<ResultOf<E>>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)), timeoutMs);
      sendRequest(this.socket, event, payload, (ack) => {
        clearTimeout(timer);
        onAck?.(ack);
        resolve(ack);
      });
    });
  }

  /** Joins with the remembered cursor of the room (if any): the server sends exactly what was missed. */
  async join(room: string, since: FeedCursor | undefined = this.cursors.get(room)): Promise<JoinResult> {
    const ack = await this.request(HUB_EVENTS.join, since ? { room, since } : { room }, (answer) => {
      if (!answer.ok) return;
      if (answer.data.snapshot) this.cursors.set(room, { epoch: answer.data.epoch, seq: answer.data.entries.at(-1)?.seq ?? answer.data.head });
      this.record(answer.data.entries, answer.data.snapshot ? answer.data.epoch : undefined);
    });
    if (!ack.ok) throw new Error(`join ${room}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  async sync(room: string): Promise<SyncResult> {
    const since = this.cursors.get(room) ?? { epoch: 0, seq: 0 };
    const ack = await this.request(HUB_EVENTS.sync, { room, since }, (answer) => {
      if (answer.ok) this.record(answer.data.entries);
    });
    if (!ack.ok) throw new Error(`sync ${room}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  post(room: string, clientMsgId: string, text: string): Promise<Ack<PostResult>> {
    return this.request(HUB_EVENTS.post, { room, clientMsgId, text });
  }

  /** What was delivered for `room`, in arrival order; only the entries of `epoch` when given. */
  entries(room: string, epoch?: number): FeedEntry[] {
    const all = this.delivered.get(room) ?? [];
    return epoch === undefined ? all : all.filter((entry) => entry.epoch === epoch);
  }

  /** Resolves once `check` holds, re-checked at every delivery and reset. */
  async waitUntil(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const waiter = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }

  /** Resolves when the client has delivered seq `seq` of `room` (live or acked). */
  async waitForSeq(room: string, seq: number, timeoutMs = 15_000): Promise<void> {
    await this.waitUntil(() => (this.cursors.get(room)?.seq ?? 0) >= seq, `${room} seq ${seq}; at ${JSON.stringify(this.cursors.get(room))}`, timeoutMs);
  }

  disconnect(): void {
    this.current.disconnect();
  }

  private record(entries: readonly FeedEntry[], snapshotEpoch?: number): void {
    for (const entry of entries) {
      const list = this.delivered.get(entry.room) ?? [];
      list.push(entry);
      this.delivered.set(entry.room, list);
      const cursor = this.cursors.get(entry.room);
      if (snapshotEpoch !== undefined || !cursor || entry.epoch !== cursor.epoch || entry.seq > cursor.seq) {
        this.cursors.set(entry.room, { epoch: entry.epoch, seq: Math.max(entry.epoch === cursor?.epoch ? cursor.seq : 0, entry.seq) });
      }
    }
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The seqs of a delivered list, to compare with 1..head. */
export const seqs = (entries: readonly FeedEntry[]): number[] => entries.map((entry) => entry.seq);
export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

async function open(url: string, token: string): Promise<HubClientSocket> {
  const socket: HubClientSocket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}
