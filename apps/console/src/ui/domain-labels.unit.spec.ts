/// <reference types="jest" />
import * as Domain from '@catalyse/domain';
import {
  ACCOMPANIMENT_OUTCOMES,
  DIMENSIONS,
  GATHERING_KINDS,
  label,
  MATURITIES,
  MODES,
  OBJECTIVES,
  PHASES,
  SIZES,
  SPHERES,
  TERRITORY_SCALES,
  TERRITORY_TYPOLOGIES,
} from './words';
import { ACTION_OUTCOMES, CATEGORIES, GROUP_STEPS, STAGES } from '../pages/experimentations/fields';

/**
 * Every value of the domain's lists has its French label in the console: a kind added to the domain (a « conférence »
 * beside the ateliers) without one fails here as in the type-check (`LabelsOf`), rather than showing its code, or
 * falling in with another kind.
 */
const LISTS: readonly [name: string, values: readonly string[], labels: Readonly<Record<string, string>>][] = [
  ['gathering kinds', Domain.GATHERING_KINDS, GATHERING_KINDS],
  ['partnership modes', Domain.PARTNERSHIP_MODES, MODES],
  ['partnership phases', Domain.PARTNERSHIP_PHASES, PHASES],
  ['spheres', Domain.SPHERES, SPHERES],
  ['experimentation categories', Domain.EXPERIMENTATION_CATEGORIES, CATEGORIES],
  ['experimentation stages', Domain.EXPERIMENTATION_STAGES, STAGES],
  ['working group meetings', Domain.GROUP_MEETING_STEPS, GROUP_STEPS],
  ['action outcomes', Domain.ACTION_RESULT_OUTCOMES, ACTION_OUTCOMES],
  ['organisation sizes', Domain.ORGANISATION_SIZES, SIZES],
  ['alliance maturities', Domain.ALLIANCE_MATURITIES, MATURITIES],
  ['accompaniment outcomes', Domain.ACCOMPANIMENT_OUTCOMES, ACCOMPANIMENT_OUTCOMES],
  ['territory scales', Domain.TERRITORY_SCALES, TERRITORY_SCALES],
  ['territory typologies', Domain.TERRITORY_TYPOLOGIES, TERRITORY_TYPOLOGIES],
  ['objective families', Domain.OBJECTIVE_FAMILIES, OBJECTIVES],
  ['impact dimensions', Domain.IMPACT_DIMENSIONS, DIMENSIONS],
];

describe.each(LISTS)('the %s of the domain, in French', (_name, values, labels) => {
  it('has a label of its own for every value', () => {
    for (const value of values) {
      expect({ value, has: Object.hasOwn(labels, value) }).toEqual({ value, has: true });
      expect(label(labels, value).trim()).not.toBe('');
    }
    // Two values under one label could not be told apart (the conférences shown as ateliers).
    const told = values.map((v) => label(labels, v));
    expect(new Set(told).size).toBe(values.length);
  });
});

describe('the gathering kinds', () => {
  it('are each told by their own French word', () => {
    expect(Domain.GATHERING_KINDS.map((k) => label(GATHERING_KINDS, k))).toEqual(['Rencontre annuelle', 'Webinaire', 'Atelier', 'Conférence', 'Speed dating']);
  });
});
