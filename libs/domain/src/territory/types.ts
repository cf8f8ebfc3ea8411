import type { Message } from '../kernel/decider';
import type { RecordedToday } from '../kernel/validation';
import type { CalendarDate, Instant, Sphere, TerritoryScale } from '../kernel/vocabulary';

/** "urbain, rural, zone urbaine sensible, zone transfrontalière", and the métropoles. */
export const TERRITORY_TYPOLOGIES = ['urbain', 'rural', 'zus', 'transfrontalier', 'metropole'] as const;
export type TerritoryTypology = (typeof TERRITORY_TYPOLOGIES)[number];

/**
 * The 16 fragility domains of the PHARE programme ("16 domaines ont été retenus pour identifier les fragilités des
 * territoires autour des enjeux économiques, sociaux, environnementaux et sociétaux"), every territory knows them. The
 * first eight were the standard list before (Coordin'Actions' five, then vieillissement, numérique, mobilité); the other
 * eight are the fragilités the network's documents name (handicap, insertion, précarité, transition énergétique,
 * isolement, autonomie, développement économique, culture). A territory may still add its own (`AddFragilityDomain`,
 * a slug such as `tourisme`): they count for it alone. A territory that had added one of the eight under the same slug
 * keeps its ratings: the domain is now standard.
 */
export const FRAGILITY_DOMAINS = [
  'emploi',
  'education_formation',
  'logement',
  'environnement',
  'sante',
  'vieillissement',
  'numerique',
  'mobilite',
  'handicap',
  'insertion',
  'precarite',
  'transition_energetique',
  'isolement',
  'autonomie',
  'developpement_economique',
  'culture',
] as const;
export type FragilityDomain = (typeof FRAGILITY_DOMAINS)[number];

/** The domains' names in French, where people read them. */
export const FRAGILITY_DOMAIN_LABELS: Readonly<Record<FragilityDomain, string>> = {
  emploi: 'Emploi',
  education_formation: 'Éducation et formation',
  logement: 'Logement',
  environnement: 'Environnement',
  sante: 'Santé',
  vieillissement: 'Vieillissement',
  numerique: 'Numérique',
  mobilite: 'Mobilité',
  handicap: 'Handicap',
  insertion: 'Insertion',
  precarite: 'Précarité',
  transition_energetique: 'Transition énergétique',
  isolement: 'Isolement',
  autonomie: 'Perte d’autonomie',
  developpement_economique: 'Développement économique',
  culture: 'Culture',
};

/** How high a fragility ranks among the priorities of a kind of actor. */
export const FRAGILITY_PRIORITIES = ['haute', 'moyenne', 'basse'] as const;
export type FragilityPriority = (typeof FRAGILITY_PRIORITIES)[number];

/**
 * A territory's own domain: a slug of lower-case letters, digits and underscores, starting with a letter; not
 * `constructor`, the one such name every object has (domains are keys of the read models' objects).
 */
export const CUSTOM_FRAGILITY_DOMAIN = /^(?!constructor$)[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
export const CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH = 40;

/**
 * How much a territory holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): far above what a
 * territory of the network records (a métropole counts a few hundred actors), on commands only.
 */
export const TERRITORY_CUSTOM_DOMAINS_MAX = 50;
/** Actors at a time (one removed makes room). */
export const TERRITORY_ACTORS_MAX = 2000;
export const TERRITORY_ACTIONS_MAX = 1000;
/** Key figures, and fragility indicators, in one record (each record replaces the current one). */
export const TERRITORY_KEY_FIGURES_MAX = 200;
export const TERRITORY_INDICATORS_MAX = 200;

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

/**
 * A key figure of the territory ("les chiffres clés": population, superficie, communes, PIB, entreprises,
 * associations), with its share of France's when known (Centre-Val de Loire: 4 % of the metropolitan population).
 */
export interface KeyFigure {
  /** A slug: `population`, `superficie`, `communes`, … */
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly unit?: string;
  /** Its share of France's, in percent (0 to 100). */
  readonly shareOfFrance?: number;
  /** The year it describes, when it is not the year recorded (PIB 2012). */
  readonly year?: number;
}

/** An indicator of fragility of the territory against the national average, in one domain. */
export interface FragilityIndicator {
  readonly domain: string;
  readonly name: string;
  readonly value: number;
  readonly nationalAverage: number;
  readonly unit?: string;
}

/**
 * What the territory does about its needs (the triptych besoins, acteurs, actions): an action, the domains of
 * fragilité it answers, the actors of the territory that carry it.
 */
export interface TerritoryAction {
  readonly actionId: string;
  readonly title: string;
  readonly domains: readonly string[];
  /** `orgId`s of actors of the territory. */
  readonly actorIds: readonly string[];
  readonly startedOn: CalendarDate;
  readonly description?: string;
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
  TerritoryProfile & { readonly territoryId: string; readonly registeredAt: CalendarDate | Instant; readonly registeredOn?: CalendarDate }
>;
export type AddFragilityDomain = Message<'AddFragilityDomain', { readonly domain: string; readonly label: string }>;
/** A whole diagnostic: it replaces the current one (same date or later), and is not dated after `today` (the day it is recorded, when the edge gives it). */
export type RecordFragilityDiagnostic = Message<
  'RecordFragilityDiagnostic',
  {
    readonly diagnosedOn: CalendarDate;
    /** Where it comes from: "Programme PHARE (Comisis-OpinionWay, 2016)", "questionnaire aux acteurs", … */
    readonly source?: string;
    readonly ratings: readonly FragilityRating[];
  } & RecordedToday
>;
export type RegisterTerritoryActor = Message<'RegisterTerritoryActor', TerritoryActor>;
export type RemoveTerritoryActor = Message<'RemoveTerritoryActor', { readonly orgId: string; readonly reason?: string }>;
/** The whole set of key figures: it replaces the current one (same date or later), and is not dated after `today` (when the edge gives it). */
export type RecordKeyFigures = Message<'RecordKeyFigures', KeyFigures & RecordedToday>;
/** The whole set of indicators against the national average: it replaces the current one (same date or later), and is not dated after `today` (when the edge gives it). */
export type RecordFragilityIndicators = Message<'RecordFragilityIndicators', FragilityIndicators & RecordedToday>;
/** An action under way: it has started (`startedOn`), not after `today` (when the edge gives it). */
export type RecordTerritoryAction = Message<'RecordTerritoryAction', TerritoryAction & RecordedToday>;

export type TerritoryCommand =
  | RegisterTerritory
  | AddFragilityDomain
  | RecordFragilityDiagnostic
  | RegisterTerritoryActor
  | RemoveTerritoryActor
  | RecordKeyFigures
  | RecordFragilityIndicators
  | RecordTerritoryAction;

// ─── Events (past tense) ────────────────────────────────────────────────────

export type TerritoryRegistered = Message<
  'TerritoryRegistered',
  TerritoryProfile & { readonly territoryId: string; readonly registeredAt: CalendarDate | Instant; readonly registeredOn?: CalendarDate }
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
export type KeyFiguresRecorded = Message<'KeyFiguresRecorded', KeyFigures>;
export type FragilityIndicatorsRecorded = Message<'FragilityIndicatorsRecorded', FragilityIndicators>;
export type TerritoryActionRecorded = Message<'TerritoryActionRecorded', TerritoryAction>;

export type TerritoryEvent =
  | TerritoryRegistered
  | FragilityDomainAdded
  | FragilityDiagnosticRecorded
  | TerritoryActorRegistered
  | TerritoryActorRemoved
  | KeyFiguresRecorded
  | FragilityIndicatorsRecorded
  | TerritoryActionRecorded;

// ─── State ──────────────────────────────────────────────────────────────────

export interface KeyFigures {
  readonly recordedOn: CalendarDate;
  /** "Diagnostics sectoriels, Comisis 2016", … */
  readonly source?: string;
  readonly figures: readonly KeyFigure[];
}

export interface FragilityIndicators {
  readonly measuredOn: CalendarDate;
  readonly source?: string;
  readonly indicators: readonly FragilityIndicator[];
}

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
      /** The day it was registered in the network's time zone, when its event says it (`registeredOn`, set by the edge). */
      readonly registeredOn?: CalendarDate;
      /** The territory's own domains: slug → label. */
      readonly customDomains: Readonly<Record<string, string>>;
      /** The current diagnostic (the latest); earlier ones live in the events only. */
      readonly diagnostic?: FragilityDiagnostic;
      readonly actors: readonly TerritoryActor[];
      /** The current key figures, indicators (the latest of each); absent until recorded. */
      readonly keyFigures?: KeyFigures;
      readonly indicators?: FragilityIndicators;
      /** Its actions, in the order recorded (absent from documents kept before actions were recorded). */
      readonly actions?: readonly TerritoryAction[];
    });

export const territoryStream = (territoryId: string): string => `territory-${territoryId}`;

/** Every territory event type (the compiler checks the list is complete). */
export const TERRITORY_EVENT_TYPES = Object.keys({
  TerritoryRegistered: true,
  FragilityDomainAdded: true,
  FragilityDiagnosticRecorded: true,
  TerritoryActorRegistered: true,
  TerritoryActorRemoved: true,
  KeyFiguresRecorded: true,
  FragilityIndicatorsRecorded: true,
  TerritoryActionRecorded: true,
} satisfies Record<TerritoryEvent['type'], true>) as readonly TerritoryEvent['type'][];
