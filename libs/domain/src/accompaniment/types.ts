import type { Message } from '../kernel/decider';
import type { CatalyseurJoinedOn, RecordedToday } from '../kernel/validation';
import type { CalendarDate, ObjectiveFamily } from '../kernel/vocabulary';
import type { AllianceMaturity } from '../organisation/types';

/**
 * How an accompaniment ends: the organisation is ready to enter partnerships
 * (`ready`), is not yet (`not-ready`), or the accompaniment stopped before its
 * end (`abandoned`).
 */
export const ACCOMPANIMENT_OUTCOMES = ['ready', 'not-ready', 'abandoned'] as const;
export type AccompanimentOutcome = (typeof ACCOMPANIMENT_OUTCOMES)[number];

/** Most topics a session lists, and the longest a topic may be. */
export const SESSION_TOPICS_MAX = 12;
export const SESSION_TOPIC_MAX_LENGTH = 120;
/**
 * How much an accompaniment holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md), far above years of
 * a session a week, on commands only: sessions, and maturities recorded on distinct days (the same day corrects).
 */
export const ACCOMPANIMENT_SESSIONS_MAX = 500;
export const MATURITY_RECORDS_MAX = 200;

/** A working session of a catalyseur with the organisation it accompanies. */
export interface AccompanimentSession {
  readonly heldOn: CalendarDate;
  /** What was worked on, each once (short labels). */
  readonly topics: readonly string[];
  /** What came of it, as the person who recorded the session wrote it (personal data of `recordedBy`). */
  readonly summary: string;
  /** Who recorded the session and wrote its summary (a catalyseur's or an operator's id). */
  readonly recordedBy: string;
}

/**
 * The organisation's maturity and alliance strategy as the accompaniment sees
 * it, in the words of the organisation's own strategy (`ALLIANCE_MATURITIES`,
 * `OBJECTIVE_FAMILIES`). It does not change the organisation's strategy.
 */
export interface MaturityAssessment {
  readonly maturity: AllianceMaturity;
  /** At least one, each once. */
  readonly objectiveFamilies: readonly ObjectiveFamily[];
  readonly recordedOn: CalendarDate;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

export type OpenAccompaniment = Message<
  'OpenAccompaniment',
  {
    readonly accompanimentId: string;
    /** The organisation accompanied (an organisation's id: the partners' `orgId`; not checked against the organisations). */
    readonly organisationId: string;
    /** The catalyseur who accompanies it. */
    readonly catalyseurId: string;
    /** What the accompaniment aims at. */
    readonly purpose: string;
    readonly openedOn: CalendarDate;
  } & RecordedToday &
    CatalyseurJoinedOn
>;
/** A session held with the organisation (not before the opening, not after `today` when the edge gives it, while the accompaniment is open). */
export type HoldAccompanimentSession = Message<'HoldAccompanimentSession', AccompanimentSession & RecordedToday>;
/** The maturity as seen on a date: it replaces the current assessment (the same date corrects it; an earlier one is refused), not dated after `today` (when the edge gives it). */
export type RecordOrganisationMaturity = Message<'RecordOrganisationMaturity', MaturityAssessment & RecordedToday>;
/** Not dated after `today` (the day it is recorded, when the edge gives it). */
export type CloseAccompaniment = Message<
  'CloseAccompaniment',
  { readonly closedOn: CalendarDate; readonly outcome: AccompanimentOutcome; readonly reason: string } & RecordedToday
>;

export type AccompanimentCommand = OpenAccompaniment | HoldAccompanimentSession | RecordOrganisationMaturity | CloseAccompaniment;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type AccompanimentOpened = Message<
  'AccompanimentOpened',
  {
    readonly accompanimentId: string;
    readonly organisationId: string;
    readonly catalyseurId: string;
    readonly purpose: string;
    readonly openedOn: CalendarDate;
  }
>;
export type AccompanimentSessionHeld = Message<'AccompanimentSessionHeld', AccompanimentSession>;
export type OrganisationMaturityRecorded = Message<'OrganisationMaturityRecorded', MaturityAssessment>;
/** Carries the accompaniment's ids, so that a reader of this event alone knows whose accompaniment ended. */
export type AccompanimentClosed = Message<
  'AccompanimentClosed',
  {
    readonly accompanimentId: string;
    readonly organisationId: string;
    readonly catalyseurId: string;
    readonly closedOn: CalendarDate;
    readonly outcome: AccompanimentOutcome;
    readonly reason: string;
  }
>;

export type AccompanimentEvent = AccompanimentOpened | AccompanimentSessionHeld | OrganisationMaturityRecorded | AccompanimentClosed;

// ─── State ──────────────────────────────────────────────────────────────────

export type AccompanimentStatus = 'open' | 'closed';

export type AccompanimentState =
  | { readonly status: 'none' }
  | {
      readonly status: AccompanimentStatus;
      readonly accompanimentId: string;
      readonly organisationId: string;
      readonly catalyseurId: string;
      readonly purpose: string;
      readonly openedOn: CalendarDate;
      /** In the order they were recorded. */
      readonly sessions: readonly AccompanimentSession[];
      /** The latest day a session was held on (sessions may be recorded out of order). */
      readonly lastSessionOn?: CalendarDate;
      /** The current assessment (the latest); earlier ones in `maturityHistory`. */
      readonly maturity?: MaturityAssessment;
      /** Every assessment kept, oldest first (a correction of the same date replaces its day's). */
      readonly maturityHistory: readonly MaturityAssessment[];
      readonly closedOn?: CalendarDate;
      readonly outcome?: AccompanimentOutcome;
      readonly closingReason?: string;
    };

export const accompanimentStream = (accompanimentId: string): string => `accompaniment-${accompanimentId}`;

/** Every accompaniment event type (the compiler checks the list is complete). */
export const ACCOMPANIMENT_EVENT_TYPES = Object.keys({
  AccompanimentOpened: true,
  AccompanimentSessionHeld: true,
  OrganisationMaturityRecorded: true,
  AccompanimentClosed: true,
} satisfies Record<AccompanimentEvent['type'], true>) as readonly AccompanimentEvent['type'][];
