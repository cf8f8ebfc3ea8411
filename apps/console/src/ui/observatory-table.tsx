/** One table of the observatory (`{name, title, columns, rows}`): a chart when it draws well, always the table. */
import { useMemo } from 'preact/hooks';
import { ChartFigure } from './chart';
import type { Series } from './chart';
import { DataTable } from './table';
import { type Cell, chartPlan, chartValue, nothingInTable, type ObservatoryTableData, readableColumns, withEveryYear } from './observatory-table-plan';

export type { Cell, ObservatoryColumn, ObservatoryTableData } from './observatory-table-plan';

export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value.toLocaleString('fr-FR');
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  return value;
}

/**
 * Beyond this many columns a table spans the whole width of its grid (« Accompagnements par catalyseur », 5 columns,
 * does not fit half of it); a wider one still scrolls inside its card, with its cue (`DataTable`).
 */
const WIDE_COLUMNS = 4;

/** What a table or a chart with nothing to show says, in place of empty axes or a row of zeros. */
export const NOTHING = 'Aucune donnée pour cette sélection.';

export function ObservatoryTable({ table: read, idPrefix }: { table: ObservatoryTableData; idPrefix: string }) {
  // Every year between the first and the last (a quiet one with its zeros): no hole in a chart's axis.
  const table = useMemo(() => withEveryYear(read), [read]);
  const p = useMemo(() => chartPlan(table), [table]);
  const labels = useMemo(() => (p ? table.rows.map((r) => cellText(r[p.labelKey])) : []), [p, table]);
  const series = useMemo<Series[]>(
    () => (p ? p.series.map((c) => ({ label: c.label, values: table.rows.map((r) => chartValue(r[c.key], p)) })) : []),
    [p, table],
  );
  const id = `${idPrefix}-${table.name}`;
  // Identifier columns beside their French label add nothing for a reader: the label stands in their place.
  const readable = useMemo(() => readableColumns(table), [table]);
  const columns = readable.columns.map((c) => ({
    key: c.key,
    header: c.label,
    numeric: table.rows.some((r) => typeof r[c.key] === 'number'),
    cell: (r: Record<string, Cell>) => cellText(readable.value(r, c.key)),
  }));
  if (p) {
    return (
      <>
        <ChartFigure
          id={id}
          title={table.title}
          kind={p.kind}
          {...(p.scale ? { scale: p.scale, format: (n: number) => (Number.isNaN(n) ? '—' : n.toLocaleString('fr-FR')) } : {})}
          {...(p.measure ? { note: 'Moyenne et médiane ; combien de cas chacune mesure : dans le tableau des valeurs.' } : {})}
          labels={labels}
          series={series}
          none={NOTHING}
          alternative={(tableId) => <DataTable id={tableId} caption={table.title} columns={columns} rows={table.rows} />}
        />
      </>
    );
  }
  return (
    // A wide table (« Expérimentations collectives »: 17 columns) takes the grid's whole width rather than half of it.
    <section class={columns.length > WIDE_COLUMNS ? 'card wide' : 'card'} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{table.title}</h3>
      {nothingInTable(table) ? <p class="empty">{NOTHING}</p> : <DataTable caption={table.title} hideCaption columns={columns} rows={table.rows} />}
    </section>
  );
}
