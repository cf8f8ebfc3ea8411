import type { Message } from '../kernel/decider';
import type { RecordedToday } from '../kernel/validation';
import type { CalendarDate, Instant, ObjectiveFamily, Sphere } from '../kernel/vocabulary';

/**
 * The size band of an organisation by its headcount, with the thresholds of the
 * INSEE categories of entreprises (décret n° 2008-1354) applied to every kind of
 * organisation, so that an association, a collectivité or a fondation is placed
 * on the same scale as an entreprise: `tpe` fewer than 10 people, `pme` 10 to
 * 249, `eti` 250 to 4 999, `grande` 5 000 or more; `inconnue` when nobody knows.
 */
export const ORGANISATION_SIZES = ['tpe', 'pme', 'eti', 'grande', 'inconnue'] as const;
export type OrganisationSize = (typeof ORGANISATION_SIZES)[number];

/**
 * How far an organisation has gone in its alliance strategy: it discovers
 * partnerships (`decouverte`), is engaged in a first one (`engagee`), has
 * several behind it (`experimentee`), or makes alliances part of its strategy
 * (`strategique`).
 */
export const ALLIANCE_MATURITIES = ['decouverte', 'engagee', 'experimentee', 'strategique'] as const;
export type AllianceMaturity = (typeof ALLIANCE_MATURITIES)[number];

/** What an organisation is: its kind is a sphere of the network (`SPHERES`). */
export interface OrganisationProfile {
  readonly name: string;
  readonly kind: Sphere;
  readonly size: OrganisationSize;
  /** The territory it acts on (a territory id; not checked against the territories). */
  readonly territoryId: string;
  /** Its SIREN (9 digits, with its check digit) or its RNA number (W and 9 digits): `registry-number.ts`. */
  readonly registryNumber?: string;
}

/** The organisation's alliance strategy: how mature, and the families of objectives it pursues through alliances. */
export interface AllianceStrategy {
  readonly maturity: AllianceMaturity;
  /** At least one, each once (`OBJECTIVE_FAMILIES`, the partnerships' own). */
  readonly objectiveFamilies: readonly ObjectiveFamily[];
  readonly recordedOn: CalendarDate;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

/** `registeredAt`: an instant, or a date for an organisation recorded afterwards; its strategy is not dated before that day. */
export type RegisterOrganisation = Message<
  'RegisterOrganisation',
  OrganisationProfile & { readonly organisationId: string; readonly registeredAt: CalendarDate | Instant; readonly registeredOn?: CalendarDate }
>;
/** Changes the fields given (at least one); renaming is changing `name`. A registry number is corrected, never removed. */
export type UpdateOrganisationProfile = Message<'UpdateOrganisationProfile', Partial<OrganisationProfile>>;
/** The whole strategy: it replaces the current one (same date or later), and is not dated after `today` (the day it is recorded, when the edge gives it). */
export type RecordAllianceStrategy = Message<'RecordAllianceStrategy', AllianceStrategy & RecordedToday>;

export type OrganisationCommand = RegisterOrganisation | UpdateOrganisationProfile | RecordAllianceStrategy;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type OrganisationRegistered = Message<
  'OrganisationRegistered',
  OrganisationProfile & { readonly organisationId: string; readonly registeredAt: CalendarDate | Instant; readonly registeredOn?: CalendarDate }
>;
/** Only the fields that changed. */
export type OrganisationProfileUpdated = Message<'OrganisationProfileUpdated', Partial<OrganisationProfile>>;
export type AllianceStrategyRecorded = Message<'AllianceStrategyRecorded', AllianceStrategy>;

export type OrganisationEvent = OrganisationRegistered | OrganisationProfileUpdated | AllianceStrategyRecorded;

// ─── State ──────────────────────────────────────────────────────────────────

export type OrganisationState =
  | { readonly status: 'none' }
  | (OrganisationProfile & {
      readonly status: 'registered';
      readonly organisationId: string;
      /** When it was registered (absent when its event has no real time, written by hand: then not checked). */
      readonly registeredAt?: CalendarDate | Instant;
      /** The day it was registered in the network's time zone, when its event says it (`registeredOn`, set by the edge). */
      readonly registeredOn?: CalendarDate;
      /** The current strategy (the latest); earlier ones live in the events only. */
      readonly strategy?: AllianceStrategy;
    });

export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;

/** Every organisation event type (the compiler checks the list is complete). */
export const ORGANISATION_EVENT_TYPES = Object.keys({
  OrganisationRegistered: true,
  OrganisationProfileUpdated: true,
  AllianceStrategyRecorded: true,
} satisfies Record<OrganisationEvent['type'], true>) as readonly OrganisationEvent['type'][];
