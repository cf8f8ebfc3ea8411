import { isCalendarDate } from './calendar-date';
import type { CalendarDate, Instant } from './vocabulary';

/** `YYYY-MM-DDTHH:MM[:SS[.fraction]]` then `Z` or `±HH:MM`. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A real instant written in ISO-8601 with its time zone
 * (`2025-03-01T12:00:00Z`, `2025-03-01T13:00+01:00`): its date exists, its time
 * of day is 00:00:00 to 23:59:59, its offset at most ±23:59. Nothing is
 * normalised: `2025-02-30T10:00Z` and `2025-01-01T25:00:00Z` are not instants
 * (where `Date.parse` would answer a day later, or NaN), nor is an instant
 * without a zone (whose meaning depends on the machine).
 */
export function isInstant(value: unknown): value is Instant {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, date, hours, minutes, seconds, offsetHours, offsetMinutes] = match;
  if (!isCalendarDate(date)) return false;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? '0') > 59) return false;
  if (Number(offsetHours ?? '0') > 23 || Number(offsetMinutes ?? '0') > 59) return false;
  return !Number.isNaN(Date.parse(value));
}

/** A calendar date (`YYYY-MM-DD`, a whole day) or an instant, both real (`isCalendarDate`, `isInstant`). */
export function isDateOrInstant(value: unknown): value is CalendarDate | Instant {
  return isCalendarDate(value) || isInstant(value);
}
