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

/** Who a partnership is the business of: its partners' organisations, and the catalyseurs who accompany it now. */
export interface PartnershipFacts {
  readonly partners: readonly { readonly orgId: string }[];
  readonly catalyseurs: readonly string[];
}

/**
 * Whether the caller is of a partnership (asked by the room rules that need it): a partner
 * whose organisation is one of its partners, a catalyseur who accompanies it.
 */
export type PartnershipCheck = (partnershipId: string) => Promise<boolean>;

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

/** Whether a principal is of a partnership: an operator always, a partner by its organisation, a catalyseur when it accompanies it. */
export function isOfPartnership(principal: Principal, partnership: PartnershipFacts): boolean {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'partner':
      return partnership.partners.some((p) => p.orgId === principal.org);
    case 'catalyseur':
      return partnership.catalyseurs.includes(principal.sub);
    default: {
      const unknownRole: never = principal.role;
      return unknownRole;
    }
  }
}

/** Partners see and act on their own partnerships only; catalyseurs and operators on all (the catalyseurs' own rule is `assertAccompanies`). */
export function assertPartnerOf(principal: Principal, partners: readonly { readonly orgId: string }[], partnershipId: string): void {
  if (principal.role === 'partner' && !partners.some((p) => p.orgId === principal.org)) {
    throw forbidden(`organisation ${principal.org ?? '?'} is not a partner of partnership ${partnershipId}`);
  }
}

/** A catalyseur acts on a partnership it accompanies (docs/adr/0025-who-accompanies-a-partnership.md). */
export function assertAccompanies(principal: Principal, partnership: PartnershipFacts, partnershipId: string): void {
  if (!partnership.catalyseurs.includes(principal.sub)) throw forbidden(`catalyseur ${principal.sub} does not accompany partnership ${partnershipId}`);
}

/**
 * Entering a room (reading it). The room's kind decides first, whoever its members are: a member's id says
 * nothing of their role or organisation, and membership never overrides the kind (an operator may have listed a
 * partner in an `ops` room; a partner may have been added to a territory room before this rule, or by mistake).
 * Operators enter every room; an `ops` room admits operators only; a room of kind `partnership` admits that
 * partnership's partners and the catalyseurs who accompany it, and nobody else, member or not; a partner enters no
 * other kind of room (partners see the rooms of their partnerships); a catalyseur enters the other rooms when they
 * are open or it is a member.
 */
export async function assertCanEnterRoom(principal: Principal, room: RoomFacts, isOf: PartnershipCheck): Promise<void> {
  if (principal.role === 'operator') return;
  const refused = kindRefusal(room.kind, principal.role);
  if (refused !== undefined) throw forbidden(refused);
  if (room.kind === 'partnership' && room.subject !== undefined) {
    if (await isOf(room.subject)) return;
    throw forbidden(
      principal.role === 'partner' ? 'this room is for the partners of its partnership' : 'this room is for the catalyseurs who accompany its partnership',
    );
  }
  // A partnership's room about no partnership (none is opened so: the decider asks for its subject) admits no partner.
  if (principal.role === 'partner') throw forbidden('partners see the rooms of their partnerships');
  if (room.access === 'members' && !room.members.includes(principal.sub)) throw forbidden('this room is for its members');
}

/** Whether a room's kind may ever admit someone of `role` (the kind's rule before any membership): an `ops` room operators only; a partner only a partnership's room. */
export function roomKindAdmits(kind: string, role: Principal['role']): boolean {
  return kindRefusal(kind, role) === undefined;
}

/** Why a room's kind never admits someone of `role`, whoever its members are (undefined: it may). */
function kindRefusal(kind: string, role: Principal['role']): string | undefined {
  if (role === 'operator') return undefined;
  if (kind === 'ops') return 'ops rooms are for operators';
  if (role === 'partner' && kind !== 'partnership') return 'partners see the rooms of their partnerships';
  return undefined;
}

/** Posting, recording a decision: enter, and in a members-only room be a member. */
export async function assertCanContributeToRoom(principal: Principal, room: RoomFacts, isOf: PartnershipCheck): Promise<void> {
  await assertCanEnterRoom(principal, room, isOf);
  if (room.access === 'members' && !room.members.includes(principal.sub)) throw forbidden('only members contribute to a members-only room');
}
