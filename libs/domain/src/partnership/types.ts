import type { Message } from '../kernel/decider';
import type { CatalyseurJoinedOn } from '../kernel/validation';
import type {
  CalendarDate,
  EvaluationDecision,
  ImpactDimension,
  ImpactSubDimension,
  Instant,
  ObjectiveFamily,
  PartnershipMode,
  PartnershipPhase,
  Sphere,
  TerritoryScale,
} from '../kernel/vocabulary';

export interface Territory {
  readonly id: string;
  readonly name: string;
  readonly scale: TerritoryScale;
}

export interface Partner {
  readonly orgId: string;
  readonly name: string;
  readonly sphere: Sphere;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

/**
 * What a command dating a fact that happened may carry besides its date: the
 * day it is recorded (`today`), in the network's time zone, set by the edge
 * from the request's moment (the decider has no clock). A fact dated after it
 * is refused: it has not happened yet. Absent (a loading script that dates
 * history itself, a test), the fact's date is not compared with it.
 */
export interface RecordedOn {
  readonly today?: CalendarDate;
}

export type ProposePartnership = Message<
  'ProposePartnership',
  {
    readonly partnershipId: string;
    readonly title: string;
    readonly territory: Territory;
    readonly partners: readonly Partner[];
    readonly modes: readonly PartnershipMode[];
    readonly proposedAt: Instant;
    /**
     * The day it is proposed in the network's time zone, set by the edge beside the instant (UTC): the floor of
     * every dated fact. Absent (a script, a test), the instant's own calendar day.
     */
    readonly proposedOn?: CalendarDate;
    /**
     * The catalyseur who proposes it, if a catalyseur does: assigned to it in the same decision (`CatalyseurAssigned`),
     * so the proposal is not dated before the day it joined the network (`catalyseurJoinedOn`, when the edge gives it).
     * Without a `proposedBy` (a partner, an operator), no joining day is compared.
     */
    readonly proposedBy?: string;
  } & CatalyseurJoinedOn
>;
export type AgreeObjectives = Message<
  'AgreeObjectives',
  {
    readonly orgId: string;
    readonly objectives: readonly ObjectiveFamily[];
  }
>;
export type PlanMilestone = Message<
  'PlanMilestone',
  {
    readonly milestoneId: string;
    readonly title: string;
    readonly dueDate: CalendarDate;
  }
>;
export type StartPilotage = Message<'StartPilotage', { readonly startedOn: CalendarDate } & RecordedOn>;
export type ReachMilestone = Message<'ReachMilestone', { readonly milestoneId: string; readonly reachedOn: CalendarDate } & RecordedOn>;
export type RescheduleMilestone = Message<
  'RescheduleMilestone',
  {
    readonly milestoneId: string;
    readonly dueDate: CalendarDate;
    readonly reason: string;
  }
>;
export type DropMilestone = Message<'DropMilestone', { readonly milestoneId: string; readonly reason: string }>;
/** Sent by the reminders job: a planned milestone falls due within `withinDays` of `today` (or is overdue). Once per due date. */
export type RemindMilestone = Message<
  'RemindMilestone',
  {
    readonly milestoneId: string;
    readonly today: CalendarDate;
    readonly withinDays: number;
  }
>;
export type HoldSteeringCommittee = Message<
  'HoldSteeringCommittee',
  {
    readonly committeeId: string;
    readonly heldOn: CalendarDate;
    /** orgIds of the partners present. */
    readonly attendees: readonly string[];
    readonly decisions: readonly string[];
  } & RecordedOn
>;
/** Which way an indicator should move: its target is reached at or above it (`increase`), or at or below it (`decrease`). */
export const INDICATOR_DIRECTIONS = ['increase', 'decrease'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

export type RecordIndicator = Message<
  'RecordIndicator',
  {
    readonly indicatorId: string;
    readonly name: string;
    readonly value: number;
    readonly unit?: string;
    readonly measuredOn: CalendarDate;
    /** The value aimed at (a target needs a direction). Optional: a measure may leave it out and keep the earlier one. */
    readonly target?: number;
    readonly direction?: IndicatorDirection;
  } & RecordedOn
>;
export type OpenEvaluation = Message<'OpenEvaluation', { readonly openedOn: CalendarDate } & RecordedOn>;
/** Scores from 1 to 5 by sub-dimension: in an assessment, one for each of its dimension's two (`IMPACT_SUB_DIMENSIONS`), and none other. */
export type SubDimensionScores = Readonly<Partial<Record<ImpactSubDimension, number>>>;
export type AssessImpact = Message<
  'AssessImpact',
  {
    readonly dimension: ImpactDimension;
    readonly scores: SubDimensionScores;
    readonly evidence: string;
  }
>;
export type ConcludeEvaluation = Message<
  'ConcludeEvaluation',
  {
    readonly decision: EvaluationDecision;
    readonly concludedOn: CalendarDate;
  } & RecordedOn
>;

/** A catalyseur comes to accompany the partnership (docs/adr/0025-who-accompanies-a-partnership.md). */
export type AssignCatalyseur = Message<
  'AssignCatalyseur',
  { readonly catalyseurId: string; readonly assignedOn: CalendarDate } & RecordedOn & CatalyseurJoinedOn
>;
/** A catalyseur stops accompanying it. */
export type ReleaseCatalyseur = Message<
  'ReleaseCatalyseur',
  { readonly catalyseurId: string; readonly releasedOn: CalendarDate; readonly reason?: string } & RecordedOn
>;

export type PartnershipCommand =
  | ProposePartnership
  | AgreeObjectives
  | PlanMilestone
  | StartPilotage
  | ReachMilestone
  | RescheduleMilestone
  | DropMilestone
  | RemindMilestone
  | HoldSteeringCommittee
  | RecordIndicator
  | OpenEvaluation
  | AssessImpact
  | ConcludeEvaluation
  | AssignCatalyseur
  | ReleaseCatalyseur;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type PartnershipProposed = Message<
  'PartnershipProposed',
  {
    readonly partnershipId: string;
    readonly title: string;
    readonly territory: Territory;
    readonly partners: readonly Partner[];
    readonly modes: readonly PartnershipMode[];
    readonly proposedAt: Instant;
    /** The day in the network's time zone (absent in events written before it: the instant's calendar day). */
    readonly proposedOn?: CalendarDate;
  }
>;
export type ObjectivesAgreed = Message<
  'ObjectivesAgreed',
  {
    readonly orgId: string;
    readonly objectives: readonly ObjectiveFamily[];
    readonly cycle: number;
  }
>;
export type MilestonePlanned = Message<
  'MilestonePlanned',
  {
    readonly milestoneId: string;
    readonly title: string;
    readonly dueDate: CalendarDate;
  }
>;
export type PilotageStarted = Message<'PilotageStarted', { readonly startedOn: CalendarDate; readonly cycle: number }>;
export type MilestoneReached = Message<'MilestoneReached', { readonly milestoneId: string; readonly reachedOn: CalendarDate }>;
export type MilestoneRescheduled = Message<
  'MilestoneRescheduled',
  {
    readonly milestoneId: string;
    readonly previousDueDate: CalendarDate;
    readonly dueDate: CalendarDate;
    readonly reason: string;
  }
>;
export type MilestoneDropped = Message<'MilestoneDropped', { readonly milestoneId: string; readonly reason: string }>;
/** A reminder, in the partnership's feed: the milestone falls due in `daysLeft` days (negative: overdue). */
export type MilestoneDueSoon = Message<
  'MilestoneDueSoon',
  {
    readonly milestoneId: string;
    readonly title: string;
    readonly dueDate: CalendarDate;
    readonly daysLeft: number;
    readonly remindedOn: CalendarDate;
  }
>;
export type SteeringCommitteeHeld = Message<
  'SteeringCommitteeHeld',
  {
    readonly committeeId: string;
    readonly heldOn: CalendarDate;
    readonly attendees: readonly string[];
    readonly decisions: readonly string[];
  }
>;
/** `target` and `direction` are optional: events written before they existed stay valid. */
export type IndicatorRecorded = Message<
  'IndicatorRecorded',
  {
    readonly indicatorId: string;
    readonly name: string;
    readonly value: number;
    readonly unit?: string;
    readonly measuredOn: CalendarDate;
    readonly target?: number;
    readonly direction?: IndicatorDirection;
  }
>;
export type EvaluationOpened = Message<'EvaluationOpened', { readonly openedOn: CalendarDate; readonly cycle: number }>;
/**
 * Schema version 2: a score per sub-dimension, and `score`, the dimension's:
 * the mean of its two sub-scores. Version 1 (one score per dimension) is
 * upcast on read (`upcasters.ts`; docs/adr/0017-event-schema-evolution.md).
 */
export type ImpactAssessed = Message<
  'ImpactAssessed',
  {
    readonly dimension: ImpactDimension;
    readonly scores: SubDimensionScores;
    readonly score: number;
    readonly evidence: string;
  }
>;
export type EvaluationConcluded = Message<
  'EvaluationConcluded',
  {
    readonly decision: EvaluationDecision;
    readonly concludedOn: CalendarDate;
    readonly cycle: number;
  }
>;
/** After `renouveler`: a new cycle starts in cadrage; objectives must be agreed again. */
export type PartnershipRenewed = Message<'PartnershipRenewed', { readonly cycle: number; readonly renewedOn: CalendarDate }>;
/** After `essaimer` or `clore`: the partnership accepts nothing more. */
export type PartnershipClosed = Message<'PartnershipClosed', { readonly decision: Exclude<EvaluationDecision, 'renouveler'>; readonly closedOn: CalendarDate }>;

/** A catalyseur accompanies the partnership from `assignedOn` (also right after `PartnershipProposed` when a catalyseur proposed it). */
export type CatalyseurAssigned = Message<'CatalyseurAssigned', { readonly catalyseurId: string; readonly assignedOn: CalendarDate }>;
/** A catalyseur no longer accompanies it. */
export type CatalyseurReleased = Message<'CatalyseurReleased', { readonly catalyseurId: string; readonly releasedOn: CalendarDate; readonly reason?: string }>;

export type PartnershipEvent =
  | PartnershipProposed
  | ObjectivesAgreed
  | MilestonePlanned
  | PilotageStarted
  | MilestoneReached
  | MilestoneRescheduled
  | MilestoneDropped
  | MilestoneDueSoon
  | SteeringCommitteeHeld
  | IndicatorRecorded
  | EvaluationOpened
  | ImpactAssessed
  | EvaluationConcluded
  | PartnershipRenewed
  | PartnershipClosed
  | CatalyseurAssigned
  | CatalyseurReleased;

// ─── State ──────────────────────────────────────────────────────────────────

export type MilestoneStatus = 'planned' | 'reached' | 'dropped';

export interface Milestone {
  readonly milestoneId: string;
  readonly title: string;
  readonly dueDate: CalendarDate;
  readonly status: MilestoneStatus;
  readonly cycle: number;
  readonly reachedOn?: CalendarDate;
  readonly rescheduled: number;
  /** The reason given for its last reschedule. */
  readonly lastRescheduleReason?: string;
  /** The reason it was dropped for. */
  readonly dropReason?: string;
  /**
   * When the due-date reminder was sent, for the current due date: a reschedule
   * clears it (the new due date is reminded in its turn).
   */
  readonly remindedOn?: CalendarDate;
}

export interface SteeringCommittee {
  readonly committeeId: string;
  readonly heldOn: CalendarDate;
  /** orgIds of the partners present. */
  readonly attendees: readonly string[];
  readonly decisions: readonly string[];
}

/** An indicator's latest measure, with its latest target and direction (a measure without them keeps the earlier ones). */
export interface IndicatorMeasure {
  readonly indicatorId: string;
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
  readonly measuredOn: CalendarDate;
  readonly target?: number;
  readonly direction?: IndicatorDirection;
}

export interface ImpactAssessment {
  /** The dimension's score: the mean of its sub-dimensions' (a half when they differ by an odd number). */
  readonly score: number;
  /** Each sub-dimension's score, from 1 to 5. */
  readonly scores: SubDimensionScores;
  readonly evidence: string;
}

export type PartnershipState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly partnershipId: string;
      readonly title: string;
      readonly territory: Territory;
      readonly partners: readonly Partner[];
      readonly modes: readonly PartnershipMode[];
      readonly phase: PartnershipPhase;
      readonly cycle: number;
      /** orgId → objectives agreed in the current cycle. */
      readonly objectives: Readonly<Record<string, readonly ObjectiveFamily[]>>;
      readonly milestones: readonly Milestone[];
      readonly committees: readonly SteeringCommittee[];
      /** The latest measure of each indicator, the most recently measured last. */
      readonly indicators: readonly IndicatorMeasure[];
      /** How many measures were recorded, all indicators and cycles (absent before the first): bounded (`INDICATOR_MEASURES_MAX`). */
      readonly measuresRecorded?: number;
      /** Assessments of the current cycle's evaluation. */
      readonly impact: Readonly<Partial<Record<ImpactDimension, ImpactAssessment>>>;
      readonly conclusions: readonly { readonly cycle: number; readonly decision: EvaluationDecision; readonly concludedOn: CalendarDate }[];
      /**
       * When the current cycle's pilotage started (from `PilotageStarted`):
       * absent in cadrage, and again after a renewal. The facts of pilotage are
       * not dated before it.
       */
      readonly pilotageStartedOn?: CalendarDate;
      /** When the current cycle's evaluation opened (from `EvaluationOpened`): its conclusion is not dated before it. */
      readonly evaluationOpenedOn?: CalendarDate;
      readonly proposedAt: Instant;
      /** The day it was proposed in the network's time zone, when its event says it (else `proposedAt`'s calendar day). */
      readonly proposedOn?: CalendarDate;
      /**
       * The catalyseurs who accompany it now (ids, in the order assigned). A
       * partnership proposed before assignments existed has none until one
       * assigns itself (docs/adr/0025-who-accompanies-a-partnership.md).
       */
      readonly catalyseurs: readonly string[];
      /** The day each catalyseur accompanying it now was assigned (absent before the first assignment): a release is not dated before it. */
      readonly assignedOn?: Readonly<Record<string, CalendarDate>>;
    };

/** A partnership once proposed (any phase, `closed` included). */
export type ProposedPartnership = Extract<PartnershipState, { status: 'active' }>;

export const partnershipStream = (partnershipId: string): string => `partnership-${partnershipId}`;

/** Every partnership event type (the compiler checks the list is complete). */
export const PARTNERSHIP_EVENT_TYPES = Object.keys({
  PartnershipProposed: true,
  ObjectivesAgreed: true,
  MilestonePlanned: true,
  PilotageStarted: true,
  MilestoneReached: true,
  MilestoneRescheduled: true,
  MilestoneDropped: true,
  MilestoneDueSoon: true,
  SteeringCommitteeHeld: true,
  IndicatorRecorded: true,
  EvaluationOpened: true,
  ImpactAssessed: true,
  EvaluationConcluded: true,
  PartnershipRenewed: true,
  PartnershipClosed: true,
  CatalyseurAssigned: true,
  CatalyseurReleased: true,
} satisfies Record<PartnershipEvent['type'], true>) as readonly PartnershipEvent['type'][];
