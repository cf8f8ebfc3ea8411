import { Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiProduces } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { exportLog, type ExportOptions, exportSpreadsheet } from '@catalyse/operations';
import { AppError, CSV_MEDIA_TYPE } from '@catalyse/protocol';
import { type Moment, momentOf } from '../commands/command-request';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { prefersCsv } from '../reads/csv';
import { CLOCK, type Clock } from '../setup/clock';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import { notInFuture } from '../validation/instant';
import { type EventExportFormat, ExportEventsQuery } from './dto';

/** Lines are gathered into chunks of about this many characters before a write. */
const CHUNK = 64 * 1024;

/**
 * Exports of the log for operators. The log is streamed as the client reads
 * it: a page of events is read from the store only when the previous one has
 * been written and the response has drained (`write()` answered false: wait
 * for `drain`), and reading stops when the client goes away. Memory stays at
 * about a page of events and a socket's buffer, whatever the log's size.
 */
@ApiController('exports')
export class ExportsController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @ReadRoute(['exports', 'read'], 'events', 'The log as NDJSON (or CSV), streamed: filtered by position, stream prefixes, event types and period', {
    description:
      'One line per event, in position order: `{position, stream, revision, id, type, data, metadata, recordedAt}` (NDJSON, ' +
      '`application/x-ndjson`), or with `Accept: text/csv` one record per event (`position, stream, type, revision, occurredAt, ' +
      'recordedAt, id, actor, data, metadata`, UTF-8 with BOM). The period (`from`, `to`, inclusive, a date meaning its whole day in ' +
      'the network’s time zone) is read on `clock`: `recorded` by default, or `happened`. Resume an interrupted export with ' +
      '`after` = the last `position` received. Events as stored (their `metadata.schemaVersion`), or upcast with `upcast=true`. ' +
      'Refused with 400 VALIDATION, as `ops export` refuses them: a `from` after now (a date after today in the network’s time zone, ' +
      'an instant after now: nothing has happened there yet; a `to` in the future is read up to now), `from` after `to`, and `clock` ' +
      'without `from` or `to` (without a period, both clocks export the same). `format=spreadsheet` gives the log as a French ' +
      'spreadsheet opens it, for people (the console’s button): `;` between cells, French headers, times in the network’s time zone, ' +
      'named `journal-des-evenements-{today}.csv`; the machine formats above do not change.',
    ok: 'The events, streamed',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` for CSV; NDJSON otherwise' })
  async events(@Query() query: ExportEventsQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const at = momentOf(this.clock.now(), this.options.timeZone);
    assertPeriod(query, at);
    // `format` chooses when given; else `Accept`, as before it existed (the machine formats' contract is unchanged).
    const format: EventExportFormat = query.format ?? (prefersCsv(req) ? 'csv' : 'ndjson');
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const options = this.exportOptions(query, gone.signal);
    const lines = format === 'spreadsheet' ? exportSpreadsheet(this.eventStore, options) : exportLog(format, this.eventStore, options);
    // The first line is read before anything is sent: a store that fails answers an error body, not a cut stream.
    const first = await lines.next();
    res.status(200);
    res.setHeader('Content-Type', format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : CSV_MEDIA_TYPE);
    // The machine formats keep their names (`events.csv`); the spreadsheet is named in French, with its day.
    const name = format === 'spreadsheet' ? `journal-des-evenements-${at.today}.csv` : `events.${format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      let chunk = first.done ? '' : first.value;
      for await (const line of lines) {
        chunk += line;
        if (chunk.length < CHUNK) continue;
        if (!(await write(res, chunk, gone.signal))) return;
        chunk = '';
      }
      if (chunk.length > 0 && !(await write(res, chunk, gone.signal))) return;
      res.end();
    } catch (error) {
      // Headers are sent: the only honest answer left is to cut the response (the client sees it incomplete).
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    } finally {
      await lines.return(undefined);
    }
  }

  private exportOptions(query: ExportEventsQuery, signal: AbortSignal): ExportOptions {
    const filter = {
      ...(query.streamPrefix?.length ? { streamPrefixes: query.streamPrefix } : {}),
      ...(query.type?.length ? { eventTypes: query.type } : {}),
    };
    return {
      ...(query.after !== undefined ? { after: BigInt(query.after) } : {}),
      ...(Object.keys(filter).length > 0 ? { filter } : {}),
      period: { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}), clock: query.clock ?? 'recorded' },
      timeZone: this.options.timeZone,
      upcast: query.upcast === 'true',
      signal,
    };
  }
}

/**
 * The period's mistakes, refused with 400 VALIDATION as `ops export` refuses them (exit 2), not answered with an
 * empty export: a `clock` without `from` or `to` (without a period both clocks export the same: the operator meant a
 * date), a `from` not come yet at the request's moment `at` (a date after today in the network's time zone, an
 * instant after now: `notInFuture`, as as-of reads; a `to` in the future is read up to now), `from` after `to`.
 */
function assertPeriod(query: ExportEventsQuery, at: Moment): void {
  if (query.clock !== undefined && query.from === undefined && query.to === undefined) {
    const message = 'clock applies to a period: give from or to with it (without one, both clocks export the same events)';
    throw new AppError('VALIDATION', message, { details: [{ field: 'clock', messages: [message] }] });
  }
  if (query.from !== undefined) notInFuture(query.from, 'from', at);
  assertOrderedPeriod(query.from, query.to);
}

/**
 * `from` after `to` is a mistake, refused as the observatory refuses it (not an empty export). Two instants are
 * compared as instants; a date and anything else by their days as written (a date is its whole day).
 */
function assertOrderedPeriod(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined) return;
  const instants = from.length > 10 && to.length > 10;
  const inverted = instants ? Date.parse(from) > Date.parse(to) : from.slice(0, 10) > to.slice(0, 10);
  if (inverted) throw new AppError('VALIDATION', 'from must not be after to', { details: [{ field: 'from', messages: ['from must not be after to'] }] });
}

/**
 * Writes a chunk and, when the socket's buffer is full, waits until it drains
 * (backpressure) or the client goes away. Answers whether to go on.
 */
async function write(res: Response, chunk: string, gone: AbortSignal): Promise<boolean> {
  if (gone.aborted || res.destroyed) return false;
  if (res.write(chunk)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
  return !gone.aborted && !res.destroyed;
}
