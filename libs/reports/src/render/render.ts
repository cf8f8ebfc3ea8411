import type { ReportDocument } from '../document/document';
import { renderCsv } from './csv';
import type { ReportFormat } from './formats';
import { renderHtml } from './html';

/** What the JSON format holds: the builder's figures, and the document as people read it. */
export interface ReportJson<Data> {
  readonly kind: string;
  readonly subject: string;
  readonly generatedAt: string;
  readonly asOf?: { readonly time?: string; readonly clock: string };
  readonly data: Data;
  readonly document: ReportDocument;
}

/** A report in one format: its text. */
export function renderReport<Data>(format: ReportFormat, report: ReportJson<Data>): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(report.document);
    case 'html':
      return renderHtml(report.document);
    default: {
      const unknown: never = format;
      throw new RangeError(`unknown report format ${String(unknown)}`);
    }
  }
}
