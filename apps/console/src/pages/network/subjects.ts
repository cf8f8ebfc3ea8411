/** What the Réseau page counts, in French words (plural from 2). Pure, for the page and its unit test. */
import { count } from '../../ui/words';

/** What `subjects` counts, per section: the word for one, and for several. */
const SUBJECTS: Record<string, readonly [string, string]> = {
  partnerships: ['partenariat', 'partenariats'],
  catalyseurs: ['catalyseur', 'catalyseurs'],
  gatherings: ['rencontre', 'rencontres'],
  introductions: ['mise en relation', 'mises en relation'],
  experimentations: ['expérimentation', 'expérimentations'],
  parcours: ['parcours', 'parcours'],
  accompaniments: ['accompagnement', 'accompagnements'],
};

/** The feminine words, for « Aucune … ». */
const FEMININE = new Set(['gatherings', 'introductions', 'experimentations']);

/** « 1 partenariat », « 12 partenariats »: a section's count with its word, French plural (from 2). */
export function subjectsText(section: string, n: number): string {
  const [one, many] = (Object.hasOwn(SUBJECTS, section) ? SUBJECTS[section] : undefined) ?? ['sujet', 'sujets'];
  return count(n, one, many);
}

/** The word alone, for a count shown apart (a key figure's box): singular for 0 and 1 as `count` says it, plural while unknown. */
export function subjectsWord(section: string, n: number | undefined): string {
  const [one, many] = (Object.hasOwn(SUBJECTS, section) ? SUBJECTS[section] : undefined) ?? ['sujet', 'sujets'];
  return n !== undefined && Math.abs(n) < 2 ? one : many;
}

/**
 * What a section with nothing to count says, once, instead of its empty charts and tables: « Aucun partenariat dans
 * cette région à cette date. », « Aucune rencontre à cette date. ».
 */
export function noSubjectsText(section: string, region: boolean): string {
  const [one] = (Object.hasOwn(SUBJECTS, section) ? SUBJECTS[section] : undefined) ?? ['donnée'];
  const none = FEMININE.has(section) || !Object.hasOwn(SUBJECTS, section) ? 'Aucune' : 'Aucun';
  return `${none} ${one}${region ? ' dans cette région' : ''} à cette date.`;
}
