/// <reference types="jest" />
import { FLAG_ON, offsetOf, pageOf, type QuerySpec, queryWith, readQuery } from './url-query';

const TODAY = '2026-12-05';
const SPEC: QuerySpec<'date' | 'clock' | 'phase' | 'territory' | 'page' | 'archived'> = {
  date: { name: 'au', type: { kind: 'day', max: () => TODAY } },
  clock: { name: 'horloge', type: { kind: 'choice', values: ['happened', 'recorded'] }, fallback: 'happened' },
  phase: { name: 'phase', type: { kind: 'choice', values: ['cadrage', 'pilotage'] } },
  territory: { name: 'territoire', type: { kind: 'text', max: 20 } },
  page: { name: 'page', type: { kind: 'page' } },
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
});
