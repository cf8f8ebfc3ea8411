import { CatalyseHub, type HubSocket, type LiveRoom, type PendingPost, type RoomOptions } from '@catalyse/client';
import type { FeedEntry, ResetNotice } from '@catalyse/protocol';

/**
 * A test's hub client: the product's own `CatalyseHub` (the code users get),
 * with a recorder of what it hands the application. For each room it keeps,
 * in the order handed, every entry given through `onEntry` (each carries its
 * epoch and seq; a reset does not erase them) and every `onReset`, so a test
 * asserts "none missing, none twice, in order" on what an app receives. The
 * gapless logic (since, sync, reset, rejoin, failover, outbox) is the
 * client's alone: nothing here reads a cursor or asks the hub by itself.
 */
export class HubClient {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly handed = new Map<string, FeedEntry[]>();
  /** Every reset handed to the application, in order (a rebuild switched a room's feed to a new epoch). */
  readonly resets: ResetNotice[] = [];

  private constructor(readonly hub: CatalyseHub) {}

  /** A client of the hub at `url` (or of several nodes, in failover order), once it is online. */
  static async connect(url: string | readonly string[], token: string, timeoutMs = 15_000): Promise<HubClient> {
    const client = new HubClient(new CatalyseHub({ url, token, transports: ['websocket'] }));
    try {
      await client.waitUntil(() => client.hub.status === 'online', `online at ${client.hub.url}`, timeoutMs);
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /** The client's current connection, for a test that deliberately checks the server's raw answers. */
  get socket(): HubSocket {
    return this.hub.socket;
  }

  /** The room as the client keeps it (joined on first use; recorded from then on). */
  room(key: string, options?: RoomOptions): LiveRoom {
    const known = this.rooms.get(key);
    if (known) return known;
    const room = this.hub.room(key, options);
    this.rooms.set(key, room);
    const handed: FeedEntry[] = [];
    this.handed.set(key, handed);
    room.onEntry((entry) => handed.push(entry));
    room.onReset((epoch) => this.resets.push({ room: key, epoch }));
    return room;
  }

  /** Joins and waits for the hub's answer: rejects with the client's `RoomRefusedError` when it refuses. */
  async join(key: string, options?: RoomOptions, timeoutMs = 15_000): Promise<LiveRoom> {
    const room = this.room(key, options);
    await within(room.ready(), timeoutMs, `${key} joined`);
    return room;
  }

  /** What the client handed the application for `room`, in the order handed; only those of `epoch` when given. */
  entries(room: string, epoch?: number): FeedEntry[] {
    const all = this.handed.get(room) ?? [];
    return epoch === undefined ? [...all] : all.filter((entry) => entry.epoch === epoch);
  }

  /** What the room holds now (`LiveRoom.entries()`): its current epoch's entries. */
  held(room: string): readonly FeedEntry[] {
    return this.rooms.get(room)?.entries() ?? [];
  }

  /** Posts through the room's outbox and waits for the hub's ack; throws with the hub's error if refused. */
  async post(key: string, text: string, timeoutMs = 15_000): Promise<PendingPost> {
    const room = this.room(key);
    const post = room.post(text);
    const sent = (): boolean => !room.pending().some((pending) => pending.clientMsgId === post.clientMsgId);
    await this.waitUntil(sent, `${key}: the post “${text}” acknowledged`, timeoutMs);
    const refused = room.failed().find((failed) => failed.clientMsgId === post.clientMsgId);
    if (refused) throw new Error(`${key}: the post “${text}” was refused: ${refused.error.code} ${refused.error.message}`);
    return post;
  }

  /** Resolves once `check` holds (polled: the client's state is read as the application would). */
  async waitUntil(check: () => boolean, what: string | (() => string), timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Resolves when the room holds seq `seq` (of its current epoch, or of `epoch` when given). */
  async waitForSeq(room: string, seq: number, timeoutMs = 15_000, epoch?: number): Promise<void> {
    const at = (): string => `${this.rooms.get(room)?.epoch()}/${this.held(room).at(-1)?.seq ?? 0}`;
    const reached = (): boolean => (epoch === undefined || this.rooms.get(room)?.epoch() === epoch) && (this.held(room).at(-1)?.seq ?? 0) >= seq;
    await this.waitUntil(reached, () => `${room} seq ${seq}${epoch === undefined ? '' : ` of epoch ${epoch}`}; at ${at()}`, timeoutMs);
  }

  /** The network goes away (the client does not reconnect until `comeBack`); rooms, cursors and outbox are kept. */
  goOffline(): void {
    this.hub.socket.disconnect();
  }

  /** The network is back: the client reconnects, rejoins its rooms with `since` and sends its outbox, by itself. */
  comeBack(): void {
    this.hub.socket.connect();
  }

  close(): void {
    this.hub.close();
  }
}

async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The seqs of a list of entries, to compare with 1..head. */
export const seqs = (entries: readonly FeedEntry[]): number[] => entries.map((entry) => entry.seq);
export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
