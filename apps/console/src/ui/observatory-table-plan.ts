/** What an observatory table (`{name, title, columns, rows}`) is drawn and shown as: pure, so specified without a browser. */
import { date } from './words';

export interface ObservatoryColumn {
  readonly key: string;
  readonly label: string;
}
export type Cell = string | number | boolean | null | undefined;
export interface ObservatoryTableData {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly ObservatoryColumn[];
  readonly rows: readonly Record<string, Cell>[];
}

/** The chart of a table: which column names the bars, which columns are drawn, and the value axis when it is not from 0. */
export interface ChartPlan {
  readonly labelKey: string;
  readonly series: readonly ObservatoryColumn[];
  readonly kind: 'bar' | 'hbar' | 'line';
  /** A fixed value axis (notes from 1 to 5), rather than counts from 0. */
  readonly scale?: { readonly min: number; readonly max: number };
  /**
   * The bars are a measure (a mean and a median of days), not counts: a value of nothing (no stay ended) has no bar,
   * and how many there were stays in the table.
   */
  readonly measure?: boolean;
}

const RATE = /(^share$|_share$|rate$|^mean|^median|_days$)/;
const SCORE = /^score_(\d+)$/;
/** A measure's columns: a mean and a median (`mean`, `median_days`), what a table of delays or durations is about. */
const MEASURE = /^(mean|median)(_days)?$/;

/**
 * The columns worth drawing: counts, not rates nor identifiers. A table of notes (a `mean` beside the counts of each
 * note, `score_1` … `score_5`: the impacts) draws its mean note on the notes' own axis, not how many assessments
 * there were.
 */
export function chartPlan(table: ObservatoryTableData): ChartPlan | null {
  const { columns, rows } = table;
  // Measures of different units side by side (`measure`, `value`) read better as a table.
  if (rows.length < 2 || rows.length > 30 || columns.length === 0 || columns.some((c) => c.key === 'measure')) return null;
  const first = columns[0];
  if (!first) return null;
  const labelKey = columns.some((c) => c.key === 'label') ? 'label' : first.key;
  const kind = rows.length > 6 ? 'hbar' : 'bar';
  const scores = columns.flatMap((c) => {
    const match = SCORE.exec(c.key);
    return match ? [Number(match[1])] : [];
  });
  const meanColumn = columns.find((c) => c.key === 'mean');
  if (meanColumn && scores.length > 0) {
    if (!rows.some((r) => typeof r['mean'] === 'number')) return null;
    return { labelKey, series: [meanColumn], kind, scale: { min: Math.min(...scores), max: Math.max(...scores) } };
  }
  // A table of delays or durations (« Temps passé par phase (… en jours) », « Délais … (jours) ») draws its mean and
  // median days, as its title says, not how many stays or introductions they were measured on (the table says it).
  const measures = columns.filter((c) => MEASURE.test(c.key) && rows.every((r) => r[c.key] == null || typeof r[c.key] === 'number'));
  if (measures.length > 0 && rows.some((r) => measures.some((c) => typeof r[c.key] === 'number'))) {
    return { labelKey, series: measures, kind, measure: true };
  }
  const numeric = columns.filter((c) => rows.every((r) => typeof r[c.key] === 'number'));
  const counts = numeric.filter((c) => !RATE.test(c.key) && !SCORE.test(c.key));
  const series = counts.length > 0 ? counts : numeric.slice(0, 1);
  if (series.length === 0 || series.length > 4) return null;
  if (first.key === 'year') return { labelKey, series, kind: 'line' };
  return { labelKey, series, kind };
}

/** A chart's value of a cell: a number, or nothing (`NaN`, no bar) for a mean of no value. */
export function chartValue(value: Cell, plan: ChartPlan): number {
  if (typeof value === 'number') return value;
  return plan.scale || plan.measure ? Number.NaN : 0;
}

/**
 * A table « … par année » with every year between its first and its last, a quiet one with zeros in the columns that
 * count (nothing in the others): a chart's axis has no hole (2009, then 2012), and no line joins two years apart. The
 * observatory fills some tables itself (the partnerships' per year); any other is filled here, the same way.
 */
export function withEveryYear(table: ObservatoryTableData): ObservatoryTableData {
  const [first] = table.columns;
  if (first?.key !== 'year' || table.rows.length < 2) return table;
  const years = table.rows.map((r) => Number(r['year']));
  if (years.some((y) => !Number.isInteger(y))) return table;
  const numbers = new Set(table.columns.filter((c) => table.rows.some((r) => typeof r[c.key] === 'number')).map((c) => c.key));
  const asNumber = table.rows.some((r) => typeof r['year'] === 'number');
  const byYear = new Map(table.rows.map((r) => [Number(r['year']), r]));
  const rows: Record<string, Cell>[] = [];
  for (let y = Math.min(...years); y <= Math.max(...years); y++) {
    const row = byYear.get(y);
    if (row) rows.push(row);
    else rows.push(Object.fromEntries(table.columns.map((c) => [c.key, c.key === 'year' ? (asNumber ? y : String(y)) : numbers.has(c.key) ? 0 : null])));
  }
  return rows.length === table.rows.length ? table : { ...table, rows };
}

/**
 * Whether a table has nothing to say: no row, or figures that are all zero or missing (« 1 | 0 | — » of the
 * partnerships per cycle in a region without any). Its first column names the rows (a cycle, a year), so it does
 * not count; a table of words alone (no figure) is never empty while it has rows.
 */
export function nothingInTable(table: ObservatoryTableData): boolean {
  const [first] = table.columns;
  if (table.rows.length === 0 || !first) return true;
  const cells = table.rows.flatMap((r) => table.columns.filter((c) => c.key !== first.key).map((c) => r[c.key]));
  if (!cells.some((v) => typeof v === 'number')) return false;
  return cells.every((v) => v === null || v === undefined || v === 0 || (typeof v === 'number' && !Number.isFinite(v)) || typeof v === 'string');
}

/**
 * The columns a reader sees, and how each cell reads: a machine key (`mecenat`, `association + entreprise`) gives way
 * to the table's French `label` column wherever it stands, a coded column `X` to its `X_label` beside it (under `X`'s
 * header), a column naming those keys (`part_of`) reads their labels, and a day (`2012-01-16`) reads « 16 janvier
 * 2012 ». The API's JSON and CSV keep the keys.
 */
export function readableColumns(table: ObservatoryTableData): {
  readonly columns: readonly ObservatoryColumn[];
  readonly value: (row: Record<string, Cell>, key: string) => Cell;
} {
  const keyed = keyedColumns(table);
  return { columns: keyed.columns, value: (row, key) => readable(keyed.value(row, key)) };
}

/** `X_label` in the place of `X`, under `X`'s header. */
function withCodeLabels(columns: readonly ObservatoryColumn[]): readonly ObservatoryColumn[] {
  const keys = new Set(columns.map((c) => c.key));
  const labelled = (key: string): boolean => keys.has(`${key}_label`);
  return columns.flatMap((c) => {
    if (labelled(c.key)) return [{ key: `${c.key}_label`, label: c.label }];
    if (c.key.endsWith('_label') && keys.has(c.key.slice(0, -'_label'.length))) return [];
    return [c];
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day in French words; any other cell as it is. */
function readable(cell: Cell): Cell {
  return typeof cell === 'string' && DAY.test(cell) ? date(cell) : cell;
}

function keyedColumns(table: ObservatoryTableData): {
  readonly columns: readonly ObservatoryColumn[];
  readonly value: (row: Record<string, Cell>, key: string) => Cell;
} {
  const shown = withCodeLabels(table.columns);
  const [first] = shown;
  const hasLabel = shown.some((c) => c.key === 'label');
  if (!first || !hasLabel || first.key === 'label') return { columns: shown, value: (row, key) => row[key] };
  const labels = new Map(table.rows.map((row) => [String(row[first.key]), row['label']]));
  const namesKeys = (key: string): boolean =>
    key !== first.key &&
    key !== 'label' &&
    table.rows.some((row) => typeof row[key] === 'string') &&
    table.rows.every((row) => row[key] == null || labels.has(String(row[key])));
  const mapped = new Set(shown.filter((c) => namesKeys(c.key)).map((c) => c.key));
  // The label takes the key's place, under the key's header (« Sphères », « Échelle »).
  const columns = [{ key: 'label', label: first.label }, ...shown.filter((c) => c.key !== first.key && c.key !== 'label')];
  return { columns, value: (row, key) => (mapped.has(key) && row[key] != null ? (labels.get(String(row[key])) ?? row[key]) : row[key]) };
}
