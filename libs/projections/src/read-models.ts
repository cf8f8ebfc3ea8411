import type {
  CalendarDate,
  CatalyseurSkill,
  EvaluationDecision,
  ImpactDimension,
  MilestoneStatus,
  ObjectiveFamily,
  Partner,
  PartnershipMode,
  PartnershipPhase,
  RoomAccess,
  RoomKind,
  Sphere,
  Territory,
} from '@catalyse/domain';

/** Collections of the document read models, and the tags each is found by. */
export const COLLECTIONS = {
  /** `PartnershipBoard`, tags: territory, phase, mode (many), org (many). */
  partnerships: 'partnership',
  /** `CatalyseurCard`, tags: territory, sphere, skill (many), status. */
  catalyseurs: 'catalyseur',
  /** `RoomCard`, tags: kind, subject, member (many). */
  rooms: 'room',
  /** `ExperimentationBoard`, tags: territory, stage, status, catalyseur (many), carrier (many). */
  experimentations: 'experimentation',
  /** `GatheringAttendance`, tags: kind, status, month, territory, participant (many: standing registrations). */
  gatherings: 'gathering',
  /** `TerritoryProfile`, tags: typology, level, region, actor (many). */
  territories: 'territory',
  /** `IntroductionCard`, tags: status, territory, catalyseur, org (many), gathering. */
  introductions: 'introduction',
  /** `IntroductionFunnel`, ids `network` and `territory:{id}`. */
  funnels: 'funnel',
  /** `ParcoursBoard`, tags: status, territory (many). */
  parcours: 'parcours',
} as const;

/** Every read model document says up to which event it is current. */
export interface Versioned {
  /** Revision of its stream (as a string: 64-bit). */
  readonly revision: string;
  /** Global position of the last event folded in. */
  readonly position: string;
  /** `occurredAt` of that event. */
  readonly updatedAt: string;
}

export interface BoardMilestone {
  readonly milestoneId: string;
  readonly title: string;
  readonly dueDate: CalendarDate;
  readonly status: MilestoneStatus;
  readonly cycle: number;
  readonly reachedOn?: CalendarDate;
  readonly rescheduled: number;
  readonly lastRescheduleReason?: string;
  readonly dropReason?: string;
  /** When the due-date reminder was sent, for the current due date. */
  readonly remindedOn?: CalendarDate;
}

/** The partnership board: what the pair, their catalyseur and operators look at. */
export interface PartnershipBoard extends Versioned {
  readonly id: string;
  readonly title: string;
  readonly territory: Territory;
  readonly partners: readonly Partner[];
  readonly modes: readonly PartnershipMode[];
  readonly phase: PartnershipPhase;
  readonly cycle: number;
  readonly objectives: Readonly<Record<string, readonly ObjectiveFamily[]>>;
  readonly milestones: readonly BoardMilestone[];
  /** Earliest due date among planned (open) milestones; absent when none is open. */
  readonly nextDueDate?: CalendarDate;
  readonly committees: readonly { readonly committeeId: string; readonly heldOn: CalendarDate; readonly attendees: readonly string[]; readonly decisions: readonly string[] }[];
  readonly indicators: readonly { readonly indicatorId: string; readonly name: string; readonly value: number; readonly unit?: string; readonly measuredOn: CalendarDate }[];
  readonly impact: Readonly<Partial<Record<ImpactDimension, { readonly score: number; readonly evidence: string }>>>;
  readonly conclusions: readonly { readonly cycle: number; readonly decision: EvaluationDecision; readonly concludedOn: CalendarDate }[];
  readonly proposedAt: string;
}

/** An entry of the catalyseur directory. */
export interface CatalyseurCard extends Versioned {
  readonly id: string;
  readonly name: string;
  readonly sphere: Sphere;
  readonly territory: string;
  readonly skills: readonly CatalyseurSkill[];
  readonly status: 'member' | 'left';
  readonly joinedAt: string;
  readonly leftAt?: string;
}

/** What the hub and the api need to know of a room to decide access. */
export interface RoomCard extends Versioned {
  readonly id: string;
  readonly kind: RoomKind;
  readonly subject?: string;
  readonly title: string;
  readonly access: RoomAccess;
  readonly members: readonly string[];
  readonly openedBy: string;
  readonly archived: boolean;
}
