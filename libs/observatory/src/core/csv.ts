import { CSV_BOM, csvLine } from '@catalyse/protocol';
import type { Table } from './table';

/** One table as CSV (`@catalyse/protocol`'s rules, byte order mark first): its French headers, then its rows. */
export function tableCsv(table: Table): string {
  return CSV_BOM + csvLine(table.columns.map((c) => c.label)) + table.rows.map((row) => csvLine(table.columns.map((c) => row[c.key]))).join('');
}

/** The column of a table that names its group in words (« Mécénat » for `mecenat`). */
const LABEL = 'label';

/**
 * Several tables as one "long" CSV (one row per figure), the shape a spreadsheet pivots, in the words of the tables'
 * own headers: `Partenariats par mode,mecenat,Mécénat,Part (%),30.2` (the table's title, its group, the group in
 * words when the table has them, the measure, the value). The machine names are the JSON answer's.
 */
export function tablesCsv(tables: readonly Table[]): string {
  let out = CSV_BOM + csvLine(['tableau', 'groupe', 'libellé', 'mesure', 'valeur']);
  for (const table of tables) {
    const [first, ...rest] = table.columns;
    if (!first) continue;
    const measures = rest.filter((column) => column.key !== LABEL);
    for (const row of table.rows) {
      const group = row[first.key];
      const label = row[LABEL] ?? '';
      for (const measure of measures) out += csvLine([table.title, group, label, measure.label, row[measure.key]]);
    }
  }
  return out;
}
