import { dayOf, EVENT_SCHEMAS, happenedAt, type HistoryClock, isCalendarDate } from '@catalyse/domain';
import { type EventStore, PAGE, type ReadAllFilter, type RecordedEvent, storedEvents, withUpcasting } from '@catalyse/event-store';
import { CSV_BOM, csvLine, frenchCsvCell } from '@catalyse/protocol';

/** The formats of an export of the log. */
export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A period of the log: `from` and `to` inclusive, each a date (a whole day) or an instant, read on `clock`. */
export interface ExportPeriod {
  readonly from?: string;
  readonly to?: string;
  /** `recorded` (default for exports): when the log received the event; `happened`: when its fact happened. */
  readonly clock?: HistoryClock;
}

export interface ExportOptions {
  /** Only events strictly after this global position. */
  readonly after?: bigint;
  /** Stream prefixes and event types, applied by the event store. */
  readonly filter?: ReadAllFilter;
  /** Only events in this period, applied while reading. */
  readonly period?: ExportPeriod;
  /** The network's time zone: the day of an instant (default Europe/Paris). */
  readonly timeZone?: string;
  /** Events per read of the store (default 1000, at most the store's page maximum). */
  readonly pageSize?: number;
  /** Stops the export between two events (a client gone). */
  readonly signal?: AbortSignal;
  /**
   * `false` (default): the events as stored, each with the schema version it
   * was written at (a backup, a faithful copy of the log). `true`: each
   * brought to the current version of its type by the upcasters, as every
   * reader of Catalyse sees it (`metadata.upcastFrom` says the stored version;
   * an event that cannot be upcast is left as stored, marked
   * `metadata.unreadable`; docs/adr/0017-event-schema-evolution.md).
   */
  readonly upcast?: boolean;
}

const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** The category of a stream name (`partnership-flda` → `partnership`). */
function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : stream;
}

/** Whether an event falls within a period, on its clock (day precision where a date is involved). */
export function inPeriod(event: RecordedEvent, period: ExportPeriod, timeZone: string): boolean {
  if (period.from === undefined && period.to === undefined) return true;
  const at = (period.clock ?? 'recorded') === 'recorded' ? event.recordedAt : happenedAt(categoryOf(event.stream), event);
  const compare = (limit: string): number => {
    if (isCalendarDate(at) || isCalendarDate(limit)) {
      const [a, b] = [dayOf(at, timeZone), dayOf(limit, timeZone)];
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return Math.sign(Date.parse(at) - Date.parse(limit));
  };
  return (period.from === undefined || compare(period.from) >= 0) && (period.to === undefined || compare(period.to) <= 0);
}

/**
 * The events of the log to export, in position order, read page by page as
 * the consumer pulls them: never more than a page in memory, and nothing read
 * ahead of what the consumer took (a slow reader slows the reads). As stored,
 * or upcast on request (`options.upcast`).
 */
export async function* exportEvents(store: EventStore, options: ExportOptions = {}): AsyncGenerator<RecordedEvent> {
  const pageSize = Math.min(options.pageSize ?? PAGE.default, PAGE.max);
  const source = options.upcast === true ? withUpcasting(storedEvents(store), EVENT_SCHEMAS) : storedEvents(store);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  let after = options.after ?? 0n;
  for (;;) {
    if (options.signal?.aborted) return;
    const page = await source.readAll({ after, limit: pageSize, ...(options.filter ? { filter: options.filter } : {}) });
    for (const event of page) {
      if (options.signal?.aborted) return;
      after = event.position;
      if (options.period && !inPeriod(event, options.period, timeZone)) continue;
      yield event;
    }
    if (page.length < pageSize) return;
  }
}

/** One event as a line of NDJSON: `{position, stream, revision, id, type, data, metadata, recordedAt}`. */
export function ndjsonLine(event: RecordedEvent): string {
  return `${JSON.stringify({
    position: event.position.toString(),
    stream: event.stream,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  })}\n`;
}

/** The columns of the log as CSV: one row per event, its data and metadata as JSON. */
export const EVENT_CSV_HEADERS = ['position', 'stream', 'type', 'revision', 'occurredAt', 'recordedAt', 'id', 'actor', 'data', 'metadata'] as const;

/** One event as a CSV record (see `EVENT_CSV_HEADERS`). */
export function csvEventLine(event: RecordedEvent): string {
  const occurredAt = typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : '';
  const actor = typeof event.metadata?.actor === 'string' ? event.metadata.actor : '';
  return csvLine([
    event.position.toString(),
    event.stream,
    event.type,
    event.revision.toString(),
    occurredAt,
    event.recordedAt,
    event.id,
    actor,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ]);
}

/** The global log as NDJSON lines, page by page (never the whole log in memory). */
export async function* exportNdjson(store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  for await (const event of exportEvents(store, options)) yield ndjsonLine(event);
}

/** The global log as CSV (UTF-8 BOM, header, one record per event, RFC 4180), page by page. */
export async function* exportCsv(store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvLine(EVENT_CSV_HEADERS)}`;
  for await (const event of exportEvents(store, options)) yield csvEventLine(event);
}

/**
 * The columns of the log as a French spreadsheet reads it (`exportSpreadsheet`): the headers in French, the two times
 * in the network's time zone, named in the header.
 */
export function spreadsheetEventHeaders(timeZone: string = DEFAULT_TIME_ZONE): readonly string[] {
  return [
    'Position',
    'Flux',
    'Type d’événement',
    'Révision',
    `Décidé le (${timeZone})`,
    `Enregistré le (${timeZone})`,
    'Identifiant',
    'Auteur',
    'Données',
    'Métadonnées',
  ];
}

/** Building an `Intl.DateTimeFormat` costs tens of microseconds: one per zone, kept. */
const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a French spreadsheet reads a date and time, in `timeZone`: `2026-12-05T07:14:32.962Z` →
 * `05/12/2026 08:14:32` in Paris. Anything that is not an instant as it is.
 */
export function spreadsheetDateTime(instant: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const time = Date.parse(instant);
  if (instant === '' || Number.isNaN(time)) return instant;
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('fr-FR', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormatters.set(timeZone, formatter);
  }
  const part = (type: Intl.DateTimeFormatPartTypes): string => formatter.formatToParts(new Date(time)).find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/**
 * One event as a line of the spreadsheet export (see `spreadsheetEventHeaders`): `;` between cells, CRLF, times in
 * `timeZone`, data and metadata as JSON, a cell with `;`, a quote or a line break quoted, a text starting like a
 * formula prefixed with `'` (`frenchCsvCell`).
 */
export function spreadsheetEventLine(event: RecordedEvent, timeZone: string = DEFAULT_TIME_ZONE): string {
  const occurredAt = typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : '';
  const actor = typeof event.metadata?.actor === 'string' ? event.metadata.actor : '';
  const cells = [
    event.position.toString(),
    event.stream,
    event.type,
    event.revision.toString(),
    spreadsheetDateTime(occurredAt, timeZone),
    spreadsheetDateTime(event.recordedAt, timeZone),
    event.id,
    actor,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ];
  return `${cells.map(frenchCsvCell).join(';')}\r\n`;
}

/**
 * The global log as a French spreadsheet opens it (Excel, LibreOffice in French), page by page: a UTF-8 byte order
 * mark, `;` between cells, French headers, times in the network's zone (`options.timeZone`). For people; programs
 * read `exportCsv` (RFC 4180, commas, UTC ISO instants) or `exportNdjson`, whose columns do not change.
 */
export async function* exportSpreadsheet(store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  yield `${CSV_BOM}${spreadsheetEventHeaders(timeZone).map(frenchCsvCell).join(';')}\r\n`;
  for await (const event of exportEvents(store, options)) yield spreadsheetEventLine(event, timeZone);
}

/** The log in a format: `exportNdjson` or `exportCsv`. */
export function exportLog(format: ExportFormat, store: EventStore, options: ExportOptions = {}): AsyncGenerator<string> {
  return format === 'csv' ? exportCsv(store, options) : exportNdjson(store, options);
}
