import { calendarDateOf, isCalendarDate } from '@catalyse/domain';

/**
 * A batch's year may not lie after the current year (in the network's time zone): « actifs en 2031 » would list the
 * partnerships alive today, as if they were 2031's. The refusal in French, `undefined` when the year is fine. One rule
 * for `ops report --year` (exit 2) and `POST /api/reports` (400).
 */
export function batchYearRefusal(year: number, now: Date, timeZone: string): string | undefined {
  const current = Number(calendarDateOf(now, timeZone).slice(0, 4));
  return year > current ? `l’année ${year} n’est pas encore venue : un lot de partenariats porte sur ${current} au plus tard` : undefined;
}

/**
 * A batch's year after the year of its cut (`asOf`): « actifs en 2015, au 31 décembre 2012 » would read partnerships
 * of a year the cut has not reached. The edges refuse it (400 on `year`, exit 2).
 */
export function batchYearAfterCut(year: number, asOfTime: string, timeZone: string): boolean {
  const day = isCalendarDate(asOfTime) ? asOfTime : calendarDateOf(new Date(asOfTime), timeZone);
  return year > Number(day.slice(0, 4));
}
