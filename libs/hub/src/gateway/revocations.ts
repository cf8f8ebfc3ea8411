import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessPolicy } from '@catalyse/auth';
import { COLLECTIONS, PROJECTION_STORE, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { AppError, type FeedEntry, HUB_EVENTS, parseRoomKey, type Principal, type ResetNotice, type RoomKey, roomKey } from '@catalyse/protocol';
import { FanoutService } from '../fanout/fanout.service';
import { PresenceService } from '../presence/presence.service';
import type { HubServer, HubSocket } from './hub-socket';

/** Entries that may end someone's access, and whose: the person they name. */
const REVOKING: Readonly<Record<string, string>> = { MemberRemoved: 'memberId', CatalyseurReleased: 'catalyseurId', CatalyseurLeft: 'catalyseurId' };

/**
 * Access ends while a socket is in the room: a member removed from a members-only room, a catalyseur released from a
 * partnership (its feed and its partnership's rooms are no longer its). Access is judged at join, sync, post and
 * typing; a socket already joined would go on receiving live entries until it reconnects. So when one of these entries
 * is emitted to a room, the node asks the access table again for the sockets of the person it names, in that room — and,
 * for a release, in the rooms of that partnership — and a socket refused leaves the room: it is unsubscribed in the
 * room's order (nothing after the entry reaches it) and told with `room:reset`, so its client joins again and hears
 * the refusal (`FORBIDDEN`). The read side answers with what the entry's own transaction wrote: the facts are those
 * after it. A catalyseur's departure (`CatalyseurLeft`, an entry of `network` and `ops`) ends all their access
 * (docs/adr/0025-who-accompanies-a-partnership.md): every room their sockets on this node are in is checked again.
 * Every node sees it, whatever its sockets follow: the node follows `network` itself (`FanoutService.follow`, from the
 * feed's head when it starts, through the fan-out of the room and the notifier, which tells every node of every feed:
 * a read per update of `network`, nothing while it does not grow). A removal is written to the room itself; a release
 * only to the partnership's feed, so a node none of whose sockets follows that feed does not see it: the person's
 * sockets there stay in the partnership's rooms until they reconnect, their requests and typing notices refused.
 *
 * Two races are closed here. A join judges access before its socket is subscribed, so an entry reaching the node in
 * between finds the socket in no room: the gateway runs each join through `whileJoining`, which checks the room once
 * more after the join when such an entry named the person meanwhile (emitted live on this node, or served in the join's
 * own ack: `servedToJoiner`). And a check asked for while the same socket and room are being checked runs once more
 * after it (`checking`): the running one may have read the facts before the entry that asked for it.
 */
@Injectable()
export class Revocations {
  private readonly logger = new Logger('Revocations');
  private io: HubServer | undefined;
  /** Per person, the joins of theirs running on this node (see `whileJoining`); a person without one is not kept. */
  private readonly joining = new Map<string, Set<JoinWatch>>();

  constructor(
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    private readonly fanout: FanoutService,
    private readonly presence: PresenceService,
  ) {}

  attach(io: HubServer): void {
    this.io = io;
    this.fanout.listenToEntries((room, entries) => this.delivered(room, entries));
    // Departures are written to `network`: heard on this node whether a socket of it follows that feed or not.
    this.fanout.follow(roomKey('network'));
  }

  /**
   * Runs a join of `room` by `socket` (`join` resolves true once the socket was answered and subscribed). Its access
   * check ran before the socket was in the room: an entry that may end the person's access, emitted meanwhile, found
   * the socket in none of the rooms it checked, and the check may have read the facts from before it. So when such an
   * entry named the person while the join ran (in any room: a departure ends every access, and one check more is
   * cheap), the room is checked again now that the socket is in it, and left if refused as any other socket.
   */
  async whileJoining(socket: HubSocket, room: RoomKey, join: () => Promise<boolean>): Promise<boolean> {
    const sub = socket.data.principal?.sub;
    if (sub === undefined) return join();
    const watch: JoinWatch = { revoked: false };
    let watches = this.joining.get(sub);
    if (!watches) this.joining.set(sub, (watches = new Set()));
    watches.add(watch);
    let joined: boolean;
    try {
      joined = await join();
    } finally {
      watches.delete(watch);
      if (watches.size === 0 && this.joining.get(sub) === watches) this.joining.delete(sub);
    }
    if (joined && watch.revoked && socket.rooms.has(room)) {
      // The join was answered: a failure here is logged as a revocation's is, not told to the client as the join's.
      await this.evictIfRefused(socket, room).catch((error: unknown) =>
        this.logger.error(
          `access of ${sub} in ${room} after a revocation during its join not checked again: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
    return joined;
  }

  /**
   * The entries a join's ack serves its socket. Where no socket of this node followed the room, its fan-out starts at
   * the feed's head and emits nothing before it live: an entry written while the join's access was being checked
   * reaches the node only in the ack (the newest entries, or those after the joiner's `since`). Its person's joins
   * running are checked again as for an entry emitted live (a joiner of a room where they were removed and added back
   * long ago is checked once more: rare and cheap). Not seen here: such an entry beyond the ack, in the catch-up pages
   * of a joiner more than `joinAckMaxEntries` behind (or more than a snapshot written during the check).
   */
  servedToJoiner(entries: readonly FeedEntry[]): void {
    for (const entry of entries) {
      const who = revokedBy(entry);
      if (who !== undefined) this.revokedDuringJoins(who);
    }
  }

  private delivered(room: RoomKey, entries: readonly FeedEntry[]): void {
    for (const entry of entries) {
      const who = revokedBy(entry);
      if (who === undefined) continue;
      // Before any await: a join of this person whose socket is not subscribed yet is checked again once it is.
      this.revokedDuringJoins(who);
      this.recheck(room, entry.kind, who).catch((error: unknown) =>
        this.logger.error(`access of ${who} in ${room} after ${entry.kind} not checked again: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }

  private revokedDuringJoins(sub: string): void {
    for (const join of this.joining.get(sub) ?? []) join.revoked = true;
  }

  private async recheck(room: RoomKey, kind: string, sub: string): Promise<void> {
    if (kind === 'CatalyseurLeft') {
      for (const key of this.roomsFollowedBy(sub)) for (const socket of this.socketsOf(key, sub)) await this.evictIfRefused(socket, key);
      return;
    }
    const parsed = parseRoomKey(room);
    const rooms = [room];
    if (kind === 'CatalyseurReleased' && parsed?.kind === 'partnership' && parsed.id !== undefined) {
      const cards = await this.store.findDocs<RoomCard>(COLLECTIONS.rooms, { subject: parsed.id });
      for (const card of cards) if (card.kind === 'partnership') rooms.push(roomKey('room', card.id));
    }
    for (const key of rooms) {
      for (const socket of this.socketsOf(key, sub)) await this.evictIfRefused(socket, key);
    }
  }

  /** The rooms a person's sockets on this node are in (each socket's own id left out). */
  private roomsFollowedBy(sub: string): RoomKey[] {
    const rooms = new Set<RoomKey>();
    for (const socket of this.io?.sockets.sockets.values() ?? []) {
      if (socket.data.principal?.sub !== sub) continue;
      for (const room of socket.rooms) if (room !== socket.id) rooms.add(room as RoomKey);
    }
    return [...rooms];
  }

  private socketsOf(room: RoomKey, sub: string): HubSocket[] {
    const io = this.io;
    const ids = io?.sockets.adapter.rooms.get(room);
    if (!io || !ids) return [];
    return [...ids].flatMap((id) => {
      const socket = io.sockets.sockets.get(id);
      return socket?.data.principal?.sub === sub ? [socket] : [];
    });
  }

  /**
   * Socket and room pairs being checked, each with whether it is to be checked once more. One entry may reach the node
   * in several rooms (a departure: `network` and `ops`), and several entries may name the same person in the same
   * room (a member removed from a partnership room as the catalyseur is released from the partnership): a check asked
   * for while one runs is not run beside it, but it is not dropped either: the running check may have read the facts
   * before the entry that asked for the new one was written, so it runs once more when it ends (once, however many
   * asked meanwhile: that run reads facts from after all of them).
   */
  private readonly checking = new Map<string, { again: boolean }>();

  private async evictIfRefused(socket: HubSocket, room: RoomKey): Promise<void> {
    const principal = socket.data.principal;
    const key = `${socket.id}\n${room}`;
    const running = this.checking.get(key);
    if (running) {
      running.again = true;
      return;
    }
    if (!principal || !this.io) return;
    const check = { again: false };
    this.checking.set(key, check);
    try {
      do {
        check.again = false;
        if (!socket.rooms.has(room)) return;
        if (!(await this.mayRead(principal, room))) {
          await this.evict(socket, room, principal.sub);
          return;
        }
      } while (check.again);
    } finally {
      this.checking.delete(key);
    }
  }

  /** Whether the access table still lets the person read the room (its refusals answer false; any other failure throws). */
  private async mayRead(principal: Principal, room: RoomKey): Promise<boolean> {
    try {
      await this.access.assertCanRead(principal, room);
      return true;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return false;
      throw error;
    }
  }

  /** Takes a socket refused out of the room, in the room's order, and tells it (`room:reset`: its client joins again). */
  private async evict(socket: HubSocket, room: RoomKey, sub: string): Promise<void> {
    if (!socket.rooms.has(room)) return;
    await this.fanout.leave(socket, room);
    await this.presence.leave(socket, room);
    const head = await this.store.feedHead(room);
    const notice: ResetNotice = { room, epoch: head.epoch };
    socket.emit(HUB_EVENTS.reset, notice);
    this.logger.log(`${sub} left ${room}: no longer allowed in it`);
  }
}

/** The person an entry may end the access of (`REVOKING`), if it is such an entry. */
function revokedBy(entry: FeedEntry): string | undefined {
  const field = REVOKING[entry.kind];
  const who = field === undefined ? undefined : (entry.data as Record<string, unknown> | null)?.[field];
  return typeof who === 'string' ? who : undefined;
}

/** A join running (see `Revocations.whileJoining`): whether an entry that may end its person's access was emitted meanwhile. */
interface JoinWatch {
  revoked: boolean;
}
