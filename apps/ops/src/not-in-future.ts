import type { Command } from 'commander';
import { calendarDateOf, isCalendarDate } from '@catalyse/domain';
import { frenchDate } from '@catalyse/reports';
import { OpsRefusal } from './french-output';

/**
 * The CLI's side of the api's rule on as-of reads: a date after today (in the
 * network's time zone) or an instant after now is refused, exit 2 like any bad
 * argument. The figures « au 1er janvier 2099 » would be today's, dated as if
 * they were that day's, and the board would count every planned milestone late.
 */
export function refuseFuture(option: string, value: string, now: Date, timeZone: string): void {
  const today = calendarDateOf(now, timeZone);
  if (isCalendarDate(value) ? value > today : Date.parse(value) > now.getTime()) {
    throw new OpsRefusal(`${option} ${value} est dans le futur : nous sommes le ${frenchDate(today, timeZone)}, et seul ce qui a eu lieu se lit`, 2);
  }
}

/**
 * `--clock` given without the time it reads (`--time`, `--as-of`): refused, exit 2, as the api refuses `clock`
 * without `asOf` — without a date, the two clocks read the same thing, and the operator meant a date.
 */
export function refuseClockAlone(command: Command, timeOption: string, time: string | undefined): void {
  if (time === undefined && command.getOptionValueSource('clock') === 'cli') {
    throw new OpsRefusal(`--clock ne s’applique qu’avec ${timeOption} : sans date, les deux horloges lisent la même chose`, 2);
  }
}
