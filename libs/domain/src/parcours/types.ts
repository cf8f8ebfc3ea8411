import type { Message } from '../kernel/decider';
import type { RecordedToday } from '../kernel/validation';
import type { CalendarDate } from '../kernel/vocabulary';

/**
 * A parcours d'expérience: a cohort of pilot territories that, over a number of
 * months, try out the method of territorial co-construction together, by
 * co-développement entre pairs (the "Co-construction territoriale" parcours:
 * 12 pilot territories over 9 months, with the CGET).
 */

// ─── Vocabulary (the words of the field) ────────────────────────────────────

/**
 * The steps of the method a pilot territory works through, in order: the four
 * successive questions of a co-construction dynamic (solutions — which actions?,
 * chaîne de valeur — which complementary roles?, modèle économique — how to
 * fund the engineering?, dispositif — which structure, which governance?).
 */
export const PARCOURS_STEPS = ['solutions', 'chaine_de_valeur', 'modele_economique', 'dispositif'] as const;
export type ParcoursStep = (typeof PARCOURS_STEPS)[number];

/** Most pilot territories in a cohort (enforced at enrolment). */
export const PARCOURS_COHORT_MAX = 12;
/** Fewest pilot territories to start: co-développement needs peers. */
export const PARCOURS_MIN_TERRITORIES = 2;
/** Longest parcours, in months. */
export const PARCOURS_DURATION_MAX_MONTHS = 24;
/**
 * How much a parcours holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md), far above a parcours of
 * 24 months (a session a month, a progress record a month per territory), on commands only: pilot territories ever
 * enrolled (withdrawn ones included: their id stays taken), sessions, progress records of one territory.
 */
export const PARCOURS_TERRITORIES_MAX = 50;
export const PARCOURS_SESSIONS_MAX = 100;
export const PILOT_PROGRESS_MAX = 200;

// ─── Commands (imperative) ──────────────────────────────────────────────────

export type OpenParcours = Message<
  'OpenParcours',
  {
    readonly parcoursId: string;
    readonly title: string;
    /** The first month of the parcours, `YYYY-MM`. */
    readonly startMonth: string;
    /** How many months it lasts, the start month included (9: April to December). */
    readonly durationMonths: number;
    readonly openedOn: CalendarDate;
  } & RecordedToday
>;
export type EnrolPilotTerritory = Message<
  'EnrolPilotTerritory',
  {
    readonly territoryId: string;
    readonly name: string;
    readonly enrolledOn: CalendarDate;
  } & RecordedToday
>;
export type WithdrawPilotTerritory = Message<
  'WithdrawPilotTerritory',
  {
    readonly territoryId: string;
    readonly reason: string;
    readonly withdrawnOn: CalendarDate;
  } & RecordedToday
>;
export type StartParcours = Message<'StartParcours', { readonly startedOn: CalendarDate } & RecordedToday>;
export type HoldParcoursSession = Message<
  'HoldParcoursSession',
  {
    /** Sessions are numbered 1, 2, 3, … in the order they are held. */
    readonly sessionNumber: number;
    readonly heldOn: CalendarDate;
    readonly theme: string;
    /** territoryIds of the pilot territories present. */
    readonly territoriesPresent: readonly string[];
  } & RecordedToday
>;
export type RecordPilotProgress = Message<
  'RecordPilotProgress',
  {
    readonly territoryId: string;
    /** The step the territory works on: the current one again, or the next. */
    readonly step: ParcoursStep;
    readonly note: string;
    readonly recordedOn: CalendarDate;
  } & RecordedToday
>;
export type CompleteParcours = Message<
  'CompleteParcours',
  {
    readonly completedOn: CalendarDate;
    /** What the cohort drew from it (the "socle commun"). */
    readonly summary: string;
    /** One per pilot territory still in the parcours. */
    readonly outcomes: readonly PilotOutcome[];
  } & RecordedToday
>;

export interface PilotOutcome {
  readonly territoryId: string;
  readonly outcome: string;
}

export type ParcoursCommand =
  OpenParcours | EnrolPilotTerritory | WithdrawPilotTerritory | StartParcours | HoldParcoursSession | RecordPilotProgress | CompleteParcours;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type ParcoursOpened = Message<
  'ParcoursOpened',
  {
    readonly parcoursId: string;
    readonly title: string;
    readonly startMonth: string;
    readonly durationMonths: number;
    /** The last month of the parcours, `YYYY-MM` (derived: start month + duration − 1). */
    readonly endMonth: string;
    readonly openedOn: CalendarDate;
  }
>;
export type PilotTerritoryEnrolled = Message<
  'PilotTerritoryEnrolled',
  {
    readonly territoryId: string;
    readonly name: string;
    readonly enrolledOn: CalendarDate;
  }
>;
export type PilotTerritoryWithdrawn = Message<
  'PilotTerritoryWithdrawn',
  {
    readonly territoryId: string;
    readonly reason: string;
    readonly withdrawnOn: CalendarDate;
  }
>;
export type ParcoursStarted = Message<
  'ParcoursStarted',
  {
    readonly startedOn: CalendarDate;
    /** The cohort that starts: territoryIds of the pilot territories enrolled and not withdrawn. */
    readonly territoryIds: readonly string[];
  }
>;
export type ParcoursSessionHeld = Message<
  'ParcoursSessionHeld',
  {
    readonly sessionNumber: number;
    readonly heldOn: CalendarDate;
    readonly theme: string;
    readonly territoriesPresent: readonly string[];
  }
>;
export type PilotProgressRecorded = Message<
  'PilotProgressRecorded',
  {
    readonly territoryId: string;
    readonly step: ParcoursStep;
    readonly note: string;
    readonly recordedOn: CalendarDate;
  }
>;
/** The parcours accepts nothing more. */
export type ParcoursCompleted = Message<
  'ParcoursCompleted',
  {
    readonly completedOn: CalendarDate;
    readonly summary: string;
    readonly outcomes: readonly PilotOutcome[];
  }
>;

export type ParcoursEvent =
  ParcoursOpened | PilotTerritoryEnrolled | PilotTerritoryWithdrawn | ParcoursStarted | ParcoursSessionHeld | PilotProgressRecorded | ParcoursCompleted;

// ─── State ──────────────────────────────────────────────────────────────────

export interface PilotProgress {
  readonly step: ParcoursStep;
  readonly note: string;
  readonly recordedOn: CalendarDate;
}

export interface PilotTerritory {
  readonly territoryId: string;
  readonly name: string;
  readonly enrolledOn: CalendarDate;
  readonly status: 'enrolled' | 'withdrawn';
  readonly withdrawal?: { readonly reason: string; readonly withdrawnOn: CalendarDate };
  /** The step it works on (its latest progress), none before its first record. */
  readonly step?: ParcoursStep;
  readonly progress: readonly PilotProgress[];
  /** Its outcome, once the parcours is completed. */
  readonly outcome?: string;
}

export interface ParcoursSession {
  readonly sessionNumber: number;
  readonly heldOn: CalendarDate;
  readonly theme: string;
  readonly territoriesPresent: readonly string[];
}

export type ParcoursState =
  | { readonly status: 'none' }
  | {
      /** `open` (enrolling), `started`, then `completed`. */
      readonly status: 'open' | 'started' | 'completed';
      readonly parcoursId: string;
      readonly title: string;
      readonly startMonth: string;
      readonly durationMonths: number;
      readonly endMonth: string;
      readonly openedOn: CalendarDate;
      readonly startedOn?: CalendarDate;
      readonly territories: readonly PilotTerritory[];
      readonly sessions: readonly ParcoursSession[];
      readonly completedOn?: CalendarDate;
      readonly summary?: string;
    };

export const parcoursStream = (parcoursId: string): string => `parcours-${parcoursId}`;

/** Every parcours event type (the compiler checks the list is complete). */
export const PARCOURS_EVENT_TYPES = Object.keys({
  ParcoursOpened: true,
  PilotTerritoryEnrolled: true,
  PilotTerritoryWithdrawn: true,
  ParcoursStarted: true,
  ParcoursSessionHeld: true,
  PilotProgressRecorded: true,
  ParcoursCompleted: true,
} satisfies Record<ParcoursEvent['type'], true>) as readonly ParcoursEvent['type'][];
