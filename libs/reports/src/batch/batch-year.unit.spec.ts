import { batchYearRefusal } from './batch-year';

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
