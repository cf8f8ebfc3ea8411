import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  atMost,
  firstDuplicate,
  isWellFormed,
  notAfterToday,
  notBeforeJoining,
  notEarlier,
  optionalText,
  requireCalendarDate,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import { SPHERES } from '../kernel/vocabulary';
import {
  INTRODUCTION_ORGANISATIONS_MAX,
  INTRODUCTION_PARTNERSHIPS_MAX,
  type CloseIntroductionWithoutFollowUp,
  type IntroduceOrganisations,
  type IntroducedOrganisation,
  type IntroductionCommand,
  type IntroductionEvent,
  type IntroductionState,
  type RecordIntroductionMeeting,
  type RecordIntroductionPartnership,
} from './types';

/** An introduction once made (closed without follow-up included). */
export type MadeIntroduction = Exclude<IntroductionState, { status: 'none' }>;

export const initialIntroductionState = (): IntroductionState => ({ status: 'none' });

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideIntroduction(command: IntroductionCommand, state: IntroductionState): readonly IntroductionEvent[] {
  switch (command.type) {
    case 'IntroduceOrganisations':
      return introduce(command.data, state);
    case 'RecordIntroductionMeeting':
      return recordMeeting(command.data, open(state));
    case 'RecordIntroductionPartnership':
      return recordPartnership(command.data, open(state));
    case 'CloseIntroductionWithoutFollowUp':
      return closeWithoutFollowUp(command.data, open(state));
    default:
      return assertNever(command, 'introduction command');
  }
}

/** A made introduction not closed without follow-up. */
function open(state: IntroductionState): MadeIntroduction {
  if (state.status === 'none') throw notFound('introduction not found');
  if (state.status === 'no_follow_up') throw ruleViolated('an introduction closed without follow-up accepts no outcome');
  return state;
}

function introduce(data: IntroduceOrganisations['data'], state: IntroductionState): readonly IntroductionEvent[] {
  if (state.status !== 'none') throw alreadyExists('introduction already exists');
  const introductionId = requireText(data.introductionId, 'an introduction needs an id');
  const catalyseurId = requireText(data.catalyseurId, 'an introduction needs the catalyseur who makes it');
  const territoryId = requireText(data.territoryId, 'an introduction needs a territory');
  const organisations = validOrganisations(data.organisations);
  const purpose = requireText(data.purpose, 'an introduction needs a purpose');
  const introducedOn = requireCalendarDate(data.introducedOn, 'the date of the introduction');
  notAfterToday(introducedOn, 'the introduction', data.today);
  // Made by a member of the network, at the gathering it names: never before either existed.
  notBeforeJoining(introducedOn, 'the introduction', catalyseurId, data.catalyseurJoinedOn);
  const gatheringId = optionalText(data.gatheringId);
  if (gatheringId !== undefined && data.gatheringDate !== undefined) {
    notEarlier(introducedOn, 'the introduction', requireCalendarDate(data.gatheringDate, 'the date of the gathering'), `gathering ${show(gatheringId)}`);
  }
  const accompanimentId = optionalText(data.accompanimentId);
  return [
    {
      type: 'OrganisationsIntroduced',
      data: {
        introductionId,
        catalyseurId,
        territoryId,
        organisations,
        purpose,
        introducedOn,
        ...(gatheringId === undefined ? {} : { gatheringId }),
        ...(accompanimentId === undefined ? {} : { accompanimentId }),
      },
    },
  ];
}

function validOrganisations(value: unknown): readonly IntroducedOrganisation[] {
  if (!Array.isArray(value) || value.length < 2) throw ruleViolated('an introduction needs at least two organisations');
  const listed = atMost(value as readonly unknown[], INTRODUCTION_ORGANISATIONS_MAX, 'an introduction puts too many organisations in touch');
  const organisations = listed.map((organisation): IntroducedOrganisation => {
    if (typeof organisation !== 'object' || organisation === null) throw ruleViolated('each organisation needs an id, a name and a sphere');
    const { orgId, name, sphere } = organisation as Partial<Record<keyof IntroducedOrganisation, unknown>>;
    return {
      orgId: requireText(orgId, 'each organisation needs an id'),
      name: requireText(name, 'each organisation needs a name'),
      sphere: requireOneOf(SPHERES, sphere, 'sphere'),
    };
  });
  const twice = firstDuplicate(organisations.map((organisation) => organisation.orgId));
  if (twice !== undefined) throw ruleViolated(`organisation ${show(twice)} is listed twice`);
  if (new Set(organisations.map((organisation) => organisation.sphere)).size < 2) {
    throw ruleViolated('an introduction brings together organisations of at least two different spheres');
  }
  return organisations;
}

function recordMeeting(data: RecordIntroductionMeeting['data'], state: MadeIntroduction): readonly IntroductionEvent[] {
  if (state.metOn !== undefined) throw ruleViolated(`the organisations already met on ${state.metOn}`);
  const metOn = requireCalendarDate(data.metOn, 'the date of the meeting');
  if (metOn < state.introducedOn) throw ruleViolated(`a meeting cannot come before the introduction of ${state.introducedOn}`);
  notAfterToday(metOn, 'the meeting', data.today);
  const notes = optionalText(data.notes);
  return [{ type: 'IntroducedOrganisationsMet', data: { metOn, ...(notes === undefined ? {} : { notes }) } }];
}

function recordPartnership(data: RecordIntroductionPartnership['data'], state: MadeIntroduction): readonly IntroductionEvent[] {
  if (state.metOn === undefined) throw ruleViolated('a partnership can only follow a meeting: record the meeting first');
  const partnershipId = requireText(data.partnershipId, 'a partnership id is needed');
  if (state.partnershipIds.includes(partnershipId)) throw alreadyExists(`partnership ${show(partnershipId)} is already recorded for this introduction`);
  roomForOneMore(state.partnershipIds.length, INTRODUCTION_PARTNERSHIPS_MAX, 'an introduction cannot record more partnerships');
  const proposedOn = requireCalendarDate(data.proposedOn, 'the date of the proposal');
  if (proposedOn < state.metOn) throw ruleViolated(`a partnership cannot be proposed before the meeting of ${state.metOn}`);
  notAfterToday(proposedOn, 'the proposal of the partnership', data.today);
  return [{ type: 'IntroductionLedToPartnership', data: { partnershipId, proposedOn } }];
}

function closeWithoutFollowUp(data: CloseIntroductionWithoutFollowUp['data'], state: MadeIntroduction): readonly IntroductionEvent[] {
  if (state.status === 'partnership_proposed') throw ruleViolated('an introduction that led to a partnership cannot be closed without follow-up');
  const reason = requireText(data.reason, 'closing an introduction without follow-up needs a reason');
  const closedOn = requireCalendarDate(data.closedOn, 'the closing date');
  const latest = state.metOn === undefined ? `the introduction of ${state.introducedOn}` : `the meeting of ${state.metOn}`;
  if (closedOn < (state.metOn ?? state.introducedOn)) throw ruleViolated(`an introduction cannot be closed before ${latest}`);
  notAfterToday(closedOn, 'the closing', data.today);
  return [{ type: 'IntroductionClosedWithoutFollowUp', data: { reason, closedOn } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveIntroduction(state: IntroductionState, event: IntroductionEvent): IntroductionState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'OrganisationsIntroduced') return state;
    const { introductionId, catalyseurId, territoryId, organisations, purpose, introducedOn, gatheringId, accompanimentId } = event.data;
    return {
      status: 'introduced',
      introductionId,
      catalyseurId,
      territoryId,
      organisations,
      purpose,
      introducedOn,
      ...(gatheringId === undefined ? {} : { gatheringId }),
      // A string only: an event written before accompaniments has none, one written by hand may hold anything.
      ...(typeof accompanimentId === 'string' ? { accompanimentId } : {}),
      partnershipIds: [],
    };
  }
  switch (event.type) {
    case 'OrganisationsIntroduced':
      return state;
    case 'IntroducedOrganisationsMet':
      return state.status === 'introduced' ? { ...state, status: 'met', metOn: event.data.metOn } : state;
    case 'IntroductionLedToPartnership': {
      const { partnershipId } = event.data;
      if (
        typeof partnershipId !== 'string' ||
        (state.status !== 'met' && state.status !== 'partnership_proposed') ||
        state.partnershipIds.includes(partnershipId)
      ) {
        return state;
      }
      return { ...state, status: 'partnership_proposed', partnershipIds: [...state.partnershipIds, partnershipId] };
    }
    case 'IntroductionClosedWithoutFollowUp':
      return state.status === 'introduced' || state.status === 'met' ? { ...state, status: 'no_follow_up' } : state;
    default:
      return ignoreUnknown(event, state);
  }
}

export const introductionDecider: Decider<IntroductionCommand, IntroductionEvent, IntroductionState> = {
  initialState: initialIntroductionState,
  decide: decideIntroduction,
  evolve: evolveIntroduction,
};
