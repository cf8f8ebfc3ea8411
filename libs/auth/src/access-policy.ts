import { AppError, parseRoomKey, type Principal, type RoomKey } from '@catalyse/protocol';
import { COLLECTIONS, type PartnershipBoard, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { assertCanContributeToRoom, assertCanEnterRoom, assertPartnerOf, type PartnerCheck } from './access-rules';

/**
 * Who may see and do what (DESIGN §6), decided from the read models with the
 * rules of `access-rules.ts`:
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
        await assertCanEnterRoom(principal, await this.room(parsed.id ?? ''), this.partnerCheck(principal));
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
    await assertCanContributeToRoom(principal, card, this.partnerCheck(principal));
    return card;
  }

  async assertCanReadRoomId(principal: Principal, roomId: string): Promise<RoomCard> {
    const card = await this.room(roomId);
    await assertCanEnterRoom(principal, card, this.partnerCheck(principal));
    return card;
  }

  /** Partners see their own partnerships; catalyseurs and operators see all. Returns the board. */
  async assertCanSeePartnership(principal: Principal, partnershipId: string): Promise<PartnershipBoard> {
    const board = await this.store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, partnershipId);
    if (!board) throw new AppError('NOT_FOUND', `partnership ${partnershipId} not found`);
    assertPartnerOf(principal, board.partners, partnershipId);
    return board;
  }

  /** Partners act on their own partnerships; catalyseurs (who accompany) and operators on any. */
  async assertCanActOnPartnership(principal: Principal, partnershipId: string): Promise<PartnershipBoard> {
    return this.assertCanSeePartnership(principal, partnershipId);
  }

  private partnerCheck(principal: Principal): PartnerCheck {
    return async (partnershipId) => {
      const board = await this.store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, partnershipId);
      return board !== undefined && board.partners.some((p) => p.orgId === principal.org);
    };
  }

  private async room(roomId: string): Promise<RoomCard> {
    const card = await this.store.getDoc<RoomCard>(COLLECTIONS.rooms, roomId);
    if (!card) throw new AppError('NOT_FOUND', `room ${roomId} not found`);
    return card;
  }
}

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);
