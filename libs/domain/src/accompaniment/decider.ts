import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  firstDuplicate,
  isWellFormed,
  notAfterToday,
  notBeforeJoining,
  notEarlier,
  requireCalendarDate,
  requireList,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import { OBJECTIVE_FAMILIES, type ObjectiveFamily } from '../kernel/vocabulary';
import { ALLIANCE_MATURITIES } from '../organisation/types';
import {
  ACCOMPANIMENT_OUTCOMES,
  ACCOMPANIMENT_SESSIONS_MAX,
  MATURITY_RECORDS_MAX,
  type AccompanimentCommand,
  type AccompanimentEvent,
  type AccompanimentSession,
  type AccompanimentState,
  type CloseAccompaniment,
  type HoldAccompanimentSession,
  type MaturityAssessment,
  type OpenAccompaniment,
  type RecordOrganisationMaturity,
  SESSION_TOPIC_MAX_LENGTH,
  SESSION_TOPICS_MAX,
} from './types';

/** An accompaniment once opened (closed included). */
export type OpenedAccompaniment = Exclude<AccompanimentState, { status: 'none' }>;

export const initialAccompanimentState = (): AccompanimentState => ({ status: 'none' });

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideAccompaniment(command: AccompanimentCommand, state: AccompanimentState): readonly AccompanimentEvent[] {
  switch (command.type) {
    case 'OpenAccompaniment':
      return open(command.data, state);
    case 'HoldAccompanimentSession':
      return holdSession(command.data, stillOpen(state));
    case 'RecordOrganisationMaturity':
      return recordMaturity(command.data, stillOpen(state));
    case 'CloseAccompaniment':
      return close(command.data, stillOpen(state));
    default:
      return assertNever(command, 'accompaniment command');
  }
}

/** An opened accompaniment not closed yet. */
function stillOpen(state: AccompanimentState): OpenedAccompaniment {
  if (state.status === 'none') throw notFound('accompaniment not found');
  if (state.status === 'closed') throw ruleViolated(`the accompaniment was closed on ${state.closedOn ?? '?'}: it accepts no command`);
  return state;
}

function open(data: OpenAccompaniment['data'], state: AccompanimentState): readonly AccompanimentEvent[] {
  if (state.status !== 'none') throw alreadyExists('accompaniment already exists');
  const accompanimentId = requireText(data.accompanimentId, 'an accompaniment needs an id');
  const organisationId = requireText(data.organisationId, 'an accompaniment needs the organisation it accompanies');
  const catalyseurId = requireText(data.catalyseurId, 'an accompaniment needs the catalyseur who accompanies');
  const purpose = requireText(data.purpose, 'an accompaniment needs a purpose');
  const openedOn = requireCalendarDate(data.openedOn, 'the opening date');
  notAfterToday(openedOn, 'the opening of the accompaniment', data.today);
  // The organisation may be registered later (ADR 0024), but the catalyseur accompanies it as a member of the network.
  notBeforeJoining(openedOn, 'the opening of the accompaniment', catalyseurId, data.catalyseurJoinedOn);
  return [{ type: 'AccompanimentOpened', data: { accompanimentId, organisationId, catalyseurId, purpose, openedOn } }];
}

function holdSession(data: HoldAccompanimentSession['data'], state: OpenedAccompaniment): readonly AccompanimentEvent[] {
  const heldOn = requireCalendarDate(data.heldOn, 'the date of the session');
  notAfterToday(heldOn, 'the session', data.today);
  notEarlier(heldOn, 'a session', state.openedOn, 'the opening of the accompaniment');
  roomForOneMore(state.sessions.length, ACCOMPANIMENT_SESSIONS_MAX, 'an accompaniment cannot hold more sessions');
  const topics = requireList(data.topics, 'a session needs at least one topic').map((topic) => requireText(topic, 'a topic cannot be blank'));
  if (topics.length > SESSION_TOPICS_MAX) throw ruleViolated(`a session lists at most ${SESSION_TOPICS_MAX} topics`);
  const long = topics.find((topic) => topic.length > SESSION_TOPIC_MAX_LENGTH);
  if (long !== undefined) throw ruleViolated(`a topic is at most ${SESSION_TOPIC_MAX_LENGTH} characters (got ${show(long)})`);
  const twice = firstDuplicate(topics);
  if (twice !== undefined) throw ruleViolated(`topic ${show(twice)} is given twice`);
  const summary = requireText(data.summary, 'a session needs a summary');
  const recordedBy = requireText(data.recordedBy, 'a session needs who recorded it');
  return [{ type: 'AccompanimentSessionHeld', data: { heldOn, topics, summary, recordedBy } }];
}

function recordMaturity(data: RecordOrganisationMaturity['data'], state: OpenedAccompaniment): readonly AccompanimentEvent[] {
  const recordedOn = requireCalendarDate(data.recordedOn, 'the date of the maturity');
  notAfterToday(recordedOn, 'the maturity', data.today);
  notEarlier(recordedOn, 'the maturity', state.openedOn, 'the opening of the accompaniment');
  // At most one assessment a day: the same date corrects the current one, an earlier date cannot replace a later one.
  if (state.maturity !== undefined) notEarlier(recordedOn, 'the maturity', state.maturity.recordedOn, 'the current one');
  if (state.maturity?.recordedOn !== recordedOn) {
    roomForOneMore(state.maturityHistory.length, MATURITY_RECORDS_MAX, 'an accompaniment cannot record the maturity on more days');
  }
  const maturity = requireOneOf(ALLIANCE_MATURITIES, data.maturity, 'alliance maturity');
  const objectiveFamilies: ObjectiveFamily[] = requireList(data.objectiveFamilies, 'a maturity needs at least one objective family').map((family) =>
    requireOneOf(OBJECTIVE_FAMILIES, family, 'objective family'),
  );
  const twice = firstDuplicate(objectiveFamilies);
  if (twice !== undefined) throw ruleViolated(`objective family ${show(twice)} is given twice`);
  return [{ type: 'OrganisationMaturityRecorded', data: { maturity, objectiveFamilies, recordedOn } }];
}

function close(data: CloseAccompaniment['data'], state: OpenedAccompaniment): readonly AccompanimentEvent[] {
  const closedOn = requireCalendarDate(data.closedOn, 'the closing date');
  notAfterToday(closedOn, 'the closing', data.today);
  notEarlier(closedOn, 'the closing', state.openedOn, 'the opening of the accompaniment');
  if (state.lastSessionOn !== undefined) notEarlier(closedOn, 'the closing', state.lastSessionOn, 'the last session');
  if (state.maturity !== undefined) notEarlier(closedOn, 'the closing', state.maturity.recordedOn, 'the last maturity recorded');
  const outcome = requireOneOf(ACCOMPANIMENT_OUTCOMES, data.outcome, 'accompaniment outcome');
  const reason = requireText(data.reason, 'closing an accompaniment needs a reason');
  const { accompanimentId, organisationId, catalyseurId } = state;
  return [{ type: 'AccompanimentClosed', data: { accompanimentId, organisationId, catalyseurId, closedOn, outcome, reason } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

const isSession = (data: Partial<AccompanimentSession>): data is AccompanimentSession =>
  typeof data.heldOn === 'string' && Array.isArray(data.topics) && typeof data.summary === 'string' && typeof data.recordedBy === 'string';

const isAssessment = (data: Partial<MaturityAssessment>): data is MaturityAssessment =>
  typeof data.maturity === 'string' && Array.isArray(data.objectiveFamilies) && typeof data.recordedOn === 'string';

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveAccompaniment(state: AccompanimentState, event: AccompanimentEvent): AccompanimentState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'AccompanimentOpened') return state;
    const { accompanimentId, organisationId, catalyseurId, purpose, openedOn } = event.data;
    return { status: 'open', accompanimentId, organisationId, catalyseurId, purpose, openedOn, sessions: [], maturityHistory: [] };
  }
  if (state.status === 'closed') return state;
  switch (event.type) {
    case 'AccompanimentOpened':
      return state;
    case 'AccompanimentSessionHeld': {
      if (!isSession(event.data)) return state;
      const { heldOn, topics, summary, recordedBy } = event.data;
      const lastSessionOn = state.lastSessionOn === undefined || heldOn > state.lastSessionOn ? heldOn : state.lastSessionOn;
      return { ...state, sessions: [...state.sessions, { heldOn, topics, summary, recordedBy }], lastSessionOn };
    }
    case 'OrganisationMaturityRecorded': {
      if (!isAssessment(event.data)) return state;
      const { maturity, objectiveFamilies, recordedOn } = event.data;
      const assessment: MaturityAssessment = { maturity, objectiveFamilies, recordedOn };
      const earlier = state.maturityHistory.filter((m) => m.recordedOn !== recordedOn);
      return { ...state, maturity: assessment, maturityHistory: [...earlier, assessment] };
    }
    case 'AccompanimentClosed': {
      const { closedOn, outcome, reason } = event.data;
      return { ...state, status: 'closed', closedOn, outcome, closingReason: reason };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

export const accompanimentDecider: Decider<AccompanimentCommand, AccompanimentEvent, AccompanimentState> = {
  initialState: initialAccompanimentState,
  decide: decideAccompaniment,
  evolve: evolveAccompaniment,
};
