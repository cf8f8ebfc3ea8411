import { daysInMonth } from '../kernel/calendar-date';
import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  firstDuplicate,
  isOneOf,
  isWellFormed,
  notAfterToday,
  notEarlier,
  requireCalendarDate,
  requireList,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import type { CalendarDate } from '../kernel/vocabulary';
import {
  PARCOURS_COHORT_MAX,
  PARCOURS_DURATION_MAX_MONTHS,
  PARCOURS_MIN_TERRITORIES,
  PARCOURS_SESSIONS_MAX,
  PARCOURS_STEPS,
  PARCOURS_TERRITORIES_MAX,
  PILOT_PROGRESS_MAX,
  type CompleteParcours,
  type EnrolPilotTerritory,
  type HoldParcoursSession,
  type OpenParcours,
  type ParcoursCommand,
  type ParcoursEvent,
  type ParcoursState,
  type PilotOutcome,
  type PilotTerritory,
  type RecordPilotProgress,
  type StartParcours,
  type WithdrawPilotTerritory,
} from './types';

/** A parcours once opened: open, started or completed. */
export type OpenedParcours = Extract<ParcoursState, { status: 'open' | 'started' | 'completed' }>;

export const initialParcoursState = (): ParcoursState => ({ status: 'none' });

// ─── months ─────────────────────────────────────────────────────────────────

const CALENDAR_MONTH = /^(\d{4})-(\d{2})$/;

/** Year and month of a real `YYYY-MM` month (years 0001 to 9999), else undefined. */
function parseMonth(value: unknown): { readonly year: number; readonly month: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = CALENDAR_MONTH.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= 1 && month >= 1 && month <= 12 ? { year, month } : undefined;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The month `count` months after `start` (a valid month), `YYYY-MM`; the year may pass 9999. */
function monthsAfter(start: { readonly year: number; readonly month: number }, count: number): { readonly year: number; readonly month: number } {
  const index = start.year * 12 + (start.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const formatMonth = ({ year, month }: { readonly year: number; readonly month: number }): string => `${pad(year, 4)}-${pad(month, 2)}`;

/** The first and last days of a parcours. */
function windowOf(state: OpenedParcours): { readonly first: CalendarDate; readonly last: CalendarDate } {
  const end = parseMonth(state.endMonth) ?? { year: 9999, month: 12 };
  return { first: `${state.startMonth}-01`, last: `${state.endMonth}-${pad(daysInMonth(end.year, end.month), 2)}` };
}

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideParcours(command: ParcoursCommand, state: ParcoursState): readonly ParcoursEvent[] {
  switch (command.type) {
    case 'OpenParcours':
      return open(command.data, state);
    case 'EnrolPilotTerritory':
      return enrol(command.data, accepting(state));
    case 'WithdrawPilotTerritory':
      return withdraw(command.data, accepting(state));
    case 'StartParcours':
      return start(command.data, accepting(state));
    case 'HoldParcoursSession':
      return holdSession(command.data, accepting(state));
    case 'RecordPilotProgress':
      return recordProgress(command.data, accepting(state));
    case 'CompleteParcours':
      return complete(command.data, accepting(state));
    default:
      return assertNever(command, 'parcours command');
  }
}

/** An opened parcours that is not completed. */
function accepting(state: ParcoursState): OpenedParcours {
  if (state.status === 'none') throw notFound('parcours not found');
  if (state.status === 'completed') throw ruleViolated('a completed parcours accepts no command');
  return state;
}

/** A started parcours and its start date. */
function started(state: OpenedParcours, message: string): CalendarDate {
  if (state.status !== 'started' || state.startedOn === undefined) throw ruleViolated(message);
  return state.startedOn;
}

function withinWindow(state: OpenedParcours, date: CalendarDate, what: string): void {
  const { first, last } = windowOf(state);
  if (date < first || date > last) throw ruleViolated(`${what} (${date}) must fall within the parcours, from ${first} to ${last}`);
}

function isWhole(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const activeTerritories = (state: OpenedParcours): readonly PilotTerritory[] => state.territories.filter((territory) => territory.status === 'enrolled');

/** The pilot territory a command is about: NOT_FOUND when it was never enrolled. */
function findTerritory(state: OpenedParcours, territoryId: unknown): PilotTerritory {
  const id = requireText(territoryId, 'a pilot territory id is needed');
  const territory = state.territories.find((candidate) => candidate.territoryId === id);
  if (!territory) throw notFound(`pilot territory ${show(id)} not found`);
  return territory;
}

/** A pilot territory named in a list (present at a session, given an outcome): enrolled and still in the parcours. */
function requireActiveTerritory(state: OpenedParcours, territoryId: unknown): PilotTerritory {
  const id = requireText(territoryId, 'a pilot territory id is needed');
  const territory = state.territories.find((candidate) => candidate.territoryId === id);
  if (!territory) throw ruleViolated(`${show(id)} is not a pilot territory of this parcours`);
  if (territory.status === 'withdrawn') throw ruleViolated(`pilot territory ${show(id)} withdrew from this parcours`);
  return territory;
}

function open(data: OpenParcours['data'], state: ParcoursState): readonly ParcoursEvent[] {
  if (state.status !== 'none') throw alreadyExists('parcours already exists');
  const parcoursId = requireText(data.parcoursId, 'a parcours needs an id');
  const title = requireText(data.title, 'a parcours needs a title');
  const start = parseMonth(data.startMonth);
  if (start === undefined) throw ruleViolated(`the start month must be a real month written YYYY-MM (got ${show(data.startMonth)})`);
  const durationMonths = data.durationMonths;
  if (!isWhole(durationMonths, 1, PARCOURS_DURATION_MAX_MONTHS)) {
    throw ruleViolated(`a parcours lasts a whole number of months from 1 to ${PARCOURS_DURATION_MAX_MONTHS}`);
  }
  const end = monthsAfter(start, durationMonths - 1);
  if (end.year > 9999) throw ruleViolated('a parcours must end by December 9999');
  const openedOn = requireCalendarDate(data.openedOn, 'the opening date');
  notAfterToday(openedOn, 'the opening of the parcours', data.today);
  return [
    {
      type: 'ParcoursOpened',
      data: { parcoursId, title, startMonth: formatMonth(start), durationMonths, endMonth: formatMonth(end), openedOn },
    },
  ];
}

function enrol(data: EnrolPilotTerritory['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  if (state.status !== 'open') throw ruleViolated('pilot territories can only be enrolled before the parcours starts');
  const territoryId = requireText(data.territoryId, 'a pilot territory needs an id');
  const known = state.territories.find((territory) => territory.territoryId === territoryId);
  if (known?.status === 'enrolled') throw alreadyExists(`pilot territory ${show(territoryId)} is already enrolled`);
  if (known?.status === 'withdrawn') throw alreadyExists(`pilot territory ${show(territoryId)} withdrew from this parcours`);
  const name = requireText(data.name, 'a pilot territory needs a name');
  if (activeTerritories(state).length >= PARCOURS_COHORT_MAX) throw ruleViolated(`the cohort is full (${PARCOURS_COHORT_MAX} pilot territories)`);
  roomForOneMore(state.territories.length, PARCOURS_TERRITORIES_MAX, 'a parcours cannot enrol more pilot territories, withdrawn ones included');
  const enrolledOn = requireCalendarDate(data.enrolledOn, 'the enrolment date');
  notAfterToday(enrolledOn, 'the enrolment', data.today);
  notEarlier(enrolledOn, 'the enrolment', state.openedOn, 'the opening of the parcours');
  return [{ type: 'PilotTerritoryEnrolled', data: { territoryId, name, enrolledOn } }];
}

function withdraw(data: WithdrawPilotTerritory['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  const territory = findTerritory(state, data.territoryId);
  if (territory.status === 'withdrawn') throw ruleViolated(`pilot territory ${show(territory.territoryId)} already withdrew`);
  const reason = requireText(data.reason, 'withdrawing from a parcours needs a reason');
  const withdrawnOn = requireCalendarDate(data.withdrawnOn, 'the withdrawal date');
  notAfterToday(withdrawnOn, 'the withdrawal', data.today);
  notEarlier(withdrawnOn, 'the withdrawal', territory.enrolledOn, 'the enrolment');
  return [{ type: 'PilotTerritoryWithdrawn', data: { territoryId: territory.territoryId, reason, withdrawnOn } }];
}

function start(data: StartParcours['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  if (state.status !== 'open') throw ruleViolated('the parcours has already started');
  const cohort = activeTerritories(state);
  if (cohort.length < PARCOURS_MIN_TERRITORIES) {
    throw ruleViolated(`a parcours needs at least ${PARCOURS_MIN_TERRITORIES} pilot territories to start (it has ${cohort.length})`);
  }
  const startedOn = requireCalendarDate(data.startedOn, 'the start date');
  notAfterToday(startedOn, 'the start of the parcours', data.today);
  withinWindow(state, startedOn, 'the start');
  notEarlier(startedOn, 'the start', state.openedOn, 'the opening of the parcours');
  return [{ type: 'ParcoursStarted', data: { startedOn, territoryIds: cohort.map((territory) => territory.territoryId) } }];
}

function holdSession(data: HoldParcoursSession['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  const startedOn = started(state, 'sessions can only be held once the parcours has started');
  const sessionNumber = data.sessionNumber;
  if (!isWhole(sessionNumber, 1)) throw ruleViolated('a session number must be a whole number of at least 1');
  const next = state.sessions.length + 1;
  if (sessionNumber < next) throw alreadyExists(`session ${sessionNumber} was already held`);
  if (sessionNumber > next) throw ruleViolated(`session ${next} comes next, not session ${sessionNumber}`);
  roomForOneMore(state.sessions.length, PARCOURS_SESSIONS_MAX, 'a parcours cannot hold more sessions');
  const heldOn = requireCalendarDate(data.heldOn, 'the session date');
  notAfterToday(heldOn, 'the session', data.today);
  withinWindow(state, heldOn, 'the session');
  notEarlier(heldOn, 'the session', startedOn, 'the start of the parcours');
  const previous = state.sessions.at(-1);
  if (previous !== undefined) notEarlier(heldOn, 'the session', previous.heldOn, `session ${previous.sessionNumber}`);
  const theme = requireText(data.theme, 'a session needs a theme');
  const territoriesPresent = requireList(data.territoriesPresent, 'a session needs at least one pilot territory present').map(
    (territoryId) => requireActiveTerritory(state, territoryId).territoryId,
  );
  const twice = firstDuplicate(territoriesPresent);
  if (twice !== undefined) throw ruleViolated(`pilot territory ${show(twice)} is listed twice`);
  return [{ type: 'ParcoursSessionHeld', data: { sessionNumber, heldOn, theme, territoriesPresent } }];
}

function recordProgress(data: RecordPilotProgress['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  const startedOn = started(state, 'progress can only be recorded once the parcours has started');
  const territory = findTerritory(state, data.territoryId);
  const territoryId = territory.territoryId;
  if (territory.status === 'withdrawn') throw ruleViolated(`pilot territory ${show(territoryId)} withdrew from this parcours`);
  roomForOneMore(territory.progress.length, PILOT_PROGRESS_MAX, `pilot territory ${show(territoryId)} cannot record more progress`);
  const step = requireOneOf(PARCOURS_STEPS, data.step, 'step');
  // The steps are successive: a territory stays on its step or moves to the next one.
  const current = territory.step === undefined ? -1 : PARCOURS_STEPS.indexOf(territory.step);
  const to = PARCOURS_STEPS.indexOf(step);
  if (to < current) throw ruleViolated(`pilot territory ${show(territoryId)} is at ${territory.step ?? step}: it cannot go back to ${step}`);
  if (to > current + 1) throw ruleViolated(`pilot territory ${show(territoryId)} must work on ${PARCOURS_STEPS[current + 1] ?? step} before ${step}`);
  const note = requireText(data.note, 'a progress record needs a note');
  const recordedOn = requireCalendarDate(data.recordedOn, 'the progress date');
  notAfterToday(recordedOn, 'the progress', data.today);
  withinWindow(state, recordedOn, 'the progress');
  notEarlier(recordedOn, 'the progress', startedOn, 'the start of the parcours');
  const previous = territory.progress.at(-1);
  if (previous !== undefined) notEarlier(recordedOn, 'the progress', previous.recordedOn, `the previous progress of pilot territory ${show(territoryId)}`);
  return [{ type: 'PilotProgressRecorded', data: { territoryId, step, note, recordedOn } }];
}

function complete(data: CompleteParcours['data'], state: OpenedParcours): readonly ParcoursEvent[] {
  started(state, 'a parcours can only be completed once it has started');
  const lastSession = state.sessions.at(-1);
  if (lastSession === undefined) throw ruleViolated('a parcours needs at least one session before it is completed');
  const completedOn = requireCalendarDate(data.completedOn, 'the completion date');
  notAfterToday(completedOn, 'the completion of the parcours', data.today);
  notEarlier(completedOn, 'the completion', `${state.endMonth}-01`, 'its last month');
  notEarlier(completedOn, 'the completion', lastSession.heldOn, `session ${lastSession.sessionNumber}`);
  const summary = requireText(data.summary, 'completing a parcours needs a summary');
  const outcomes = validOutcomes(data.outcomes, state);
  return [{ type: 'ParcoursCompleted', data: { completedOn, summary, outcomes } }];
}

function validOutcomes(value: unknown, state: OpenedParcours): readonly PilotOutcome[] {
  if (!Array.isArray(value)) throw ruleViolated('the outcomes must be a list, one per pilot territory');
  const outcomes = (value as readonly unknown[]).map((entry): PilotOutcome => {
    if (typeof entry !== 'object' || entry === null) throw ruleViolated('each outcome needs a pilot territory and a text');
    const { territoryId, outcome } = entry as Partial<Record<keyof PilotOutcome, unknown>>;
    const territory = requireActiveTerritory(state, territoryId);
    return {
      territoryId: territory.territoryId,
      outcome: requireText(outcome, `the outcome of pilot territory ${show(territory.territoryId)} cannot be blank`),
    };
  });
  const twice = firstDuplicate(outcomes.map((outcome) => outcome.territoryId));
  if (twice !== undefined) throw ruleViolated(`pilot territory ${show(twice)} is listed twice`);
  const missing = activeTerritories(state).filter((territory) => !outcomes.some((outcome) => outcome.territoryId === territory.territoryId));
  if (missing.length > 0) throw ruleViolated(`every pilot territory needs an outcome (missing: ${missing.map((territory) => territory.name).join(', ')})`);
  return outcomes;
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown, or malformed) leaves it as it was. */
export function evolveParcours(state: ParcoursState, event: ParcoursEvent): ParcoursState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'ParcoursOpened') return state;
    const { parcoursId, title, startMonth, durationMonths, endMonth, openedOn } = event.data;
    return { status: 'open', parcoursId, title, startMonth, durationMonths, endMonth, openedOn, territories: [], sessions: [] };
  }
  switch (event.type) {
    case 'ParcoursOpened':
      return state;
    case 'PilotTerritoryEnrolled': {
      const { territoryId, name, enrolledOn } = event.data;
      if (state.territories.some((territory) => territory.territoryId === territoryId)) return state;
      return { ...state, territories: [...state.territories, { territoryId, name, enrolledOn, status: 'enrolled', progress: [] }] };
    }
    case 'PilotTerritoryWithdrawn': {
      const { territoryId, reason, withdrawnOn } = event.data;
      return updateTerritory(state, territoryId, (territory) =>
        territory.status === 'withdrawn' ? territory : { ...territory, status: 'withdrawn', withdrawal: { reason, withdrawnOn } },
      );
    }
    case 'ParcoursStarted':
      return state.status === 'open' ? { ...state, status: 'started', startedOn: event.data.startedOn } : state;
    case 'ParcoursSessionHeld': {
      const { sessionNumber, heldOn, theme, territoriesPresent } = event.data;
      if (sessionNumber !== state.sessions.length + 1) return state;
      return { ...state, sessions: [...state.sessions, { sessionNumber, heldOn, theme, territoriesPresent }] };
    }
    case 'PilotProgressRecorded': {
      const { territoryId, step, note, recordedOn } = event.data;
      if (!isOneOf(PARCOURS_STEPS, step)) return state;
      return updateTerritory(state, territoryId, (territory) => ({ ...territory, step, progress: [...territory.progress, { step, note, recordedOn }] }));
    }
    case 'ParcoursCompleted': {
      if (state.status !== 'started') return state;
      const { completedOn, summary, outcomes } = event.data;
      const given = Array.isArray(outcomes) ? (outcomes as readonly unknown[]) : [];
      const outcomeOf = new Map<unknown, unknown>(
        given.filter((entry): entry is PilotOutcome => typeof entry === 'object' && entry !== null).map((entry) => [entry.territoryId, entry.outcome]),
      );
      const territories = state.territories.map((territory) => {
        const outcome = outcomeOf.get(territory.territoryId);
        return typeof outcome === 'string' ? { ...territory, outcome } : territory;
      });
      return { ...state, status: 'completed', completedOn, summary, territories };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

/** The state with one pilot territory changed; the very same state when there is no such territory or nothing changes. */
function updateTerritory(state: OpenedParcours, territoryId: string, change: (territory: PilotTerritory) => PilotTerritory): OpenedParcours {
  const index = state.territories.findIndex((territory) => territory.territoryId === territoryId);
  const territory = state.territories[index];
  if (territory === undefined) return state;
  const changed = change(territory);
  return changed === territory ? state : { ...state, territories: state.territories.map((candidate, at) => (at === index ? changed : candidate)) };
}

export const parcoursDecider: Decider<ParcoursCommand, ParcoursEvent, ParcoursState> = {
  initialState: initialParcoursState,
  decide: decideParcours,
  evolve: evolveParcours,
};
