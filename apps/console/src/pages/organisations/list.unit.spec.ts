/// <reference types="jest" />
import { organisationsPage, organisationsStatus } from './list';

const org = (name: string) => ({ organisationId: name.toLowerCase().replace(/\W+/g, '-'), name });

describe('the organisations’ list', () => {
  const all = [
    org('Association alsacienne n° 100'),
    org('Association alsacienne n° 2'),
    org('Élan solidaire'),
    org('Adidas France'),
    org('Association alsacienne n° 10'),
    org('entreprise d’insertion'),
  ];

  it('is in French order: numbers by value, accents and case aside', () => {
    expect(organisationsPage(all, '', 0, 25).items.map((o) => o.name)).toEqual([
      'Adidas France',
      'Association alsacienne n° 2',
      'Association alsacienne n° 10',
      'Association alsacienne n° 100',
      'Élan solidaire',
      'entreprise d’insertion',
    ]);
  });

  it('is filtered by name, accents, case and spaces aside', () => {
    expect(organisationsPage(all, 'elan', 0, 25).items.map((o) => o.name)).toEqual(['Élan solidaire']);
    expect(organisationsPage(all, '  ALSACIENNE  n° 10', 0, 25).items.map((o) => o.name)).toEqual([
      'Association alsacienne n° 10',
      'Association alsacienne n° 100',
    ]);
    expect(organisationsStatus(organisationsPage(all, 'zzz', 0, 25), 'zzz')).toBe('Aucune organisation ne porte ce nom avec ces filtres.');
  });

  it('shows a page at a time, and the first again when a filter leaves fewer', () => {
    const second = organisationsPage(all, '', 2, 2);
    expect(second.items.map((o) => o.name)).toEqual(['Association alsacienne n° 10', 'Association alsacienne n° 100']);
    expect(organisationsStatus(second, '')).toBe('6 organisations · 3 à 4');
    const narrowed = organisationsPage(all, 'adidas', 4, 2);
    expect(narrowed).toEqual({ items: [all[3]], total: 1, offset: 0 });
    expect(organisationsStatus(narrowed, 'adidas')).toBe('1 organisation · 1 à 1');
  });
});
