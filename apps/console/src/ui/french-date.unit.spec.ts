/// <reference types="jest" />
import { FRENCH_DAY_MAX_LENGTH, frenchDay, frenchTime, isIsoDay, readFrenchDay, readFrenchTime } from './french-date';

describe('dates typed and shown the French way, whatever the browser’s language', () => {
  it('shows an ISO day as jj/mm/aaaa, and nothing for no day', () => {
    expect(frenchDay('2026-12-05')).toBe('05/12/2026');
    expect(frenchDay('2011-01-31')).toBe('31/01/2011');
    expect(frenchDay('')).toBe('');
    expect(frenchDay(undefined)).toBe('');
    expect(frenchDay('12/05/2026')).toBe('');
  });

  it('reads the day first, as French writes it, whatever the separator, and sends it as ISO', () => {
    // 05/12 is the 5th of December, never the 12th of May (an English date field's mm/dd).
    expect(readFrenchDay('05/12/2026')).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('5/1/2026')).toEqual({ kind: 'day', iso: '2026-01-05' });
    expect(readFrenchDay(' 05.12.2026 ')).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('05-12-2026')).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('05 12 2026')).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('05122026')).toEqual({ kind: 'day', iso: '2026-12-05' });
    // A day pasted as ISO (from a report, an export) is taken as it is.
    expect(readFrenchDay('2026-12-05')).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('   ')).toEqual({ kind: 'empty' });
  });

  it('says in French why a day typed is not one', () => {
    expect(readFrenchDay('31/02/2026')).toEqual({ kind: 'invalid', problem: 'Le 31/02/2026 n’existe pas : vérifiez le jour et le mois (jj/mm/aaaa).' });
    expect(readFrenchDay('12/31/2026')).toEqual({ kind: 'invalid', problem: 'Le 12/31/2026 n’existe pas : vérifiez le jour et le mois (jj/mm/aaaa).' });
    expect(readFrenchDay('29/02/2025')).toMatchObject({ kind: 'invalid' });
    expect(readFrenchDay('29/02/2024')).toEqual({ kind: 'day', iso: '2024-02-29' });
    expect(readFrenchDay('05/12/26')).toEqual({ kind: 'invalid', problem: 'Écrivez l’année en entier, sur quatre chiffres (jj/mm/aaaa).' });
    expect(readFrenchDay('demain')).toEqual({ kind: 'invalid', problem: 'Date non reconnue : écrivez-la jj/mm/aaaa (par exemple 05/12/2026).' });
    expect(readFrenchDay('05/12')).toMatchObject({ kind: 'invalid' });
  });

  it('says a day that does not exist as it was typed, its year’s four digits too', () => {
    expect(readFrenchDay('00/00/0000')).toEqual({ kind: 'invalid', problem: 'Le 00/00/0000 n’existe pas : vérifiez le jour et le mois (jj/mm/aaaa).' });
    expect(readFrenchDay('31/04/0012')).toMatchObject({ problem: expect.stringMatching(/^Le 31\/04\/0012 n’existe pas/) });
    expect(readFrenchDay('0000-00-00')).toMatchObject({ problem: expect.stringMatching(/^Le 00\/00\/0000 n’existe pas/) });
  });

  it('takes a day typed or pasted with spaces around whole: the field’s length does not cut its year', () => {
    // The browser keeps the first `maxLength` characters of what is typed or pasted: at 10, « 31/12/201 ».
    for (const typed of [' 31/12/2012 ', '  31/12/2012  ', '31 / 12 / 2012', '\t2012-12-31 '])
      expect(readFrenchDay(typed.slice(0, FRENCH_DAY_MAX_LENGTH))).toEqual({ kind: 'day', iso: '2012-12-31' });
  });

  it('refuses a day outside its bounds, naming the limit the French way', () => {
    const bounds = { max: '2026-12-05', maxName: 'aujourd’hui' };
    expect(readFrenchDay('05/12/2026', bounds)).toEqual({ kind: 'day', iso: '2026-12-05' });
    expect(readFrenchDay('06/12/2026', bounds)).toEqual({ kind: 'invalid', problem: 'La date ne peut pas être après le 05/12/2026 (aujourd’hui).' });
    expect(readFrenchDay('31/12/2010', { min: '2011-01-01' })).toEqual({ kind: 'invalid', problem: 'La date ne peut pas être avant le 01/01/2011.' });
  });

  it('tells an ISO day of the calendar (what the address and the api take) from anything else', () => {
    expect(isIsoDay('2014-12-31')).toBe(true);
    expect(isIsoDay('2014-02-31')).toBe(false);
    expect(isIsoDay('31/12/2014')).toBe(false);
    expect(isIsoDay('2014-12-31T00:00:00Z')).toBe(false);
    expect(isIsoDay(undefined)).toBe(false);
  });

  it('reads a time on the 24-hour clock, as French writes it, and says why one is not', () => {
    expect(readFrenchTime('14:30')).toEqual({ kind: 'time', hhmm: '14:30' });
    expect(readFrenchTime('14h30')).toEqual({ kind: 'time', hhmm: '14:30' });
    expect(readFrenchTime('14 h 30')).toEqual({ kind: 'time', hhmm: '14:30' });
    expect(readFrenchTime('9h')).toEqual({ kind: 'time', hhmm: '09:00' });
    expect(readFrenchTime('9.05')).toEqual({ kind: 'time', hhmm: '09:05' });
    expect(readFrenchTime('1430')).toEqual({ kind: 'time', hhmm: '14:30' });
    expect(readFrenchTime(' ')).toEqual({ kind: 'empty' });
    expect(readFrenchTime('2:30 PM')).toEqual({ kind: 'invalid', problem: 'Heure non reconnue : écrivez-la hh:mm sur 24 heures (par exemple 14:30).' });
    expect(readFrenchTime('25:00')).toEqual({ kind: 'invalid', problem: '25:00 n’est pas une heure : de 00:00 à 23:59.' });
    expect(readFrenchTime('14:75')).toMatchObject({ kind: 'invalid' });
    expect(frenchTime('14:00:00')).toBe('14:00');
    expect(frenchTime(undefined)).toBe('');
  });
});
