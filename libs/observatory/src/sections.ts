import type { Section } from './core/section';
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
