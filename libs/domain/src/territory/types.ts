import type { Message } from '../kernel/decider';
import type { CalendarDate, Instant, Sphere, TerritoryScale } from '../kernel/vocabulary';

/** "urbain, rural, zone urbaine sensible, zone transfrontalière", and the métropoles. */
export const TERRITORY_TYPOLOGIES = ['urbain', 'rural', 'zus', 'transfrontalier', 'metropole'] as const;
export type TerritoryTypology = (typeof TERRITORY_TYPOLOGIES)[number];

/**
 * The fragility domains every territory knows (Coordin'Actions' five, and those of
 * the PHARE programme the network uses most). A territory may add its own
 * (`AddFragilityDomain`, a slug such as `handicap`): they count for it alone.
 */
export const FRAGILITY_DOMAINS = ['emploi', 'education_formation', 'logement', 'environnement', 'sante', 'vieillissement', 'numerique', 'mobilite'] as const;
export type FragilityDomain = (typeof FRAGILITY_DOMAINS)[number];

/** How high a fragility ranks among the priorities of a kind of actor. */
export const FRAGILITY_PRIORITIES = ['haute', 'moyenne', 'basse'] as const;
export type FragilityPriority = (typeof FRAGILITY_PRIORITIES)[number];

/** A territory's own domain: a slug of lower-case letters, digits and underscores, starting with a letter. */
export const CUSTOM_FRAGILITY_DOMAIN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
export const CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH = 40;

/** The priority of a fragility domain as one kind of actor (a sphere) sees it. */
export interface FragilityRating {
  /** A standard domain (`FRAGILITY_DOMAINS`) or one the territory added. */
  readonly domain: string;
  readonly sphere: Sphere;
  readonly priority: FragilityPriority;
  readonly notes?: string;
}

/** An organisation acting on the territory. */
export interface TerritoryActor {
  readonly orgId: string;
  readonly name: string;
  readonly sphere: Sphere;
}

export interface TerritoryProfile {
  readonly name: string;
  readonly typology: TerritoryTypology;
  readonly level: TerritoryScale;
  readonly region?: string;
  readonly departement?: string;
}

// ─── Commands (imperative) ──────────────────────────────────────────────────

/** `registeredAt`: an instant, or a date for a territory recorded afterwards; nothing of it is dated before that day. */
export type RegisterTerritory = Message<
  'RegisterTerritory',
  TerritoryProfile & { readonly territoryId: string; readonly registeredAt: CalendarDate | Instant }
>;
export type AddFragilityDomain = Message<'AddFragilityDomain', { readonly domain: string; readonly label: string }>;
/** A whole diagnostic: it replaces the current one (same date or later). */
export type RecordFragilityDiagnostic = Message<
  'RecordFragilityDiagnostic',
  {
    readonly diagnosedOn: CalendarDate;
    /** Where it comes from: "Programme PHARE (Comisis-OpinionWay, 2016)", "questionnaire aux acteurs", … */
    readonly source?: string;
    readonly ratings: readonly FragilityRating[];
  }
>;
export type RegisterTerritoryActor = Message<'RegisterTerritoryActor', TerritoryActor>;
export type RemoveTerritoryActor = Message<'RemoveTerritoryActor', { readonly orgId: string; readonly reason?: string }>;

export type TerritoryCommand = RegisterTerritory | AddFragilityDomain | RecordFragilityDiagnostic | RegisterTerritoryActor | RemoveTerritoryActor;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type TerritoryRegistered = Message<
  'TerritoryRegistered',
  TerritoryProfile & { readonly territoryId: string; readonly registeredAt: CalendarDate | Instant }
>;
export type FragilityDomainAdded = Message<'FragilityDomainAdded', { readonly domain: string; readonly label: string }>;
/** The territory's diagnostic as of `diagnosedOn`, whole: projections replace the previous one with it. */
export type FragilityDiagnosticRecorded = Message<
  'FragilityDiagnosticRecorded',
  {
    readonly diagnosedOn: CalendarDate;
    readonly source?: string;
    readonly ratings: readonly FragilityRating[];
  }
>;
export type TerritoryActorRegistered = Message<'TerritoryActorRegistered', TerritoryActor>;
export type TerritoryActorRemoved = Message<'TerritoryActorRemoved', { readonly orgId: string; readonly reason?: string }>;

export type TerritoryEvent = TerritoryRegistered | FragilityDomainAdded | FragilityDiagnosticRecorded | TerritoryActorRegistered | TerritoryActorRemoved;

// ─── State ──────────────────────────────────────────────────────────────────

export interface FragilityDiagnostic {
  readonly diagnosedOn: CalendarDate;
  readonly source?: string;
  readonly ratings: readonly FragilityRating[];
}

export type TerritoryState =
  | { readonly status: 'none' }
  | (TerritoryProfile & {
      readonly status: 'registered';
      readonly territoryId: string;
      /** When it was registered (absent when its event has no real time, written by hand): nothing of it is dated before that day. */
      readonly registeredAt?: CalendarDate | Instant;
      /** The territory's own domains: slug → label. */
      readonly customDomains: Readonly<Record<string, string>>;
      /** The current diagnostic (the latest); earlier ones live in the events only. */
      readonly diagnostic?: FragilityDiagnostic;
      readonly actors: readonly TerritoryActor[];
    });

export const territoryStream = (territoryId: string): string => `territory-${territoryId}`;

/** Every territory event type (the compiler checks the list is complete). */
export const TERRITORY_EVENT_TYPES = Object.keys({
  TerritoryRegistered: true,
  FragilityDomainAdded: true,
  FragilityDiagnosticRecorded: true,
  TerritoryActorRegistered: true,
  TerritoryActorRemoved: true,
} satisfies Record<TerritoryEvent['type'], true>) as readonly TerritoryEvent['type'][];
