/**
 * Small checks shared by the deciders. They guard against values of the wrong
 * run-time type too (commands come from the edges), and throw `DomainError`s
 * whose messages users can read.
 */
import { isCalendarDate } from './calendar-date';
import { ruleViolated } from './errors';
import { isDateOrInstant } from './instant';
import { textLength } from './text-length';
import type { CalendarDate, Instant } from './vocabulary';

/** A value as quoted in a message: `"banque"`, `42`. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

/** The text trimmed; refused when it is not a string or only blanks. */
export function requireText(value: unknown, message: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw ruleViolated(message);
  return value.trim();
}

/** Text that may be left out: trimmed, and `undefined` when absent or blank. */
export function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** One of a vocabulary's words, else RULE_VIOLATED `unknown {what} "{value}"`. */
export function requireOneOf<T extends string>(values: readonly T[], value: unknown, what: string): T {
  if (!isOneOf(values, value)) throw ruleViolated(`unknown ${what} ${show(value)}`);
  return value;
}

/** A non-empty list, else RULE_VIOLATED with `message`. */
export function requireList(value: unknown, message: string): readonly unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw ruleViolated(message);
  return value as readonly unknown[];
}

/**
 * Bounds on what an aggregate holds (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): each record of a
 * partnership, a gathering, a territory… is kept in its state, read back by every command and rewritten whole in its
 * read model, so one that grows without end slows the whole server. The bounds sit far above what the network
 * records in a life (a committee a month for twenty years is 240), on commands only: events already stored are read
 * as they are.
 */

/** Room for one more: RULE_VIOLATED `{what} (at most {max})` when `count` already reaches `max`. */
export function roomForOneMore(count: number, max: number, what: string): void {
  if (count >= max) throw ruleViolated(`${what} (at most ${max})`);
}

/** A list of at most `max` values: RULE_VIOLATED `{what} (at most {max}, got {length})` when longer. */
export function atMost<T>(values: readonly T[], max: number, what: string): readonly T[] {
  if (values.length > max) throw ruleViolated(`${what} (at most ${max}, got ${values.length})`);
  return values;
}

/**
 * `requireText`, at most `max` characters once trimmed, counted by `textLength` (as the api's validation and the
 * console count them, so the domain refuses nothing the api's same bound lets through): RULE_VIOLATED `{what} is at
 * most {max} characters (got {length})`.
 */
export function requireShortText(value: unknown, message: string, max: number, what: string): string {
  const text = requireText(value, message);
  const length = textLength(text);
  if (length > max) throw ruleViolated(`${what} is at most ${max} characters (got ${length})`);
  return text;
}

/** The first value found twice, if any. */
export function firstDuplicate<T>(values: readonly T[]): T | undefined {
  const seen = new Set<T>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return undefined;
}

/** A real `YYYY-MM-DD` date, else RULE_VIOLATED `{what} must be a real date written YYYY-MM-DD`. */
export function requireCalendarDate(value: unknown, what: string): CalendarDate {
  if (!isCalendarDate(value)) throw ruleViolated(`${what} must be a real date written YYYY-MM-DD (got ${show(value)})`);
  return value;
}

/**
 * A real date `YYYY-MM-DD` or a real ISO-8601 instant with its zone
 * (`isDateOrInstant`), trimmed: RULE_VIOLATED `message` when absent or blank,
 * `{what} must be a date YYYY-MM-DD or an ISO-8601 instant with its zone` when
 * it is neither. A time a rule compares by its day must be one.
 */
export function requireDateOrInstant(value: unknown, message: string, what: string): CalendarDate | Instant {
  const time = requireText(value, message);
  if (!isDateOrInstant(time)) throw ruleViolated(`${what} must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got ${show(value)})`);
  return time;
}

/**
 * The calendar day of a date or an instant as written: its first ten
 * characters. The deciders have no time zone, so the day of an instant is the
 * one its own offset gives (UTC from the api, which accepts a fact dated in
 * the network's zone by at most the zone's offset; see
 * docs/adr/0014-as-of-and-the-observatory.md).
 */
export function dayAsWritten(time: CalendarDate | Instant): CalendarDate {
  return time.slice(0, 10);
}

/**
 * The day a fact was recorded, in the network's time zone: `on` when the edge gives it beside the instant (a real
 * date, else RULE_VIOLATED naming `what`), else the time's own calendar day as written (UTC from the api: west of
 * UTC in the evening, already the next day). The floor of the dates a person gives about what follows.
 */
export function recordedDay(on: unknown, at: CalendarDate | Instant, what: string): CalendarDate {
  return on === undefined ? dayAsWritten(at) : requireCalendarDate(on, what);
}

/** A record's own entry: user-chosen keys such as `constructor` never reach the prototype. */
export function ownEntry<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A message with an object `data`: guards a fold against a malformed event read from a store. */
export function isWellFormed(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { data } = message as { data?: unknown };
  return typeof data === 'object' && data !== null;
}

/** Dates never go back past what they follow: RULE_VIOLATED `{what} ({date}) cannot be earlier than {floorWhat} ({floor})`. */
export function notEarlier(date: CalendarDate, what: string, floor: CalendarDate, floorWhat: string): void {
  if (date < floor) throw ruleViolated(`${what} (${date}) cannot be earlier than ${floorWhat} (${floor})`);
}

/**
 * What a command dating a fact that happened may carry besides its date: the
 * day it is recorded (`today`), in the network's time zone, set by the edge
 * from the request's moment (the decider has no clock). A fact dated after it
 * is refused: it has not happened yet. Absent (a loading script that dates
 * history itself, a test), the fact's date is not compared with it
 * (docs/adr/0014-as-of-and-the-observatory.md, amended).
 */
export interface RecordedToday {
  readonly today?: CalendarDate;
}

/**
 * A fact is not dated after the day the command is recorded (`today`, when the
 * edge gives it): RULE_VIOLATED `{what} ({date}) cannot be later than today,
 * {today}: it has not happened yet`. Days compare as written, no time zone.
 */
export function notAfterToday(date: CalendarDate, what: string, today: unknown): void {
  if (today === undefined) return;
  const day = requireCalendarDate(today, "today's date");
  if (date > day) throw ruleViolated(`${what} (${date}) cannot be later than today, ${day}: it has not happened yet`);
}

/**
 * What a command naming the catalyseur who acts may carry about it: the day it joined the network
 * (`catalyseurJoinedOn`), in the network's time zone, set by the edge from the catalyseur's own stream (a decider
 * sees no other aggregate). What the catalyseur does in the network is not dated before it. Absent (a loading script,
 * a test, a catalyseur the edge does not know), the date is not compared with it.
 */
export interface CatalyseurJoinedOn {
  readonly catalyseurJoinedOn?: CalendarDate;
}

/**
 * A fact a catalyseur records is not dated before the day it joined the network, when the command carries that day:
 * RULE_VIOLATED `{what} ({date}) cannot be earlier than the day catalyseur "{id}" joined the network ({joinedOn})`.
 */
export function notBeforeJoining(date: CalendarDate, what: string, catalyseurId: string, joinedOn: unknown): void {
  if (joinedOn === undefined) return;
  const day = requireCalendarDate(joinedOn, 'the day the catalyseur joined the network');
  notEarlier(date, what, day, `the day catalyseur ${show(catalyseurId)} joined the network`);
}
