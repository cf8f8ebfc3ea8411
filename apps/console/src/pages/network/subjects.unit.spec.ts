/// <reference types="jest" />
import { subjectsText, subjectsWord } from './subjects';

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
});
