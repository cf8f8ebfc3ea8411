import { CSV_BOM, frenchCsvCell } from '@catalyse/protocol';
import type { Cell, Table } from './table';

/**
 * The observatory's CSV is read by people in spreadsheets, French ones first: it follows the evaluation reports'
 * conventions (`@catalyse/protocol`'s `frenchCsvCell`): a UTF-8 byte order mark, `;` between cells, CRLF line ends, numbers
 * with a decimal comma and no thousands separator (`29,6`, `1084`: a spreadsheet reads them as numbers), a cell with
 * `;`, a quote or a line break quoted (quotes doubled), a text a spreadsheet would take for a formula (`=`, `+`, `-`,
 * `@`, tab, CR) prefixed with `'`. A cell a row does not have is empty.
 */
/** One line of cells. */
function line(cells: readonly (Cell | undefined)[]): string {
  return `${cells.map(frenchCsvCell).join(';')}\r\n`;
}

/** One table as CSV: its French headers, then its rows (`mecenat;Mécénat;2;66,7`). */
export function tableCsv(table: Table): string {
  return CSV_BOM + line(table.columns.map((c) => c.label)) + table.rows.map((row) => line(table.columns.map((c) => row[c.key]))).join('');
}

/** The column of a table that names its group in words (« Mécénat » for `mecenat`). */
const LABEL = 'label';

/**
 * Several tables as one "long" CSV (one row per figure), the shape a spreadsheet pivots, in the words of the tables'
 * own headers: `Partenariats par mode;mecenat;Mécénat;Part (%);30,2` (the table's title, its group, the group in
 * words, the measure, the value). The group in words is the row's `label`; a table without that column names its
 * groups in their own words already (a region by its name, a year) or by id (people stay by id): its group is given
 * again as the label (`Partenariats par région;Grand Est;Grand Est;Nombre;70`). The machine names are the JSON
 * answer's.
 */
export function tablesCsv(tables: readonly Table[]): string {
  let out = CSV_BOM + line(['tableau', 'groupe', 'libellé', 'mesure', 'valeur']);
  for (const table of tables) {
    const [first, ...rest] = table.columns;
    if (!first) continue;
    const labelled = table.columns.some((column) => column.key === LABEL);
    const measures = rest.filter((column) => column.key !== LABEL);
    for (const row of table.rows) {
      const group = row[first.key];
      const label = labelled ? row[LABEL] : group === null || group === undefined ? null : String(group);
      for (const measure of measures) out += line([table.title, group, label, measure.label, row[measure.key]]);
    }
  }
  return out;
}
