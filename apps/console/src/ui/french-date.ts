/**
 * Dates as a French operator types and reads them, « 05/12/2026 » (jj/mm/aaaa), whatever the browser's own language:
 * a native date field shows mm/dd/yyyy in an English browser, and a French operator reads 05/12 as the 5th of
 * December. The api reads and writes ISO days (`2026-12-05`): these helpers go from one to the other, and say in
 * French what is wrong with a day typed. Pure, for `date-field.tsx` and its unit test.
 */

/** What the field shows for an ISO day: `2026-12-05` → « 05/12/2026 »; empty (or not an ISO day) → empty. */
export function frenchDay(iso: string | undefined | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** The shape the field asks for, in its placeholder and its messages. */
export const FRENCH_DAY_SHAPE = 'jj/mm/aaaa';

/**
 * The most characters the field takes: more than the shape's 10, since the browser cuts what is typed or pasted to
 * it before the field reads it (spaces around included: « 31/12/2012 » copied with a space before and after became
 * « 31/12/201 »), and `readFrenchDay` ignores spaces around and between the parts (« 31 / 12 / 2012 »).
 */
export const FRENCH_DAY_MAX_LENGTH = 16;

/** What a day typed reads as: nothing, a day (ISO), or a problem in French. */
export type DayRead = { readonly kind: 'empty' } | { readonly kind: 'day'; readonly iso: string } | { readonly kind: 'invalid'; readonly problem: string };

export interface DayBounds {
  /** The first day allowed (ISO), inclusive. */
  readonly min?: string;
  /** The last day allowed (ISO), inclusive. */
  readonly max?: string;
  /** What `max` is, said after it: « aujourd’hui ». */
  readonly maxName?: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Whether year, month and day make a day of the calendar (no 31 April, a 29 February only in a leap year). */
function exists(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/**
 * A day as typed: « 5/12/2026 », « 05.12.2026 », « 05-12-2026 », « 05 12 2026 » or « 05122026 » (day first, as
 * French writes it), or an ISO day pasted from elsewhere (`2026-12-05`); spaces around are ignored. A year of two
 * digits is refused rather than guessed (« 12 » is 1912 or 2012). Outside `bounds`, it says which day is the limit.
 */
export function readFrenchDay(text: string, bounds: DayBounds = {}): DayRead {
  const typed = text.trim();
  if (typed === '') return { kind: 'empty' };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed);
  const french = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d+)$/.exec(typed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  const parts = iso ? [iso[3], iso[2], iso[1]] : french ? [french[1], french[2], french[3]] : undefined;
  if (!parts) return { kind: 'invalid', problem: `Date non reconnue : écrivez-la ${FRENCH_DAY_SHAPE} (par exemple 05/12/2026).` };
  const [day, month, year] = parts.map(Number) as [number, number, number];
  if ((parts[2] ?? '').length !== 4) return { kind: 'invalid', problem: `Écrivez l’année en entier, sur quatre chiffres (${FRENCH_DAY_SHAPE}).` };
  if (!exists(year, month, day)) {
    // The year as typed (« 0000 », not « 0 »): the person reads back the day they wrote.
    return { kind: 'invalid', problem: `Le ${pad(day)}/${pad(month)}/${parts[2] ?? ''} n’existe pas : vérifiez le jour et le mois (${FRENCH_DAY_SHAPE}).` };
  }
  const value = `${year}-${pad(month)}-${pad(day)}`;
  if (bounds.max && value > bounds.max) {
    return { kind: 'invalid', problem: `La date ne peut pas être après le ${frenchDay(bounds.max)}${bounds.maxName ? ` (${bounds.maxName})` : ''}.` };
  }
  if (bounds.min && value < bounds.min) return { kind: 'invalid', problem: `La date ne peut pas être avant le ${frenchDay(bounds.min)}.` };
  return { kind: 'day', iso: value };
}

/** Whether `text` is a day of the calendar written as ISO (`2026-12-05`): what the api and the address take. */
export function isIsoDay(text: string | undefined): text is string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  return m !== null && exists(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The shape a time field asks for: hours on the 24-hour clock, as French writes them. */
export const FRENCH_TIME_SHAPE = 'hh:mm';

/** What a time typed reads as: nothing, a time (`14:05`, what the api takes), or a problem in French. */
export type TimeRead = { readonly kind: 'empty' } | { readonly kind: 'time'; readonly hhmm: string } | { readonly kind: 'invalid'; readonly problem: string };

/**
 * A time as typed, on the 24-hour clock (an English time field shows 02:00 PM): « 14:30 », « 14h30 », « 14 h 30 »,
 * « 14h », « 9.05 » or « 1430 ».
 */
export function readFrenchTime(text: string): TimeRead {
  const typed = text.trim();
  if (typed === '') return { kind: 'empty' };
  const m = /^(\d{1,2})\s*(?:[:.hH]\s*(\d{2})?)?$/.exec(typed) ?? /^(\d{2})(\d{2})$/.exec(typed);
  if (!m) return { kind: 'invalid', problem: `Heure non reconnue : écrivez-la ${FRENCH_TIME_SHAPE} sur 24 heures (par exemple 14:30).` };
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  if (hours > 23 || minutes > 59) return { kind: 'invalid', problem: `${pad(hours)}:${pad(minutes)} n’est pas une heure : de 00:00 à 23:59.` };
  return { kind: 'time', hhmm: `${pad(hours)}:${pad(minutes)}` };
}

/** What the field shows for a time the api gave (`14:00`, `14:00:00`): « 14:00 ». */
export function frenchTime(hhmm: string | undefined | null): string {
  const m = /^(\d{2}):(\d{2})/.exec(hhmm ?? '');
  return m ? `${m[1]}:${m[2]}` : '';
}
