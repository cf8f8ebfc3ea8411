/**
 * The two clocks of the history (docs/adr/0014-as-of-and-the-observatory.md):
 * which events a cut keeps, on the happened clock (the date each event says
 * its fact happened, at day precision for dates) and on the recorded clock
 * (when the log received it), with history recorded out of date order.
 */
import { isDateOrInstant, isInstant } from '../kernel/instant';
import { happenedDateOf } from './happened';
import { dayOf, type EventInHistory, happenedAt, inCut, isInCut, notAfter } from './history-cut';

const PARIS = 'Europe/Paris';

/** Charenton's three états des lieux, recorded group by group: dates go back within the stream. */
const meeting = (position: bigint, groupId: string, heldOn: string, recordedAt: string): EventInHistory => ({
  type: 'GroupMeetingHeld',
  data: { groupId, step: 'etat_des_lieux', heldOn, attendees: [] },
  position,
  recordedAt,
  metadata: { occurredAt: `${heldOn}T09:00:00.000Z` },
});
const STREAM: readonly EventInHistory[] = [
  {
    type: 'ExperimentationLaunched',
    data: { launchedOn: '2012-01-16' },
    position: 1n,
    recordedAt: '2026-11-30T10:00:00.000Z',
    metadata: { occurredAt: '2012-01-16T09:00:00.000Z' },
  },
  meeting(2n, 'insertion-jeunes', '2012-12-10', '2026-11-30T10:00:01.000Z'),
  meeting(3n, 'insertion-jeunes', '2013-01-14', '2026-11-30T10:00:02.000Z'),
  meeting(4n, 'handicap', '2012-12-12', '2026-11-30T10:00:03.000Z'),
  meeting(5n, 'handicap', '2013-01-16', '2026-11-30T10:00:04.000Z'),
  meeting(6n, 'precarite', '2012-12-14', '2026-11-30T10:00:05.000Z'),
];
const kept = (cut: Parameters<typeof inCut>[1], timeZone = PARIS): bigint[] => STREAM.filter(inCut('experimentation', cut, timeZone)).map((e) => e.position);

describe('the history cut', () => {
  describe('the happened clock (default)', () => {
    it('keeps every fact that happened by the date, wherever it was recorded in the stream (out of date order)', () => {
      // The old fold stopped at the first event past the date (position 3) and saw one meeting out of three.
      expect(kept({ time: '2013-01-01' })).toEqual([1n, 2n, 4n, 6n]);
      expect(kept({ time: '2013-01-01', clock: 'happened' })).toEqual([1n, 2n, 4n, 6n]);
      expect(kept({ time: '2013-01-15' })).toEqual([1n, 2n, 3n, 4n, 6n]);
      expect(kept({ time: '2012-01-15' })).toEqual([]);
    });

    it('compares a date at day precision: a fact dated on the cut’s day is in it, whatever the hour of the cut', () => {
      expect(kept({ time: '2012-12-12' })).toEqual([1n, 2n, 4n]);
      // An instant early on the 12th (Paris) still is the 12th: the meeting of that day counts.
      expect(kept({ time: '2012-12-12T00:30:00+01:00' })).toEqual([1n, 2n, 4n]);
      // 23:30 UTC on the 11th is already the 12th in Paris, not in UTC.
      expect(kept({ time: '2012-12-11T23:30:00Z' })).toEqual([1n, 2n, 4n]);
      expect(kept({ time: '2012-12-11T23:30:00Z' }, 'UTC')).toEqual([1n, 2n]);
    });

    it('falls back on occurredAt for an event that carries no date of its own, then on recordedAt', () => {
      const invited: EventInHistory = {
        type: 'DirigeantsInvited',
        data: { dirigeants: 142 },
        position: 9n,
        recordedAt: '2026-11-30T10:00:00.000Z',
        metadata: { occurredAt: '2012-10-02T08:00:00.000Z' },
      };
      expect(happenedAt('experimentation', invited)).toBe('2012-10-02T08:00:00.000Z');
      expect(isInCut('experimentation', invited, { time: '2012-10-02T07:59:59Z' }, PARIS)).toBe(false);
      expect(isInCut('experimentation', invited, { time: '2012-10-02T08:00:00Z' }, PARIS)).toBe(true);
      const bare: EventInHistory = { type: 'Unknown', data: null, position: 10n, recordedAt: '2026-11-30T10:00:00.000Z' };
      expect(happenedAt('nowhere', bare)).toBe('2026-11-30T10:00:00.000Z');
      expect(happenedDateOf('experimentation', { type: 'GroupMeetingHeld', data: 'malformed' })).toBeUndefined();
    });
  });

  describe('the recorded clock', () => {
    it('keeps what the log had received by then, in stream order: a prefix', () => {
      expect(kept({ time: '2013-01-01', clock: 'recorded' })).toEqual([]);
      expect(kept({ time: '2026-11-30T10:00:02.000Z', clock: 'recorded' })).toEqual([1n, 2n, 3n]);
      expect(kept({ time: '2026-11-30', clock: 'recorded' })).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
      expect(kept({ time: '2026-11-29', clock: 'recorded' })).toEqual([]);
    });
  });

  it('a position bounds the log (inclusive); with a time, both bounds apply', () => {
    expect(kept({ position: 3n })).toEqual([1n, 2n, 3n]);
    expect(kept({ position: 4n, time: '2013-01-01' })).toEqual([1n, 2n, 4n]);
    expect(kept({})).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
  });

  it('notAfter and dayOf: instants as instants, dates as days in the zone', () => {
    expect(notAfter('2025-03-01T12:00:00Z', '2025-03-01T12:00:00Z', PARIS)).toBe(true);
    expect(notAfter('2025-03-01T12:00:01Z', '2025-03-01T12:00:00Z', PARIS)).toBe(false);
    expect(notAfter('2025-03-01', '2025-03-01T00:00:00+01:00', PARIS)).toBe(true);
    expect(notAfter('2025-03-02', '2025-03-01T23:59:00+01:00', PARIS)).toBe(false);
    expect(dayOf('2025-03-01T23:30:00Z', PARIS)).toBe('2025-03-02');
    expect(dayOf('2025-03-01', PARIS)).toBe('2025-03-01');
  });
});

describe('strict instants and dates (never normalised)', () => {
  it('accepts real instants with a zone, and real dates', () => {
    for (const ok of ['2025-03-01T12:00:00Z', '2025-03-01T13:00+01:00', '2024-02-29T23:59:59.999Z', '2025-03-01T12:00:00.123456789-05:30']) {
      expect([ok, isInstant(ok)]).toEqual([ok, true]);
    }
    expect(isDateOrInstant('2024-02-29')).toBe(true);
    expect(isDateOrInstant('2025-03-01T12:00:00Z')).toBe(true);
  });

  it('refuses what does not exist or has no zone', () => {
    const refused = [
      '2025-02-30',
      '2025-02-29T10:00:00Z',
      '2025-01-01T25:00:00Z',
      '2025-01-01T24:00:00Z',
      '2025-01-01T10:60:00Z',
      '2025-01-01T10:00:60Z',
      '2025-01-01T10:00:00',
      '2025-01-01T10:00:00+24:00',
      '2025-01-01 10:00:00Z',
      '2025-1-01',
      'yesterday',
      '',
    ];
    for (const odd of refused) expect([odd, isDateOrInstant(odd)]).toEqual([odd, false]);
    expect(isInstant('2025-03-01')).toBe(false);
    expect(isInstant(1_700_000_000_000)).toBe(false);
  });
});
