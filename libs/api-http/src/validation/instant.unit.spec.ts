import 'reflect-metadata';
import { isISO8601, IsOptional, validateSync } from 'class-validator';
import { IsDateOrInstant, IsInstant } from './instant';

class Times {
  @IsOptional()
  @IsDateOrInstant()
  readonly when?: unknown;

  @IsOptional()
  @IsInstant()
  readonly at?: unknown;
}

const check = (fields: Partial<Record<'when' | 'at', unknown>>): string[] =>
  validateSync(Object.assign(new Times(), fields)).flatMap((error) => Object.keys(error.constraints ?? {}));

/** Times that do not exist, or whose meaning would depend on the machine or on a lenient parser. */
const REFUSED = [
  '2025-02-30',
  '2025-02-30T10:00:00Z',
  '2023-02-29',
  '2025-01-01T25:00:00Z',
  '2025-01-01T24:00:00Z',
  '2025-01-01T23:60:00Z',
  '2025-01-01T23:59:60Z',
  '2025-01-01T10:00:00+24:00',
  '2025-13-01',
  '2025-00-10',
  '0000-01-01',
  '2025-01-01T10:00:00',
  '2025-01-01 10:00:00Z',
  '2025-W01',
  '2025-001',
  '2025-01',
  '20250101',
  '2025-1-5',
  '+275760-09-13T00:00:00Z',
  '',
  'now',
  1735689600000,
  ['2025-01-01'],
  { date: '2025-01-01' },
];

describe('strict dates and instants of the api (one validator, the domain’s isDateOrInstant / isInstant)', () => {
  it.each(REFUSED.map((value) => [JSON.stringify(value), value]))('refuses %s, never reading it as another time', (_shown, value) => {
    expect(check({ when: value })).toEqual(['isDateOrInstant']);
    expect(check({ at: value })).toEqual(['isInstant']);
  });

  it.each(['2024-02-29', '2025-12-31', '2025-01-01T00:00:00Z', '2025-06-30T23:59:59.123456789+02:00', '2025-03-01T12:00Z', '2025-03-01T12:00:00-05:30'])(
    'accepts %s',
    (value) => {
      expect(check({ when: value, ...(value.includes('T') ? { at: value } : {}) })).toEqual([]);
    },
  );

  it('is stricter than class-validator’s strict ISO-8601, which also refuses 25:00 and 30 February but takes times without a zone', () => {
    const strictIso = (value: string): boolean => isISO8601(value, { strict: true, strictSeparator: true });
    expect([strictIso('2025-01-01T25:00:00Z'), strictIso('2025-02-30T10:00:00Z')]).toEqual([false, false]);
    // Read in the server's own zone by Date.parse, week and ordinal dates: accepted there, refused here.
    for (const value of ['2025-01-01T10:00:00', '2025-W01', '2025-001', '2025-01']) {
      expect([value, strictIso(value)]).toEqual([value, true]);
      expect(check({ when: value })).toEqual(['isDateOrInstant']);
    }
  });
});
