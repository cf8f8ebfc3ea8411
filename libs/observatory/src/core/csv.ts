import { CSV_BOM, csvLine } from '@catalyse/protocol';
import type { Table } from './table';

/** One table as CSV (`@catalyse/protocol`'s rules, byte order mark first): its French headers, then its rows. */
export function tableCsv(table: Table): string {
  return CSV_BOM + csvLine(table.columns.map((c) => c.label)) + table.rows.map((row) => csvLine(table.columns.map((c) => row[c.key]))).join('');
}

/**
 * Several tables as one "long" CSV (one row per figure: table, group, measure,
 * value), the shape a spreadsheet pivots: `by_mode,mecenat,share,30.2`.
 */
export function tablesCsv(tables: readonly Table[]): string {
  let out = CSV_BOM + csvLine(['table', 'groupe', 'mesure', 'valeur']);
  for (const table of tables) {
    const [first, ...measures] = table.columns;
    if (!first) continue;
    for (const row of table.rows) {
      const group = row[first.key];
      for (const measure of measures) out += csvLine([table.name, group, measure.key, row[measure.key]]);
    }
  }
  return out;
}
