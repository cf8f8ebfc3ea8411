/// <reference types="jest" />
import {
  byDate,
  actorNames,
  directionText,
  figureLabelText,
  figureShareText,
  figureValueText,
  frenchNumber,
  gapText,
  measureText,
  needLabels,
  provenanceText,
} from './diagnostic';

/** Intl's group separator in French (a narrow no-break space), and the no-break space before a unit. */
const GROUP = '\u202f';
const NBSP = '\u00a0';

describe('a territory’s diagnostic, in French', () => {
  it('writes the key figures the French way, with their units, years and shares of France', () => {
    // Centre-Val de Loire (the demo's figures).
    const population = { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 };
    expect(figureValueText(population)).toBe(`2${GROUP}500${GROUP}000${NBSP}habitants`);
    expect(figureLabelText(population)).toBe('Population');
    expect(figureShareText(population)).toBe(`4${NBSP}% de la France`);

    const pib = { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 };
    expect(figureValueText(pib)).toBe(`67${NBSP}Md€`);
    expect(figureLabelText(pib)).toBe('PIB régional (2012)');

    const communes = { key: 'communes', label: 'Communes', value: 1840, shareOfFrance: 5 };
    expect(figureValueText(communes)).toBe(`1${GROUP}840`);
    expect(figureShareText({ key: 'departements', label: 'Départements', value: 6 })).toBeUndefined();
    // The cultivated land's value is its share: not said twice.
    expect(
      figureShareText({ key: 'terres_agricoles', label: 'Terrains agricoles cultivés', value: 7, unit: '% de la France', shareOfFrance: 7 }),
    ).toBeUndefined();
    expect(figureShareText({ key: 'x', label: 'X', value: 2.5, unit: '% de la France', shareOfFrance: 3 })).toBe(`3${NBSP}% de la France`);
  });

  it('writes numbers with a decimal comma and a true minus sign', () => {
    expect(frenchNumber(10.8)).toBe('10,8');
    expect(frenchNumber(1.333)).toBe('1,33');
    expect(frenchNumber(-0.6)).toBe('\u22120,6');
    expect(measureText(9.3, '%')).toBe(`9,3${NBSP}%`);
    expect(measureText(12)).toBe('12');
  });

  it('tells the gap to the national average, signed, in percentage points for a rate', () => {
    expect(gapText({ gap: 1.5, unit: '%' })).toBe(`+1,5${NBSP}point`);
    expect(gapText({ gap: -0.6, unit: '%' })).toBe(`\u22120,6${NBSP}point`);
    expect(gapText({ gap: -1.4, unit: '%' })).toBe(`\u22121,4${NBSP}point`);
    expect(gapText({ gap: 2.3, unit: '%' })).toBe(`+2,3${NBSP}points`);
    expect(gapText({ gap: 0, unit: '%' })).toBe(`0${NBSP}point`);
    expect(gapText({ gap: 120, unit: '€' })).toBe(`+120${NBSP}€`);
    expect(gapText({ gap: -3 })).toBe('\u22123');
    expect(gapText({ gap: 0 })).toBe('0');
    expect(directionText('above')).toBe('au-dessus de la moyenne');
    expect(directionText('below')).toBe('en dessous de la moyenne');
    expect(directionText('equal')).toBe('égal à la moyenne');
  });

  it('names the actors and the needs, and keeps an id it cannot name', () => {
    const actors = [
      { orgId: 'flda', name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche' },
      { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche' },
    ];
    expect(actorNames(['cg-ardeche', 'flda', 'parti'], actors)).toEqual([
      'Conseil général de l’Ardèche',
      'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
      'parti',
    ]);
    const domains = [
      { domain: 'vieillissement', label: 'Vieillissement' },
      { domain: 'autonomie', label: 'Perte d’autonomie' },
    ];
    expect(needLabels(['autonomie', 'vieillissement', 'transition_energetique'], domains)).toEqual([
      'Perte d’autonomie',
      'Vieillissement',
      'transition energetique',
    ]);
  });

  it('says when and whence the figures come', () => {
    expect(provenanceText('Relevés', '2016-06-01', 'Diagnostics sectoriels, Comisis 2016')).toBe(
      'Relevés le 1er juin 2016 — source : Diagnostics sectoriels, Comisis 2016',
    );
    expect(provenanceText('Mesurés', '2016-06-01')).toBe('Mesurés le 1er juin 2016');
  });

  it('lists a territory’s gatherings by date, earliest first', () => {
    const gatherings = [
      { gatheringId: 'c', theme: 'Achats responsables', date: '2014-10-09' },
      { gatheringId: 'a', theme: 'Atelier : la stratégie', date: '2013-02-19' },
      { gatheringId: 'd', theme: 'Économie circulaire', date: '2015-10-08' },
      { gatheringId: 'b', theme: 'Speed dating 2013', date: '2013-03-21' },
    ];
    expect(byDate(gatherings).map((g) => g.gatheringId)).toEqual(['a', 'b', 'c', 'd']);
    expect(gatherings[0]?.gatheringId).toBe('c');
  });
});
