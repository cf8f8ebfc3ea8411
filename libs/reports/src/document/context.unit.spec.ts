import { contextFacts } from './context';

describe('what a report says it covers', () => {
  const generatedAt = '2026-12-04T17:30:00.000Z';
  const situation = (asOf: Parameters<typeof contextFacts>[0]['asOf']): string | undefined =>
    contextFacts({ generatedAt, timeZone: 'Europe/Paris', ...(asOf ? { asOf } : {}) }).find((f) => f.label === 'Situation')?.value as string | undefined;

  it('a date as a date, an instant with its time in the network’s zone, a position, or today', () => {
    expect(situation({ time: '2012-12-31', clock: 'happened' })).toBe('au 31 décembre 2012 (selon la date des faits)');
    expect(situation({ time: '2026-12-04T17:27:48Z', clock: 'recorded' })).toBe('au 4 décembre 2026 à 18:27 (selon la date d’enregistrement)');
    expect(situation({ position: '42', clock: 'happened' })).toBe('à la position 42 du journal');
    expect(situation(undefined)).toBe('à ce jour (4 décembre 2026)');
  });
});
