import { checkedRedactions, type Redaction, redactJson, redactString } from '@catalyse/projections';
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
 * What to look for in a kept file's content to find the files a redaction may
 * change (a superset): the value as each format may spell it.
 */
export function reportSearchTexts(redactions: readonly Redaction[]): string[] {
  const texts = new Set<string>();
  for (const { value } of checkedRedactions(redactions)) {
    texts.add(value);
    texts.add(JSON.stringify(value).slice(1, -1));
    texts.add(escapeHtml(value));
    texts.add(value.replace(/"/g, '""'));
  }
  return [...texts];
}

/** A report file's content with the redactions applied (the same string when nothing changed). */
export function redactReportContent(format: ReportFormat, content: string, redactions: readonly Redaction[]): string {
  const checked = checkedRedactions(redactions);
  if (checked.length === 0) return content;
  switch (format) {
    case 'json':
      return redactJsonText(content, checked);
    case 'csv':
      return redactCsv(content, checked);
    case 'html':
      return redactHtml(content, checked);
    default: {
      const unknown: never = format;
      throw new RangeError(`unknown report format ${String(unknown)}`);
    }
  }
}

/** The JSON format is `JSON.stringify(report, null, 2)` and a line end (`renderReport`): written again the same way. */
function redactJsonText(content: string, redactions: readonly Redaction[]): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content) as unknown;
  } catch {
    // Not JSON after all: its text, value by value, as a last resort.
    return redactString(
      content,
      redactions.map((r) => ({ ...r, match: 'within' as const })),
    );
  }
  const redacted = redactJson(parsed, redactions);
  return redacted.changed ? `${JSON.stringify(redacted.value, null, 2)}${content.endsWith('\n') ? '\n' : ''}` : content;
}

/** A CSV of `renderCsv`: a BOM, `;` between cells, CRLF, quoted cells (quotes doubled), formulas prefixed with `'`. */
function redactCsv(content: string, redactions: readonly Redaction[]): string {
  let out = '';
  let changed = false;
  let i = 0;
  const n = content.length;
  while (i < n) {
    const c = content[i];
    if (c === ';' || c === '\r' || c === '\n' || c === '\uFEFF') {
      out += c;
      i++;
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
    const text = cellText(raw);
    const redacted = redactString(text, redactions);
    if (redacted === text) out += raw;
    else {
      out += csvCell(redacted);
      changed = true;
    }
  }
  return changed ? out : content;
}

/** The text a CSV cell holds (unquoted, the formula guard removed). */
function cellText(raw: string): string {
  const unquoted = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw;
  return /^'[=+\-@\t\r]/.test(unquoted) ? unquoted.slice(1) : unquoted;
}

/** The HTML of `renderHtml`: every text escaped; a whole value is an element's whole text. */
function redactHtml(content: string, redactions: readonly Redaction[]): string {
  const escaped: Redaction[] = redactions.map(({ value, match, replacement }) =>
    match === 'within'
      ? { value: escapeHtml(value), match: 'within', replacement: escapeHtml(replacement) }
      : { value: `>${escapeHtml(value)}<`, match: 'within', replacement: `>${escapeHtml(replacement)}<` },
  );
  return redactString(content, escaped);
}
