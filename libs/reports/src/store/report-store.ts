import type { Redaction } from '@catalyse/projections';
import type { ReportFormat } from '../render/formats';

/** The item of a batch report that lists the others (not an aggregate id: `@` is not allowed in ids). */
export const INDEX_ITEM = '@index';

/** One kept file of a report: one item (an aggregate's report, or a batch's index) in one format. */
export interface ReportFile {
  readonly reportId: string;
  /** The aggregate id the file reports on, or `INDEX_ITEM`. */
  readonly item: string;
  readonly format: ReportFormat;
  /** What a download is named (ASCII). */
  readonly fileName: string;
  readonly contentType: string;
  readonly content: string;
  /** When it was written (ISO-8601). */
  readonly createdAt: string;
}

/** A kept file without its content. */
export type ReportFileInfo = Omit<ReportFile, 'content'> & { readonly bytes: number };

/**
 * Where reports are kept: derived data, outside the read models' epochs (a
 * rebuild leaves them alone). Adapters: SQLite (`reports.sqlite` in DATA_DIR,
 * `@catalyse/report-store-sqlite`) and PostgreSQL (its own table,
 * `@catalyse/report-store-postgres`); one contract suite for both
 * (`@catalyse/reports/testing`).
 */
export interface ReportStore {
  /** Keeps a file; the same report, item and format again replaces it (a retried job writes the same files). */
  put(file: ReportFile): Promise<void>;
  get(reportId: string, item: string, format: ReportFormat): Promise<ReportFile | undefined>;
  /** The files of a report, by item then format. */
  list(reportId: string): Promise<ReportFileInfo[]>;
  /** Deletes a report's files; answers how many there were. */
  delete(reportId: string): Promise<number>;
  /**
   * An erasure (docs/adr/0006): removes former personal values from every kept
   * file, each format as it spells them (`redactReportContent`), in one
   * transaction, and leaves no former byte behind in the store's files (freed
   * pages zeroed and the SQLite WAL truncated; `VACUUM` of the table on
   * PostgreSQL). Answers how many files changed; their `createdAt` stays. Throws
   * a RangeError (before any write) for redactions `ProjectionTx.redact` refuses.
   */
  redact(redactions: readonly Redaction[]): Promise<number>;
  close(): Promise<void>;
}

/** Nest injection token of the ReportStore. */
export const REPORT_STORE = 'catalyse.ReportStore';

/** UTF-8 size of a text. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
