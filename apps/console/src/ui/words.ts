/** The domain's words in French, with no component: for the pages and for the pure modules their unit tests read. */
import type * as Domain from '@catalyse/domain';
import { frenchDateTime, frenchLongDate, networkTimeZone } from './network-time';

/**
 * A French label for every value of one of the domain's lists (`GATHERING_KINDS`…): a value added to the domain
 * without its label here fails the type-check. Older values the read models may still hold are welcome beside them.
 */
export type LabelsOf<List extends readonly string[]> = Readonly<Record<List[number], string>> & Readonly<Record<string, string>>;

/** A known word in French, or the word itself with underscores as spaces. */
export function label(dict: Record<string, string>, key: string | undefined | null): string {
  if (!key) return '—';
  return (Object.hasOwn(dict, key) ? dict[key] : undefined) ?? key.replace(/_/g, ' ');
}

/**
 * Today as a date input writes it (`YYYY-MM-DD`), on the network's calendar (`network-time.ts`), as the api reads its
 * today: the `max` of the date fields of facts and of the as-of picker (the api refuses a later date, 400 VALIDATION).
 */
export { networkToday } from './network-time';

/**
 * `2011-12-31` (or an instant, on the network's calendar) → « 31 décembre 2011 »; the first of a month « 1er octobre
 * 2013 », as French writes it.
 */
export function date(value: string | undefined | null): string {
  if (!value) return '—';
  return frenchLongDate(value);
}

/** What the as-of picker's hint says: the day read, or that the page could not read it (`refused`: its message says why). */
export function asOfHint(day: string, refused = false): string {
  if (!day) return 'Vide : aujourd’hui.';
  return refused ? `Le ${date(day)} n’a pas pu être lu : voyez le message plus bas.` : `Lu au ${date(day)}.`;
}

/**
 * An instant as a day and its time, « 5 décembre 2026 à 00:25 », in the network's time zone (`timeZone` for the
 * tests): two things of the same day told apart.
 */
export function dateTime(value: string | undefined | null, timeZone: string = networkTimeZone()): string {
  if (!value) return '—';
  const d = new Date(value);
  if (value.length === 10 || Number.isNaN(d.getTime())) return date(value);
  return frenchDateTime(d, timeZone);
}

/**
 * Whether a text holds a word longer than `max` letters (a name typed without spaces): only such a text wraps
 * anywhere (`.long-words`), so that a table's other cells keep their words whole.
 */
export function hasLongWord(text: string | undefined, max = 30): boolean {
  return (text ?? '').split(/\s+/).some((word) => [...word].length > max);
}

export const PHASES: LabelsOf<typeof Domain.PARTNERSHIP_PHASES> = {
  cadrage: 'Cadrage',
  pilotage: 'Pilotage',
  evaluation: 'Évaluation',
  clos: 'Clos',
  closed: 'Clos',
};

export const MODES: LabelsOf<typeof Domain.PARTNERSHIP_MODES> = {
  mecenat: 'Mécénat',
  pratiques_responsables: 'Pratiques responsables',
  cooperation_economique: 'Coopération économique',
  innovation_societale: 'Innovation sociétale',
};

export const SPHERES: LabelsOf<typeof Domain.SPHERES> = {
  association: 'Association',
  entreprise: 'Entreprise',
  collectivite: 'Collectivité',
  public: 'Acteur public',
  fondation: 'Fondation',
  universite: 'Université',
  academique: 'Monde académique',
  institution: 'Institution',
  media: 'Média',
};

export const GATHERING_KINDS: LabelsOf<typeof Domain.GATHERING_KINDS> = {
  rencontre_annuelle: 'Rencontre annuelle',
  webinaire: 'Webinaire',
  atelier: 'Atelier',
  conference: 'Conférence',
  speed_dating: 'Speed dating',
};

/** An organisation's size band (INSEE thresholds applied to every kind). */
export const SIZES: LabelsOf<typeof Domain.ORGANISATION_SIZES> = {
  tpe: 'TPE (moins de 10 personnes)',
  pme: 'PME (10 à 249 personnes)',
  eti: 'ETI (250 à 4 999 personnes)',
  grande: 'Grande (5 000 personnes ou plus)',
  inconnue: 'Inconnue',
};

/** How far an organisation has gone in its alliance strategy. */
export const MATURITIES: LabelsOf<typeof Domain.ALLIANCE_MATURITIES> = {
  decouverte: 'Découverte',
  engagee: 'Engagée',
  experimentee: 'Expérimentée',
  strategique: 'Stratégique',
};

export const ACCOMPANIMENT_STATUSES: Record<string, string> = { open: 'En cours', closed: 'Clos' };

export const ACCOMPANIMENT_OUTCOMES: LabelsOf<typeof Domain.ACCOMPANIMENT_OUTCOMES> = {
  ready: 'Prête à s’allier',
  'not-ready': 'Pas encore prête',
  abandoned: 'Interrompu',
};

export const INTRODUCTION_STATUSES: Record<string, string> = {
  introduced: 'Mise en relation',
  met: 'Rencontre faite',
  partnership_proposed: 'Partenariat proposé',
  no_follow_up: 'Sans suite',
};

/** A territory's scale (`TERRITORY_SCALES` of the domain). */
export const TERRITORY_SCALES: LabelsOf<typeof Domain.TERRITORY_SCALES> = {
  local: 'local',
  departemental: 'départemental',
  regional: 'régional',
  national: 'national',
};

/** A territory's typology. */
export const TERRITORY_TYPOLOGIES: LabelsOf<typeof Domain.TERRITORY_TYPOLOGIES> = {
  urbain: 'urbain',
  rural: 'rural',
  zus: 'zone urbaine sensible',
  transfrontalier: 'transfrontalier',
  metropole: 'métropole',
};

/** « 1 caractère », « 0 caractère », « 12 caractères » (French: plural from 2), the number the French way. */
export function count(n: number | string | undefined, word: string, words = `${word}s`): string {
  const value = Number(n ?? 0);
  return `${value.toLocaleString('fr-FR')} ${Math.abs(value) >= 2 ? words : word}`;
}

/** No-break space: French puts one before « : ; ! ? » and inside « ». */
export const NBSP = '\u00a0';

/**
 * « de » before a name, elided before a vowel as French writes it: « de Léa Bernard », « d’Émilie Dupré »,
 * « d’Un Premier », « d’Yves ». A name beginning with « h » keeps « de » (an aspirated h cannot be told from a mute one).
 */
export function ofName(name: string): string {
  const first = name.trim().normalize('NFD').charAt(0).toLowerCase();
  return 'aeiouy'.includes(first) && first !== '' ? `d’${name.trim()}` : `de ${name.trim()}`;
}

/** A text between French quotation marks, with no-break spaces inside: « Première action commune » never leaves its » alone. */
export function quoted(text: string): string {
  return `«${NBSP}${text}${NBSP}»`;
}

/** A number written the French way, wherever a page shows one: « 12,5 », « 1 250 ». */
export function numberText(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('fr-FR', { maximumFractionDigits: 2 }) : String(value ?? '');
}

export const OBJECTIVES: LabelsOf<typeof Domain.OBJECTIVE_FAMILIES> = {
  ressources_humaines: 'Ressources humaines',
  parties_prenantes: 'Parties prenantes',
  economique: 'Économique',
  innovation: 'Innovation',
};

export const DIMENSIONS: LabelsOf<typeof Domain.IMPACT_DIMENSIONS> = {
  innovation_societale: 'Innovation sociétale',
  performance_organisations: 'Performance des organisations',
  confiance: 'Confiance',
};

/** The two sub-dimensions of each impact (seed 001). */
export const SUB_DIMENSIONS: Record<string, string> = {
  growth_and_jobs: 'Croissance économique et emplois',
  fewer_fragilities: 'Réduction des fragilités',
  association_performance: 'Performance des associations',
  company_performance: 'Performance des entreprises',
  collective_trust: 'Confiance collective',
  individual_trust: 'Confiance individuelle',
};

/** A score out of 5 written the French way (a mean may be a half: 4,5/5). */
export const scoreText = (score: unknown): string => (typeof score === 'number' ? `${score.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}/5` : '—');

/** Sub-scores as « Croissance économique et emplois 5/5, Réduction des fragilités 4/5 ». */
export const subScoresText = (scores: unknown): string =>
  typeof scores === 'object' && scores !== null
    ? Object.entries(scores as Record<string, unknown>)
        .map(([k, v]) => `${label(SUB_DIMENSIONS, k)} ${scoreText(v)}`)
        .join(', ')
    : '';
