import { date, label } from './words';

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
});
