/// <reference types="jest" />
import { CATEGORIES, compositionRows, countShareText, essaimageText, invitationText, restitutionFields } from './fields';

const NBSP = '\u00a0';
const SPHERES: Record<string, string> = { association: 'Association', entreprise: 'Entreprise', collectivite: 'Collectivité' };
const sphere = (s: string): string => SPHERES[s] ?? s;

describe('the fields of an experimentation’s page', () => {
  it('tells the dirigeants invited, and the volunteers only when the read model has them', () => {
    // Silver Geek's invitation has no volunteers: « 20 (undefined volontaires) » before.
    expect(invitationText({ invitedOn: '2014-01-15', dirigeants: 20 })).toBe('20');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 40 })).toBe('142 (40 volontaires)');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 1 })).toBe('142 (1 volontaire)');
    expect(invitationText({ invitedOn: '2012-10-02', dirigeants: 142, volunteers: 0 })).toBe('142 (0 volontaire)');
    expect(invitationText(undefined)).toBe('—');
  });

  it('tells the essaimage, with its territories only when there are some', () => {
    expect(essaimageText(undefined)).toBe('pas encore décidé');
    expect(essaimageText({ essaimer: false, decidedOn: '2015-06-01' })).toBe('non');
    // Not spread, and why, as it was recorded.
    expect(essaimageText({ essaimer: false, reason: 'faute de porteur sur les autres territoires', decidedOn: '2015-06-01' })).toBe(
      'non : faute de porteur sur les autres territoires',
    );
    expect(essaimageText({ essaimer: true, decidedOn: '2015-06-01' })).toBe('oui');
    expect(essaimageText({ essaimer: true, territories: [], decidedOn: '2015-06-01' })).toBe('oui');
    expect(essaimageText({ essaimer: true, territories: ['Gironde', 'Landes'], decidedOn: '2015-06-01' })).toBe('oui : Gironde, Landes');
  });

  it('never shows « undefined » nor « null » for a field the read model leaves out', () => {
    const texts = [
      invitationText({ invitedOn: '2014-01-15', dirigeants: 20 }),
      invitationText(JSON.parse('{"invitedOn":"2014-01-15","dirigeants":20,"volunteers":null}') as never),
      essaimageText({ essaimer: true, decidedOn: '2015-06-01' }),
    ];
    for (const text of texts) expect(text).not.toMatch(/undefined|null/);
  });

  it('tells the restitution once held, and otherwise whether it is to come or was passed over', () => {
    // Charenton-Saint-Maurice, 5 June 2013: 118 dirigeants.
    expect(restitutionFields({ heldOn: '2013-06-05', dirigeants: 118 }, 'mise_en_oeuvre')).toEqual([
      ['Restitution le', '5 juin 2013'],
      ['Dirigeants à la restitution', '118'],
    ]);
    // Silver Geek went to its mise en œuvre without one.
    expect(restitutionFields(undefined, 'mise_en_oeuvre')).toEqual([['Restitution', 'aucune (étape passée)']]);
    expect(restitutionFields(undefined, 'evaluation_resultats')).toEqual([['Restitution', 'aucune (étape passée)']]);
    expect(restitutionFields(undefined, 'co_construction')).toEqual([['Restitution', 'pas encore tenue']]);
    expect(restitutionFields(undefined, 'restitution')).toEqual([['Restitution', 'pas encore tenue']]);
  });

  it('writes a count with its share in whole percents', () => {
    expect(countShareText(47, 118)).toBe(`47 (40${NBSP}%)`);
    expect(countShareText(24, 118)).toBe(`24 (20${NBSP}%)`);
    expect(countShareText(0, 118)).toBe(`0 (0${NBSP}%)`);
    expect(countShareText(undefined, 118)).toBe('—');
    expect(countShareText(3, 0)).toBe('3');
  });

  it('sets the invitation’s and the restitution’s compositions side by side (Charenton-Saint-Maurice)', () => {
    const invitation = { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 };
    const restitution = { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 };
    expect(compositionRows(invitation, restitution, sphere)).toEqual([
      { key: 'association', label: 'Association', invitation: `71 (50${NBSP}%)`, restitution: `47 (40${NBSP}%)` },
      { key: 'entreprise', label: 'Entreprise', invitation: `43 (30${NBSP}%)`, restitution: `47 (40${NBSP}%)` },
      // The restitution's split covers all 118: no collectivité came.
      { key: 'collectivite', label: 'Collectivité', invitation: `28 (20${NBSP}%)`, restitution: `0 (0${NBSP}%)` },
      { key: 'outside', label: 'Venus de l’extérieur du territoire', invitation: '—', restitution: `24 (20${NBSP}%)` },
      { key: 'total', label: 'Total', invitation: '142', restitution: '118', total: true },
    ]);
  });

  it('leaves out the column of a meeting not held, and says what a partial split does not know', () => {
    // Silver Geek: an invitation split by sphere, no restitution.
    const silverGeek = compositionRows(
      { invitedOn: '2013-03-12', dirigeants: 20, bySphere: { association: 11, entreprise: 8, collectivite: 1 } },
      undefined,
      sphere,
    );
    expect(silverGeek.map((r) => [r.label, r.invitation, r.restitution])).toEqual([
      ['Association', `11 (55${NBSP}%)`, undefined],
      ['Entreprise', `8 (40${NBSP}%)`, undefined],
      ['Collectivité', `1 (5${NBSP}%)`, undefined],
      ['Total', '20', undefined],
    ]);
    // A partial split: the others are of no known sphere, and a sphere it leaves out is not known either.
    const partial = compositionRows(
      { invitedOn: '2012-10-02', dirigeants: 100, bySphere: { association: 60 } },
      { heldOn: '2013-06-05', dirigeants: 50, bySphere: { association: 20, entreprise: 20 } },
      sphere,
    );
    expect(partial.map((r) => [r.label, r.invitation, r.restitution])).toEqual([
      ['Association', `60 (60${NBSP}%)`, `20 (40${NBSP}%)`],
      ['Entreprise', '—', `20 (40${NBSP}%)`],
      ['Sphère non précisée', `40 (40${NBSP}%)`, `10 (20${NBSP}%)`],
      ['Total', '100', '50'],
    ]);
    // No split at all: the totals only.
    expect(compositionRows({ invitedOn: '2014-01-15', dirigeants: 20 }, undefined, sphere)).toEqual([
      { key: 'total', label: 'Total', invitation: '20', restitution: undefined, total: true },
    ]);
    expect(compositionRows(undefined, undefined, sphere)).toEqual([
      { key: 'total', label: 'Total', invitation: undefined, restitution: undefined, total: true },
    ]);
  });

  it('names the three categories in French', () => {
    expect(Object.keys(CATEGORIES)).toEqual(['impulsion_acteurs', 'experimentation_collective', 'co_innovation']);
    expect(CATEGORIES['experimentation_collective']).toBe('Expérimentation collective');
  });
});
