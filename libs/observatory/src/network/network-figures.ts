import type { CalendarDate } from '@catalyse/domain';
import type { DatedObservation, Period, Place } from '../core/section';

/** The key of a region a place's profile does not give (as the partnerships section writes it). */
export const UNKNOWN_REGION = 'non renseignée';

/**
 * The observations that happened by the day the figures stand on, in the
 * order they happened (stable: the stream's order within a day). History
 * recorded late or out of order folds as it happened.
 */
export function asItHappened(observations: readonly DatedObservation[], period: Period): readonly DatedObservation[] {
  // Most histories were recorded in order and lie before the period's end: passed as they are.
  let ordered = true;
  for (let i = 0; i < observations.length && ordered; i++) {
    const o = observations[i];
    const previous = i === 0 ? undefined : observations[i - 1];
    ordered = o !== undefined && o.day <= period.until && (previous === undefined || previous.day <= o.day);
  }
  if (ordered) return observations;
  return observations
    .map((o, index) => ({ o, index }))
    .filter(({ o }) => o.day <= period.until)
    .sort((a, b) => (a.o.day < b.o.day ? -1 : a.o.day > b.o.day ? 1 : a.index - b.index))
    .map(({ o }) => o);
}

/** The year of a day, `2018`. */
export const yearOf = (day: CalendarDate): string => day.slice(0, 4);

/** Counts per year and per measure, for the "… par année" tables of flows. */
export class YearlyCounts<Measure extends string> {
  private readonly years = new Map<string, Map<Measure, number>>();

  add(day: CalendarDate, measure: Measure, by = 1): void {
    const year = yearOf(day);
    const counts = this.years.get(year) ?? new Map<Measure, number>();
    counts.set(measure, (counts.get(measure) ?? 0) + by);
    this.years.set(year, counts);
  }

  /** One row per year with a count, in year order, each measure a column (0 when none). */
  rows(measures: readonly Measure[]): Record<string, string | number>[] {
    return [...this.years.keys()].sort().map((year) => {
      const counts = this.years.get(year);
      return { year, ...Object.fromEntries(measures.map((m) => [m, counts?.get(m) ?? 0])) };
    });
  }
}

/** The region of a place, or `non renseignée`. */
export function regionKey(regionOf: (place: Place) => string | undefined, place: Place | undefined): string {
  return (place && regionOf(place)) ?? UNKNOWN_REGION;
}

/** Days from one date to a later one. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The exhaustive check of a fold over observation types: the compiler refuses
 * a type left out, while at run time a type the section does not know (kept
 * by a newer model) changes nothing.
 */
export function otherObservation(_type: never): void {
  return undefined;
}
