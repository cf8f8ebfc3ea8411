import { calendarDateOf, isCalendarDate } from '../kernel/calendar-date';
import type { CalendarDate, Instant } from '../kernel/vocabulary';
import { happenedDateOf } from './happened';

/**
 * The two clocks of the history (docs/adr/0014-as-of-and-the-observatory.md):
 * - `happened`: when the fact happened, as the event says it (a meeting's
 *   `heldOn`), else when it was decided (`occurredAt`). History recorded late
 *   or out of order counts on the day it happened.
 * - `recorded`: when the log received it (`recordedAt`): what Catalyse knew then.
 */
export const HISTORY_CLOCKS = ['happened', 'recorded'] as const;
export type HistoryClock = (typeof HISTORY_CLOCKS)[number];

/** Where a history stops. Both bounds apply when both are given. */
export interface HistoryCut {
  /** Events up to this global position (inclusive): a prefix of the log. */
  readonly position?: bigint;
  /**
   * Events up to this time on `clock`: an instant (ISO-8601), or a calendar
   * date meaning "by the end of that day" in the network's time zone.
   */
  readonly time?: Instant | CalendarDate;
  /** Default `happened`. */
  readonly clock?: HistoryClock;
}

/** What a cut looks at of a recorded event (structurally a `RecordedEvent`). */
export interface EventInHistory {
  readonly type: string;
  readonly data: unknown;
  readonly position: bigint;
  readonly recordedAt: string;
  readonly metadata?: { readonly occurredAt?: string };
}

/** When an event happened: its own date or instant, else its `occurredAt`, else its `recordedAt`. */
export function happenedAt(category: string, event: EventInHistory): CalendarDate | Instant {
  return happenedDateOf(category, event) ?? event.metadata?.occurredAt ?? event.recordedAt;
}

/**
 * Whether an event of `category` is inside the cut. A calendar date is
 * compared at day precision (its day, in `timeZone`, against the cut's day);
 * two instants are compared as instants. Pure: the time zone is given.
 */
export function isInCut(category: string, event: EventInHistory, cut: HistoryCut, timeZone: string): boolean {
  if (cut.position !== undefined && event.position > cut.position) return false;
  if (cut.time === undefined) return true;
  const at = (cut.clock ?? 'happened') === 'recorded' ? event.recordedAt : happenedAt(category, event);
  return notAfter(at, cut.time, timeZone);
}

/** `at` is on or before `limit` (each a calendar date or an instant). */
export function notAfter(at: CalendarDate | Instant, limit: CalendarDate | Instant, timeZone: string): boolean {
  if (isCalendarDate(at) || isCalendarDate(limit)) return dayOf(at, timeZone) <= dayOf(limit, timeZone);
  return Date.parse(at) <= Date.parse(limit);
}

/** Days of instants already seen, by time zone and minute: `Intl` formatting costs microseconds, and folds ask for many. */
const days = new Map<string, CalendarDate>();
const DAYS_KEPT = 100_000;

/** The calendar day of a date or an instant in `timeZone`. */
export function dayOf(at: CalendarDate | Instant, timeZone: string): CalendarDate {
  if (isCalendarDate(at)) return at;
  const instant: string = at;
  // Every zone's offset is a whole number of minutes: instants of the same minute fall on the same day.
  const key = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}.*Z$/.test(instant) ? `${timeZone} ${instant.slice(0, 16)}` : undefined;
  const known = key === undefined ? undefined : days.get(key);
  if (known !== undefined) return known;
  const day = calendarDateOf(new Date(instant), timeZone);
  if (key !== undefined) {
    if (days.size >= DAYS_KEPT) days.clear();
    days.set(key, day);
  }
  return day;
}

/** A predicate for one category's events, for folds that filter a stream (`events.filter(inCut(...))`). */
export function inCut(category: string, cut: HistoryCut, timeZone: string): (event: EventInHistory) => boolean {
  return (event) => isInCut(category, event, cut, timeZone);
}
