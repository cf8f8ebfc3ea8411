import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { AGGREGATES, HISTORY_CLOCKS, type HistoryClock } from '@catalyse/domain';
import { STREAM_PREFIX_PATTERN } from '@catalyse/protocol';
import { IntQuery } from '../reads/query';
import { DateOrInstantQuery } from '../validation/instant';

/** Most values of a repeated filter (`?type=A&type=B`, or `?type=A,B`). */
export const MAX_FILTER_VALUES = 50;

/** Every event type the aggregates of Catalyse record. */
export function knownEventTypes(): readonly string[] {
  return Object.values(AGGREGATES).flatMap((aggregate) => aggregate.eventTypes as readonly string[]);
}

/** `?name=a&name=b` or `?name=a,b` as one list (a blank value is one, and is refused). */
function ListQuery(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      (Array.isArray(value) ? value : [value]).flatMap((v: unknown) => (typeof v === 'string' ? v.split(',') : [v])),
    ),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_FILTER_VALUES),
    IsString({ each: true }),
    ApiPropertyOptional({ type: String, isArray: true, description: `${description} (repeat the parameter, or separate values with commas)`, example }),
  );
}

/** What `format` may ask for: the machine formats, or the spreadsheet for people. */
export const EVENT_EXPORT_FORMATS = ['ndjson', 'csv', 'spreadsheet'] as const;
export type EventExportFormat = (typeof EVENT_EXPORT_FORMATS)[number];

/** `GET /api/exports/events`: which events of the log. */
export class ExportEventsQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Only events after this global position (a previous export’s last `position`, to resume)')
  readonly after?: number;

  @ListQuery('Only streams whose name starts with one of these prefixes', 'partnership-')
  @Matches(STREAM_PREFIX_PATTERN, {
    each: true,
    message: 'each value of $property must be the beginning of a stream name (letters, digits and . _ ~ -, 1 to 120)',
  })
  readonly streamPrefix?: string[];

  @ListQuery('Only events of these types', 'GroupMeetingHeld')
  @IsIn(knownEventTypes(), { each: true, message: 'each value of $property must be an event type of Catalyse (e.g. PartnershipProposed, GroupMeetingHeld)' })
  readonly type?: string[];

  @DateOrInstantQuery('Only events from this date (its whole day) or instant on, inclusive, on `clock`', '2012-12-01')
  readonly from?: string;

  @DateOrInstantQuery('Only events up to this date (its whole day) or instant, inclusive, on `clock`', '2013-02-28')
  readonly to?: string;

  @ApiPropertyOptional({
    enum: HISTORY_CLOCKS,
    description: 'The clock of `from`/`to`: `recorded` (default: when the log received each event) or `happened` (the date each event says its fact happened)',
  })
  @IsOptional()
  @IsIn([...HISTORY_CLOCKS], { message: `$property must be one of: ${HISTORY_CLOCKS.join(', ')}` })
  readonly clock?: HistoryClock;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      '`false` (default): the events as stored, each with the schema version it was written at. `true`: each brought to the current ' +
      'version of its type by the upcasters, as Catalyse reads it (`metadata.upcastFrom` names the stored version; one that cannot be ' +
      'upcast stays as stored, marked `metadata.unreadable`)',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: '$property must be true or false' })
  readonly upcast?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: EVENT_EXPORT_FORMATS,
    description:
      'The format, when not chosen by `Accept`: `ndjson` and `csv` are the machine formats (as `Accept: application/x-ndjson` and ' +
      '`Accept: text/csv` give them, unchanged); `spreadsheet` is the log as a French spreadsheet opens it (people: the console’s ' +
      'button): a UTF-8 BOM, `;` between cells, French headers, times in the network’s time zone (`05/12/2026 08:14:32`), named ' +
      '`journal-des-evenements-{today}.csv`',
  })
  @IsOptional()
  @IsIn([...EVENT_EXPORT_FORMATS], { message: `$property must be one of: ${EVENT_EXPORT_FORMATS.join(', ')}` })
  readonly format?: EventExportFormat;
}
