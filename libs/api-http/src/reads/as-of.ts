import { Inject, Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { dayOf, HISTORY_CLOCKS, type HistoryClock, type HistoryCut, isCalendarDate } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { AppError } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore, readModelAsOf, type ReadModel, type Versioned } from '@catalyse/projections';
import { type Moment, momentOf } from '../commands/command-request';
import { present } from '../commands/present';
import { CLOCK, type Clock } from '../setup/clock';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import { DateOrInstantQuery, notInFuture } from '../validation/instant';
import { type DocView, docView, type HeaderSink, readDoc, tagRevision } from './documents';
import { type JsonInteger, jsonInteger } from './json';
import { IntQuery, ReadYourWritesQuery } from './query';
import { ApiReadSide } from './read-side';

/** How every as-of read documents its `asOf` (OpenAPI): not after now. */
export const AS_OF_NOT_FUTURE =
  'Not after now: a date after today (in the network’s time zone) or an instant after now is refused, 400 VALIDATION on `asOf` (as-of reads what was, not a forecast); today and now are accepted';

/**
 * `?asOf=&clock=&position=` of the single reads of every aggregate kind: the
 * document as it was (docs/adr/0014-as-of-and-the-observatory.md).
 */
export class AsOfQuery extends ReadYourWritesQuery {
  @DateOrInstantQuery(
    `The document as it was then: a date (by the end of that day, in the network’s time zone) or an instant (ISO-8601 with its zone), on \`clock\`. ${AS_OF_NOT_FUTURE}`,
  )
  readonly asOf?: string;

  @ApiPropertyOptional({
    enum: HISTORY_CLOCKS,
    description:
      '`happened` (default): the facts that happened by `asOf`, by the dates the events carry, wherever they were recorded; ' +
      '`recorded`: what Catalyse had recorded by `asOf`',
  })
  @IsOptional()
  @IsIn([...HISTORY_CLOCKS], { message: `$property must be one of: ${HISTORY_CLOCKS.join(', ')}` })
  readonly clock?: HistoryClock;

  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Only the events up to this global position (inclusive); with `asOf`, both bounds apply')
  readonly position?: number;
}

/** How the single reads document their as-of (OpenAPI). */
export const AS_OF_DESCRIPTION =
  'With `asOf` (a date or an instant, not after now: 400 VALIDATION; on `clock=happened` by default, or `recorded`) and/or `position`, ' +
  'the document as it was then: its events inside that cut folded once by its read model, with the cut applied in `cut` ' +
  '(404 when nothing of it existed then).';

/** The cut an as-of answer was computed with, echoed in the answer. */
export interface AppliedCut {
  readonly time?: string;
  readonly clock?: HistoryClock;
  readonly position?: JsonInteger;
  /** The zone in which a date or an instant's day was read. */
  readonly timeZone: string;
}

export class AppliedCutSchema {
  @ApiPropertyOptional({ description: 'Echo of ?asOf= (a date or an instant)' }) readonly time?: string;
  @ApiPropertyOptional({ enum: HISTORY_CLOCKS, description: 'The clock `time` was read on (with `time` only)' }) readonly clock?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Echo of ?position=' }) readonly position?: number;
  @ApiProperty({ example: 'Europe/Paris', description: 'The network’s time zone, in which days are read' }) readonly timeZone!: string;
}

/**
 * The one check of every as-of read's `asOf` (single reads, boards, the
 * observatory): not in the future at the request's moment `at` (the api's
 * `CLOCK`, today in the network's time zone), as evaluation reports refuse it
 * (`notInFuture`, as `pastOrNow`): `400 VALIDATION` on `asOf`. As-of reads
 * what was; a later date would present a forecast (every planned milestone
 * late) as a fact. A `position` beyond the head is not a time and is left alone.
 * A `clock` without an `asOf` reads nothing differently: 400 VALIDATION on `clock`.
 */
export function checkAsOf(asOf: string | undefined, at: Moment, clock?: string): void {
  if (clock !== undefined && asOf === undefined) {
    throw new AppError('VALIDATION', 'clock applies to asOf', { details: [{ field: 'clock', messages: ['clock is given with asOf only'] }] });
  }
  if (asOf !== undefined) notInFuture(asOf, 'asOf', at);
}

/**
 * The cut a query asks for at the request's moment `at`, or `undefined` for
 * the live document. 400 for a clock without a time, an `asOf` in the
 * future (`checkAsOf`), or a `minRevision` with a cut (it waits for the live document only).
 */
export function cutOf(query: AsOfQuery, at: Moment): HistoryCut | undefined {
  checkAsOf(query.asOf, at, query.clock);
  if (query.asOf === undefined && query.position === undefined) return undefined;
  // A past document is not waited for (it is folded from the log): `minRevision` read as such would be ignored.
  if (query.minRevision !== undefined) {
    throw new AppError('VALIDATION', 'minRevision applies to the live document, not with asOf or position', {
      details: [{ field: 'minRevision', messages: ['minRevision is given without asOf and position only'] }],
    });
  }
  return present({
    time: query.asOf,
    clock: query.asOf === undefined ? undefined : (query.clock ?? 'happened'),
    position: query.position === undefined ? undefined : BigInt(query.position),
  });
}

/** A cut as the answer echoes it. */
export function appliedCut(cut: HistoryCut, timeZone: string): AppliedCut {
  return { ...present({ time: cut.time, clock: cut.clock, position: cut.position === undefined ? undefined : jsonInteger(cut.position) }), timeZone };
}

/** The day a cut's time falls on in `timeZone` (a date is its own day), or `undefined` for a cut by position only. */
export function dayOfCut(cut: HistoryCut, timeZone: string): string | undefined {
  if (cut.time === undefined) return undefined;
  return isCalendarDate(cut.time) ? cut.time : dayOf(cut.time, timeZone);
}

/** A document as it was, with the cut applied (`cut`). */
export type DocViewAsOf<T extends Versioned> = DocView<T> & { readonly cut: AppliedCut };

/**
 * One stream's document as it was at a cut (`readModelAsOf`: its events inside
 * the cut folded once through its read model); 404 `{what} {id} did not exist
 * …` when nothing of it was inside the cut.
 */
export async function readDocAsOf<T extends Versioned>(
  eventStore: EventStore,
  model: ReadModel,
  id: string,
  cut: HistoryCut,
  timeZone: string,
  what: string,
): Promise<T> {
  const { doc } = await readModelAsOf<T>(eventStore, model, `${model.category}-${id}`, cut, timeZone);
  if (!doc) throw new AppError('NOT_FOUND', `${what} ${id} did not exist ${describeCut(cut)}`);
  return doc;
}

/** `readDocAsOf` as the API writes a document, with its cut. */
export async function docViewAsOf<T extends Versioned>(
  eventStore: EventStore,
  model: ReadModel,
  id: string,
  cut: HistoryCut,
  timeZone: string,
  what: string,
): Promise<DocViewAsOf<T>> {
  const doc = await readDocAsOf<T>(eventStore, model, id, cut, timeZone, what);
  return { ...docView(doc), cut: appliedCut(cut, timeZone) };
}

function describeCut(cut: HistoryCut): string {
  const parts: string[] = [];
  if (cut.time !== undefined) parts.push(`as of ${cut.time} (${cut.clock ?? 'happened'})`);
  if (cut.position !== undefined) parts.push(`at position ${cut.position.toString()}`);
  return parts.join(' and ');
}

/** What a single read needs to answer the live document or a past one. */
export interface SingleReadSources {
  readonly readModels: ProjectionStore;
  readonly readSide: ApiReadSide;
  readonly eventStore: EventStore;
  readonly timeZone: string;
  /** The request's moment, by the api's `CLOCK`: no `asOf` after it. */
  now(): Moment;
}

/**
 * The single reads of the reads controllers, on the api's stores, by the
 * api's clock and in the network's time zone (`readDocOrAsOf`); `cut` for the
 * reads that fold their own answer (the board, the territory view).
 */
@Injectable()
export class SingleReads implements SingleReadSources {
  readonly timeZone: string;

  constructor(
    @Inject(PROJECTION_STORE) readonly readModels: ProjectionStore,
    @Inject(ApiReadSide) readonly readSide: ApiReadSide,
    @Inject(EVENT_STORE) readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_HTTP_OPTIONS) options: ResolvedApiHttpOptions,
  ) {
    this.timeZone = options.timeZone;
  }

  now(): Moment {
    return momentOf(this.clock.now(), this.timeZone);
  }

  /** `cutOf(query)` now. */
  cut(query: AsOfQuery): HistoryCut | undefined {
    return cutOf(query, this.now());
  }

  read<T extends Versioned>(model: ReadModel, id: string, query: AsOfQuery, what: string, res: HeaderSink): Promise<DocView<T> | DocViewAsOf<T>> {
    return readDocOrAsOf<T>(this, model, id, query, what, res);
  }
}

/**
 * The single read of an aggregate kind's document: the live one (waiting for
 * `minRevision`, with its `ETag: "<revision>"`: `tagRevision`), or, with
 * `asOf`/`position`, the document as it was, with its `cut`. 404 `{what} {id}
 * not found` / `did not exist …`. `res` is required: every live single read
 * names its revision for `If-Match`.
 */
export async function readDocOrAsOf<T extends Versioned>(
  sources: SingleReadSources,
  model: ReadModel,
  id: string,
  query: AsOfQuery,
  what: string,
  res: HeaderSink,
): Promise<DocView<T> | DocViewAsOf<T>> {
  const cut = cutOf(query, sources.now());
  if (cut) return docViewAsOf<T>(sources.eventStore, model, id, cut, sources.timeZone, what);
  const doc = await readDoc<T>(sources.readModels, sources.readSide, model.collection, id, query.minRevision, what);
  tagRevision(res, doc.revision);
  return docView(doc);
}
