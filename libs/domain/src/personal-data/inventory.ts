import type { AggregateCategory, EventOf } from '../aggregates';

/**
 * The inventory of personal data (docs/adr/0006-personal-data.md): for every
 * event type of every aggregate, which persons it concerns and which of its
 * fields are theirs. Pure and exhaustive: a new event type does not compile
 * until someone decides what it holds about people.
 *
 * A person (a "subject") is named by the id the rest of the log knows them by:
 * a catalyseur's id (also their sign-in subject), a participant's id, a
 * message's author. Personal fields are encrypted with the subject's key when
 * the event is appended; the others stay readable, so the log still verifies
 * and replays after an erasure.
 */

/** What a personal field reads as once its person is erased (text); lists read empty, anything else `null`. */
export const ERASED_TEXT = '[effacé]';

/**
 * How a field's former value is searched for in derived data at erasure:
 * `within` for names (they appear inside summaries), `exact` for free texts and
 * list items (a message's text is removed where it is the whole value).
 */
export type RedactionMatch = 'exact' | 'within';

/** The personal fields of one person in one event (only those present in its data). */
export interface PersonalFields {
  readonly subject: string;
  readonly fields: Readonly<Record<string, RedactionMatch>>;
}

export interface PersonalDataOfEvent {
  /**
   * Every person the event is about: those whose fields it holds, and those it names by id only (a catalyseur
   * assigned or holding an accompaniment, a room's member, attendees, an organiser…). An append concerning a person
   * being erased or erased is refused (`PERSON_ERASED`): nothing more is recorded about them.
   */
  readonly concerns: readonly string[];
  /** Their fields in this event. */
  readonly personal: readonly PersonalFields[];
  /**
   * Those of `concerns` the event names only to END a relation with them (a release from a partnership, a departure
   * from the network, a removal from a room, a gathering's registration cancelled, leaving a working group): it is
   * still recorded once they are erased, so that an operator can clean up after an erasure, as long as it holds no
   * field of theirs (a release's, a departure's, a cancellation's or a leaving's reason is theirs: refused). Absent:
   * none.
   */
  readonly ends?: readonly string[];
}

type AnyEvent = EventOf<AggregateCategory>;
type EventData<T extends AnyEvent['type']> = Extract<AnyEvent, { type: T }>['data'];
/** `streamId`: the aggregate's id (after `{category}-`). */
type Rule<T extends AnyEvent['type']> = ((data: EventData<T>, streamId: string) => PersonalDataOfEvent) | 'none';

const NOTHING: PersonalDataOfEvent = { concerns: [], personal: [] };

/** The person `subject` owns `fields` (those present in `data`). */
function of(subject: unknown, data: object, fields: Readonly<Record<string, RedactionMatch>>): PersonalDataOfEvent {
  if (typeof subject !== 'string' || subject === '') return NOTHING;
  const present = Object.fromEntries(Object.entries(fields).filter(([field]) => (data as Record<string, unknown>)[field] !== undefined));
  return { concerns: [subject], personal: Object.keys(present).length > 0 ? [{ subject, fields: present }] : [] };
}

/** Persons concerned without any field of theirs (their ids only). */
function concerning(ids: unknown): PersonalDataOfEvent {
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
  return { concerns: [...new Set(list)], personal: [] };
}

/** The event ends its relation with every person it concerns (see `PersonalDataOfEvent.ends`). */
function ending(found: PersonalDataOfEvent): PersonalDataOfEvent {
  return found.concerns.length === 0 ? found : { ...found, ends: found.concerns };
}

/** A catalyseur's name is theirs; sphere, territory and skills (chosen from the method's lists) describe the role and stay readable. */
const PROFILE = { name: 'within' } as const;

export const PERSONAL_DATA: { readonly [T in AnyEvent['type']]: Rule<T> } = {
  // catalyseur: the profile is the person's
  CatalyseurJoined: (data) => of(data.catalyseurId, data, PROFILE),
  ProfileUpdated: (data, id) => of(id, data, PROFILE),
  CatalyseurLeft: (data, id) => ending(of(id, data, { reason: 'exact' })), // recorded once erased, without a reason
  // gathering: participants
  GatheringScheduled: (data) => concerning([data.organisedBy]), // the person who organised it, by id
  ParticipantRegistered: (data) => of(data.participantId, data, { name: 'within' }),
  RegistrationCancelled: (data) => ending(of(data.participantId, data, { reason: 'exact' })), // recorded once erased, without a reason: the seat is freed
  GatheringRescheduled: 'none',
  GatheringHeld: 'none',
  AttendanceRecorded: (data) => concerning(data.participantIds),
  SpeedDatingPairsRecorded: 'none', // pairs of organisations
  GatheringCancelled: 'none',
  // room: a message's text is its author's
  RoomOpened: (data) => concerning([data.openedBy]),
  MemberAdded: (data) => concerning([data.memberId]),
  MemberRemoved: (data) => ending(concerning([data.memberId])), // recorded once erased: a room is cleaned up
  MessagePosted: (data) => of(data.authorId, data, { text: 'exact' }),
  MessageRetracted: 'none',
  DecisionRecorded: 'none', // the room's collective record, not a person's
  RoomArchived: 'none',
  // experimentation: the catalyseurs who animate it and the dirigeants of working groups, by id
  ExperimentationLaunched: (data) => concerning(data.catalyseurs),
  DirigeantsInvited: 'none', // counts only
  StageAdvanced: 'none',
  WorkingGroupFormed: 'none',
  WorkingGroupJoined: (data) => concerning([data.participantId]),
  WorkingGroupLeft: (data) => ending(of(data.participantId, data, { reason: 'exact' })), // recorded once erased, without a reason: the place is freed
  GroupMeetingHeld: (data) => concerning(data.attendees),
  ActionAdopted: 'none',
  RestitutionHeld: 'none', // counts only
  FollowUpMeetingHeld: (data) => concerning(data.attendees),
  ResultsEvaluated: 'none',
  EssaimageDecided: 'none',
  ExperimentationAbandoned: 'none',
  // organisations, territories, partnerships and reports: legal entities and figures
  OrganisationsIntroduced: (data) => concerning([data.catalyseurId]), // the catalyseur who made it, by id
  IntroducedOrganisationsMet: 'none',
  IntroductionLedToPartnership: 'none',
  IntroductionClosedWithoutFollowUp: 'none',
  ParcoursOpened: 'none',
  PilotTerritoryEnrolled: 'none',
  PilotTerritoryWithdrawn: 'none',
  ParcoursStarted: 'none',
  ParcoursSessionHeld: 'none',
  PilotProgressRecorded: 'none',
  ParcoursCompleted: 'none',
  PartnershipProposed: 'none',
  ObjectivesAgreed: 'none',
  MilestonePlanned: 'none',
  PilotageStarted: 'none',
  MilestoneReached: 'none',
  MilestoneRescheduled: 'none',
  MilestoneDropped: 'none',
  MilestoneDueSoon: 'none',
  SteeringCommitteeHeld: 'none', // attendees are organisations
  IndicatorRecorded: 'none',
  EvaluationOpened: 'none',
  ImpactAssessed: 'none',
  EvaluationConcluded: 'none',
  PartnershipRenewed: 'none',
  PartnershipClosed: 'none',
  // who accompanies a partnership: the catalyseur's id; a release's reason is theirs (as a departure's); a release ends it
  CatalyseurAssigned: (data) => concerning([data.catalyseurId]),
  CatalyseurReleased: (data) => ending(of(data.catalyseurId, data, { reason: 'exact' })), // recorded once erased, without a reason
  TerritoryRegistered: 'none',
  FragilityDomainAdded: 'none',
  FragilityDiagnosticRecorded: 'none',
  TerritoryActorRegistered: 'none',
  TerritoryActorRemoved: 'none',
  KeyFiguresRecorded: 'none',
  FragilityIndicatorsRecorded: 'none',
  TerritoryActionRecorded: 'none',
  ReportRequested: 'none',
  ReportProgressed: 'none',
  ReportCompleted: 'none',
  ReportFailed: 'none',
  // organisations are not persons: their profile and strategy describe the organisation
  OrganisationRegistered: 'none',
  OrganisationProfileUpdated: 'none',
  AllianceStrategyRecorded: 'none',
  // accompaniments: the organisation's; a session's summary is free text written by the person who recorded it
  AccompanimentOpened: (data) => concerning([data.catalyseurId]), // the catalyseur who holds it, by id
  AccompanimentSessionHeld: (data) => of(data.recordedBy, data, { summary: 'exact' }),
  OrganisationMaturityRecorded: 'none',
  AccompanimentClosed: 'none',
  // person: the erasure itself carries only the person's id
  PersonalDataErased: (data) => concerning([data.subject]),
};

/**
 * The personal data of an event as the store holds it (`stream` is
 * `{category}-{id}`). `data` is the whole event's data (as appended, or as
 * stored with its personal fields opened): some rules find their subject in it
 * (`catalyseurId`, `participantId`, `authorId`…), so the personal fields alone
 * hold nothing. Anything unknown (another category, a type no rule names, data
 * that is not an object) holds none.
 */
export function personalDataOf(stream: string, type: string, data: unknown): PersonalDataOfEvent {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !Object.hasOwn(PERSONAL_DATA, type)) return NOTHING;
  const rule = PERSONAL_DATA[type as AnyEvent['type']] as Rule<AnyEvent['type']>;
  if (rule === 'none') return NOTHING;
  const dash = stream.indexOf('-');
  return rule(data as never, dash < 0 ? '' : stream.slice(dash + 1));
}

/** The tombstone of a field whose former value was `value`: a text, an empty list, or `null`. */
export function tombstoneOf(kind: 'text' | 'list' | 'other'): string | readonly never[] | null {
  return kind === 'text' ? ERASED_TEXT : kind === 'list' ? [] : null;
}
