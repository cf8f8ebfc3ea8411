import { asOfHint, count, date, dateTime, hasLongWord, label, ofName, quoted } from './words';

describe('the console’s words', () => {
  it('writes dates as French does, the first of a month « 1er »', () => {
    expect(date('2013-10-01')).toBe('1er octobre 2013');
    expect(date('2011-12-31')).toBe('31 décembre 2011');
    expect(date('2015-09-11')).toBe('11 septembre 2015');
    expect(date('2015-09-10')).toBe('10 septembre 2015');
    expect(date(undefined)).toBe('—');
    expect(date('pas une date')).toBe('pas une date');
  });

  it('labels a known word, and any other (a name every object has included) as itself', () => {
    const dict = { association: 'Association' };
    expect(label(dict, 'association')).toBe('Association');
    expect(label(dict, 'mecenat_de_competences')).toBe('mecenat de competences');
    expect(label(dict, 'constructor')).toBe('constructor');
    expect(label(dict, 'toString')).toBe('toString');
  });

  it('tells a text with a word too long to fit a cell (a name typed without spaces)', () => {
    expect(hasLongWord('A'.repeat(200))).toBe(true);
    expect(hasLongWord(`Paul ${'b'.repeat(31)}`)).toBe(true);
    expect(hasLongWord('Paul Martin')).toBe(false);
    expect(hasLongWord('Fédération des Loisirs de Demain')).toBe(false);
    expect(hasLongWord('é'.repeat(30))).toBe(false);
    expect(hasLongWord(undefined)).toBe(false);
  });

  it('writes an instant with its time, in the given time zone, so that two of the same day differ', () => {
    expect(dateTime('2026-12-04T23:25:00Z', 'Europe/Paris')).toBe('5 décembre 2026 à 00:25');
    expect(dateTime('2026-12-05T09:07:00Z', 'Europe/Paris')).toBe('5 décembre 2026 à 10:07');
    expect(dateTime('2013-09-30T22:30:00Z', 'Europe/Paris')).toBe('1er octobre 2013 à 00:30');
    expect(dateTime('2026-12-04T23:25:00Z', 'UTC')).toBe('4 décembre 2026 à 23:25');
    expect(dateTime(undefined)).toBe('—');
    expect(dateTime('2011-12-31')).toBe('31 décembre 2011');
    expect(dateTime('pas une date')).toBe('pas une date');
  });

  it('elides « de » before a name beginning with a vowel, accented or not', () => {
    expect(ofName('Léa Bernard')).toBe('de Léa Bernard');
    expect(ofName('Émilie Dupré')).toBe('d’Émilie Dupré');
    expect(ofName('Un Premier')).toBe('d’Un Premier');
    expect(ofName('association Ôdyssée')).toBe('d’association Ôdyssée');
    expect(ofName('Yves')).toBe('d’Yves');
    expect(ofName('Hélène')).toBe('de Hélène');
    expect(ofName('  Imprimerie Durand ')).toBe('d’Imprimerie Durand');
  });

  it('quotes the French way, with no-break spaces inside the guillemets', () => {
    expect(quoted('Première action commune')).toBe('«\u00a0Première action commune\u00a0»');
  });

  it('counts the French way: singular up to 1', () => {
    expect(count(0, 'partenariat')).toBe('0 partenariat');
    expect(count(1, 'partenariat')).toBe('1 partenariat');
    expect(count(2, 'partenariat')).toBe('2 partenariats');
    expect(count(1, 'mise en relation', 'mises en relation')).toBe('1 mise en relation');
    expect(count(1250, 'rencontre')).toBe('1\u202f250 rencontres');
  });

  it('says under the as-of date the day read, and never claims a read that was refused', () => {
    expect(asOfHint('2013-10-01')).toBe('Lu au 1er octobre 2013.');
    expect(asOfHint('')).toBe('Vide : aujourd’hui.');
    expect(asOfHint('2030-01-01', true)).toBe('Le 1er janvier 2030 n’a pas pu être lu : voyez le message plus bas.');
    expect(asOfHint('', true)).toBe('Vide : aujourd’hui.');
  });
});
