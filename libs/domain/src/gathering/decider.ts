import { isCalendarDate, isThirdThursday, isTimeOfDay, thirdThursdayOf, type TimeOfDay } from '../kernel/calendar-date';
import { assertNever, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  atMost,
  dayAsWritten,
  firstDuplicate,
  isOneOf,
  notAfterToday,
  notEarlier,
  optionalText,
  ownEntry,
  recordedDay,
  requireCalendarDate,
  requireDateOrInstant,
  requireList,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import { SPHERES, type CalendarDate, type Instant } from '../kernel/vocabulary';
import {
  GATHERING_KINDS,
  GATHERING_REGISTRATIONS_MAX,
  GATHERING_RESCHEDULES_MAX,
  SPEED_DATING_PAIRS_MAX,
  SPEED_DATING_SPHERES,
  type CancelGathering,
  type CancelRegistration,
  type GatheringCommand,
  type GatheringEvent,
  type GatheringKind,
  type GatheringOrganiser,
  type GatheringRegistration,
  type GatheringState,
  type HoldGathering,
  type RecordAttendance,
  type RecordSpeedDatingPairs,
  type RegisterParticipant,
  type RescheduleGathering,
  type ScheduleGathering,
  type SpeedDatingPair,
} from './types';
import { evolveGathering } from './evolve';

/** A gathering once scheduled (held and cancelled included). */
export type ScheduledGathering = Extract<GatheringState, { status: 'scheduled' | 'held' | 'cancelled' }>;

export const initialGatheringState = (): GatheringState => ({ status: 'none' });

/** How a kind is named in messages. */
const KIND_LABELS: Readonly<Record<GatheringKind, string>> = {
  rencontre_annuelle: 'a rencontre annuelle',
  webinaire: 'a webinaire',
  atelier: 'an atelier',
  conference: 'a conference',
  speed_dating: 'a speed dating',
};

/** A web address: `http(s)://` then no blank. */
const LINK = /^https?:\/\/[^\s/?#]+[^\s]*$/;

// What each event does to the state: `evolve.ts` (total).
export { evolveGathering } from './evolve';

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideGathering(command: GatheringCommand, state: GatheringState): readonly GatheringEvent[] {
  switch (command.type) {
    case 'ScheduleGathering':
      return schedule(command.data, state);
    case 'RegisterParticipant':
      return registerParticipant(command.data, accepting(state));
    case 'CancelRegistration':
      return cancelRegistration(command.data, accepting(state));
    case 'RescheduleGathering':
      return reschedule(command.data, accepting(state));
    case 'HoldGathering':
      return hold(command.data, accepting(state));
    case 'RecordAttendance':
      return recordAttendance(command.data, accepting(state));
    case 'RecordSpeedDatingPairs':
      return recordPairs(command.data, accepting(state));
    case 'CancelGathering':
      return cancel(command.data, accepting(state));
    default:
      return assertNever(command, 'gathering command');
  }
}

/** A scheduled gathering that is not cancelled (it may be held). */
function accepting(state: GatheringState): ScheduledGathering {
  if (state.status === 'none') throw notFound('gathering not found');
  if (state.status === 'cancelled') throw ruleViolated('a cancelled gathering accepts no command');
  return state;
}

/**
 * Nothing of a gathering happens before it was scheduled: a fact dated before
 * that day is refused (docs/adr/0014-as-of-and-the-observatory.md). The
 * decider has no time zone: a date a person gives is compared with the day of
 * scheduling in the network's zone (`scheduledOn`, given by the edge; else the
 * instant's own calendar day as written), an instant the edge stamped with the
 * instant's (UTC) day. A gathering whose event lacks a real time (written by
 * hand) is not checked.
 */
function notBeforeScheduling(time: CalendarDate | Instant, what: string, state: ScheduledGathering): void {
  if (state.scheduledAt === undefined) return;
  // A date a person gives is of the network's day of scheduling; an instant the edge stamped, of the UTC one (both UTC).
  const floor = isCalendarDate(time) && state.scheduledOn !== undefined ? state.scheduledOn : dayAsWritten(state.scheduledAt);
  notEarlier(dayAsWritten(time), what, floor, 'the scheduling of the gathering');
}

/**
 * Who attended is known once the gathering took place: a gathering held (by a
 * script without a clock) on a date after the day the command is recorded
 * (`today`, when the edge gives it) has not taken place yet.
 */
function notTakingPlaceLater(state: ScheduledGathering, today: unknown): void {
  notAfterToday(state.heldOn ?? state.date, 'the gathering', today);
}

/** Not held yet, else RULE_VIOLATED with `message`. */
function notHeld(state: ScheduledGathering, message: string): void {
  if (state.status === 'held') throw ruleViolated(message);
}

function validTime(value: unknown): TimeOfDay | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const time = typeof value === 'string' ? value.trim() : value;
  if (!isTimeOfDay(time)) throw ruleViolated(`the time must be written HH:MM, from 00:00 to 23:59 (got ${show(value)})`);
  return time;
}

/** The network's own webinaire (the monthly cycle) falls on the third Thursday of its month; one organised outside the network, on any date. */
function requireWebinaireDate(kind: GatheringKind, date: CalendarDate, organiser: GatheringOrganiser | undefined): void {
  if (kind !== 'webinaire' || organiser?.inNetwork === false || isThirdThursday(date)) return;
  const thirdThursday = thirdThursdayOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
  throw ruleViolated(`a webinaire falls on the third thursday of its month: ${thirdThursday}, not ${date}`);
}

/** A time a rescheduling may change: absent (or blank) keeps the current one, `null` removes it. */
function changedTime(value: unknown, current: TimeOfDay | undefined): TimeOfDay | undefined {
  return value === null ? undefined : (validTime(value) ?? current);
}

/** An end time needs a start time and comes after it. */
function requireEndAfterStart(time: TimeOfDay | undefined, endTime: TimeOfDay | undefined): void {
  if (endTime === undefined) return;
  if (time === undefined) throw ruleViolated('an end time needs a start time');
  // HH:MM compare as strings.
  if (endTime <= time) throw ruleViolated(`the end time (${endTime}) must come after the start time (${time})`);
}

function validOrganiser(value: unknown): GatheringOrganiser | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw ruleViolated('an organiser needs a name and whether it is in the network');
  const { name, inNetwork } = value as Partial<Record<keyof GatheringOrganiser, unknown>>;
  const organiserName = requireText(name, 'an organiser needs a name');
  if (typeof inNetwork !== 'boolean') throw ruleViolated('an organiser is in the network or not (inNetwork must be true or false)');
  return { name: organiserName, inNetwork };
}

/** Exactly one of place and link, as the kind needs. */
function validVenue(kind: GatheringKind, placeValue: unknown, linkValue: unknown): { readonly place?: string; readonly link?: string } {
  const place = optionalText(placeValue);
  const link = optionalText(linkValue);
  if (place !== undefined && link !== undefined) throw ruleViolated('a gathering takes place either at a place or online through a link, not both');
  switch (kind) {
    case 'webinaire':
      if (link === undefined) throw ruleViolated('a webinaire takes place online: it needs a link');
      break;
    case 'rencontre_annuelle':
    case 'atelier':
    case 'conference':
      if (place === undefined) throw ruleViolated(`${KIND_LABELS[kind]} takes place on site: it needs a place`);
      break;
    case 'speed_dating':
      if (place === undefined && link === undefined) throw ruleViolated('a speed dating needs a place or a link');
      break;
    default:
      return assertNever(kind, 'gathering kind');
  }
  if (link !== undefined && !LINK.test(link)) throw ruleViolated(`a link is a web address starting with https:// or http:// (got ${show(link)})`);
  return { ...(place === undefined ? {} : { place }), ...(link === undefined ? {} : { link }) };
}

function validCapacity(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw ruleViolated('a capacity is a whole number of at least 1');
  return value;
}

function schedule(data: ScheduleGathering['data'], state: GatheringState): readonly GatheringEvent[] {
  if (state.status !== 'none') throw alreadyExists('gathering already exists');
  const gatheringId = requireText(data.gatheringId, 'a gathering needs an id');
  const kind = requireOneOf(GATHERING_KINDS, data.kind, 'gathering kind');
  const theme = requireText(data.theme, 'a gathering needs a theme');
  const date = requireCalendarDate(data.date, 'the date of the gathering');
  const organiser = validOrganiser(data.organiser);
  requireWebinaireDate(kind, date, organiser);
  const time = validTime(data.time);
  const endTime = validTime(data.endTime);
  requireEndAfterStart(time, endTime);
  const venue = validVenue(kind, data.place, data.link);
  const capacity = validCapacity(data.capacity);
  const territoryId = optionalText(data.territoryId);
  const organisedBy = requireText(data.organisedBy, 'a gathering needs an organiser');
  const scheduledAt = requireDateOrInstant(data.scheduledAt, 'the time of scheduling is needed', 'the time of scheduling');
  const scheduledOn = recordedDay(data.scheduledOn, scheduledAt, 'the day of scheduling');
  // A gathering is scheduled before it takes place (or on the day): one recorded afterwards says when it was scheduled.
  notEarlier(date, 'the date of the gathering', scheduledOn, 'its scheduling');
  return [
    {
      type: 'GatheringScheduled',
      data: {
        gatheringId,
        kind,
        theme,
        date,
        ...(time === undefined ? {} : { time }),
        ...(endTime === undefined ? {} : { endTime }),
        ...venue,
        ...(capacity === undefined ? {} : { capacity }),
        ...(territoryId === undefined ? {} : { territoryId }),
        ...(organiser === undefined ? {} : { organiser }),
        organisedBy,
        scheduledAt,
        ...(data.scheduledOn === undefined ? {} : { scheduledOn }),
      },
    },
  ];
}

const activeRegistrations = (state: ScheduledGathering): number => Object.values(state.registrations).filter((registration) => !registration.cancelled).length;

function registerParticipant(data: RegisterParticipant['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  notHeld(state, 'registration closes once the gathering is held');
  const participantId = requireText(data.participantId, 'a participant needs an id');
  const earlier = ownEntry(state.registrations, participantId);
  if (earlier !== undefined && !earlier.cancelled) throw alreadyExists(`participant ${show(participantId)} is already registered`);
  if (earlier === undefined)
    roomForOneMore(Object.keys(state.registrations).length, GATHERING_REGISTRATIONS_MAX, 'a gathering cannot register more participants');
  const name = requireText(data.name, 'a participant needs a name');
  const organisation = requireText(data.organisation, 'a participant needs an organisation');
  const sphere = requireOneOf(SPHERES, data.sphere, 'sphere');
  if (state.kind === 'speed_dating' && !isOneOf(SPEED_DATING_SPHERES, sphere)) {
    throw ruleViolated(`a speed dating pairs associations with entreprises: a participant of sphere ${show(sphere)} cannot register`);
  }
  if (state.capacity !== undefined && activeRegistrations(state) >= state.capacity) {
    throw ruleViolated(`the gathering is full (${state.capacity} places)`);
  }
  const orgId = data.orgId === undefined ? undefined : requireText(data.orgId, 'an organisation id cannot be blank');
  const registeredAt = requireDateOrInstant(data.registeredAt, 'the time of registration is needed', 'the time of registration');
  notBeforeScheduling(registeredAt, 'the registration', state);
  return [{ type: 'ParticipantRegistered', data: { participantId, name, organisation, sphere, ...(orgId === undefined ? {} : { orgId }), registeredAt } }];
}

function cancelRegistration(data: CancelRegistration['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  notHeld(state, 'a registration cannot be cancelled once the gathering is held');
  const participantId = requireText(data.participantId, 'a participant id is needed');
  const registration = ownEntry(state.registrations, participantId);
  if (registration === undefined) throw notFound(`participant ${show(participantId)} is not registered`);
  if (registration.cancelled) throw ruleViolated(`the registration of ${show(participantId)} is already cancelled`);
  const reason = optionalText(data.reason);
  const cancelledAt = requireDateOrInstant(data.cancelledAt, 'the time of cancellation is needed', 'the time of cancellation');
  notBeforeScheduling(cancelledAt, 'the cancellation of the registration', state);
  return [{ type: 'RegistrationCancelled', data: { participantId, ...(reason === undefined ? {} : { reason }), cancelledAt } }];
}

function reschedule(data: RescheduleGathering['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  notHeld(state, 'a gathering already held cannot be rescheduled');
  const reason = requireText(data.reason, 'rescheduling a gathering needs a reason');
  const date = requireCalendarDate(data.date, 'the new date');
  requireWebinaireDate(state.kind, date, state.organiser);
  notBeforeScheduling(date, 'the new date', state);
  const time = changedTime(data.time, state.time);
  const endTime = changedTime(data.endTime, state.endTime);
  requireEndAfterStart(time, endTime);
  if (date === state.date && time === state.time && endTime === state.endTime) {
    throw ruleViolated(`the gathering is already scheduled on ${date}${time === undefined ? '' : ` at ${time}`}${endTime === undefined ? '' : `–${endTime}`}`);
  }
  roomForOneMore(state.rescheduled, GATHERING_RESCHEDULES_MAX, 'a gathering cannot be rescheduled again');
  const rescheduledAt = requireDateOrInstant(data.rescheduledAt, 'the time of rescheduling is needed', 'the time of rescheduling');
  notBeforeScheduling(rescheduledAt, 'the rescheduling', state);
  return [
    {
      type: 'GatheringRescheduled',
      data: {
        previousDate: state.date,
        ...(state.time === undefined ? {} : { previousTime: state.time }),
        date,
        ...(time === undefined ? {} : { time }),
        ...(endTime === undefined ? {} : { endTime }),
        reason,
        rescheduledAt,
      },
    },
  ];
}

function hold(data: HoldGathering['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  notHeld(state, `the gathering was already held on ${state.heldOn ?? state.date}`);
  const heldOn = requireCalendarDate(data.heldOn, 'the date held');
  notBeforeScheduling(heldOn, 'the date held', state);
  if (heldOn !== state.date) throw ruleViolated(`the gathering is scheduled on ${state.date}, not ${heldOn}: reschedule it first`);
  notAfterToday(heldOn, 'the date held', data.today);
  return [{ type: 'GatheringHeld', data: { heldOn } }];
}

/** A participant whose registration stands (not cancelled), else RULE_VIOLATED. */
function requireRegistered(
  state: ScheduledGathering,
  participantId: unknown,
): { readonly participantId: string; readonly registration: GatheringRegistration } {
  const id = requireText(participantId, 'a participant id is needed');
  const registration = ownEntry(state.registrations, id);
  if (registration === undefined) throw ruleViolated(`participant ${show(id)} is not registered`);
  if (registration.cancelled) throw ruleViolated(`participant ${show(id)} cancelled their registration`);
  return { participantId: id, registration };
}

function recordAttendance(data: RecordAttendance['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  if (state.status !== 'held') throw ruleViolated('attendance is recorded once the gathering is held');
  notTakingPlaceLater(state, data.today);
  const present = requireList(data.participantIds, 'attendance needs at least one participant').map((id) => requireRegistered(state, id));
  const twice = firstDuplicate(present.map(({ participantId }) => participantId));
  if (twice !== undefined) throw ruleViolated(`participant ${show(twice)} is listed twice`);
  // A sign-in sheet entered twice records nobody twice.
  const participantIds = present.filter(({ registration }) => !registration.attended).map(({ participantId }) => participantId);
  return participantIds.length === 0 ? [] : [{ type: 'AttendanceRecorded', data: { participantIds } }];
}

const pairKey = (pair: SpeedDatingPair): string => JSON.stringify([pair.associationId, pair.entrepriseId]);

function recordPairs(data: RecordSpeedDatingPairs['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  if (state.kind !== 'speed_dating') throw ruleViolated('only a speed dating records pairs');
  if (state.status !== 'held') throw ruleViolated('pairs are recorded once the speed dating is held');
  notTakingPlaceLater(state, data.today);
  const pairs = requireList(data.pairs, 'at least one pair is needed').map((pair): SpeedDatingPair => {
    if (typeof pair !== 'object' || pair === null) throw ruleViolated('each pair needs an association and an entreprise participant');
    const { associationId, entrepriseId } = pair as Partial<Record<keyof SpeedDatingPair, unknown>>;
    return { associationId: requireAttendee(state, associationId, 'association'), entrepriseId: requireAttendee(state, entrepriseId, 'entreprise') };
  });
  const twice = firstDuplicate(pairs.map(pairKey));
  const pairTwice = pairs.find((pair) => pairKey(pair) === twice);
  if (pairTwice !== undefined) throw ruleViolated(`the pair ${show(pairTwice.associationId)} × ${show(pairTwice.entrepriseId)} is listed twice`);
  const recorded = new Set(state.pairs.map(pairKey));
  const fresh = pairs.filter((pair) => !recorded.has(pairKey(pair)));
  atMost([...state.pairs, ...fresh], SPEED_DATING_PAIRS_MAX, 'a speed dating cannot record so many pairs');
  return fresh.length === 0 ? [] : [{ type: 'SpeedDatingPairsRecorded', data: { pairs: fresh } }];
}

/** A registered participant of the given sphere whose attendance was recorded. */
function requireAttendee(state: ScheduledGathering, participantId: unknown, sphere: (typeof SPEED_DATING_SPHERES)[number]): string {
  const { participantId: id, registration } = requireRegistered(state, participantId);
  if (registration.sphere !== sphere) throw ruleViolated(`participant ${show(id)} is not of sphere ${show(sphere)}`);
  if (!registration.attended) throw ruleViolated(`participant ${show(id)} has no recorded attendance`);
  return id;
}

function cancel(data: CancelGathering['data'], state: ScheduledGathering): readonly GatheringEvent[] {
  notHeld(state, 'a gathering already held cannot be cancelled');
  const reason = requireText(data.reason, 'cancelling a gathering needs a reason');
  const cancelledAt = requireDateOrInstant(data.cancelledAt, 'the time of cancellation is needed', 'the time of cancellation');
  notBeforeScheduling(cancelledAt, 'the cancellation', state);
  return [{ type: 'GatheringCancelled', data: { reason, cancelledAt } }];
}

export const gatheringDecider: Decider<GatheringCommand, GatheringEvent, GatheringState> = {
  initialState: initialGatheringState,
  decide: decideGathering,
  evolve: evolveGathering,
};
