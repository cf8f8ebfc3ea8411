import { assertNever, type Decider, ignoreUnknown } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import { isDateOrInstant, isInstant } from '../kernel/instant';
import { firstDuplicate, isWellFormed, optionalText, requireList, requireOneOf, requireText, show } from '../kernel/validation';
import { HISTORY_CLOCKS } from '../history/history-cut';
import {
  type CompleteReport,
  type FailReport,
  type RecordReportProgress,
  REPORT_FILE_FORMATS,
  REPORT_KINDS,
  REPORT_PROGRESS_EVERY_MS,
  REPORT_PROGRESS_STEP,
  REPORT_YEAR_MAX,
  REPORT_YEAR_MIN,
  type ReportAsOf,
  type ReportCommand,
  type ReportEvent,
  type ReportItem,
  type ReportKind,
  type ReportSelection,
  type ReportState,
  type RequestedReport,
  type RequestReport,
} from './types';

export function decideReport(command: ReportCommand, state: ReportState): readonly ReportEvent[] {
  switch (command.type) {
    case 'RequestReport':
      return request(command.data, state);
    case 'RecordReportProgress':
      return recordProgress(command.data, unfinished(state));
    case 'CompleteReport':
      return complete(command.data, unfinished(state));
    case 'FailReport':
      return fail(command.data, unfinished(state));
    default:
      return assertNever(command, 'report command');
  }
}

/** A report asked for and not finished yet. */
function unfinished(state: ReportState): RequestedReport {
  if (state.status === 'none') throw notFound('report not found');
  if (state.status === 'completed' || state.status === 'failed') throw ruleViolated(`the report is already ${state.status}`);
  return state;
}

function requireInstant(value: unknown, what: string): string {
  if (!isInstant(value)) throw ruleViolated(`${what} must be an ISO-8601 instant (got ${show(value)})`);
  return value;
}

function request(data: RequestReport['data'], state: ReportState): readonly ReportEvent[] {
  if (state.status !== 'none') throw alreadyExists('report already exists');
  const reportId = requireText(data.reportId, 'a report needs an id');
  const kind = requireOneOf(REPORT_KINDS, data.kind, 'report kind');
  const selection = validSelection(kind, data.selection);
  const asOf = validAsOf(data.asOf);
  const requestedBy = requireText(data.requestedBy, 'a report needs who asked for it');
  const requestedAt = requireInstant(data.requestedAt, 'the time of the request');
  return [{ type: 'ReportRequested', data: { reportId, kind, selection, ...(asOf ? { asOf } : {}), requestedBy, requestedAt } }];
}

function validSelection(kind: ReportKind, value: unknown): ReportSelection {
  if (typeof value !== 'object' || value === null) throw ruleViolated('a report needs what it is about: an id, or a batch');
  const { scope, id, territory, year } = value as Record<string, unknown>;
  if (scope === 'one') return { scope, id: requireText(id, 'a report on one aggregate needs its id') };
  if (scope !== 'batch') throw ruleViolated(`unknown report scope ${show(scope)}`);
  if (kind !== 'partnership') throw ruleViolated('a batch report is made of partnerships only');
  const byTerritory = territory === undefined ? undefined : requireText(territory, 'a batch by territory needs the territory id');
  if (year !== undefined && (typeof year !== 'number' || !Number.isInteger(year) || year < REPORT_YEAR_MIN || year > REPORT_YEAR_MAX)) {
    throw ruleViolated(`a batch by year needs a year from ${REPORT_YEAR_MIN} to ${REPORT_YEAR_MAX}`);
  }
  if (byTerritory === undefined && year === undefined) throw ruleViolated('a batch report needs a territory, a year, or both');
  return { scope, ...(byTerritory === undefined ? {} : { territory: byTerritory }), ...(year === undefined ? {} : { year: year as number }) };
}

function validAsOf(value: unknown): ReportAsOf | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw ruleViolated('as of needs a time and a clock');
  const { time, clock } = value as Record<string, unknown>;
  if (!isDateOrInstant(time)) throw ruleViolated(`as of needs a date (YYYY-MM-DD) or an ISO-8601 instant (got ${show(time)})`);
  return { time, clock: requireOneOf(HISTORY_CLOCKS, clock, 'history clock') };
}

function recordProgress(data: RecordReportProgress['data'], state: RequestedReport): readonly ReportEvent[] {
  const { done, total } = data;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) throw ruleViolated('a report’s total is a whole number of 0 or more');
  if (typeof done !== 'number' || !Number.isInteger(done) || done < 0 || done > total)
    throw ruleViolated('a report’s progress is a whole number from 0 to its total');
  const at = requireInstant(data.at, 'the time of the progress');
  const message = optionalText(data.message) ?? '';
  const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
  const last = state.progress;
  if (last && last.done === done && last.total === total) return [];
  // Throttled: every 10 points, every second, and the end; what falls between is left out.
  const worth = !last || done === total || percent >= last.percent + REPORT_PROGRESS_STEP || Date.parse(at) - Date.parse(last.at) >= REPORT_PROGRESS_EVERY_MS;
  return worth ? [{ type: 'ReportProgressed', data: { done, total, percent, message, at } }] : [];
}

function complete(data: CompleteReport['data'], _state: RequestedReport): readonly ReportEvent[] {
  const formats = requireList(data.formats, 'a completed report is kept in at least one format').map((format) =>
    requireOneOf(REPORT_FILE_FORMATS, format, 'report format'),
  );
  const twice = firstDuplicate(formats);
  if (twice !== undefined) throw ruleViolated(`format ${show(twice)} is listed twice`);
  if (!Array.isArray(data.items)) throw ruleViolated('a completed report lists its items');
  const items = (data.items as readonly unknown[]).map((item): ReportItem => {
    const { item: key, title } = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    return { item: requireText(key, 'each item of a report needs its key'), title: requireText(title, 'each item of a report needs a title') };
  });
  const again = firstDuplicate(items.map((item) => item.item));
  if (again !== undefined) throw ruleViolated(`item ${show(again)} is listed twice`);
  const completedAt = requireInstant(data.completedAt, 'the time of completion');
  return [{ type: 'ReportCompleted', data: { formats, items, completedAt } }];
}

function fail(data: FailReport['data'], _state: RequestedReport): readonly ReportEvent[] {
  const reason = requireText(data.reason, 'a failed report needs a reason');
  const failedAt = requireInstant(data.failedAt, 'the time of the failure');
  return [{ type: 'ReportFailed', data: { reason, failedAt } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'ReportRequested') return state;
    const { reportId, kind, selection, asOf, requestedBy, requestedAt } = event.data;
    return { status: 'requested', reportId, kind, selection, ...(asOf ? { asOf } : {}), requestedBy, requestedAt };
  }
  switch (event.type) {
    case 'ReportRequested':
      return state;
    case 'ReportProgressed': {
      const { done, total, percent, message, at } = event.data;
      return { ...state, status: 'running', progress: { done, total, percent, message, at } };
    }
    case 'ReportCompleted':
      return { ...state, status: 'completed', formats: event.data.formats ?? [], items: event.data.items ?? [], completedAt: event.data.completedAt };
    case 'ReportFailed':
      return { ...state, status: 'failed', reason: event.data.reason, failedAt: event.data.failedAt };
    default:
      return ignoreUnknown(event, state);
  }
}

export const initialReportState = (): ReportState => ({ status: 'none' });

export const reportDecider: Decider<ReportCommand, ReportEvent, ReportState> = {
  initialState: initialReportState,
  decide: decideReport,
  evolve: evolveReport,
};
