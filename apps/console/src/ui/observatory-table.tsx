/** One table of the observatory (`{name, title, columns, rows}`): a chart when it draws well, always the table. */
import { useMemo } from 'preact/hooks';
import { ChartFigure } from './chart';
import type { Series } from './chart';
import { DataTable } from './table';

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

const RATE = /(^share$|_share$|rate$|^mean|^median|_days$)/;

/** The columns worth drawing: counts, not rates nor identifiers. */
function plan(table: ObservatoryTableData): { labelKey: string; series: ObservatoryColumn[]; kind: 'bar' | 'hbar' | 'line' } | null {
  const { columns, rows } = table;
  // Measures of different units side by side (`measure`, `value`) read better as a table.
  if (rows.length < 2 || rows.length > 30 || columns.length === 0 || columns.some((c) => c.key === 'measure')) return null;
  const numeric = columns.filter((c) => rows.every((r) => typeof r[c.key] === 'number'));
  const counts = numeric.filter((c) => !RATE.test(c.key) && !/^score_/.test(c.key));
  const series = counts.length > 0 ? counts : numeric.slice(0, 1);
  if (series.length === 0 || series.length > 4) return null;
  const first = columns[0];
  if (!first) return null;
  const labelKey = columns.some((c) => c.key === 'label') ? 'label' : first.key;
  if (first.key === 'year') return { labelKey, series, kind: 'line' };
  return { labelKey, series, kind: rows.length > 6 ? 'hbar' : 'bar' };
}

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value.toLocaleString('fr-FR');
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return value;
}

export function ObservatoryTable({ table, idPrefix }: { table: ObservatoryTableData; idPrefix: string }) {
  const p = useMemo(() => plan(table), [table]);
  const labels = useMemo(() => (p ? table.rows.map((r) => cellText(r[p.labelKey])) : []), [p, table]);
  const series = useMemo<Series[]>(
    () => (p ? p.series.map((c) => ({ label: c.label, values: table.rows.map((r) => Number(r[c.key] ?? 0)) })) : []),
    [p, table],
  );
  const id = `${idPrefix}-${table.name}`;
  // Identifier columns beside their French label add nothing for a reader.
  const shown = table.columns.filter((c, i) => !(i === 0 && table.columns[1]?.key === 'label'));
  const columns = shown.map((c) => ({
    key: c.key,
    header: c.label,
    numeric: table.rows.some((r) => typeof r[c.key] === 'number'),
    cell: (r: Record<string, Cell>) => cellText(r[c.key]),
  }));
  if (p) {
    return (
      <>
        <ChartFigure
          id={id}
          title={table.title}
          kind={p.kind}
          labels={labels}
          series={series}
          alternative={(tableId) => <DataTable id={tableId} caption={table.title} columns={columns} rows={table.rows} />}
        />
      </>
    );
  }
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{table.title}</h3>
      <DataTable caption={table.title} hideCaption columns={columns} rows={table.rows} />
    </section>
  );
}
