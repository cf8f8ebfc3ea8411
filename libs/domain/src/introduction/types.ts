import type { Message } from '../kernel/decider';
import type { CatalyseurJoinedOn, RecordedToday } from '../kernel/validation';
import type { CalendarDate, Sphere } from '../kernel/vocabulary';

/** An organisation a catalyseur puts in touch with others. */
export interface IntroducedOrganisation {
  readonly orgId: string;
  readonly name: string;
  readonly sphere: Sphere;
}

/**
 * Where a mise en relation stands. `introduced → met → partnership_proposed`; from
 * `introduced` or `met` it may end `no_follow_up` ("sans suite"), which is final.
 */
export type IntroductionStatus = 'introduced' | 'met' | 'partnership_proposed' | 'no_follow_up';

/**
 * How much an introduction holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md), on commands only:
 * the organisations it puts in touch (a speed dating's table is a handful), the partnerships it led to.
 */
export const INTRODUCTION_ORGANISATIONS_MAX = 20;
export const INTRODUCTION_PARTNERSHIPS_MAX = 20;

// ─── Commands (imperative) ──────────────────────────────────────────────────

export type IntroduceOrganisations = Message<
  'IntroduceOrganisations',
  {
    readonly introductionId: string;
    /** The catalyseur who makes the introduction. */
    readonly catalyseurId: string;
    readonly territoryId: string;
    /** Two or more, from at least two spheres. */
    readonly organisations: readonly IntroducedOrganisation[];
    /** Why they should meet. */
    readonly purpose: string;
    readonly introducedOn: CalendarDate;
    /** The gathering it was made at (a speed dating, a rencontre), if any. */
    readonly gatheringId?: string;
    /** The accompaniment it comes from (an organisation prepared by a catalyseur), if any; not checked against the accompaniments. */
    readonly accompanimentId?: string;
    /**
     * The date of the gathering it names, set by the edge from the gathering's stream (a decider sees no other
     * aggregate): an introduction made at a gathering is not dated before it. Absent, not compared.
     */
    readonly gatheringDate?: CalendarDate;
  } & RecordedToday &
    CatalyseurJoinedOn
>;
/** Each dated fact of an introduction is not dated after `today` (the day it is recorded, when the edge gives it). */
export type RecordIntroductionMeeting = Message<'RecordIntroductionMeeting', { readonly metOn: CalendarDate; readonly notes?: string } & RecordedToday>;
/** A partnership (its aggregate's id) proposed after the meeting; several may follow one introduction. */
export type RecordIntroductionPartnership = Message<
  'RecordIntroductionPartnership',
  {
    readonly partnershipId: string;
    readonly proposedOn: CalendarDate;
  } & RecordedToday
>;
export type CloseIntroductionWithoutFollowUp = Message<
  'CloseIntroductionWithoutFollowUp',
  { readonly reason: string; readonly closedOn: CalendarDate } & RecordedToday
>;

export type IntroductionCommand = IntroduceOrganisations | RecordIntroductionMeeting | RecordIntroductionPartnership | CloseIntroductionWithoutFollowUp;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type OrganisationsIntroduced = Message<
  'OrganisationsIntroduced',
  {
    readonly introductionId: string;
    readonly catalyseurId: string;
    readonly territoryId: string;
    readonly organisations: readonly IntroducedOrganisation[];
    readonly purpose: string;
    readonly introducedOn: CalendarDate;
    readonly gatheringId?: string;
    /** Optional: introductions recorded before accompaniments existed have none (no new version, docs/adr/0024). */
    readonly accompanimentId?: string;
  }
>;
export type IntroducedOrganisationsMet = Message<'IntroducedOrganisationsMet', { readonly metOn: CalendarDate; readonly notes?: string }>;
export type IntroductionLedToPartnership = Message<
  'IntroductionLedToPartnership',
  {
    readonly partnershipId: string;
    readonly proposedOn: CalendarDate;
  }
>;
export type IntroductionClosedWithoutFollowUp = Message<'IntroductionClosedWithoutFollowUp', { readonly reason: string; readonly closedOn: CalendarDate }>;

export type IntroductionEvent = OrganisationsIntroduced | IntroducedOrganisationsMet | IntroductionLedToPartnership | IntroductionClosedWithoutFollowUp;

// ─── State ──────────────────────────────────────────────────────────────────

export type IntroductionState =
  | { readonly status: 'none' }
  | {
      readonly status: IntroductionStatus;
      readonly introductionId: string;
      readonly catalyseurId: string;
      readonly territoryId: string;
      readonly organisations: readonly IntroducedOrganisation[];
      readonly purpose: string;
      readonly introducedOn: CalendarDate;
      readonly gatheringId?: string;
      readonly accompanimentId?: string;
      readonly metOn?: CalendarDate;
      /** Partnerships proposed after it, in order. */
      readonly partnershipIds: readonly string[];
    };

export const introductionStream = (introductionId: string): string => `introduction-${introductionId}`;

/** Every introduction event type (the compiler checks the list is complete). */
export const INTRODUCTION_EVENT_TYPES = Object.keys({
  OrganisationsIntroduced: true,
  IntroducedOrganisationsMet: true,
  IntroductionLedToPartnership: true,
  IntroductionClosedWithoutFollowUp: true,
} satisfies Record<IntroductionEvent['type'], true>) as readonly IntroductionEvent['type'][];
