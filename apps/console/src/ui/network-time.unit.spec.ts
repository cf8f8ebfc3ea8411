import {
  dayOf,
  DEFAULT_TIME_ZONE,
  frenchClock,
  frenchDateTime,
  frenchLongDate,
  frenchShortDate,
  knownTimeZone,
  networkTimeZone,
  networkToday,
  networkYear,
} from './network-time';
import { date, dateTime } from './words';

describe('the network’s calendar: days and dates in TIME_ZONE, never the browser’s zone', () => {
  it('defaults to Europe/Paris when the page names no zone', () => {
    expect(networkTimeZone()).toBe(DEFAULT_TIME_ZONE);
    expect(knownTimeZone('Pacific/Tahiti')).toBe(true);
    expect(knownTimeZone('Mars/Olympus')).toBe(false);
    expect(knownTimeZone(undefined)).toBe(false);
  });

  it('gives an instant the day it falls on in the network’s zone', () => {
    // 16 November 2009 at 08:00 in Paris is still the 15th in Tahiti (UTC−10): the network says the 16th.
    const proposed = new Date('2009-11-16T07:00:00Z');
    expect(dayOf(proposed)).toBe('2009-11-16');
    expect(dayOf(proposed, 'Pacific/Tahiti')).toBe('2009-11-15');
    expect(date('2009-11-16T07:00:00Z')).toBe('16 novembre 2009');
    expect(frenchLongDate('2009-11-16T07:00:00Z', 'Pacific/Tahiti')).toBe('15 novembre 2009');
    expect(networkToday(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
    expect(networkYear(new Date('2025-12-31T23:30:00Z'))).toBe(2026);
  });

  it('writes a calendar date as its own day whatever the zone, the first of a month as French writes it', () => {
    expect(frenchLongDate('2013-10-01', 'Pacific/Kiritimati')).toBe('1er octobre 2013');
    expect(frenchLongDate('2013-10-01', 'Pacific/Pago_Pago')).toBe('1er octobre 2013');
    expect(date('pas une date')).toBe('pas une date');
  });

  it('writes times and short dates in the network’s zone', () => {
    const at = new Date('2018-12-19T23:30:05Z');
    expect(frenchClock(at, true)).toBe('00:30:05');
    expect(frenchClock(at)).toBe('00:30');
    expect(frenchShortDate(at)).toBe('20 déc. 2018');
    expect(frenchShortDate(at, 'Pacific/Tahiti')).toBe('19 déc. 2018');
    expect(frenchDateTime(at)).toBe('20 décembre 2018 à 00:30');
    expect(dateTime('2018-12-19T23:30:05Z')).toBe('20 décembre 2018 à 00:30');
  });
});
