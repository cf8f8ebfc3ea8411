import { AppError, type Principal } from '@catalyse/protocol';

/**
 * The access rules (docs/architecture.md §6.2) as plain functions over facts, whatever the facts
 * come from: the read models (hub, reads) or an aggregate's own stream (the api's
 * commands, which must not wait for the projector).
 */

export interface RoomFacts {
  readonly kind: string;
  readonly subject?: string;
  readonly access: 'open' | 'members';
  readonly members: readonly string[];
}

/** Whether a partner's organisation is a partner of a partnership. */
export type PartnerCheck = (partnershipId: string) => Promise<boolean>;

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

/** Partners see and act on their own partnerships only; catalyseurs and operators on all. */
export function assertPartnerOf(principal: Principal, partners: readonly { readonly orgId: string }[], partnershipId: string): void {
  if (principal.role === 'partner' && !partners.some((p) => p.orgId === principal.org)) {
    throw forbidden(`organisation ${principal.org ?? '?'} is not a partner of partnership ${partnershipId}`);
  }
}

/**
 * Entering a room (reading it): operators everywhere; members in their rooms; a
 * room of kind `partnership` also admits that partnership's partners; open rooms
 * admit catalyseurs; `ops` rooms are for operators.
 */
export async function assertCanEnterRoom(principal: Principal, room: RoomFacts, isPartnerOf: PartnerCheck): Promise<void> {
  if (principal.role === 'operator') return;
  if (room.members.includes(principal.sub)) return;
  if (room.kind === 'partnership' && room.subject !== undefined && principal.role === 'partner') {
    if (await isPartnerOf(room.subject)) return;
    throw forbidden('this room is for the partners of its partnership');
  }
  if (room.access === 'members') throw forbidden('this room is for its members');
  if (room.kind === 'ops') throw forbidden('ops rooms are for operators');
  if (principal.role === 'partner') throw forbidden('partners see the rooms of their partnerships');
}

/** Posting, recording a decision: enter, and in a members-only room be a member. */
export async function assertCanContributeToRoom(principal: Principal, room: RoomFacts, isPartnerOf: PartnerCheck): Promise<void> {
  await assertCanEnterRoom(principal, room, isPartnerOf);
  if (room.access === 'members' && !room.members.includes(principal.sub)) throw forbidden('only members contribute to a members-only room');
}
