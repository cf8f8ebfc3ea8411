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
 *
 * Each node hears every entry that may end the access of one of its sockets, whatever its sockets follow: it follows
 * such feeds itself (`FanoutService.follow`: a read per update of the feed, through the fan-out of the room and the
 * notifier, which tells every node of every feed; nothing while it does not grow). A removal is written to the room
 * itself. Departures are written to `network`, followed from the feed's head when the node starts. A release is
 * written only to the partnership's feed: the node follows the feed of each partnership one of whose rooms it holds (a
 * room a catalyseur's join of which runs or ran, while it has a socket of the node: `hold`; nothing written there ends
 * a partner's or an operator's access), the room's card, read once while the room is held, saying whose it is; and it
 * lets that feed go when the room's last socket leaves it (`settle`, on the adapter's `delete-room`): what the node
 * follows stays bounded by the rooms its sockets are in. The first catalyseur in a room is checked once more once the
 * feed is followed (a release written after their access was judged and before may have been heard by nobody here);
 * the later ones are judged after the follow began, so a release after their judgement is heard (see below). A
 * followed feed rebuilt into a new epoch hands over, with its reset, its entries from events the node had not heard
 * (`FeedFanout.reset`): a departure written as `network` switched is not skipped.
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
  /** The rooms (`room:{id}`) held (`hold`), and the partnership feed followed for each. */
  private readonly held = new Map<RoomKey, HeldRoom>();

  constructor(
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    private readonly fanout: FanoutService,
    private readonly presence: PresenceService,
  ) {}

  attach(io: HubServer): void {
    this.io = io;
    this.fanout.listenToEntries((room, entries) => this.delivered(room, entries));
    // Departures are written to `network`: heard on this node whether a socket of it follows that feed or not (a
    // failed start is logged and tried again by the fan-out).
    this.fanout.follow(roomKey('network')).catch(() => undefined);
    // The last socket of a room left it (a leave, a disconnect, a revocation, a reset): its partnership's feed may go.
    io.sockets.adapter.on('delete-room', (room: unknown) => {
      if (typeof room === 'string' && this.held.has(room as RoomKey)) this.settle(room as RoomKey);
    });
  }

  /**
   * Runs a join of `room` by `socket` (`join` resolves true once the socket was answered and subscribed). Its access
   * check ran before the socket was in the room: an entry that may end the person's access, emitted meanwhile, found
   * the socket in none of the rooms it checked, and the check may have read the facts from before it. So when such an
   * entry named the person while the join ran (in any room: a departure ends every access, and one check more is
   * cheap), the room is checked again now that the socket is in it, and left if refused as any other socket. A
   * catalyseur's join holds its room (`hold`): the first one gets the room's partnership's feed followed once it is in
   * (`followPartnershipOf`), and is checked again then.
   */
  async whileJoining(socket: HubSocket, room: RoomKey, join: () => Promise<boolean>): Promise<boolean> {
    const sub = socket.data.principal?.sub;
    if (sub === undefined) return join();
    const watch: JoinWatch = { revoked: false };
    let watches = this.joining.get(sub);
    if (!watches) this.joining.set(sub, (watches = new Set()));
    watches.add(watch);
    // Only a catalyseur's join holds the room: nothing written to a partnership's feed ends a partner's or an operator's access.
    const held = socket.data.principal?.role === 'catalyseur' ? this.hold(room) : undefined;
    // Its partnership's feed was followed before this join's access was judged: a release written after is heard.
    const heardAlready = held?.followed === true;
    let joined: boolean;
    try {
      joined = await join();
      if (joined && held && !heardAlready && socket.rooms.has(room)) await this.followPartnershipOf(socket, room, held, watch);
    } finally {
      watches.delete(watch);
      if (watches.size === 0 && this.joining.get(sub) === watches) this.joining.delete(sub);
      if (held) this.releaseJoin(room, held);
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

  /** A catalyseur's join of a room (`room:{id}`) holds it until it ends, then while a socket of this node is in it. */
  private hold(room: RoomKey): HeldRoom | undefined {
    if (parseRoomKey(room)?.kind !== 'room') return undefined;
    let held = this.held.get(room);
    if (!held) this.held.set(room, (held = { joins: 0, ready: undefined, followed: false, follows: undefined }));
    held.joins++;
    return held;
  }

  /**
   * A catalyseur got into a room held for the first time (or whose last follow failed): its card is read (once, the
   * room's joins sharing the read) and, for a partnership's room, that partnership's feed followed from its head. The
   * access was judged before the feed was followed: a release written in between was heard by no one here, so the room
   * is checked again (`watch`). The join was answered: a failure is logged, and the socket taken out of the room with
   * `room:reset` (its client joins again, and the follow is tried again) rather than left where no release reaches it.
   */
  private async followPartnershipOf(socket: HubSocket, room: RoomKey, held: HeldRoom, watch: JoinWatch): Promise<void> {
    held.ready ??= (async () => {
      const card = await this.store.getDoc<RoomCard>(COLLECTIONS.rooms, parseRoomKey(room)?.id ?? '');
      // Not found, though the join's check found it (a read side being switched): whose the room is stays unknown, so
      // no release of its partnership would be heard here. The socket is taken out as for a failed follow (it joins
      // again, and the card is read again then).
      if (card === undefined) throw new Error('its room card is not in the read models');
      if (card.kind === 'partnership' && card.subject !== undefined && held.follows === undefined) {
        const feed = roomKey('partnership', card.subject);
        try {
          await this.fanout.follow(feed);
        } catch (error) {
          this.fanout.unfollow(feed);
          throw error;
        }
        held.follows = feed;
      }
      held.followed = true;
    })().catch((error: unknown) => {
      held.ready = undefined;
      throw error;
    });
    try {
      await held.ready;
      if (held.follows !== undefined) watch.revoked = true;
    } catch (error) {
      const why = `the partnership of ${room}, if any, not followed on this node (${error instanceof Error ? error.message : String(error)})`;
      this.logger.error(why);
      await this.evict(socket, room, why).catch(() => socket.disconnect(true));
    }
  }

  private releaseJoin(room: RoomKey, held: HeldRoom): void {
    held.joins--;
    this.settle(room);
  }

  /** A room neither joined nor with a socket of this node any more is no longer held: its partnership's feed is let go. */
  private settle(room: RoomKey): void {
    const held = this.held.get(room);
    if (!held || held.joins > 0 || this.io?.sockets.adapter.rooms.has(room)) return;
    this.held.delete(room);
    if (held.follows !== undefined) this.fanout.unfollow(held.follows);
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
          await this.evict(socket, room, 'no longer allowed in it');
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

  /** Takes a socket out of the room, in the room's order, and tells it (`room:reset`: its client joins again); `why` is logged. */
  private async evict(socket: HubSocket, room: RoomKey, why: string): Promise<void> {
    if (!socket.rooms.has(room)) return;
    await this.fanout.leave(socket, room);
    await this.presence.leave(socket, room);
    const head = await this.store.feedHead(room);
    const notice: ResetNotice = { room, epoch: head.epoch };
    socket.emit(HUB_EVENTS.reset, notice);
    this.logger.log(`${socket.data.principal?.sub ?? socket.id} left ${room}: ${why}`);
  }
}

/** The person an entry may end the access of (`REVOKING`), if it is such an entry. */
function revokedBy(entry: FeedEntry): string | undefined {
  const field = REVOKING[entry.kind];
  const who = field === undefined ? undefined : (entry.data as Record<string, unknown> | null)?.[field];
  return typeof who === 'string' ? who : undefined;
}

/**
 * A room held on this node (`Revocations.hold`): its joins running, and what its card says of its partnership, read
 * once while it is held (a room's kind and subject do not change).
 */
interface HeldRoom {
  joins: number;
  /** The card's read and the follow of its partnership's feed, shared by the joins that wait for it; undefined to read again. */
  ready: Promise<void> | undefined;
  /** The card was read (and its partnership's feed is followed): a join starting now is judged after the follow began. */
  followed: boolean;
  /** The partnership's feed followed while the room is held, if it is a partnership's. */
  follows: RoomKey | undefined;
}

/** A join running (see `Revocations.whileJoining`): whether an entry that may end its person's access was emitted meanwhile. */
interface JoinWatch {
  revoked: boolean;
}
