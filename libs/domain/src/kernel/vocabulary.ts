/** The words of the field, kept as users say them (French domain values, English identifiers). */

export const SPHERES = ['association', 'entreprise', 'collectivite', 'academique', 'fondation', 'institution', 'media'] as const;
export type Sphere = (typeof SPHERES)[number];

export const PARTNERSHIP_MODES = ['mecenat', 'pratiques_responsables', 'cooperation_economique', 'innovation_societale'] as const;
export type PartnershipMode = (typeof PARTNERSHIP_MODES)[number];

export const TERRITORY_SCALES = ['local', 'departemental', 'regional', 'national'] as const;
export type TerritoryScale = (typeof TERRITORY_SCALES)[number];

export const OBJECTIVE_FAMILIES = ['ressources_humaines', 'parties_prenantes', 'economique', 'innovation'] as const;
export type ObjectiveFamily = (typeof OBJECTIVE_FAMILIES)[number];

export const IMPACT_DIMENSIONS = ['innovation_societale', 'performance_organisations', 'confiance'] as const;
export type ImpactDimension = (typeof IMPACT_DIMENSIONS)[number];
export const isImpactDimension = (value: unknown): value is ImpactDimension => (IMPACT_DIMENSIONS as readonly unknown[]).includes(value);

/**
 * The two parts of each impact of a partnership, as the network's research note
 * describes the three impacts of co-construction: the societal innovation the
 * alliance creates (new engines of growth and jobs; fewer economic, social,
 * societal or environmental fragilités), the performance of the organisations
 * that ally (of the associations; of the entreprises), and trust (collective:
 * co-construction between the territory's organisations; individual: citizens'
 * engagement). English identifiers; people read them in French (the
 * observatory's and the reports' labels).
 */
export const IMPACT_SUB_DIMENSIONS = {
  innovation_societale: ['growth_and_jobs', 'fewer_fragilities'],
  performance_organisations: ['association_performance', 'company_performance'],
  confiance: ['collective_trust', 'individual_trust'],
} as const satisfies Readonly<Record<ImpactDimension, readonly [string, string]>>;
/** The sub-dimensions of one dimension (`SubDimensionOf<'confiance'>` is `'collective_trust' | 'individual_trust'`). */
export type SubDimensionOf<D extends ImpactDimension> = (typeof IMPACT_SUB_DIMENSIONS)[D][number];
export type ImpactSubDimension = SubDimensionOf<ImpactDimension>;
/** A score from 1 to 5 for each sub-dimension of one dimension. */
export type SubScores<D extends ImpactDimension> = { readonly [S in SubDimensionOf<D>]: number };

export const EVALUATION_DECISIONS = ['renouveler', 'essaimer', 'clore'] as const;
export type EvaluationDecision = (typeof EVALUATION_DECISIONS)[number];

export const PARTNERSHIP_PHASES = ['cadrage', 'pilotage', 'evaluation', 'closed'] as const;
export type PartnershipPhase = (typeof PARTNERSHIP_PHASES)[number];

export const CATALYSEUR_SKILLS = ['dialogue_territorial', 'mise_en_relation', 'experimentations_collectives', 'accompagnement_partenariat'] as const;
export type CatalyseurSkill = (typeof CATALYSEUR_SKILLS)[number];

export const ROOM_KINDS = ['territory', 'theme', 'partnership', 'experimentation', 'gathering', 'network', 'ops'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

export const ROOM_ACCESS = ['open', 'members'] as const;
export type RoomAccess = (typeof ROOM_ACCESS)[number];

/** Scores of an impact assessment, each sub-dimension's: 1 (weak) to 5 (strong). */
export const IMPACT_SCORE_MIN = 1;
export const IMPACT_SCORE_MAX = 5;

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** An instant, ISO-8601 with time zone. */
export type Instant = string;
