import { calendarDateOf, type GatheringKind, isCalendarDate } from '@catalyse/domain';

/**
 * The French of the reports: dates as people write them ("10 décembre 2012",
 * "1er mars 2013") and the network's words as they read them ("évaluation",
 * "collectivité", "à la hausse"). Pure: the time zone is given.
 */

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;

/** `2012-12-10` → `10 décembre 2012`; an instant → its day in `timeZone`; anything else as it is. */
export function frenchDate(value: string | undefined, timeZone = 'Europe/Paris'): string {
  if (value === undefined || value === '') return '';
  const date = isCalendarDate(value) ? value : Number.isNaN(Date.parse(value)) ? undefined : calendarDateOf(new Date(value), timeZone);
  if (date === undefined) return value;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day === 1 ? '1er' : String(day)} ${MONTHS[month - 1] ?? ''} ${year}`;
}

/** An instant as `14 décembre 2012 à 09:30` in `timeZone`. */
export function frenchDateTime(instant: string, timeZone = 'Europe/Paris'): string {
  if (Number.isNaN(Date.parse(instant))) return instant;
  const time = new Intl.DateTimeFormat('fr-FR', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
  return `${frenchDate(instant, timeZone)} à ${time}`;
}

/** Made once: a formatter made for each number made a batch index's HTML of 12,000 lines take 1.6 s (0.1 s with this one). */
const FRENCH_NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** A number as French writes it: `1 200`, `3,5`. */
export function frenchNumber(value: number): string {
  return FRENCH_NUMBER.format(value).replace(/\u202f|\u00a0/g, ' ');
}

/** `12 %`. */
export function frenchPercent(value: number): string {
  return `${frenchNumber(value)} %`;
}

/** `1 jalon`, `3 jalons`. */
export function plural(count: number, one: string, many: string): string {
  return `${frenchNumber(count)} ${count === 1 || count === 0 ? one : many}`;
}

type Words = Readonly<Record<string, string>>;

export const PHASES: Words = { cadrage: 'cadrage', pilotage: 'pilotage', evaluation: 'évaluation', closed: 'clos' };
/** An evaluation's decision as a noun, as the console says it (« renouvellement », not the verb of the form). */
export const DECISIONS: Words = { renouveler: 'renouvellement', essaimer: 'essaimage', clore: 'clôture' };
/** What a conclusion made of the partnership. */
export const OUTCOMES: Words = { renouveler: 'renouvelé', essaimer: 'essaimé', clore: 'clos' };
export const MODES: Words = {
  mecenat: 'mécénat',
  pratiques_responsables: 'pratiques responsables',
  cooperation_economique: 'coopération économique',
  innovation_societale: 'innovation sociétale',
};
export const SPHERES: Words = {
  association: 'association',
  entreprise: 'entreprise',
  collectivite: 'collectivité',
  academique: 'monde académique',
  fondation: 'fondation',
  institution: 'institution',
  media: 'média',
};
export const OBJECTIVES: Words = {
  ressources_humaines: 'ressources humaines',
  parties_prenantes: 'parties prenantes',
  economique: 'économique',
  innovation: 'innovation',
};
/** An impact dimension as it heads a row, capitalised as the observatory and the console write it; its sub-dimensions follow it as « dont … ». */
export const DIMENSIONS: Words = {
  innovation_societale: 'Innovation sociétale',
  performance_organisations: 'Performance des organisations',
  confiance: 'Confiance',
};
export const SUB_DIMENSIONS: Words = {
  growth_and_jobs: 'croissance économique et emplois',
  fewer_fragilities: 'réduction des fragilités',
  association_performance: 'performance des associations',
  company_performance: 'performance des entreprises',
  collective_trust: 'confiance collective',
  individual_trust: 'confiance individuelle',
};
/** A target's direction in the console's words (the steering form's « Sens de la cible »). */
export const DIRECTIONS: Words = { increase: 'à atteindre ou dépasser', decrease: 'à ne pas dépasser' };
export const SCALES: Words = { local: 'local', departemental: 'départemental', regional: 'régional', national: 'national' };
export const MILESTONE_STATUSES: Words = { planned: 'prévu', reached: 'atteint', dropped: 'abandonné' };
export const STAGES: Words = {
  emergence_besoins: 'émergence des besoins',
  co_construction: 'co-construction',
  restitution: 'restitution des travaux',
  mise_en_oeuvre: 'mise en œuvre des actions',
  evaluation_resultats: 'évaluation des résultats',
};
export const EXPERIMENTATION_STATUSES: Words = { running: 'en cours', concluded: 'conclue', abandoned: 'abandonnée' };
export const MEETING_STEPS: Words = { etat_des_lieux: 'état des lieux', propositions: 'propositions', plan_action: 'plan d’action' };
export const ACTION_OUTCOMES: Words = { concluante: 'concluante', mitigee: 'mitigée', non_concluante: 'non concluante' };
/** Every kind of the domain has its word (the compiler checks): a kind without one would read as its code. */
export const GATHERING_KINDS: Words = {
  rencontre_annuelle: 'rencontre annuelle',
  webinaire: 'webinaire',
  atelier: 'atelier',
  conference: 'conférence',
  speed_dating: 'speed dating',
} satisfies Readonly<Record<GatheringKind, string>>;
/** A gathering's state: « rencontre » is feminine (« tenue », not « tenu »). */
export const GATHERING_STATUSES: Words = { scheduled: 'prévue', held: 'tenue', cancelled: 'annulée' };
export const TYPOLOGIES: Words = { urbain: 'urbain', rural: 'rural', zus: 'zone urbaine sensible', transfrontalier: 'transfrontalier', metropole: 'métropole' };
export const PRIORITIES: Words = { haute: 'haute', moyenne: 'moyenne', basse: 'basse' };
export const FRAGILITY_DOMAINS: Words = {
  emploi: 'emploi',
  education_formation: 'éducation et formation',
  logement: 'logement',
  environnement: 'environnement',
  sante: 'santé',
  vieillissement: 'vieillissement',
  numerique: 'numérique',
  mobilite: 'mobilité',
};
export const SKILLS: Words = {
  dialogue_territorial: 'dialogue territorial',
  mise_en_relation: 'mise en relation',
  experimentations_collectives: 'expérimentations collectives',
  accompagnement_partenariat: 'accompagnement de partenariats',
};
/** The steps of the parcours d'expérience's method (the observatory's « Les solutions »…, in a sentence's case). */
export const PARCOURS_STEPS: Words = {
  solutions: 'les solutions',
  chaine_de_valeur: 'la chaîne de valeur',
  modele_economique: 'le modèle économique',
  dispositif: 'le dispositif',
};
/** A parcours's state: « parcours » is masculine. */
export const PARCOURS_STATUSES: Words = { open: 'inscriptions ouvertes', started: 'en cours', completed: 'terminé' };
export const INTRODUCTION_STATUSES: Words = {
  introduced: 'mise en relation',
  met: 'rencontre',
  partnership_proposed: 'partenariat proposé',
  no_follow_up: 'sans suite',
};

/** A word of the network in French; an unknown word (a territory's own domain, say) as it is. */
export function say(words: Words, word: string | undefined): string {
  if (word === undefined) return '';
  return Object.hasOwn(words, word) ? (words[word] ?? word) : word;
}

/** Several words in French, joined: `mécénat, innovation sociétale`. */
export function sayAll(words: Words, list: readonly string[] | undefined): string {
  return (list ?? []).map((word) => say(words, word)).join(', ');
}

/** `oui` / `non`, or nothing. */
export function yesNo(value: boolean | undefined): string {
  return value === undefined ? '' : value ? 'oui' : 'non';
}
