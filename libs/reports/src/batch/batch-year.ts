import { calendarDateOf } from '@catalyse/domain';

/**
 * A batch's year may not lie after the current year (in the network's time zone): « actifs en 2031 » would list the
 * partnerships alive today, as if they were 2031's. The refusal in French, `undefined` when the year is fine. One rule
 * for `ops report --year` (exit 2) and `POST /api/reports` (400).
 */
export function batchYearRefusal(year: number, now: Date, timeZone: string): string | undefined {
  const current = Number(calendarDateOf(now, timeZone).slice(0, 4));
  return year > current ? `l’année ${year} n’est pas encore venue : un lot de partenariats porte sur ${current} au plus tard` : undefined;
}
