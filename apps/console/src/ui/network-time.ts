/**
 * The network's calendar: the one place where the console turns an instant into a day or writes a date or a time.
 * Every day is the network's (`TIME_ZONE` of the api, Europe/Paris by default), never the browser's: an operator in
 * Tahiti reads the day the api reads for as-of, lateness and exports (a partnership proposed on 16 November 2009 at
 * 8:00 in Paris is proposed on the 16th for everyone, and the board as of that day exists).
 *
 * The api that serves the console names its zone in a `<meta name="catalyse-time-zone">` of the page
 * (libs/api-http/src/setup/serve-console.ts), as it names its hubs' origin: known before the first line runs. Without
 * it (the console served otherwise), or with a zone this browser does not know, Europe/Paris.
 */
import { calendarDateOf } from '@catalyse/domain';

/** The network's zone when the page names none, as the api's own default. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** The `<meta name>` through which the api that serves the console names the network's zone. */
export const TIME_ZONE_META = 'catalyse-time-zone';

/** Whether this browser knows `zone` (`Intl` throws a RangeError for an unknown one). */
export function knownTimeZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

let pageZone: string | undefined;

/** The network's time zone: the page's `<meta name="catalyse-time-zone">`, else Europe/Paris. */
export function networkTimeZone(): string {
  if (pageZone === undefined) {
    const named = typeof document === 'undefined' ? undefined : document.querySelector<HTMLMetaElement>(`meta[name="${TIME_ZONE_META}"]`)?.content.trim();
    pageZone = knownTimeZone(named) ? named : DEFAULT_TIME_ZONE;
  }
  return pageZone;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function format(options: Intl.DateTimeFormatOptions, timeZone: string): Intl.DateTimeFormat {
  const key = `${timeZone} ${JSON.stringify(options)}`;
  let f = FORMATS.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('fr-FR', { ...options, timeZone });
    FORMATS.set(key, f);
  }
  return f;
}

/** The day (`YYYY-MM-DD`) an instant falls on in `timeZone` (the network's by default), as the domain reads it. */
export function dayOf(instant: Date, timeZone: string = networkTimeZone()): string {
  return calendarDateOf(instant, timeZone);
}

/** Today on the network's calendar (`YYYY-MM-DD`): the api refuses a date after it (400 VALIDATION). */
export function networkToday(now: Date = new Date(), timeZone: string = networkTimeZone()): string {
  return dayOf(now, timeZone);
}

/** The year it is on the network's calendar. */
export function networkYear(now: Date = new Date(), timeZone: string = networkTimeZone()): number {
  return Number(dayOf(now, timeZone).slice(0, 4));
}

/** The first of a month as French writes it: « 1er octobre 2013 ». */
const firstOf = (text: string): string => text.replace(/^1 /, '1er ');

/**
 * `2011-12-31` → « 31 décembre 2011 » (a calendar date is its own day, whatever the zone); an instant → its day in the
 * network's zone. Not a date: the text as it is.
 */
export function frenchLongDate(value: string, timeZone: string = networkTimeZone()): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(day ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return firstOf(format({ day: 'numeric', month: 'long', year: 'numeric' }, day ? 'UTC' : timeZone).format(d));
}

/** An instant as « 5 décembre 2026 à 00:25 » in the network's zone. */
export function frenchDateTime(instant: Date, timeZone: string = networkTimeZone()): string {
  const day = firstOf(format({ day: 'numeric', month: 'long', year: 'numeric' }, timeZone).format(instant));
  return `${day} à ${format({ hour: '2-digit', minute: '2-digit' }, timeZone).format(instant)}`;
}

/** An instant's time of day in the network's zone: « 14:05:09 » (`seconds`), else « 14:05 ». */
export function frenchClock(instant: Date, seconds = false, timeZone: string = networkTimeZone()): string {
  return format({ hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) }, timeZone).format(instant);
}

/** An instant's day, short, in the network's zone: « 20 déc. 2018 ». */
export function frenchShortDate(instant: Date, timeZone: string = networkTimeZone()): string {
  return format({ day: 'numeric', month: 'short', year: 'numeric' }, timeZone).format(instant);
}

/** An instant as a room's message dates it, in the network's zone: « 20/12/2018 14:05 ». */
export function frenchStamp(instant: Date, timeZone: string = networkTimeZone()): string {
  return format({ dateStyle: 'short', timeStyle: 'short' }, timeZone).format(instant);
}
