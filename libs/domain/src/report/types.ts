import type { Message } from '../kernel/decider';
import type { CalendarDate, Instant } from '../kernel/vocabulary';
import type { HistoryClock } from '../history/history-cut';

/**
 * An evaluation report asked by an operator and produced by the `report` job:
 * its request, its progress (pushed into the `ops` feed as it runs), and how it
 * ended. The files themselves are kept outside the log (a report store): the
 * log says what was asked and what became of it.
 */

/** What a report is about. */
export const REPORT_KINDS = ['partnership', 'experimentation', 'territory'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The formats a report is kept in. */
export const REPORT_FILE_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

/** One aggregate, or a batch: every partnership of a territory, of a year (alive during it), or both. */
export type ReportSelection = { readonly scope: 'one'; readonly id: string } | { readonly scope: 'batch'; readonly territory?: string; readonly year?: number };

/** The history a report is built from: up to `time` on `clock`; none: the whole history. */
export interface ReportAsOf {
  readonly time: CalendarDate | Instant;
  readonly clock: HistoryClock;
}

/** One report a completed job kept: an aggregate's, and its title. */
export interface ReportItem {
  readonly item: string;
  readonly title: string;
}

/** Progress is recorded at most every `REPORT_PROGRESS_STEP` percent or every `REPORT_PROGRESS_EVERY_MS`, and at the end. */
export const REPORT_PROGRESS_STEP = 10;
export const REPORT_PROGRESS_EVERY_MS = 1000;
export const REPORT_YEAR_MIN = 1900;
export const REPORT_YEAR_MAX = 2999;

// ─── Commands ───────────────────────────────────────────────────────────────

export type RequestReport = Message<
  'RequestReport',
  {
    readonly reportId: string;
    readonly kind: ReportKind;
    readonly selection: ReportSelection;
    readonly asOf?: ReportAsOf;
    /** Who asked (an operator's subject). */
    readonly requestedBy: string;
    readonly requestedAt: Instant;
  }
>;
export type RecordReportProgress = Message<
  'RecordReportProgress',
  { readonly done: number; readonly total: number; readonly message: string; readonly at: Instant }
>;
export type CompleteReport = Message<
  'CompleteReport',
  {
    readonly formats: readonly ReportFileFormat[];
    /** The reports kept: one for one aggregate, one per aggregate of a batch (besides its index). */
    readonly items: readonly ReportItem[];
    readonly completedAt: Instant;
  }
>;
export type FailReport = Message<'FailReport', { readonly reason: string; readonly failedAt: Instant }>;

export type ReportCommand = RequestReport | RecordReportProgress | CompleteReport | FailReport;

// ─── Events ─────────────────────────────────────────────────────────────────

export type ReportRequested = Message<
  'ReportRequested',
  {
    readonly reportId: string;
    readonly kind: ReportKind;
    readonly selection: ReportSelection;
    readonly asOf?: ReportAsOf;
    readonly requestedBy: string;
    readonly requestedAt: Instant;
  }
>;
export type ReportProgressed = Message<
  'ReportProgressed',
  { readonly done: number; readonly total: number; readonly percent: number; readonly message: string; readonly at: Instant }
>;
export type ReportCompleted = Message<
  'ReportCompleted',
  { readonly formats: readonly ReportFileFormat[]; readonly items: readonly ReportItem[]; readonly completedAt: Instant }
>;
export type ReportFailed = Message<'ReportFailed', { readonly reason: string; readonly failedAt: Instant }>;

export type ReportEvent = ReportRequested | ReportProgressed | ReportCompleted | ReportFailed;

// ─── State ──────────────────────────────────────────────────────────────────

export type ReportStatus = 'requested' | 'running' | 'completed' | 'failed';

export interface ReportProgress {
  readonly done: number;
  readonly total: number;
  readonly percent: number;
  readonly message: string;
  readonly at: Instant;
}

export type ReportState =
  | { readonly status: 'none' }
  | {
      readonly status: ReportStatus;
      readonly reportId: string;
      readonly kind: ReportKind;
      readonly selection: ReportSelection;
      readonly asOf?: ReportAsOf;
      readonly requestedBy: string;
      readonly requestedAt: Instant;
      readonly progress?: ReportProgress;
      readonly formats?: readonly ReportFileFormat[];
      readonly items?: readonly ReportItem[];
      readonly completedAt?: Instant;
      readonly reason?: string;
      readonly failedAt?: Instant;
    };

/** A report once requested. */
export type RequestedReport = Exclude<ReportState, { readonly status: 'none' }>;

export const reportStream = (reportId: string): string => `report-${reportId}`;

/** Every report event type (the compiler checks the list is complete). */
export const REPORT_EVENT_TYPES = Object.keys({
  ReportRequested: true,
  ReportProgressed: true,
  ReportCompleted: true,
  ReportFailed: true,
} satisfies Record<ReportEvent['type'], true>) as readonly ReportEvent['type'][];
