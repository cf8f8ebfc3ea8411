import type { Message } from '../kernel/decider';
import type { RecordedToday } from '../kernel/validation';
import type { CalendarDate, Sphere, TerritoryScale } from '../kernel/vocabulary';

/**
 * A collective experimentation ("expérimentation collective", as "Agir ensemble à
 * Charenton-Saint-Maurice" or Silver Geek): organisations of different spheres
 * start from the shared needs of a territory, co-construct a plan d'action in
 * working groups, carry its actions out, evaluate the results and decide whether
 * to spread them (essaimage).
 */

// ─── Vocabulary (the words of the field) ────────────────────────────────────

/**
 * The stages of an experimentation, in order. The documents give Charenton's four: the invitation au dialogue
 * (`emergence_besoins`), the `co_construction`, the `restitution` des travaux and the `mise_en_oeuvre` des actions
 * with the follow-up of the working groups; the method ends with the `evaluation_resultats`. The restitution and the
 * mise en œuvre are recorded where there was one: an experimentation may pass over them (`OPTIONAL_STAGES`).
 */
export const EXPERIMENTATION_STAGES = ['emergence_besoins', 'co_construction', 'restitution', 'mise_en_oeuvre', 'evaluation_resultats'] as const;
export type ExperimentationStage = (typeof EXPERIMENTATION_STAGES)[number];
/** The stages an experimentation may pass over (Silver Geek had no restitution; experimentations recorded before had neither). */
export const OPTIONAL_STAGES = ['restitution', 'mise_en_oeuvre'] as const satisfies readonly ExperimentationStage[];

/**
 * The three categories of territorial experimentation the research note distinguishes: impulsions d'acteurs
 * territoriaux (the FLDA), expérimentations collectives (Charenton-Saint-Maurice), co-innovations territoriales
 * (Silver Geek). Optional: experimentations launched before carry none.
 */
export const EXPERIMENTATION_CATEGORIES = ['impulsion_acteurs', 'experimentation_collective', 'co_innovation'] as const;
export type ExperimentationCategory = (typeof EXPERIMENTATION_CATEGORIES)[number];

/** The three meetings of a working group, each held once, in this order ("3 réunions par groupe"). */
export const GROUP_MEETING_STEPS = ['etat_des_lieux', 'propositions', 'plan_action'] as const;
export type GroupMeetingStep = (typeof GROUP_MEETING_STEPS)[number];

/** How the results of an action turned out. */
export const ACTION_RESULT_OUTCOMES = ['concluante', 'mitigee', 'non_concluante'] as const;
export type ActionResultOutcome = (typeof ACTION_RESULT_OUTCOMES)[number];

/** Most participants in a working group ("3 groupes de travail de 10 à 15 participants"): enforced. */
export const WORKING_GROUP_MAX_PARTICIPANTS = 15;
/**
 * The size the method recommends at least: NOT enforced (Silver Geek's three
 * groups shared about twenty structures); read models may flag a smaller group.
 */
export const WORKING_GROUP_RECOMMENDED_MIN_PARTICIPANTS = 10;
/** Longest duration of an action, in months. */
export const ACTION_DURATION_MAX_MONTHS = 120;

/**
 * How much an experimentation holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): far above the
 * method's (three working groups, a handful of actions, a follow-up a month), on commands only.
 */
export const EXPERIMENTATION_GROUPS_MAX = 30;
export const EXPERIMENTATION_ACTIONS_MAX = 200;
/** Follow-up meetings of one working group (one a day at most). */
export const FOLLOW_UP_MEETINGS_MAX = 500;
/** Conveners of the experimentation, carriers of one action. */
export const EXPERIMENTATION_ORGANISATIONS_MAX = 50;
export const EXPERIMENTATION_CATALYSEURS_MAX = 20;
/** Briques of one action, indicators of one evaluation of results, territories of an essaimage. */
export const ACTION_COMPONENTS_MAX = 30;
export const RESULT_INDICATORS_MAX = 50;
export const ESSAIMAGE_TERRITORIES_MAX = 200;

// ─── Values ─────────────────────────────────────────────────────────────────

export interface ExperimentationTerritory {
  readonly id: string;
  readonly name: string;
  readonly scale: TerritoryScale;
}

/** An organisation that convenes the experimentation or carries one of its actions. */
export interface ExperimentationOrganisation {
  readonly orgId: string;
  readonly name: string;
  readonly sphere: Sphere;
}

/** The "invitation au dialogue": the dirigeants of the territory gathered to express its needs. */
export interface DialogueInvitation {
  readonly invitedOn: CalendarDate;
  /** How many dirigeants came to the invitation au dialogue (Charenton-Saint-Maurice: 142). */
  readonly dirigeants: number;
  /** Their split by sphere, when known (Charenton: 71 associations, 43 entreprises, 28 collectivités). */
  readonly bySphere?: Readonly<Partial<Record<Sphere, number>>>;
  /** How many said they were ready to take part in a working group (Charenton: about forty). */
  readonly volunteers?: number;
}

/**
 * The "restitution des travaux": the dirigeants gathered to hear the plan d'action (Charenton-Saint-Maurice, 5 June
 * 2013: 118 dirigeants, 40 % associations, 40 % entreprises, 20 % dirigeants from outside the territory). `bySphere`
 * counts the territory's dirigeants by sphere, `fromOutside` those who came from outside it, whatever their sphere:
 * the two add up to at most `dirigeants`.
 */
export interface Restitution {
  readonly heldOn: CalendarDate;
  readonly dirigeants: number;
  readonly bySphere?: Readonly<Partial<Record<Sphere, number>>>;
  readonly fromOutside?: number;
  readonly notes?: string;
}

/** A follow-up meeting of a working group during the mise en œuvre ("suivi des groupes de travail"); as many as needed. */
export interface FollowUpMeeting {
  readonly heldOn: CalendarDate;
  readonly attendees: readonly string[];
  readonly notes?: string;
}

export interface ResultIndicator {
  readonly name: string;
  readonly value: number;
  readonly unit?: string;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

export type LaunchExperimentation = Message<
  'LaunchExperimentation',
  {
    readonly experimentationId: string;
    readonly title: string;
    /** What it is for (the "objet" of its fiche d'identité). Blank is left out. */
    readonly objective?: string;
    readonly territory: ExperimentationTerritory;
    /** The organisations that convene it (a collectivité, La Poste, …): at least one. */
    readonly conveners: readonly ExperimentationOrganisation[];
    /** Ids of the catalyseurs who animate it, if any. */
    readonly catalyseurs?: readonly string[];
    readonly launchedOn: CalendarDate;
    /**
     * The day each catalyseur it names joined the network, by id, in the network's time zone, set by the edge from
     * the catalyseurs' own streams (a decider sees no other aggregate): it is not launched before any of them joined.
     * A catalyseur without a day here (a loading script, a test, one the edge does not know) is not compared.
     */
    readonly catalyseursJoinedOn?: Readonly<Record<string, CalendarDate>>;
    /** Its category, when known. */
    readonly category?: ExperimentationCategory;
  } & RecordedToday
>;
export type InviteDirigeants = Message<'InviteDirigeants', DialogueInvitation & RecordedToday>;
export type AdvanceStage = Message<
  'AdvanceStage',
  {
    /** The next stage: `co_construction`, then `evaluation_resultats`. */
    readonly stage: ExperimentationStage;
    readonly advancedOn: CalendarDate;
  } & RecordedToday
>;
export type FormWorkingGroup = Message<
  'FormWorkingGroup',
  {
    readonly groupId: string;
    /** "Insertion des jeunes", "Handicap", "Précarité", "Bien vieillir", … */
    readonly theme: string;
    readonly formedOn: CalendarDate;
  } & RecordedToday
>;
export type JoinWorkingGroup = Message<
  'JoinWorkingGroup',
  {
    readonly groupId: string;
    /** A participant stands for an organisation: no personal data here. */
    readonly participantId: string;
    /** The organisation the participant comes from. */
    readonly organisation: string;
    readonly sphere: Sphere;
    readonly joinedOn: CalendarDate;
  } & RecordedToday
>;
export type LeaveWorkingGroup = Message<
  'LeaveWorkingGroup',
  {
    readonly groupId: string;
    readonly participantId: string;
    readonly reason?: string;
    readonly leftOn: CalendarDate;
  } & RecordedToday
>;
export type HoldGroupMeeting = Message<
  'HoldGroupMeeting',
  {
    readonly groupId: string;
    readonly step: GroupMeetingStep;
    readonly heldOn: CalendarDate;
    /** participantIds of the group's participants present. */
    readonly attendees: readonly string[];
    readonly notes?: string;
  } & RecordedToday
>;
export type AdoptAction = Message<
  'AdoptAction',
  {
    readonly actionId: string;
    readonly title: string;
    /** The working groups that propose it: one, or several for a transverse action. */
    readonly groupIds: readonly string[];
    /** The organisations that carry it ("porteurs"). */
    readonly carriers: readonly ExperimentationOrganisation[];
    readonly adoptedOn: CalendarDate;
    /** Places where it runs ("lieux d'accueil": Silver Geek, 15). */
    readonly hostPlaces?: number;
    /** Planned duration, in months (Silver Geek, 8). */
    readonly durationMonths?: number;
    /** What it rests on, its "briques" (Silver Geek: prêt de matériel, animation, évaluation). */
    readonly components?: readonly string[];
  } & RecordedToday
>;
/** Once, during the `restitution` stage. */
export type HoldRestitution = Message<'HoldRestitution', Restitution & RecordedToday>;
/** During the `mise_en_oeuvre` stage: a working group's follow-up meeting, of participants of the group. */
export type HoldFollowUpMeeting = Message<'HoldFollowUpMeeting', FollowUpMeeting & { readonly groupId: string } & RecordedToday>;
export type EvaluateResults = Message<
  'EvaluateResults',
  {
    readonly actionId: string;
    readonly outcome: ActionResultOutcome;
    readonly summary: string;
    readonly indicators?: readonly ResultIndicator[];
    readonly evaluatedOn: CalendarDate;
  } & RecordedToday
>;
export type DecideEssaimage = Message<'DecideEssaimage', EssaimageDecision & RecordedToday>;
export type AbandonExperimentation = Message<'AbandonExperimentation', { readonly reason: string; readonly abandonedOn: CalendarDate } & RecordedToday>;

/** To spread the experimentation (to these territories) or not (for this reason). */
export type EssaimageDecision =
  | { readonly essaimer: true; readonly territories: readonly string[]; readonly decidedOn: CalendarDate }
  | { readonly essaimer: false; readonly reason: string; readonly decidedOn: CalendarDate };

export type ExperimentationCommand =
  | LaunchExperimentation
  | InviteDirigeants
  | AdvanceStage
  | FormWorkingGroup
  | JoinWorkingGroup
  | LeaveWorkingGroup
  | HoldGroupMeeting
  | AdoptAction
  | HoldRestitution
  | HoldFollowUpMeeting
  | EvaluateResults
  | DecideEssaimage
  | AbandonExperimentation;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type ExperimentationLaunched = Message<
  'ExperimentationLaunched',
  {
    readonly experimentationId: string;
    readonly title: string;
    readonly objective?: string;
    readonly territory: ExperimentationTerritory;
    readonly conveners: readonly ExperimentationOrganisation[];
    readonly catalyseurs: readonly string[];
    readonly launchedOn: CalendarDate;
    /** Absent from the experimentations launched before categories were recorded. */
    readonly category?: ExperimentationCategory;
  }
>;
export type DirigeantsInvited = Message<'DirigeantsInvited', DialogueInvitation>;
export type StageAdvanced = Message<
  'StageAdvanced',
  {
    readonly stage: ExperimentationStage;
    readonly previousStage: ExperimentationStage;
    readonly advancedOn: CalendarDate;
  }
>;
export type WorkingGroupFormed = Message<'WorkingGroupFormed', { readonly groupId: string; readonly theme: string; readonly formedOn: CalendarDate }>;
export type WorkingGroupJoined = Message<
  'WorkingGroupJoined',
  {
    readonly groupId: string;
    readonly participantId: string;
    readonly organisation: string;
    readonly sphere: Sphere;
    readonly joinedOn: CalendarDate;
  }
>;
export type WorkingGroupLeft = Message<
  'WorkingGroupLeft',
  {
    readonly groupId: string;
    readonly participantId: string;
    readonly reason?: string;
    readonly leftOn: CalendarDate;
  }
>;
export type GroupMeetingHeld = Message<
  'GroupMeetingHeld',
  {
    readonly groupId: string;
    readonly step: GroupMeetingStep;
    readonly heldOn: CalendarDate;
    readonly attendees: readonly string[];
    readonly notes?: string;
  }
>;
export type ActionAdopted = Message<
  'ActionAdopted',
  {
    readonly actionId: string;
    readonly title: string;
    readonly groupIds: readonly string[];
    readonly carriers: readonly ExperimentationOrganisation[];
    readonly adoptedOn: CalendarDate;
    readonly hostPlaces?: number;
    readonly durationMonths?: number;
    readonly components?: readonly string[];
  }
>;
export type RestitutionHeld = Message<'RestitutionHeld', Restitution>;
export type FollowUpMeetingHeld = Message<'FollowUpMeetingHeld', FollowUpMeeting & { readonly groupId: string }>;
/** A later evaluation of the same action replaces the earlier one. */
export type ResultsEvaluated = Message<
  'ResultsEvaluated',
  {
    readonly actionId: string;
    readonly outcome: ActionResultOutcome;
    readonly summary: string;
    readonly indicators: readonly ResultIndicator[];
    readonly evaluatedOn: CalendarDate;
  }
>;
/** Concludes the experimentation: it accepts nothing more. */
export type EssaimageDecided = Message<'EssaimageDecided', EssaimageDecision>;
export type ExperimentationAbandoned = Message<'ExperimentationAbandoned', { readonly reason: string; readonly abandonedOn: CalendarDate }>;

export type ExperimentationEvent =
  | ExperimentationLaunched
  | DirigeantsInvited
  | StageAdvanced
  | WorkingGroupFormed
  | WorkingGroupJoined
  | WorkingGroupLeft
  | GroupMeetingHeld
  | ActionAdopted
  | RestitutionHeld
  | FollowUpMeetingHeld
  | ResultsEvaluated
  | EssaimageDecided
  | ExperimentationAbandoned;

// ─── State ──────────────────────────────────────────────────────────────────

export interface WorkingGroupParticipant {
  readonly participantId: string;
  readonly organisation: string;
  readonly sphere: Sphere;
  readonly joinedOn: CalendarDate;
}

export interface GroupMeeting {
  readonly step: GroupMeetingStep;
  readonly heldOn: CalendarDate;
  readonly attendees: readonly string[];
  readonly notes?: string;
}

export interface WorkingGroup {
  readonly groupId: string;
  readonly theme: string;
  readonly formedOn: CalendarDate;
  /** Current participants (one who left is no longer listed). */
  readonly participants: readonly WorkingGroupParticipant[];
  /** Meetings held, in order. */
  readonly meetings: readonly GroupMeeting[];
  /** Follow-up meetings of the mise en œuvre, in order. */
  readonly followUps: readonly FollowUpMeeting[];
}

export interface ActionResults {
  readonly outcome: ActionResultOutcome;
  readonly summary: string;
  readonly indicators: readonly ResultIndicator[];
  readonly evaluatedOn: CalendarDate;
}

export interface ExperimentationAction {
  readonly actionId: string;
  readonly title: string;
  readonly groupIds: readonly string[];
  readonly carriers: readonly ExperimentationOrganisation[];
  readonly adoptedOn: CalendarDate;
  readonly hostPlaces?: number;
  readonly durationMonths?: number;
  readonly components?: readonly string[];
  readonly results?: ActionResults;
}

export type ExperimentationState =
  | { readonly status: 'none' }
  | {
      /** `running` until the essaimage is decided (`concluded`) or it is `abandoned`. */
      readonly status: 'running' | 'concluded' | 'abandoned';
      readonly experimentationId: string;
      readonly title: string;
      readonly objective?: string;
      readonly territory: ExperimentationTerritory;
      readonly conveners: readonly ExperimentationOrganisation[];
      readonly catalyseurs: readonly string[];
      readonly launchedOn: CalendarDate;
      readonly category?: ExperimentationCategory;
      readonly stage: ExperimentationStage;
      /** When the current stage started (the launch for `emergence_besoins`). */
      readonly stageSince: CalendarDate;
      readonly invitation?: DialogueInvitation;
      readonly restitution?: Restitution;
      readonly groups: readonly WorkingGroup[];
      readonly actions: readonly ExperimentationAction[];
      readonly essaimage?: EssaimageDecision;
      readonly abandonment?: { readonly reason: string; readonly abandonedOn: CalendarDate };
    };

/** An experimentation once launched: running, concluded or abandoned. */
export type LaunchedExperimentation = Extract<ExperimentationState, { status: 'running' | 'concluded' | 'abandoned' }>;

export const experimentationStream = (experimentationId: string): string => `experimentation-${experimentationId}`;

/** Every experimentation event type (the compiler checks the list is complete). */
export const EXPERIMENTATION_EVENT_TYPES = Object.keys({
  ExperimentationLaunched: true,
  DirigeantsInvited: true,
  StageAdvanced: true,
  WorkingGroupFormed: true,
  WorkingGroupJoined: true,
  WorkingGroupLeft: true,
  GroupMeetingHeld: true,
  ActionAdopted: true,
  RestitutionHeld: true,
  FollowUpMeetingHeld: true,
  ResultsEvaluated: true,
  EssaimageDecided: true,
  ExperimentationAbandoned: true,
} satisfies Record<ExperimentationEvent['type'], true>) as readonly ExperimentationEvent['type'][];
