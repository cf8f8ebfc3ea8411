import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { HISTORY_CLOCKS, type HistoryClock, REPORT_KINDS, REPORT_YEAR_MAX, REPORT_YEAR_MIN, type ReportKind } from '@catalyse/domain';
import { REPORT_FORMATS, type ReportFormat } from '@catalyse/reports';
import { PageQuery } from '../reads/query';
import { IsDateOrInstant } from '../validation/instant';
import { EnumField, IdField, IntField } from '../validation/validation';

/**
 * `POST /api/reports`: one aggregate (`kind` and `id`), or a batch of
 * partnerships (`territory`, `year` or both), optionally as of a date.
 */
export class RequestReportDto {
  @EnumField(REPORT_KINDS, false, { description: 'What the report is about' })
  readonly kind!: ReportKind;
  @IdField(true, { description: 'The aggregate reported on (one report); leave it out for a batch', example: 'flda-cg-ardeche' })
  readonly id?: string;
  @IdField(true, { description: 'Batch: every partnership of this territory', example: 'ardeche' })
  readonly territory?: string;
  @IntField(REPORT_YEAR_MIN, REPORT_YEAR_MAX, true, {
    description: 'Batch: every partnership alive during this year (proposed by its end, not closed before it began)',
    example: 2012,
  })
  readonly year?: number;
  @IsOptional()
  @IsDateOrInstant()
  @ApiPropertyOptional({
    type: String,
    description:
      'The report as of then: a date (by the end of that day, in the network’s time zone) or an instant; not after now (a date after today or an instant after now: 400 VALIDATION)',
    example: '2012-12-31',
  })
  readonly asOf?: string;
  @EnumField(HISTORY_CLOCKS, true, { description: '`happened` (default): by the dates the facts happened; `recorded`: by what was recorded then' })
  readonly clock?: HistoryClock;
  @IdField(true, { description: 'The report’s own id (a UUID when absent)' })
  readonly reportId?: string;
}

/** `GET /api/reports?status=&kind=&limit=&offset=`. */
export class ListReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['requested', 'running', 'completed', 'failed'] })
  @IsOptional()
  @IsIn(['requested', 'running', 'completed', 'failed'], { message: '$property must be one of: requested, running, completed, failed' })
  readonly status?: string;
  @ApiPropertyOptional({ enum: REPORT_KINDS })
  @IsOptional()
  @IsIn([...REPORT_KINDS], { message: `$property must be one of: ${REPORT_KINDS.join(', ')}` })
  readonly kind?: string;
}

/** `GET /api/reports/{id}/download?format=&item=`. */
export class DownloadReportQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Default: from `Accept` (`text/html`, `text/csv`, `application/json`), else json' })
  @IsOptional()
  @IsIn([...REPORT_FORMATS], { message: `$property must be one of: ${REPORT_FORMATS.join(', ')}` })
  readonly format?: ReportFormat;
  @IdField(true, {
    description:
      'For a batch only: the partnership whose report to download (default: the batch’s index); a report that is not a batch refuses it (400 VALIDATION)',
  })
  readonly item?: string;
}

/** `GET /api/reports/{id}/archive?format=`. */
export class ArchiveReportQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Only the files of this format (default: every format kept)' })
  @IsOptional()
  @IsIn([...REPORT_FORMATS], { message: `$property must be one of: ${REPORT_FORMATS.join(', ')}` })
  readonly format?: ReportFormat;
}

export class ReportAcceptedSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ description: 'Where to follow it', example: '/api/reports/0199…' }) readonly status!: string;
  @ApiProperty({ description: 'Where to download it once completed', example: '/api/reports/0199…/download?format=html' }) readonly download!: string;
  @ApiProperty({ description: 'The room whose feed shows its progress live', example: 'ops' }) readonly feed!: string;
}

/** `GET /api/reports/{id}` (documentation only: the main fields of `ReportView`). */
export class ReportViewSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ enum: REPORT_KINDS }) readonly kind!: ReportKind;
  @ApiProperty({ description: 'What it is about: the aggregate’s id, or a batch’s `territory:ardeche year:2012`' }) readonly subject!: string;
  @ApiProperty({ enum: ['requested', 'running', 'completed', 'failed'] }) readonly status!: string;
  @ApiProperty({ description: '`{scope: "one", id}` or `{scope: "batch", territory?, year?}`' }) readonly selection!: Record<string, unknown>;
  @ApiProperty() readonly requestedBy!: string;
  @ApiProperty({ format: 'date-time' }) readonly requestedAt!: string;
  @ApiPropertyOptional({ description: '`{done, total, percent, message, at}`, the message in French' }) readonly progress?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'Why it failed, in French (for the console)' }) readonly reason?: string;
  @ApiProperty({ description: 'The files kept: `{reportId, item, format, fileName, contentType, createdAt, bytes}`', type: 'array', items: { type: 'object' } })
  readonly files!: Record<string, unknown>[];
  @ApiProperty({ description: 'Where to download the main item, by format', example: { html: '/api/reports/0199…/download?format=html' } })
  readonly downloads!: Record<string, string>;
}
