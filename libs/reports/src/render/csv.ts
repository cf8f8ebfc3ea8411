import { frenchCsvCell } from '@catalyse/protocol';
import { type Cell, type ReportDocument, tablesOf } from '../document/document';

/**
 * CSV as French spreadsheets open it: `;` between cells, decimal commas,
 * CRLF line ends, a UTF-8 byte order mark. One block per table: a line with
 * the sections' titles, the header, the rows, a blank line. A section's titles
 * are written once: a section with facts and an untitled table (« Chiffres
 * clés ») gives two blocks under one title line, as the page shows one heading. A cell with `;`,
 * a quote or a line break is quoted (quotes doubled); a text cell that a
 * spreadsheet would take for a formula (`=`, `+`, `-`, `@`, tab, CR) is
 * prefixed with `'`, so a partner named `=HYPERLINK(…)` stays text.
 */
export function renderCsv(document: ReportDocument): string {
  const lines: string[] = [];
  const line = (cells: readonly Cell[]): void => void lines.push(cells.map(csvCell).join(';'));
  line([document.title]);
  if (document.subtitle) line([document.subtitle]);
  for (const fact of document.facts) line([fact.label, fact.value]);
  let heading: string | undefined;
  for (const { path, table } of tablesOf(document)) {
    lines.push('');
    const title = [...path, ...(table.title ? [table.title] : [])].join(' — ');
    if (title !== heading) line([title]);
    heading = title;
    line(table.columns);
    if (table.rows.length === 0) line([table.empty ?? 'Aucun élément']);
    for (const row of table.rows) line(row);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One cell, escaped (`@catalyse/protocol`'s `frenchCsvCell`). */
export function csvCell(cell: Cell): string {
  return frenchCsvCell(cell);
}
