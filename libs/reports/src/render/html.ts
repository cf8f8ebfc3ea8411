import { type Cell, type Fact, factGroups, type ReportDocument, type Section, type Table, tablesOf } from '../document/document';
import { frenchNumber } from '../document/french';

/**
 * A printable page in French: one self-contained file (its CSS inline, no
 * script, no external asset), A4 print styles, every text escaped (a partner
 * named `<script>` is text).
 */
export function renderHtml(document: ReportDocument): string {
  return [
    '<!doctype html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(document.title)}</title>`,
    `<style>${STYLE}${isWide(document) ? LANDSCAPE : ''}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(document.title)}</h1>`,
    document.subtitle ? `<p class="subtitle">${escapeHtml(document.subtitle)}</p>` : '',
    facts(document.facts),
    '</header>',
    '<main>',
    ...document.sections.map((section) => renderSection(section, 2)),
    '</main>',
    '<footer>Rapport établi par Catalyse à partir de l’historique des événements.</footer>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function renderSection(section: Section, level: number): string {
  const h = `h${Math.min(level, 6)}`;
  return [
    `<section>`,
    `<${h}>${escapeHtml(section.title)}</${h}>`,
    facts(section.facts ?? []),
    ...(section.paragraphs ?? []).map((text) => `<p>${escapeHtml(text)}</p>`),
    ...(section.notes ?? []).map((text) => `<p class="note">${escapeHtml(text)}</p>`),
    ...(section.tables ?? []).map(renderTable),
    ...(section.sections ?? []).map((inner) => renderSection(inner, level + 1)),
    `</section>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/**
 * The facts in a grid, one cell per fact with its « dont … » details, so a
 * detail never lands under another fact: each cell is a list of its own.
 */
function facts(list: readonly Fact[]): string {
  if (list.length === 0) return '';
  const line = (fact: Fact, sub: boolean): string => `<div${sub ? ' class="sub"' : ''}><dt>${escapeHtml(fact.label)}</dt><dd>${cell(fact.value)}</dd></div>`;
  const groups = factGroups(list).map(({ fact, details }) => `<dl>${line(fact, false)}${details.map((detail) => line(detail, true)).join('')}</dl>`);
  return `<div class="facts">${groups.join('')}</div>`;
}

/** Tables of more columns than this make the printed page landscape, and are set smaller. */
export const WIDE_TABLE_COLUMNS = 9;

/** Whether a document holds a table too wide for a portrait A4 page (an empty table is a sentence: it is not). */
export function isWide(document: ReportDocument): boolean {
  return tablesOf(document).some(({ table }) => table.rows.length > 0 && table.columns.length > WIDE_TABLE_COLUMNS);
}

function renderTable(table: Table): string {
  const caption = table.title ? `<caption>${escapeHtml(table.title)}</caption>` : '';
  if (table.rows.length === 0) {
    return `${table.title ? `<p class="caption">${escapeHtml(table.title)}</p>` : ''}<p class="empty">${escapeHtml(table.empty ?? 'Aucun élément')}</p>`;
  }
  const head = `<thead><tr>${table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`;
  const body = table.rows.map((row) => `<tr>${row.map((value) => `<td${typeof value === 'number' ? ' class="n"' : ''}>${cell(value)}</td>`).join('')}</tr>`);
  const wide = table.columns.length > WIDE_TABLE_COLUMNS ? ' class="wide"' : '';
  return `<table${wide}>${caption}${head}<tbody>${body.join('')}</tbody></table>`;
}

function cell(value: Cell): string {
  if (value === null) return '';
  return typeof value === 'number' ? escapeHtml(frenchNumber(value)) : escapeHtml(value);
}

/** Text made safe anywhere in HTML (content and quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
:root{color-scheme:light}
body{font-family:"Marianne","Helvetica Neue",Arial,sans-serif;color:#1e1e1e;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .3rem;color:#000091}
h2{font-size:1.3rem;border-bottom:2px solid #000091;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.1rem;margin-top:1.4rem}
h4,h5,h6{font-size:1rem}
.subtitle{font-size:1.05rem;color:#3a3a3a;margin:0 0 1rem}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.2rem 1.5rem;margin:.6rem 0}
.facts dl{margin:0}
.facts dl div{display:flex;gap:.5rem}
.facts dl div.sub{padding-left:1rem}
.facts dl div.sub dt{font-weight:400}
dt{font-weight:600}
dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.92rem}
table.wide{font-size:.82rem}
caption,.caption{text-align:left;font-weight:600;margin:.4rem 0}
th,td{border:1px solid #c8c8c8;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef;overflow-wrap:break-word;hyphens:auto}
td{overflow-wrap:break-word}
td.n{text-align:right;white-space:nowrap}
.empty{color:#666;font-style:italic}
.note{font-size:.8rem;color:#555}
footer{margin-top:3rem;font-size:.8rem;color:#666;border-top:1px solid #ddd;padding-top:.5rem}
@page{size:A4;margin:18mm 15mm}
@media print{body{margin:0;padding:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}table,.facts{break-inside:auto}tr,.facts dl{break-inside:avoid}thead{display:table-header-group}table{font-size:9pt}table.wide{font-size:8pt}th,td{padding:.2rem .3rem}td.n{white-space:normal}.note{display:none}footer{position:static;break-inside:avoid;margin-top:2rem}}
`.trim();

/** A document with a wide table prints in landscape (every page: Chromium keeps one page size per document). */
const LANDSCAPE = '\n@page{size:A4 landscape}';
