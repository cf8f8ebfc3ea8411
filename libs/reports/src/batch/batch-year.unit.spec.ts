import { batchYearAfterCut, batchYearRefusal } from './batch-year';

describe('batchYearRefusal', () => {
  it('refuses a year after the current one, in French, and accepts this year and earlier ones', () => {
    const now = new Date('2026-12-04T21:00:00.000Z');
    expect(batchYearRefusal(2031, now, 'Europe/Paris')).toBe('l’année 2031 n’est pas encore venue : un lot de partenariats porte sur 2026 au plus tard');
    expect(batchYearRefusal(2026, now, 'Europe/Paris')).toBeUndefined();
    expect(batchYearRefusal(2014, now, 'Europe/Paris')).toBeUndefined();
  });

  it('reads the current year in the network’s time zone: New Year’s Eve at 23:30 UTC is already next year in Paris', () => {
    const now = new Date('2026-12-31T23:30:00.000Z');
    expect(batchYearRefusal(2027, now, 'Europe/Paris')).toBeUndefined();
    expect(batchYearRefusal(2027, now, 'UTC')).toBe('l’année 2027 n’est pas encore venue : un lot de partenariats porte sur 2026 au plus tard');
  });
});

describe('batchYearAfterCut', () => {
  it('is true when the batch’s year comes after the year of its cut, a date as written, an instant in the network’s zone', () => {
    expect(batchYearAfterCut(2015, '2012-12-31', 'Europe/Paris')).toBe(true);
    expect(batchYearAfterCut(2012, '2012-12-31', 'Europe/Paris')).toBe(false);
    expect(batchYearAfterCut(2011, '2012-01-01', 'Europe/Paris')).toBe(false);
    // 23:30 UTC on New Year’s Eve is already 2013 in Paris.
    expect(batchYearAfterCut(2013, '2012-12-31T23:30:00.000Z', 'Europe/Paris')).toBe(false);
    expect(batchYearAfterCut(2013, '2012-12-31T23:30:00.000Z', 'UTC')).toBe(true);
  });
});
