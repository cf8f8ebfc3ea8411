import { checkedRedactions, nameFragments, ownRow, type Redaction, redactJson, redactString } from '@catalyse/projections';
import { csvCell } from '../render/csv';
import type { ReportFormat } from '../render/formats';
import { escapeHtml } from '../render/html';

/**
 * Erasure of personal values from a kept report (docs/adr/0006): pure
 * functions shared by the `ReportStore` adapters' `redact`. Each format is
 * redacted as it spells its texts, so the result reads as if the report had
 * been written with the replacement: JSON through its strings, CSV cell by
 * cell, HTML through its escaped text. `within` replaces a value wherever it
 * appears in a text, `exact` a text that is the whole value (a JSON string, a
 * CSV cell, an HTML element's text).
 */

/**
 * What to look for (case-sensitive substrings: `instr`, `strpos`) in a kept
 * file's content to find the files a redaction may change (a superset): the
 * value as each format may spell it (for a whole value scoped to a person's id, the id: only what holds it is theirs),
 * and for a `within` value (a name, found in
 * any case and Unicode form: `redactString`) the beginning of its first word in
 * every such spelling (`nameFragments`), spelled by each format too.
 */
export function reportSearchTexts(redactions: readonly Redaction[]): string[] {
  const texts = new Set<string>();
  const spell = (text: string): void => {
    texts.add(text);
    texts.add(JSON.stringify(text).slice(1, -1));
    texts.add(escapeHtml(text));
    texts.add(text.replace(/"/g, '""'));
  };
  for (const { value, match, onlyBeside } of checkedRedactions(redactions)) {
    // A whole value scoped to a person's id changes only what holds the id (their row, their object): the id is looked
    // for, once, rather than each of their values (thousands of messages, each crossed with every kept file).
    if (match === 'exact' && onlyBeside !== undefined) {
      spell(onlyBeside);
      continue;
    }
    spell(value);
    if (match !== 'within') continue;
    for (const fragment of nameFragments(value)) spell(fragment);
    // The HTML is searched as escaped (`redactHtml`): each spelling escaped once its case is chosen.
    for (const fragment of nameFragments(value, escapeHtml)) texts.add(fragment);
  }
  return [...texts];
}

/** A report file's content with the redactions applied (the same string when nothing changed). */
export function redactReportContent(format: ReportFormat, content: string, redactions: readonly Redaction[]): string {
  const all = checkedRedactions(redactions);
  // A whole value scoped to the person's fields and id (`fields`, `onlyBeside`) is nobody's in a report's text: reports
  // hold no personal text, so a cell equal to it (« Lyon », « Bonjour ») is someone else's — except in the person's
  // own record: in a JSON report the object holding their id (`redactJsonText`), in every format a table's row holding
  // their id as a cell (a territory's catalyseurs: a one-word name goes from there).
  const checked = all.filter((r) => r.match === 'within' || (r.onlyBeside === undefined && r.fields === undefined));
  const scoped = all.filter((r) => r.onlyBeside !== undefined || r.namesBeside !== undefined);
  switch (format) {
    case 'json':
      return all.length === 0 ? content : redactJsonText(content, all, checked);
    case 'csv':
      return all.length === 0 ? content : redactCsv(content, checked, scoped);
    case 'html':
      return all.length === 0 ? content : redactHtml(redactOwnHtmlRows(content, scoped), checked);
    default: {
      const unknown: never = format;
      throw new RangeError(`unknown report format ${String(unknown)}`);
    }
  }
}

/**
 * The JSON format is `JSON.stringify(report, null, 2)` and a line end (`renderReport`): written again the same way. A
 * report is nobody's record as a whole (a territory's lists its catalyseurs by id, an experimentation's its
 * catalyseurs' ids): the person's own record there is the object holding their id as a property's value (their row,
 * `{id, name, …}`), where their name is looked for in `name` properties and their scoped values (`fields`,
 * `onlyBeside`) apply (`redactJson`'s `ownObjects`). Everywhere else a name is looked for in texts only, not in
 * names (`name`, `partners`, `carriers`…, and the cells of a table's `nameColumns`). ADR 0006, amendment « lists of
 * organisations' names ».
 */
function redactJsonText(content: string, redactions: readonly Redaction[], texts: readonly Redaction[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content) as unknown;
  } catch {
    // Not JSON after all: its text, value by value, as a last resort (a scoped whole value is nobody's there).
    return texts.length === 0
      ? content
      : redactString(
          content,
          texts.map((r) => ({ ...r, match: 'within' as const })),
        );
  }
  const redacted = redactJson(parsed, redactions, { tables: true, ownObjects: true });
  return redacted.changed ? `${JSON.stringify(redacted.value, null, 2)}${content.endsWith('\n') ? '\n' : ''}` : content;
}

/**
 * A CSV of `renderCsv`: a BOM, `;` between cells, CRLF, quoted cells (quotes doubled), formulas prefixed with `'`.
 * Cell by cell; in a row holding a person's id as a cell, their own values too (`ownRow`).
 */
function redactCsv(content: string, redactions: readonly Redaction[], scoped: readonly Redaction[]): string {
  let out = '';
  let changed = false;
  for (const row of csvRows(content)) {
    const own =
      scoped.length === 0
        ? undefined
        : ownRow(
            scoped,
            row.cells.map((cell) => cell.text),
          );
    const applied = own === undefined ? redactions : [...redactions, ...own];
    for (const part of row.parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const redacted = applied.length === 0 ? part.text : redactString(part.text, applied);
      if (redacted === part.text) out += part.raw;
      else {
        out += csvCell(redacted);
        changed = true;
      }
    }
  }
  return changed ? out : content;
}

/** A cell of a CSV as written (`raw`) and the text it holds. */
interface CsvCell {
  readonly raw: string;
  readonly text: string;
}

/** The rows of a CSV: its cells, and everything as written in order (separators, line ends and the BOM as strings). */
function csvRows(content: string): { readonly cells: CsvCell[]; readonly parts: (string | CsvCell)[] }[] {
  const rows: { cells: CsvCell[]; parts: (string | CsvCell)[] }[] = [];
  let row = { cells: [] as CsvCell[], parts: [] as (string | CsvCell)[] };
  let i = 0;
  const n = content.length;
  while (i < n) {
    const c = content[i];
    if (c === ';' || c === '\r' || c === '\n' || c === '\uFEFF') {
      row.parts.push(c);
      i++;
      if (c === '\n') {
        rows.push(row);
        row = { cells: [], parts: [] };
      }
      continue;
    }
    // One cell, as written.
    const start = i;
    if (c === '"') {
      i++;
      while (i < n) {
        if (content[i] === '"') {
          if (content[i + 1] === '"') i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
    } else {
      while (i < n && content[i] !== ';' && content[i] !== '\r' && content[i] !== '\n') i++;
    }
    const raw = content.slice(start, i);
    const cell = { raw, text: cellText(raw) };
    row.cells.push(cell);
    row.parts.push(cell);
  }
  if (row.parts.length > 0) rows.push(row);
  return rows;
}

/** The text a CSV cell holds (unquoted, the formula guard removed). */
function cellText(raw: string): string {
  const unquoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw;
  return /^'[=+\-@\t\r]/.test(unquoted) ? unquoted.slice(1) : unquoted;
}

/**
 * The HTML of `renderHtml`: every text escaped; a whole value is an element's whole text. A `within` value is
 * searched as `redactString` finds a name (any case, form and spacing), each spelling escaped once its case is
 * chosen (« DUPONT &amp; FILS », not the capitals of the escaped value); an `exact` one is the element's text as
 * written (`>value<`), as an `exact` value is everywhere.
 */
function redactHtml(content: string, redactions: readonly Redaction[]): string {
  if (redactions.length === 0) return content;
  let out = content;
  for (const { value, match, replacement } of redactions) {
    out =
      match === 'within'
        ? redactString(out, [{ value, match: 'within', replacement: escapeHtml(replacement) }], escapeHtml)
        : replaceAll(out, `>${escapeHtml(value)}<`, `>${escapeHtml(replacement)}<`);
  }
  return out;
}

/**
 * A table's row of `renderHtml` (`<tr>…</tr>`) holding a person's id as a cell's whole text is their record: their own
 * values are replaced there, whole (an element's text as written) or inside (`within`, as everywhere).
 */
function redactOwnHtmlRows(content: string, scoped: readonly Redaction[]): string {
  if (scoped.length === 0) return content;
  return content.replace(/<tr>[\s\S]*?<\/tr>/g, (row) => {
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => unescapeHtml(cell[1] ?? ''));
    const own = ownRow(scoped, cells);
    return own === undefined ? row : redactHtml(row, own);
  });
}

/** The text `escapeHtml` escaped. */
function unescapeHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}

/** Rounds of replacement before giving up (a replacement may build the text again with its neighbours). */
const MAX_ROUNDS = 32;

/** Every occurrence of `text` (as written) replaced, again while the result holds it. */
function replaceAll(content: string, text: string, replacement: string): string {
  let out = content;
  for (let round = 0; out.includes(text); round++) {
    if (round === MAX_ROUNDS) throw new RangeError(`replacing ${JSON.stringify(text)} by ${JSON.stringify(replacement)} does not end`);
    out = out.split(text).join(replacement);
  }
  return out;
}
