/** The edge's clock: commands get their time from it, never the domain (docs/architecture.md §4.1). */
export interface Clock {
  now(): Date;
}

/** Dependency-injection token of the `Clock`; tests bind a controllable one. */
export const CLOCK = 'catalyse.api.Clock';

export const systemClock: Clock = { now: () => new Date() };

/** Moved to the domain (pure calendar arithmetic); re-exported for the api's callers. */
export { calendarDateOf } from '@catalyse/domain';
