import { ruleViolated } from '../kernel/errors';
import { dayAsWritten, requireCalendarDate, show } from '../kernel/validation';
import type { CalendarDate } from '../kernel/vocabulary';
import type { ProposedPartnership } from './types';

/**
 * The order of a partnership's dated facts (docs/adr/0014-as-of-and-the-observatory.md):
 * a fact is not dated before the phase change it depends on, in the current
 * cycle, nor after the day it is recorded. Every rule compares calendar days
 * as written (the decider has no time zone). A reference date the state lacks
 * (an event written by hand without it) checks nothing.
 */

/**
 * Nothing of a partnership happens before it existed: a dated fact before the
 * day it was proposed is refused (docs/adr/0014-as-of-and-the-observatory.md).
 * The decider has no time zone: the proposal's day is the one the edge gave in
 * the network's zone (`proposedOn`); a proposal recorded without it (before it
 * existed, a script) is its instant's own calendar day as written.
 */
export function notBeforeProposal(date: CalendarDate, what: string, state: ProposedPartnership): void {
  const proposedOn = state.proposedOn ?? dayAsWritten(state.proposedAt);
  if (date < proposedOn) throw ruleViolated(`${what} (${date}) cannot be earlier than the partnership, proposed on ${proposedOn}`);
}

/** A fact is not dated after the day the command is recorded (`today`, when the edge gives it): it has not happened yet. */
export function notAfterToday(date: CalendarDate, what: string, today: unknown): void {
  if (today === undefined) return;
  const day = requireCalendarDate(today, "today's date");
  if (date > day) throw ruleViolated(`${what} (${date}) cannot be later than today, ${day}: it has not happened yet`);
}

/** A fact of pilotage (a milestone reached, a steering committee, a measure, the opening of the evaluation) is not dated before the cycle's pilotage started. */
export function notBeforePilotage(date: CalendarDate, what: string, state: ProposedPartnership): void {
  notBefore(date, what, state.pilotageStartedOn, 'the start of pilotage');
}

/** A fact of the evaluation (its conclusion, hence the renewal or the closing it decides) is not dated before the cycle's evaluation opened. */
export function notBeforeEvaluation(date: CalendarDate, what: string, state: ProposedPartnership): void {
  notBefore(date, what, state.evaluationOpenedOn, 'the opening of the evaluation');
}

/** A renewed cycle starts on the day of the renewal (the conclusion that decided it): its pilotage does not start before it. */
export function notBeforeRenewal(date: CalendarDate, what: string, state: ProposedPartnership): void {
  if (state.cycle <= 1) return;
  // The last renewal (the console compiles the domain for browsers without `findLast`).
  const renewal = [...state.conclusions].reverse().find((conclusion) => conclusion.decision === 'renouveler' && conclusion.cycle < state.cycle);
  notBefore(date, what, renewal?.concludedOn, 'the renewal of the partnership');
}

/**
 * The evaluation ends pilotage: it does not open before the cycle's last fact
 * of pilotage already recorded (a milestone reached, a steering committee held
 * since the start of pilotage), which only pilotage accepts.
 */
export function notBeforeLastPilotageFact(date: CalendarDate, what: string, state: ProposedPartnership): void {
  const since = state.pilotageStartedOn;
  if (since === undefined) return;
  let last: { readonly on: CalendarDate; readonly what: string } | undefined;
  const consider = (on: CalendarDate | undefined, fact: string): void => {
    if (on !== undefined && on >= since && (last === undefined || on > last.on)) last = { on, what: fact };
  };
  for (const milestone of state.milestones) {
    if (milestone.status === 'reached') consider(milestone.reachedOn, `milestone ${show(milestone.milestoneId)} reached`);
  }
  for (const committee of state.committees) consider(committee.heldOn, `steering committee ${show(committee.committeeId)} held`);
  if (last !== undefined) notBefore(date, what, last.on, `the last fact of pilotage, ${last.what}`);
}

/** RULE_VIOLATED `{what} ({date}) cannot be earlier than {floorWhat}, on {floor}` when the date comes before the floor. */
export function notBefore(date: CalendarDate, what: string, floor: CalendarDate | undefined, floorWhat: string): void {
  if (floor !== undefined && date < floor) throw ruleViolated(`${what} (${date}) cannot be earlier than ${floorWhat}, on ${floor}`);
}
