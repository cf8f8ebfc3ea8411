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

/** Scores of an impact assessment: 1 (weak) to 5 (strong). */
export const IMPACT_SCORE_MIN = 1;
export const IMPACT_SCORE_MAX = 5;

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;
/** An instant, ISO-8601 with time zone. */
export type Instant = string;
