/** The edge's clock: commands get their time from it, never the domain (DESIGN §4). */
export interface Clock {
  now(): Date;
}

/** Dependency-injection token of the `Clock`; tests bind a controllable one. */
export const CLOCK = 'catalyse.api.Clock';

export const systemClock: Clock = { now: () => new Date() };

/**
 * The calendar date (`YYYY-MM-DD`) of an instant in a time zone: what "today"
 * means to the people using the network (Europe/Paris by default), not to the server.
 */
export function calendarDateOf(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
