/// <reference types="jest" />
import { noSubjectsText, subjectsText, subjectsWord } from './subjects';

describe('what the Réseau page counts', () => {
  it('says a section’s count with its word, singular up to 1', () => {
    expect(subjectsText('partnerships', 1)).toBe('1 partenariat');
    expect(subjectsText('partnerships', 0)).toBe('0 partenariat');
    expect(subjectsText('partnerships', 12)).toBe('12 partenariats');
    expect(subjectsText('introductions', 1)).toBe('1 mise en relation');
    expect(subjectsText('introductions', 3)).toBe('3 mises en relation');
    expect(subjectsText('parcours', 1)).toBe('1 parcours');
    expect(subjectsText('catalyseurs', 350)).toBe('350 catalyseurs');
    expect(subjectsText('autre', 2)).toBe('2 sujets');
  });

  it('gives a key figure’s word alone, plural while the count is unknown', () => {
    expect(subjectsWord('gatherings', 1)).toBe('rencontre');
    expect(subjectsWord('gatherings', 4)).toBe('rencontres');
    expect(subjectsWord('gatherings', undefined)).toBe('rencontres');
  });

  it('counts the accompaniments as accompaniments, not « sujets »', () => {
    expect(subjectsText('accompaniments', 7)).toBe('7 accompagnements');
    expect(subjectsText('accompaniments', 1)).toBe('1 accompagnement');
  });

  it('says once, in a sentence, that a section has nothing to count', () => {
    expect(noSubjectsText('partnerships', true)).toBe('Aucun partenariat dans cette région à cette date.');
    expect(noSubjectsText('gatherings', false)).toBe('Aucune rencontre à cette date.');
    expect(noSubjectsText('introductions', true)).toBe('Aucune mise en relation dans cette région à cette date.');
    expect(noSubjectsText('accompaniments', true)).toBe('Aucun accompagnement dans cette région à cette date.');
  });
});
