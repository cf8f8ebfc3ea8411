import { AppError, type Principal } from '@catalyse/protocol';
import type { Rule } from './access-table';
import type { AccessFacts, AccompanimentFacts } from './facts';
import {
  assertAccompanies,
  assertCanContributeToRoom,
  assertCanEnterRoom,
  assertPartnerOf,
  isOfPartnership,
  type PartnershipCheck,
  type PartnershipFacts,
  type RoomFacts,
} from './room-rules';

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
    case 'own-portfolio':
      if (requireId(request) !== principal.sub) throw forbidden('a catalyseur reads its own portfolio only');
      return;
    case 'catalyseur-of-partnership':
      assertAccompanies(principal, await partnership(request, facts), requireId(request));
      return;
    case 'assign-catalyseur': {
      const known = await partnership(request, facts);
      if (known.catalyseurs.length > 0) {
        assertAccompanies(principal, known, requireId(request));
        return;
      }
      // Nobody accompanies it (a partner's proposal, or a partnership from before assignments): a catalyseur takes it up itself.
      const assigned = stringField(request.body, 'catalyseurId');
      if (assigned !== undefined && assigned !== principal.sub) {
        throw forbidden(`nobody accompanies partnership ${requireId(request)} yet: a catalyseur assigns itself (${principal.sub}), not ${assigned}`);
      }
      return;
    }
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
    case 'accompanying-catalyseur': {
      if (request.id === undefined) {
        // Opening: in its own name (the body's `catalyseurId`, when well formed; absent, the api takes the token's subject).
        const catalyseurId = stringField(request.body, 'catalyseurId');
        if (catalyseurId !== undefined && catalyseurId !== principal.sub) throw forbidden('a catalyseur opens accompaniments in its own name');
        return;
      }
      if ((await accompaniment(request, facts)).catalyseurId !== principal.sub) {
        throw forbidden('only the catalyseur who holds an accompaniment (or an operator) acts on it');
      }
      return;
    }
    case 'own-org-accompaniment':
      if ((await accompaniment(request, facts)).organisationId !== principal.org) {
        throw forbidden(`a partner reads the accompaniments of its own organisation (${principal.org ?? '?'}) only`);
      }
      return;
    case 'room-enter':
      await assertCanEnterRoom(principal, await room(request, facts), partnershipCheck(principal, facts));
      return;
    case 'room-contribute':
    case 'room-manage':
      await assertCanContributeToRoom(principal, await room(request, facts), partnershipCheck(principal, facts));
      return;
    case 'room-leave-or-manage': {
      const known = await room(request, facts);
      // Leaving: only a member leaves by this rule. Anyone else is judged as a manager, so that someone
      // outside a room learns nothing of it (not even "not a member") before the access answer.
      if (stringField(request.body, 'memberId') === principal.sub && known.members.includes(principal.sub)) return;
      await assertCanContributeToRoom(principal, known, partnershipCheck(principal, facts));
      return;
    }
    case 'room-archive': {
      const known = await room(request, facts);
      // A member who may no longer enter (a catalyseur released from the room's partnership) archives nothing.
      await assertCanEnterRoom(principal, known, partnershipCheck(principal, facts));
      if (!known.members.includes(principal.sub)) throw forbidden('a room is archived by its members or an operator');
      return;
    }
    case 'room-open':
      await roomOpening(request, facts);
      return;
    default: {
      const unknownRule: never = rule;
      throw new Error(`unknown access rule ${String(unknownRule)}`);
    }
  }
}

/** Whether the principal is of a partnership: a partner by its organisation, a catalyseur accompanying it (asked only by the room rules that need it). */
function partnershipCheck(principal: Principal, facts: AccessFacts): PartnershipCheck {
  return async (partnershipId) => {
    const known = await facts.partnership(partnershipId);
    return known !== undefined && isOfPartnership(principal, known);
  };
}

async function partnership(request: AccessRequest, facts: AccessFacts): Promise<PartnershipFacts> {
  const id = requireId(request);
  const known = await facts.partnership(id);
  if (!known) throw new AppError('NOT_FOUND', `partnership ${id} not found`);
  return known;
}

async function partnerOfPartnership(request: AccessRequest, facts: AccessFacts): Promise<void> {
  assertPartnerOf(request.principal, (await partnership(request, facts)).partners, requireId(request));
}

async function accompaniment(request: AccessRequest, facts: AccessFacts): Promise<AccompanimentFacts> {
  const id = requireId(request);
  const found = await facts.accompaniment(id);
  if (!found) throw new AppError('NOT_FOUND', `accompaniment ${id} not found`);
  return found;
}

async function room(request: AccessRequest, facts: AccessFacts): Promise<RoomFacts> {
  const id = requireId(request);
  const found = await facts.room(id);
  if (!found) throw new AppError('NOT_FOUND', `room ${id} not found`);
  return found;
}

/**
 * Catalyseurs open rooms of any kind but `ops`, a room of kind partnership only for a partnership they
 * accompany; a partner only the room of one of its own partnerships.
 */
async function roomOpening(request: AccessRequest, facts: AccessFacts): Promise<void> {
  const { principal } = request;
  const kind = stringField(request.body, 'kind');
  if (kind === undefined) return;
  if (kind === 'ops' && principal.role !== 'operator') throw forbidden('ops rooms are opened by operators');
  if (principal.role === 'operator') return;
  const subject = stringField(request.body, 'subject');
  if (principal.role === 'catalyseur') {
    if (kind !== 'partnership' || !subject) return;
    // A partnership that does not exist is the command's own refusal (RULE_VIOLATED), not an access question.
    const known = await facts.partnership(subject);
    if (known !== undefined) assertAccompanies(principal, known, subject);
    return;
  }
  if (kind !== 'partnership' || !subject) throw forbidden('a partner may only open a room of kind partnership, for its own partnership (subject)');
  const known = await facts.partnership(subject);
  if (known !== undefined) assertPartnerOf(principal, known.partners, subject);
}

function requireId(request: AccessRequest): string {
  if (request.id === undefined) throw new Error('this access rule needs the id the request is about');
  return request.id;
}
