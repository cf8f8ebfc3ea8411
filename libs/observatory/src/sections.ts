import type { Section } from './core/section';
import type { Table } from './core/table';
import { accompanimentsSection } from './accompaniments/accompaniments-section';
import { catalyseursSection } from './catalyseurs/catalyseurs-section';
import { experimentationsSection } from './experimentations/experimentations-section';
import { gatheringsSection } from './gatherings/gatherings-section';
import { introductionsSection } from './introductions/introductions-section';
import { parcoursSection } from './parcours/parcours-section';
import { partnershipsSection } from './partnerships/partnerships-section';

/** Every section of the observatory, in the order the index lists them. Adding one: its folder, and one line here. */
export const OBSERVATORY_SECTIONS: readonly Section[] = [
  partnershipsSection,
  catalyseursSection,
  gatheringsSection,
  accompanimentsSection,
  introductionsSection,
  experimentationsSection,
  parcoursSection,
];

/** Each section's name in a file name, in French (`partnerships` → `partenariats`); a section not listed keeps its own. */
const FILE_WORDS: Readonly<Record<string, string>> = {
  partnerships: 'partenariats',
  catalyseurs: 'catalyseurs',
  gatherings: 'rencontres',
  accompaniments: 'accompagnements',
  introductions: 'mises-en-relation',
  experimentations: 'experimentations',
  parcours: 'parcours',
};

/** Words as a file name: ASCII letters, digits and dashes (`Jalons : à temps` → `jalons-a-temps`). */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The name of a section's CSV download, in French and ASCII, without `.csv`: `observatoire-partenariats-2025-03-01`;
 * of one table, its title's words (before any parenthesis), the section's not repeated:
 * `observatoire-partenariats-par-mode-2025-03-01`.
 */
export function observatoryFileName(section: string, until: string, table?: Pick<Table, 'title'>): string {
  const words = Object.hasOwn(FILE_WORDS, section) ? (FILE_WORDS[section] ?? slug(section)) : slug(section);
  const own = table
    ? slug(table.title.replace(/\s*\(.*$/, ''))
        .slice(0, 80)
        .replace(/-+$/, '')
    : '';
  const named = own === '' ? words : own === words || own.startsWith(`${words}-`) ? own : `${words}-${own}`;
  return `observatoire-${named}-${until}`;
}
