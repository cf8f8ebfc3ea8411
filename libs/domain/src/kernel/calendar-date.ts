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

/** A time of day, `HH:MM` on 24 hours (`09:30`, `18:00`). */
export type TimeOfDay = string;

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A real time of day written `HH:MM` (00:00 to 23:59): `12:00` is one, `24:00`, `9:30` and `12h00` are not. */
export function isTimeOfDay(value: unknown): value is TimeOfDay {
  return typeof value === 'string' && TIME_OF_DAY.test(value);
}

/** ISO day of the week of a real calendar date: 1 (Monday) to 7 (Sunday). Pure arithmetic (Sakamoto), no `Date`. */
export function dayOfWeek(date: CalendarDate): number {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const year = Number(date.slice(0, 4)) - (month < 3 ? 1 : 0);
  const offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4] as const;
  const sundayBased = (year + Math.floor(year / 4) - Math.floor(year / 100) + Math.floor(year / 400) + (offsets[month - 1] ?? 0) + day) % 7;
  return sundayBased === 0 ? 7 : sundayBased;
}

/**
 * The `n`-th `weekday` (1 Monday … 7 Sunday) of a month, `n` from 1 to 4 (there
 * always is one): `nthWeekdayOfMonth(2018, 4, 4, 3)` is `2018-04-19`.
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first = dayOfWeek(formatCalendarDate(year, month, 1));
  const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  return formatCalendarDate(year, month, day);
}

/** The third Thursday of a month (when the network's monthly webinaire takes place). */
export function thirdThursdayOf(year: number, month: number): CalendarDate {
  return nthWeekdayOfMonth(year, month, 4, 3);
}

/** Whether a value is a real calendar date falling on the third Thursday of its month. */
export function isThirdThursday(value: unknown): boolean {
  return isCalendarDate(value) && value === thirdThursdayOf(Number(value.slice(0, 4)), Number(value.slice(5, 7)));
}

/** `YYYY-MM-DD` from its parts (not checked). */
export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
