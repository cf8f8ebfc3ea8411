import type { AccompanimentEvent } from '../accompaniment/types';
import type { CatalyseurEvent } from '../catalyseur/types';
import type { ExperimentationEvent } from '../experimentation/types';
import type { GatheringEvent } from '../gathering/types';
import type { IntroductionEvent } from '../introduction/types';
import type { OrganisationEvent } from '../organisation/types';
import type { ParcoursEvent } from '../parcours/types';
import type { PartnershipEvent } from '../partnership/types';
import type { ReportEvent } from '../report/types';
import type { RoomEvent } from '../room/types';
import type { TerritoryEvent } from '../territory/types';
import type { CalendarDate, Instant } from '../kernel/vocabulary';
import type { Message } from '../kernel/decider';

/** For each event type of an aggregate: the date its fact happened, read from its own data, or `undefined` when it carries none. */
type HappenedDates<E extends Message<string, unknown>> = {
  readonly [T in E['type']]: (data: Extract<E, { type: T }>['data']) => CalendarDate | Instant | undefined;
};

const none = (): undefined => undefined;

const PARTNERSHIP: HappenedDates<PartnershipEvent> = {
  PartnershipProposed: (d) => d.proposedAt,
  ObjectivesAgreed: none,
  MilestonePlanned: none,
  PilotageStarted: (d) => d.startedOn,
  MilestoneReached: (d) => d.reachedOn,
  MilestoneRescheduled: none,
  MilestoneDropped: none,
  MilestoneDueSoon: (d) => d.remindedOn,
  SteeringCommitteeHeld: (d) => d.heldOn,
  IndicatorRecorded: (d) => d.measuredOn,
  EvaluationOpened: (d) => d.openedOn,
  ImpactAssessed: none,
  EvaluationConcluded: (d) => d.concludedOn,
  PartnershipRenewed: (d) => d.renewedOn,
  PartnershipClosed: (d) => d.closedOn,
  CatalyseurAssigned: (d) => d.assignedOn,
  CatalyseurReleased: (d) => d.releasedOn,
};

const CATALYSEUR: HappenedDates<CatalyseurEvent> = {
  CatalyseurJoined: (d) => d.joinedAt,
  ProfileUpdated: none,
  CatalyseurLeft: (d) => d.leftAt,
};

const EXPERIMENTATION: HappenedDates<ExperimentationEvent> = {
  ExperimentationLaunched: (d) => d.launchedOn,
  DirigeantsInvited: (d) => d.invitedOn,
  StageAdvanced: (d) => d.advancedOn,
  WorkingGroupFormed: (d) => d.formedOn,
  WorkingGroupJoined: (d) => d.joinedOn,
  WorkingGroupLeft: (d) => d.leftOn,
  GroupMeetingHeld: (d) => d.heldOn,
  ActionAdopted: (d) => d.adoptedOn,
  RestitutionHeld: (d) => d.heldOn,
  FollowUpMeetingHeld: (d) => d.heldOn,
  ResultsEvaluated: (d) => d.evaluatedOn,
  EssaimageDecided: (d) => d.decidedOn,
  ExperimentationAbandoned: (d) => d.abandonedOn,
};

const GATHERING: HappenedDates<GatheringEvent> = {
  GatheringScheduled: (d) => d.scheduledAt,
  ParticipantRegistered: (d) => d.registeredAt,
  RegistrationCancelled: (d) => d.cancelledAt,
  GatheringRescheduled: (d) => d.rescheduledAt,
  GatheringHeld: (d) => d.heldOn,
  AttendanceRecorded: none,
  SpeedDatingPairsRecorded: none,
  GatheringCancelled: (d) => d.cancelledAt,
};

const INTRODUCTION: HappenedDates<IntroductionEvent> = {
  OrganisationsIntroduced: (d) => d.introducedOn,
  IntroducedOrganisationsMet: (d) => d.metOn,
  IntroductionLedToPartnership: (d) => d.proposedOn,
  IntroductionClosedWithoutFollowUp: (d) => d.closedOn,
};

const PARCOURS: HappenedDates<ParcoursEvent> = {
  ParcoursOpened: (d) => d.openedOn,
  PilotTerritoryEnrolled: (d) => d.enrolledOn,
  PilotTerritoryWithdrawn: (d) => d.withdrawnOn,
  ParcoursStarted: (d) => d.startedOn,
  ParcoursSessionHeld: (d) => d.heldOn,
  PilotProgressRecorded: (d) => d.recordedOn,
  ParcoursCompleted: (d) => d.completedOn,
};

const ROOM: HappenedDates<RoomEvent> = {
  RoomOpened: (d) => d.openedAt,
  MemberAdded: none,
  MemberRemoved: none,
  MessagePosted: (d) => d.postedAt,
  MessageRetracted: none,
  DecisionRecorded: none,
  RoomArchived: none,
};

const TERRITORY: HappenedDates<TerritoryEvent> = {
  TerritoryRegistered: (d) => d.registeredAt,
  FragilityDomainAdded: none,
  FragilityDiagnosticRecorded: (d) => d.diagnosedOn,
  TerritoryActorRegistered: none,
  TerritoryActorRemoved: none,
  KeyFiguresRecorded: (d) => d.recordedOn,
  FragilityIndicatorsRecorded: (d) => d.measuredOn,
  TerritoryActionRecorded: (d) => d.startedOn,
};

const ORGANISATION: HappenedDates<OrganisationEvent> = {
  OrganisationRegistered: (d) => d.registeredAt,
  OrganisationProfileUpdated: none,
  AllianceStrategyRecorded: (d) => d.recordedOn,
};

const ACCOMPANIMENT: HappenedDates<AccompanimentEvent> = {
  AccompanimentOpened: (d) => d.openedOn,
  AccompanimentSessionHeld: (d) => d.heldOn,
  OrganisationMaturityRecorded: (d) => d.recordedOn,
  AccompanimentClosed: (d) => d.closedOn,
};

const REPORT: HappenedDates<ReportEvent> = {
  ReportRequested: (d) => d.requestedAt,
  ReportProgressed: (d) => d.at,
  ReportCompleted: (d) => d.completedAt,
  ReportFailed: (d) => d.failedAt,
};

const BY_CATEGORY: Readonly<Record<string, Readonly<Record<string, (data: never) => CalendarDate | Instant | undefined>>>> = {
  partnership: PARTNERSHIP,
  catalyseur: CATALYSEUR,
  experimentation: EXPERIMENTATION,
  gathering: GATHERING,
  introduction: INTRODUCTION,
  parcours: PARCOURS,
  room: ROOM,
  territory: TERRITORY,
  report: REPORT,
  organisation: ORGANISATION,
  accompaniment: ACCOMPANIMENT,
};

/**
 * The date an event's fact happened, as the event itself says it (a meeting's
 * `heldOn`, a partnership's `proposedAt`): a calendar date or an instant, or
 * `undefined` for an event that carries none (then it happened when it was
 * decided, its metadata's `occurredAt`). Unknown categories and types carry none.
 */
export function happenedDateOf(category: string, event: { readonly type: string; readonly data: unknown }): CalendarDate | Instant | undefined {
  const dateOf = BY_CATEGORY[category]?.[event.type];
  if (dateOf === undefined || typeof event.data !== 'object' || event.data === null) return undefined;
  const date: unknown = dateOf(event.data as never);
  return typeof date === 'string' && date.length >= 10 ? date : undefined;
}
