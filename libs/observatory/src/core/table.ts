/** A cell of an observatory table: a label, a number, or nothing (a mean of no value). */
export type Cell = string | number | null;

export interface Column {
  readonly key: string;
  /** The header a person reads (French). */
  readonly label: string;
}

/** One table of figures: named for machines (`by_mode`), titled for people (French). */
export interface Table {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** A share in percent with one decimal (`42.1`), `null` of nothing. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part * 1000) / whole) / 10;
}

/** The mean with two decimals, `null` of no value. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((sum, v) => sum + v, 0) / values.length) * 100) / 100;
}

/** The median (the mean of the two middle values of an even count), `null` of no value. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Counts by key, in first-seen order unless `order` gives it (keys of `order` with no count are listed with 0). */
export class Counter {
  private readonly counts = new Map<string, number>();

  add(key: string, by = 1): this {
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
    return this;
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys in the given order first (with zeros), then the others by decreasing count, then by key. */
  entries(order: readonly string[] = []): [string, number][] {
    const known = new Set(order);
    const rest = [...this.counts.entries()].filter(([k]) => !known.has(k)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return [...order.map((k): [string, number] => [k, this.get(k)]), ...rest];
  }
}

/** `count` and `share` (percent of `whole`) for each key of a counter: the usual "by X" table. */
export function countTable(
  name: string,
  title: string,
  key: Column,
  counter: Counter,
  whole: number,
  order: readonly string[] = [],
  label?: (key: string) => string,
): Table {
  const columns: Column[] = [
    key,
    ...(label ? [{ key: 'label', label: 'Libellé' }] : []),
    { key: 'count', label: 'Nombre' },
    { key: 'share', label: 'Part (%)' },
  ];
  const rows = counter.entries(order).map(([k, count]) => ({ [key.key]: k, ...(label ? { label: label(k) } : {}), count, share: percent(count, whole) }));
  return { name, title, columns, rows };
}
