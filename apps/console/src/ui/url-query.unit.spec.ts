/// <reference types="jest" />
import { FLAG_ON, lastPage, MAX_OFFSET, offsetOf, pageOf, type QuerySpec, queryWith, readQuery, validParam } from './url-query';

const TODAY = '2026-12-05';
const SPEC: QuerySpec<'date' | 'clock' | 'phase' | 'territory' | 'page' | 'archived'> = {
  date: { name: 'au', type: { kind: 'day', max: () => TODAY } },
  clock: { name: 'horloge', type: { kind: 'choice', values: ['happened', 'recorded'] }, fallback: 'happened' },
  phase: { name: 'phase', type: { kind: 'choice', values: ['cadrage', 'pilotage'] } },
  territory: { name: 'territoire', type: { kind: 'text', max: 20 } },
  page: { name: 'page', type: { kind: 'page', size: 25 } },
  archived: { name: 'archives', type: { kind: 'flag' } },
};

describe('a page’s filters in its address', () => {
  it('reads back every filter the address holds', () => {
    expect(readQuery({ au: '2014-12-31', horloge: 'recorded', phase: 'pilotage', territoire: 'Grand Est', page: '3', archives: 'oui' }, SPEC)).toEqual({
      date: '2014-12-31',
      clock: 'recorded',
      phase: 'pilotage',
      territory: 'Grand Est',
      page: '3',
      archived: FLAG_ON,
    });
  });

  it('reads a value that is not one as the filter’s default, quietly', () => {
    expect(readQuery({ au: '2014-02-31', horloge: 'hier', phase: 'constructor', territoire: 'x'.repeat(21), page: '0', archives: 'true' }, SPEC)).toEqual({
      date: '',
      clock: 'happened',
      phase: '',
      territory: '',
      page: '',
      archived: '',
    });
    // A day to come (the api refuses it), a page that is not a number, a control character.
    expect(readQuery({ au: '2026-12-06', page: 'deux', territoire: 'a\nb' }, SPEC)).toMatchObject({ date: '', page: '', territory: '' });
    expect(readQuery({ au: TODAY }, SPEC).date).toBe(TODAY);
    expect(readQuery({}, SPEC)).toEqual({ date: '', clock: 'happened', phase: '', territory: '', page: '', archived: '' });
  });

  it('writes only what differs from the defaults, in the page’s order, and keeps the address’s other parameters', () => {
    const values = { date: '2014-12-31', clock: 'happened', phase: 'pilotage', territory: 'Grand Est', page: '', archived: '' };
    expect(queryWith({}, SPEC, values)).toBe('?au=2014-12-31&phase=pilotage&territoire=Grand+Est');
    expect(queryWith({ autre: '1', phase: 'cadrage' }, SPEC, { ...values, clock: 'recorded', page: '2' })).toBe(
      '?au=2014-12-31&horloge=recorded&phase=pilotage&territoire=Grand+Est&page=2&autre=1',
    );
    expect(queryWith({}, SPEC, { date: '', clock: 'happened', phase: '', territory: '', page: '', archived: '' })).toBe('');
    // A value that is not one is left out rather than written.
    expect(queryWith({}, SPEC, { ...values, phase: 'nulle-part', date: '2014-13-01' })).toBe('?territoire=Grand+Est');
  });

  it('goes from a page of the address to the list’s offset and back', () => {
    expect(offsetOf('', 25)).toBe(0);
    expect(offsetOf('1', 25)).toBe(0);
    expect(offsetOf('3', 25)).toBe(50);
    expect(pageOf(0, 25)).toBe('');
    expect(pageOf(50, 25)).toBe('3');
    expect(pageOf(offsetOf('7', 25), 25)).toBe('7');
  });

  it('reads a page the api would refuse (its first item past the api’s `offset` bound) as the first page', () => {
    // 25 a page: page 40 001 skips 1 000 000 items, the most the api accepts; 40 002 and beyond were a 400 on screen.
    expect(lastPage(25)).toBe(40_001);
    expect(offsetOf(String(lastPage(25)), 25)).toBe(MAX_OFFSET);
    expect(readQuery({ page: '40001' }, SPEC).page).toBe('40001');
    expect(readQuery({ page: '40002' }, SPEC).page).toBe('');
    expect(readQuery({ page: '999999' }, SPEC).page).toBe('');
    expect(queryWith({}, SPEC, { date: '', clock: 'happened', phase: '', territory: '', page: '999999', archived: '' })).toBe('');
    // The bound follows the page's size: 200 a page ends at 5 001; one item a page at 1 000 001.
    expect(validParam({ kind: 'page', size: 200 }, '5001')).toBe(true);
    expect(validParam({ kind: 'page', size: 200 }, '5002')).toBe(false);
    expect(validParam({ kind: 'page', size: 1 }, '1000001')).toBe(true);
    expect(validParam({ kind: 'page', size: 1 }, '1000002')).toBe(false);
  });

  it('reads an id the api would refuse as no filter, and keeps the api’s ids', () => {
    const ids: QuerySpec<'territory'> = { territory: { name: 'territoire', type: { kind: 'id' } } };
    for (const ok of ['ardeche', 'grand-est', 'flda-cg-ardeche', 'a.b_c~d', 'x'.repeat(100)]) expect(readQuery({ territoire: ok }, ids).territory).toBe(ok);
    // A name every object has, dots alone, a space, a slash, an accent, too long: each a 400 from the api.
    for (const bad of ['__proto__', 'constructor', '..', 'a b/é', 'a b', 'a/b', 'é', 'x'.repeat(101), ''])
      expect(readQuery({ territoire: bad }, ids).territory).toBe('');
    expect(queryWith({ autre: '1' }, ids, { territory: '__proto__' })).toBe('?autre=1');
  });
});
