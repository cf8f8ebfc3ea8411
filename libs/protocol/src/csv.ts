/**
 * CSV as Catalyse writes it (RFC 4180), for the tables programs read: read-model
 * lists, the log. Pure, no I/O. (The tables people open in a spreadsheet, the
 * evaluation reports' and the observatory's, are written the French way:
 * `frenchCsvCell`, below.)
 *
 * - Fields are separated by `,`, records end with CRLF; a field holding `,`,
 *   `"`, CR or LF is quoted, its quotes doubled.
 * - Cells: `null`/`undefined` → empty; strings, numbers, booleans, bigints as
 *   written; an array of plain values → its values joined by `; `; anything
 *   else (objects, arrays of objects) → its JSON.
 * - A text cell that a spreadsheet would run as a formula (starting with `=`,
 *   `+`, `-`, `@`, a tab or CR, and not a number) is prefixed with `'`.
 * - Files start with a UTF-8 byte order mark (`CSV_BOM`) so that spreadsheets
 *   (Excel in French among them) read accents right; `toCsv(…, {bom: false})`
 *   leaves it out.
 */

/** The UTF-8 byte order mark, first character of a CSV file. */
export const CSV_BOM = '\uFEFF';

/** The media type of CSV answers. */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/** A column: its header and how a row gives its cell. */
export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => unknown;
}

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(?:[.,]\d+)?(?:[eE][-+]?\d+)?$/;

/** A cell's text, before quoting. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every(isPlain)) return csvCell(value.map((v) => (v === null ? '' : String(v))).join('; '));
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
}

/**
 * A cell as a French spreadsheet opens it, for CSV with `;` between cells (the evaluation reports' and the
 * observatory's): a number with a decimal comma and no thousands separator (a spreadsheet reads `29,6` and `1084` as
 * numbers; a non-finite one is empty), a text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * prefixed with `'`, quoted when it holds `;`, a quote or a line break (quotes doubled); nothing is empty.
 */
export function frenchCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record: each value as a cell, quoted when it must be, then CRLF. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map((value) => quote(csvCell(value))).join(',')}\r\n`;
}

/** A whole CSV text: the header line, then one line per row. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>, options: { readonly bom?: boolean } = {}): string {
  const lines = [csvLine(columns.map((c) => c.header))];
  for (const row of rows) lines.push(csvLine(columns.map((c) => c.value(row))));
  return `${options.bom === false ? '' : CSV_BOM}${lines.join('')}`;
}

/** How documents are flattened: which fields are maps keyed by ids, each kept in one cell. */
export interface FlattenOptions {
  /**
   * Dotted names of the fields holding a map keyed by ids (a partnership's `objectives` by organisation, its
   * `assignedOn` by catalyseur): one cell each, `flda: parties_prenantes, innovation; cg-ardeche: economique`,
   * rather than a column per id (47 `objectives.<org>` columns over 70 partnerships).
   */
  readonly maps?: readonly string[];
}

/**
 * A document as flat cells: nested plain objects become dotted columns
 * (`territory.name`), arrays stay one cell (see `csvCell`), a map keyed by
 * ids named in `options.maps` one cell (`mapCell`).
 */
export function flattenForCsv(doc: unknown, prefix = '', options: FlattenOptions = {}): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  if (!isObject(doc)) {
    flat[prefix || 'value'] = doc;
    return flat;
  }
  for (const [key, value] of Object.entries(doc)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (isObject(value) && options.maps?.includes(name)) flat[name] = mapCell(value);
    else if (isObject(value) && Object.keys(value).length > 0) Object.assign(flat, flattenForCsv(value, name, options));
    else flat[name] = value;
  }
  return flat;
}

/**
 * A map keyed by ids as one cell: each key and its value, `key: value`, joined by `; ` (a list of plain values joined
 * by `, `, anything else as JSON); an empty map is an empty cell.
 */
export function mapCell(map: Readonly<Record<string, unknown>>): string {
  const said = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value) && value.every(isPlain)) return value.map((v) => (v === null ? '' : String(v))).join(', ');
    if (isPlain(value)) return String(value);
    return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? '';
  };
  return Object.entries(map)
    .map(([key, value]) => `${key}: ${said(value)}`)
    .join('; ');
}

/**
 * Columns for documents of any shape (read-model documents): their flattened
 * fields, in the order they first appear across the documents.
 */
export function documentColumns(docs: Iterable<unknown>, options: FlattenOptions = {}): CsvColumn<Record<string, unknown>>[] {
  const headers = new Set<string>();
  for (const doc of docs) for (const key of Object.keys(flattenForCsv(doc, '', options))) headers.add(key);
  return [...headers].map((header) => ({ header, value: (row) => row[header] }));
}

/** Documents as CSV: `documentColumns`, one row per document. */
export function documentsToCsv(docs: readonly unknown[], options: { readonly bom?: boolean } & FlattenOptions = {}): string {
  const rows = docs.map((doc) => flattenForCsv(doc, '', options));
  return toCsv(documentColumns(docs, options), rows, options);
}

function quote(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function isPlain(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
