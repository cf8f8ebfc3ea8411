import { AppError, parseRoomKey, type Principal, type RoomKey } from '@catalyse/protocol';
import { COLLECTIONS, type PartnershipBoard, type ProjectionStore, type RoomCard } from '@catalyse/projections';

/**
 * Who may see and do what (DESIGN §6), decided from the read models:
 * - catalyseurs follow every partnership and the `network` room;
 * - partners see and act on their own partnerships only (their `org` is a partner);
 * - `ops` is for operators; operators see everything;
 * - members-only rooms are for their members (and operators, who moderate);
 *   a room of kind `partnership` is also open to that partnership's partners.
 */
export class AccessPolicy {
  constructor(private readonly store: ProjectionStore) {}

  async assertCanRead(principal: Principal, room: RoomKey): Promise<void> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key: ${room}`);
    if (principal.role === 'operator') return;
    switch (parsed.kind) {
      case 'ops':
        throw forbidden('the ops room is for operators');
      case 'network':
        if (principal.role === 'catalyseur') return;
        throw forbidden('the network room is for catalyseurs');
      case 'partnership':
        await this.assertCanSeePartnership(principal, parsed.id ?? '');
        return;
      case 'room':
        await this.assertCanReadRoomCard(principal, await this.room(parsed.id ?? ''));
        return;
      default:
        if (principal.role === 'catalyseur') return;
        throw forbidden(`the ${parsed.kind} rooms are for catalyseurs`);
    }
  }

  /** Posting happens in rooms (`room:{id}`); in a members-only room, members only. */
  async assertCanPost(principal: Principal, room: RoomKey): Promise<RoomCard> {
    const parsed = parseRoomKey(room);
    if (!parsed) throw new AppError('VALIDATION', `invalid room key: ${room}`);
    if (parsed.kind !== 'room' || !parsed.id) {
      throw new AppError('VALIDATION', `messages are posted in rooms (room:{id}); ${room} is a feed`);
    }
    const card = await this.room(parsed.id);
    await this.assertCanReadRoomCard(principal, card);
    if (card.access === 'members' && !card.members.includes(principal.sub)) {
      throw forbidden('only members post in a members-only room');
    }
    return card;
  }

  async assertCanReadRoomId(principal: Principal, roomId: string): Promise<RoomCard> {
    const card = await this.room(roomId);
    if (principal.role !== 'operator') await this.assertCanReadRoomCard(principal, card);
    return card;
  }

  /** Partners see their own partnerships; catalyseurs and operators see all. Returns the board. */
  async assertCanSeePartnership(principal: Principal, partnershipId: string): Promise<PartnershipBoard> {
    const board = await this.store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, partnershipId);
    if (!board) throw new AppError('NOT_FOUND', `partnership ${partnershipId} not found`);
    if (principal.role === 'partner' && !board.partners.some((p) => p.orgId === principal.org)) {
      throw forbidden(`organisation ${principal.org ?? '?'} is not a partner of partnership ${partnershipId}`);
    }
    return board;
  }

  /** Partners act on their own partnerships; catalyseurs (who accompany) and operators on any. */
  async assertCanActOnPartnership(principal: Principal, partnershipId: string): Promise<PartnershipBoard> {
    return this.assertCanSeePartnership(principal, partnershipId);
  }

  private async assertCanReadRoomCard(principal: Principal, card: RoomCard): Promise<void> {
    if (principal.role === 'operator') return;
    if (card.members.includes(principal.sub)) return;
    if (card.kind === 'partnership' && card.subject) {
      if (principal.role === 'partner') {
        await this.assertCanSeePartnership(principal, card.subject);
        return;
      }
    }
    if (card.access === 'members') throw forbidden('this room is for its members');
    if (card.kind === 'ops') throw forbidden('ops rooms are for operators');
    if (principal.role === 'partner') throw forbidden('partners see the rooms of their partnerships');
  }

  private async room(roomId: string): Promise<RoomCard> {
    const card = await this.store.getDoc<RoomCard>(COLLECTIONS.rooms, roomId);
    if (!card) throw new AppError('NOT_FOUND', `room ${roomId} not found`);
    return card;
  }
}

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);
