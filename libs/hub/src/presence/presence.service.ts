import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_EVENTS, type PresenceDiff, type PresenceState, type RoomKey } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { PRESENCE_STORE } from '../hub.options';
import type { PresenceStore } from './presence-store';

/**
 * Presence of people in rooms: the joiner gets `presence:state`;
 * the others get `presence:diff` when a person's first socket arrives or last
 * socket goes, so several devices of one person count once.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  /** socket id → (room → sub): what to undo when the socket leaves or goes away. */
  private readonly bySocket = new Map<string, Map<RoomKey, string>>();
  private readonly logger = new Logger('Presence');
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(@Inject(PRESENCE_STORE) private readonly store: PresenceStore) {}

  /**
   * With a store shared by several nodes: every `sweepIntervalMs`, the people
   * whose sockets were all on a node that died leave their rooms, and the rooms
   * are told (a broadcast that reaches every node through the cluster adapter).
   */
  attach(io: HubServer, sweepIntervalMs: number): void {
    const store = this.store;
    if (!store.sweep || this.sweeper) return;
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = true;
      store.sweep!()
        .then((departures) => {
          for (const { room, left } of departures) {
            const diff: PresenceDiff = { room, joins: [], leaves: [...left] };
            io.to(room).emit(HUB_EVENTS.presenceDiff, diff);
          }
        })
        .catch((error: unknown) => this.logger.warn(`presence sweep failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (this.sweeping = false));
    }, sweepIntervalMs);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.store.close?.();
  }

  /** Records a socket in a room (before it is announced); returns who is present. */
  async enter(socket: HubSocket, room: RoomKey, sub: string): Promise<{ first: boolean; present: readonly string[] }> {
    const result = await this.store.add(room, sub, socket.id);
    let rooms = this.bySocket.get(socket.id);
    if (!rooms) {
      rooms = new Map();
      this.bySocket.set(socket.id, rooms);
    }
    rooms.set(room, sub);
    if (!socket.connected) {
      // It went away while we were adding it: undo, quietly (nobody was told it came).
      await this.forget(socket.id, room, false, undefined);
      return { first: false, present: result.present };
    }
    return result;
  }

  /** Tells the joiner who is there and, if the person just arrived, tells the others. */
  announce(socket: HubSocket, room: RoomKey, sub: string, entered: { first: boolean; present: readonly string[] }): void {
    const state: PresenceState = { room, present: entered.present };
    socket.emit(HUB_EVENTS.presenceState, state);
    if (entered.first) {
      const diff: PresenceDiff = { room, joins: [sub], leaves: [] };
      socket.to(room).emit(HUB_EVENTS.presenceDiff, diff);
    }
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
    const rooms = this.bySocket.get(socketId);
    if (!rooms) return;
    await Promise.all([...rooms.keys()].map((room) => this.forget(socketId, room, true, io)));
    this.bySocket.delete(socketId);
  }

  private async forget(socketId: string, room: RoomKey, tell: boolean, io: HubServer | undefined): Promise<void> {
    const rooms = this.bySocket.get(socketId);
    const sub = rooms?.get(room);
    if (!rooms || sub === undefined) return;
    rooms.delete(room);
    if (rooms.size === 0) this.bySocket.delete(socketId);
    try {
      const { last } = await this.store.remove(room, sub, socketId);
      if (last && tell && io) {
        const diff: PresenceDiff = { room, joins: [], leaves: [sub] };
        io.to(room).emit(HUB_EVENTS.presenceDiff, diff);
      }
    } catch (error) {
      this.logger.error(`removing ${sub} from ${room} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
