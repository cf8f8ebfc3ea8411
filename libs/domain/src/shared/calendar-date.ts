import type { CalendarDate } from './vocabulary';

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month of the (proleptic) Gregorian calendar; `month` from 1 to 12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone: what
 * "today" means to the people using the network (Europe/Paris), not to the
 * server. Pure: the instant is given, never read from a clock.
 */
export function calendarDateOf(instant: Date, timeZone: string): CalendarDate {
  const parts = dayFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Building an `Intl.DateTimeFormat` costs tens of microseconds: one per zone, kept (a handful of zones at most). */
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dayFormatters.size < 64) dayFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whole days from `from` to `to` (negative when `to` is earlier): calendar arithmetic, no clock, no time zone. */
export function daysFrom(from: CalendarDate, to: CalendarDate): number {
  const utc = (date: CalendarDate): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/**
 * A real calendar date written `YYYY-MM-DD` (years 0001 to 9999): `2024-02-29`
 * is one, `2023-02-29`, `2024-13-01`, `2024-1-5` and `2024-01-05T00:00Z` are not.
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = CALENDAR_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}
