import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_EVENTS, type PresenceDiff, type PresenceState, type RoomKey } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { HUB_OPTIONS, PRESENCE_STORE, type ResolvedHubOptions } from '../hub.options';
import type { PresenceStore } from './presence-store';

/** A room's presence diffs wait one more `presenceDiffMs` for each this many of its sockets on the node. */
const SOCKETS_PER_DIFF_WINDOW = 250;

/**
 * Presence of people in rooms: the joiner gets `presence:state`;
 * the room gets `presence:diff` when a person's first socket arrives or last
 * socket goes, so several devices of one person count once. The changes of a
 * room within `presenceDiffMs` (longer in large rooms) go out together, each person's latest one: a
 * socket that applies its state, then the diffs, knows who is there (a joiner
 * may hear of its own arrival).
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  /** socket id → its person and the rooms it is present in: what to undo when it leaves or goes away. */
  private readonly bySocket = new Map<string, { readonly sub: string; readonly rooms: RoomKey[] }>();
  private readonly logger = new Logger('Presence');
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private io: HubServer | undefined;
  /** Per room, the changes not told yet: sub → present (the latest change of each person), and when they go. */
  private readonly untold = new Map<RoomKey, { readonly changes: Map<string, boolean>; readonly timer: NodeJS.Timeout }>();

  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
  ) {}

  /**
   * With a store shared by several nodes: every `sweepIntervalMs`, the people
   * whose sockets were all on a node that died leave their rooms, and the rooms
   * are told (a broadcast that reaches every node through the cluster adapter).
   */
  attach(io: HubServer, sweepIntervalMs: number): void {
    this.io = io;
    const store = this.store;
    if (!store.sweep || this.sweeper) return;
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = true;
      store.sweep!()
        .then((departures) => {
          for (const { room, left } of departures) for (const sub of left) this.tell(room, sub, false);
        })
        .catch((error: unknown) => this.logger.warn(`presence sweep failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.sweeping = false));
    }, sweepIntervalMs);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const { timer } of this.untold.values()) clearTimeout(timer);
    this.untold.clear();
    await this.store.close?.();
  }

  /** Records a socket in a room (before it is announced); returns who is present. */
  async enter(socket: HubSocket, room: RoomKey, sub: string): Promise<{ first: boolean; present: readonly string[] }> {
    const result = await this.store.add(room, sub, socket.id);
    const entered = this.bySocket.get(socket.id);
    if (!entered) this.bySocket.set(socket.id, { sub, rooms: [room] });
    else if (!entered.rooms.includes(room)) entered.rooms.push(room);
    if (!socket.connected) {
      // It went away while we were adding it: undo, quietly (nobody was told it came).
      await this.forget(socket.id, room, false, undefined);
      return { first: false, present: result.present };
    }
    return result;
  }

  /** Tells the joiner who is there and, if the person just arrived, the room (with the next diff). */
  announce(socket: HubSocket, room: RoomKey, sub: string, entered: { first: boolean; present: readonly string[] }): void {
    const state: PresenceState = { room, present: entered.present };
    socket.emit(HUB_EVENTS.presenceState, state);
    if (entered.first) this.tell(room, sub, true);
  }

  /** Undoes `enter` of a join that failed (nobody was told). */
  async abandon(socket: HubSocket, room: RoomKey): Promise<void> {
    await this.forget(socket.id, room, false, undefined);
  }

  /** The socket left the room. */
  async leave(io: HubServer, socket: HubSocket, room: RoomKey): Promise<void> {
    await this.forget(socket.id, room, true, io);
  }

  /** The socket went away: it leaves every room it was present in. */
  async disconnected(io: HubServer, socketId: string): Promise<void> {
    const entered = this.bySocket.get(socketId);
    if (!entered) return;
    await Promise.all([...entered.rooms].map((room) => this.forget(socketId, room, true, io)));
    this.bySocket.delete(socketId);
  }

  private async forget(socketId: string, room: RoomKey, tell: boolean, io: HubServer | undefined): Promise<void> {
    const entered = this.bySocket.get(socketId);
    const at = entered?.rooms.indexOf(room) ?? -1;
    if (!entered || at < 0) return;
    const { sub, rooms } = entered;
    rooms.splice(at, 1);
    if (rooms.length === 0) this.bySocket.delete(socketId);
    try {
      const { last } = await this.store.remove(room, sub, socketId);
      if (last && tell && io) this.tell(room, sub, false);
    } catch (error) {
      this.logger.error(`removing ${sub} from ${room} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * A person arrived in or left a room: the room is told with the next diff, `presenceDiffMs` later for each
   * `SOCKETS_PER_DIFF_WINDOW` sockets of the room on this node (so a room of 5,000 is told about once a
   * second, and a wave of arrivals costs each node a bounded number of writes per second and room).
   */
  private tell(room: RoomKey, sub: string, present: boolean): void {
    let untold = this.untold.get(room);
    if (!untold) {
      const sockets = this.io?.sockets.adapter.rooms.get(room)?.size ?? 0;
      const timer = setTimeout(() => this.flush(room), this.options.presenceDiffMs * Math.max(1, Math.ceil(sockets / SOCKETS_PER_DIFF_WINDOW)));
      untold = { changes: new Map(), timer };
      this.untold.set(room, untold);
    }
    untold.changes.set(sub, present);
  }

  private flush(room: RoomKey): void {
    const untold = this.untold.get(room);
    this.untold.delete(room);
    if (!untold || !this.io) return;
    const joins: string[] = [];
    const leaves: string[] = [];
    for (const [sub, present] of untold.changes) (present ? joins : leaves).push(sub);
    const diff: PresenceDiff = { room, joins, leaves };
    // Through the adapter: with Redis, the room's sockets on every node.
    this.io.to(room).emit(HUB_EVENTS.presenceDiff, diff);
  }
}
