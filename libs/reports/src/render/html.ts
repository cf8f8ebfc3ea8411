import type { Cell, Fact, ReportDocument, Section, Table } from '../document/document';
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
    `<style>${STYLE}</style>`,
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
    ...(section.tables ?? []).map(renderTable),
    ...(section.sections ?? []).map((inner) => renderSection(inner, level + 1)),
    `</section>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
}

function facts(list: readonly Fact[]): string {
  if (list.length === 0) return '';
  return `<dl>${list.map((fact) => `<div><dt>${escapeHtml(fact.label)}</dt><dd>${cell(fact.value)}</dd></div>`).join('')}</dl>`;
}

function renderTable(table: Table): string {
  const caption = table.title ? `<caption>${escapeHtml(table.title)}</caption>` : '';
  if (table.rows.length === 0) {
    return `${table.title ? `<p class="caption">${escapeHtml(table.title)}</p>` : ''}<p class="empty">${escapeHtml(table.empty ?? 'Aucun élément')}</p>`;
  }
  const head = `<thead><tr>${table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr></thead>`;
  const body = table.rows.map((row) => `<tr>${row.map((value) => `<td${typeof value === 'number' ? ' class="n"' : ''}>${cell(value)}</td>`).join('')}</tr>`);
  return `<table>${caption}${head}<tbody>${body.join('')}</tbody></table>`;
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
dl{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.2rem 1.5rem;margin:.6rem 0}
dl div{display:flex;gap:.5rem}
dt{font-weight:600}
dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.92rem}
caption,.caption{text-align:left;font-weight:600;margin:.4rem 0}
th,td{border:1px solid #c8c8c8;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#eef}
td.n{text-align:right;white-space:nowrap}
.empty{color:#666;font-style:italic}
footer{margin-top:3rem;font-size:.8rem;color:#666;border-top:1px solid #ddd;padding-top:.5rem}
@page{size:A4;margin:18mm 15mm}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}table,dl{break-inside:auto}tr,dl div{break-inside:avoid}thead{display:table-header-group}footer{position:fixed;bottom:0}}
`.trim();
