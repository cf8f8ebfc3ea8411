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

/** The suffix of a column giving another in words (`stage_label` beside `stage`, `part_of_label` beside `part_of`). */
const IN_WORDS = '_label';

/**
 * Several tables as one "long" CSV (one row per figure), the shape a spreadsheet pivots, in French words only:
 * `Partenariats par mode;Mécénat;Part (%);30,2;mecenat` (the table's title, its group in words, the measure, the value,
 * then the group's machine key, last, for whoever pivots or joins by it). The group in words is the row's `label`; a
 * table without that column names its groups in their own words already (a region by its name, a year) or by id
 * (people stay by id): its group is given as it is, and again as its key. A coded column beside its words
 * (`part_of` and `part_of_label`, `stage` and `stage_label`) gives its words under its own header
 * (`…;Croissance économique et emplois;Sous-dimension de;Innovation sociétale;growth_and_jobs`): the value is a number,
 * or words, never a machine key. The machine names of every cell are the JSON answer's.
 */
export function tablesCsv(tables: readonly Table[]): string {
  let out = CSV_BOM + line(['tableau', 'groupe', 'mesure', 'valeur', 'clé']);
  for (const table of tables) {
    const [first, ...rest] = table.columns;
    if (!first) continue;
    const keys = new Set(table.columns.map((column) => column.key));
    const labelled = keys.has(LABEL);
    // A coded column reads as its words (under its own header); the words' own column is then not repeated.
    const measures = rest
      .filter((column) => column.key !== LABEL && !(column.key.endsWith(IN_WORDS) && keys.has(column.key.slice(0, -IN_WORDS.length))))
      .map((column) => ({ label: column.label, key: keys.has(column.key + IN_WORDS) ? column.key + IN_WORDS : column.key }));
    for (const row of table.rows) {
      const key = row[first.key];
      const group = labelled ? (row[LABEL] ?? key) : key;
      for (const measure of measures) out += line([table.title, group, measure.label, row[measure.key], key]);
    }
  }
  return out;
}
