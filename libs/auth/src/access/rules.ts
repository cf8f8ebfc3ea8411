import { AppError, type Principal } from '@catalyse/protocol';
import type { Rule } from './access-table';
import type { AccessFacts } from './facts';
import { assertCanContributeToRoom, assertCanEnterRoom, assertPartnerOf, type PartnerCheck, type RoomFacts } from './room-rules';

/** What a rule looks at: who asks, about which id, with which body and query (raw: rules run before validation). */
export interface AccessRequest {
  readonly principal: Principal;
  /** The aggregate or feed id the request is about (the path's), if any. */
  readonly id?: string;
  readonly body?: unknown;
  readonly query?: unknown;
}

const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);

/** A field of a raw body or query when it is a string (rules leave malformed input to validation). */
function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}

/**
 * Applies one rule of the table; throws `FORBIDDEN` (or `NOT_FOUND` when the
 * thing it is about does not exist). `deny` throws the row's `refusal`.
 * Rules that read the body or the query judge only what is well formed and
 * leave the rest to validation, which comes after.
 */
export async function applyRule(rule: Rule, request: AccessRequest, facts: AccessFacts, refusal: string): Promise<void> {
  const { principal } = request;
  switch (rule) {
    case 'allow':
      return;
    case 'deny':
      throw forbidden(refusal);
    case 'partner-of-partnership':
      await partnerOfPartnership(request, facts);
      return;
    case 'own-org-objectives': {
      await partnerOfPartnership(request, facts);
      const orgId = stringField(request.body, 'orgId');
      if (orgId !== undefined && orgId !== principal.org) {
        throw forbidden(`a partner agrees objectives for its own organisation (${principal.org ?? '?'}), not for ${orgId}`);
      }
      return;
    }
    case 'proposal-lists-own-org': {
      const partners: unknown = typeof request.body === 'object' && request.body !== null ? (request.body as { partners?: unknown }).partners : undefined;
      if (!Array.isArray(partners)) return;
      const orgIds = partners.map((partner: unknown) => stringField(partner, 'orgId'));
      if (orgIds.every((orgId) => orgId !== undefined) && !orgIds.some((orgId) => orgId === principal.org)) {
        throw forbidden(`a partner proposes partnerships of its own organisation (${principal.org ?? '?'}), which is not listed`);
      }
      return;
    }
    case 'own-org-filter': {
      const org = stringField(request.query, 'org');
      if (org !== undefined && org !== principal.org) throw forbidden(`a partner sees the partnerships of its own organisation (${principal.org ?? '?'})`);
      return;
    }
    case 'self': {
      const id = request.id ?? stringField(request.body, 'id') ?? principal.sub;
      if (id !== principal.sub) throw forbidden('a catalyseur manages its own profile only');
      return;
    }
    case 'own-org':
      if (requireId(request) !== principal.org) throw forbidden(`a partner reads its own organisation (${principal.org ?? '?'}) only`);
      return;
    case 'room-enter':
      await assertCanEnterRoom(principal, await room(request, facts), partnerCheck(principal, facts));
      return;
    case 'room-contribute':
    case 'room-manage':
      await assertCanContributeToRoom(principal, await room(request, facts), partnerCheck(principal, facts));
      return;
    case 'room-leave-or-manage': {
      const known = await room(request, facts);
      // Leaving: only a member leaves by this rule. Anyone else is judged as a manager, so that someone
      // outside a room learns nothing of it (not even "not a member") before the access answer.
      if (stringField(request.body, 'memberId') === principal.sub && known.members.includes(principal.sub)) return;
      await assertCanContributeToRoom(principal, known, partnerCheck(principal, facts));
      return;
    }
    case 'room-archive':
      if (!(await room(request, facts)).members.includes(principal.sub)) throw forbidden('a room is archived by its members or an operator');
      return;
    case 'room-open':
      await roomOpening(request, facts);
      return;
    default: {
      const unknownRule: never = rule;
      throw new Error(`unknown access rule ${String(unknownRule)}`);
    }
  }
}

/** Whether the principal's organisation is a partner of a partnership (asked only by the room rules that need it). */
function partnerCheck(principal: Principal, facts: AccessFacts): PartnerCheck {
  return async (partnershipId) => (await facts.partnershipPartners(partnershipId))?.some((p) => p.orgId === principal.org) ?? false;
}

async function partnerOfPartnership(request: AccessRequest, facts: AccessFacts): Promise<void> {
  const id = requireId(request);
  const partners = await facts.partnershipPartners(id);
  if (!partners) throw new AppError('NOT_FOUND', `partnership ${id} not found`);
  assertPartnerOf(request.principal, partners, id);
}

async function room(request: AccessRequest, facts: AccessFacts): Promise<RoomFacts> {
  const id = requireId(request);
  const found = await facts.room(id);
  if (!found) throw new AppError('NOT_FOUND', `room ${id} not found`);
  return found;
}

/** Catalyseurs open rooms of any kind but `ops`; a partner only the room of one of its own partnerships. */
async function roomOpening(request: AccessRequest, facts: AccessFacts): Promise<void> {
  const { principal } = request;
  const kind = stringField(request.body, 'kind');
  if (kind === undefined) return;
  if (kind === 'ops' && principal.role !== 'operator') throw forbidden('ops rooms are opened by operators');
  if (principal.role !== 'partner') return;
  const subject = stringField(request.body, 'subject');
  if (kind !== 'partnership' || !subject) throw forbidden('a partner may only open a room of kind partnership, for its own partnership (subject)');
  // A partnership that does not exist is the command's own refusal (RULE_VIOLATED), not an access question.
  const partners = await facts.partnershipPartners(subject);
  if (partners !== undefined && !partners.some((p) => p.orgId === principal.org)) {
    throw forbidden(`organisation ${principal.org ?? '?'} is not a partner of partnership ${subject}`);
  }
}

function requireId(request: AccessRequest): string {
  if (request.id === undefined) throw new Error('this access rule needs the id the request is about');
  return request.id;
}
