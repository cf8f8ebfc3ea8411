import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccessPolicy } from '@catalyse/auth';
import { COLLECTIONS, PROJECTION_STORE, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { AppError, type FeedEntry, HUB_EVENTS, parseRoomKey, type ResetNotice, type RoomKey, roomKey } from '@catalyse/protocol';
import { FanoutService } from '../fanout/fanout.service';
import { PresenceService } from '../presence/presence.service';
import type { HubServer, HubSocket } from './hub-socket';

/** Entries that may end someone's access, and whose: the person they name. */
const REVOKING: Readonly<Record<string, string>> = { MemberRemoved: 'memberId', CatalyseurReleased: 'catalyseurId', CatalyseurLeft: 'catalyseurId' };

/**
 * Access ends while a socket is in the room: a member removed from a members-only room, a catalyseur released from a
 * partnership (its feed and its partnership's rooms are no longer its). Access is judged at join, sync and post; a
 * socket already joined would go on receiving live entries until it reconnects. So when one of these entries is
 * emitted to a room, the node asks the access table again for the sockets of the person it names, in that room — and,
 * for a release, in the rooms of that partnership — and a socket refused leaves the room: it is unsubscribed in the
 * room's order (nothing after the entry reaches it) and told with `room:reset`, so its client joins again and hears
 * the refusal (`FORBIDDEN`). The read side answers with what the entry's own transaction wrote: the facts are those
 * after it. A catalyseur's departure (`CatalyseurLeft`, an entry of `network` and `ops`) ends all their access
 * (docs/adr/0025-who-accompanies-a-partnership.md): every room their sockets on this node are in is checked again.
 * A node sees it when one of its sockets follows `network` or `ops`; elsewhere their posts, joins and syncs are
 * refused from then on, and the rooms they follow stop only when they reconnect.
 */
@Injectable()
export class Revocations {
  private readonly logger = new Logger('Revocations');
  private io: HubServer | undefined;

  constructor(
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    private readonly fanout: FanoutService,
    private readonly presence: PresenceService,
  ) {}

  attach(io: HubServer): void {
    this.io = io;
    this.fanout.listenToEntries((room, entries) => this.delivered(room, entries));
  }

  private delivered(room: RoomKey, entries: readonly FeedEntry[]): void {
    for (const entry of entries) {
      const field = REVOKING[entry.kind];
      const who = field === undefined ? undefined : (entry.data as Record<string, unknown> | null)?.[field];
      if (typeof who !== 'string') continue;
      this.recheck(room, entry.kind, who).catch((error: unknown) =>
        this.logger.error(`access of ${who} in ${room} after ${entry.kind} not checked again: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
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

  /** Socket and room pairs being checked: one entry may reach the node in several rooms (a departure: `network` and `ops`). */
  private readonly checking = new Set<string>();

  private async evictIfRefused(socket: HubSocket, room: RoomKey): Promise<void> {
    const principal = socket.data.principal;
    const key = `${socket.id}\n${room}`;
    if (!principal || !this.io || this.checking.has(key)) return;
    this.checking.add(key);
    try {
      try {
        await this.access.assertCanRead(principal, room);
        return;
      } catch (error) {
        if (!(error instanceof AppError) || (error.code !== 'FORBIDDEN' && error.code !== 'NOT_FOUND')) throw error;
      }
      if (!socket.rooms.has(room)) return;
      await this.fanout.leave(socket, room);
      await this.presence.leave(socket, room);
      const head = await this.store.feedHead(room);
      const notice: ResetNotice = { room, epoch: head.epoch };
      socket.emit(HUB_EVENTS.reset, notice);
      this.logger.log(`${principal.sub} left ${room}: no longer allowed in it`);
    } finally {
      this.checking.delete(key);
    }
  }
}
