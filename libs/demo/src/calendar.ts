/** Calendar arithmetic for scripts (UTC, `YYYY-MM-DD`): deterministic, no time zone involved. */

const toDate = (date: string): Date => new Date(`${date}T00:00:00.000Z`);
const fromDate = (date: Date): string => date.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = toDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromDate(d);
}

/** The same day `months` later (clamped to the end of a shorter month). */
export function addMonths(date: string, months: number): string {
  const d = toDate(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return fromDate(d);
}

/** A small deterministic generator (mulberry32): the same seed, the same history. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An element picked with a generator. */
export function pick<T>(rnd: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** `2012-10-02` + `HH:MM` as an ISO instant (the events' `occurredAt`). */
export function at(date: string, time = '09:00'): string {
  return `${date}T${time}:00.000Z`;
}
