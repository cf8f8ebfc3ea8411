import { dayOf, isCalendarDate } from '@catalyse/domain';
import type { Observation, ObservationDoc } from '@catalyse/projections';

/**
 * An observation with its two times read once, in forms that compare as
 * strings: days in the network's time zone, instants in the canonical UTC form
 * (`2012-12-10T09:00:00.000Z`, which sorts as time does).
 */
export interface DatedObservation extends Observation {
  /** The day it happened on. */
  readonly day: string;
  /** When it happened, canonical, when `on` is an instant; `undefined` for a date (day precision). */
  readonly onTime: string | undefined;
  /** The day and the instant (canonical) it was recorded. */
  readonly atDay: string;
  readonly atTime: string;
}

/** A subject's observations, dated. */
export interface DatedDoc {
  readonly id: string;
  readonly observations: readonly DatedObservation[];
}

/** Dates observations in a time zone, keeping the days of instants by minute (`Intl` costs microseconds a call). */
export class Dater {
  private readonly days = new Map<string, string>();

  constructor(readonly timeZone: string) {}

  doc(doc: ObservationDoc): DatedDoc {
    return { id: doc.id, observations: doc.observations.map((o) => this.observation(o)) };
  }

  /**
   * Dates a document the caller owns in place (its observations gain their
   * times): no second copy of hundreds of thousands of observations when a
   * section's documents are read whole.
   */
  adopt(doc: ObservationDoc): DatedDoc {
    for (const o of doc.observations as Observation[]) {
      const dated = o as { -readonly [K in keyof DatedObservation]: DatedObservation[K] };
      dated.day = this.day(o.on);
      dated.onTime = o.on.length === 10 ? undefined : canonical(o.on);
      dated.atDay = this.day(o.at);
      dated.atTime = canonical(o.at);
    }
    return doc as unknown as DatedDoc;
  }

  observation(o: Observation): DatedObservation {
    return {
      type: o.type,
      on: o.on,
      at: o.at,
      data: o.data,
      day: this.day(o.on),
      onTime: o.on.length === 10 ? undefined : canonical(o.on),
      atDay: this.day(o.at),
      atTime: canonical(o.at),
    };
  }

  /** The day of a date or an instant. */
  day(at: string): string {
    if (at.length === 10) return at;
    const key = at.length >= 16 && at.endsWith('Z') ? at.slice(0, 16) : at;
    let day = this.days.get(key);
    if (day === undefined) {
      day = dayOf(at, this.timeZone);
      if (this.days.size >= 100_000) this.days.clear();
      this.days.set(key, day);
    }
    return day;
  }
}

/** An instant in the canonical UTC form `toISOString` writes (which sorts as time does). */
export function canonical(instant: string): string {
  if (instant.length === 24 && instant.endsWith('Z')) return instant;
  const time = Date.parse(instant);
  // A malformed instant (the deciders refuse them; an old event might hold one) is kept as written.
  return Number.isNaN(time) ? instant : new Date(time).toISOString();
}

/**
 * The as-of test of `isInCut` (`@catalyse/domain`) on dated observations,
 * specialised once per answer: a date is compared at day precision, two
 * instants as instants.
 */
export class CutTest {
  private readonly limitDay: string;
  private readonly limitTime: string | undefined;

  constructor(
    limit: string,
    timeZone: string,
    private readonly recorded: boolean,
  ) {
    this.limitDay = dayOf(limit, timeZone);
    this.limitTime = isCalendarDate(limit) ? undefined : canonical(limit);
  }

  includes(o: DatedObservation): boolean {
    const time = this.recorded ? o.atTime : o.onTime;
    if (this.limitTime === undefined || time === undefined) return (this.recorded ? o.atDay : o.day) <= this.limitDay;
    return time <= this.limitTime;
  }
}
