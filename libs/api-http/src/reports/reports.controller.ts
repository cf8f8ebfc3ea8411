import { Body, HttpCode, HttpStatus, Inject, Logger, Optional, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiProduces, ApiResponse } from '@nestjs/swagger';
import { type ReportAsOf, type ReportKind, type ReportSelection, type RequestedReport, type RequestReport } from '@catalyse/domain';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { AppError } from '@catalyse/protocol';
import type { Request, Response } from 'express';
import { COLLECTIONS, PROJECTION_STORE, type ProjectionStore, type ReportCard, reportSubject } from '@catalyse/projections';
import {
  INDEX_ITEM,
  REPORT_FORMATS,
  REPORT_JOB,
  REPORT_STORE,
  type ReportFileInfo,
  type ReportFormat,
  type ReportJobData,
  type ReportStore,
  batchYearAfterCut,
} from '@catalyse/reports';
import { Access } from '../access/access.decorator';
import { CommandRequest } from '../commands/command-request';
import { Commands } from '../commands/commands';
import { present } from '../commands/present';
import { ApiController, ApiErrorResponse, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { ErrorBodyDto } from '../openapi/error-body.dto';
import { type DocView, listDocs } from '../reads/documents';
import { checkAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import type { Page } from '../reads/query';
import { IdPipe } from '../validation/id.pipe';
import { pastOrNow } from '../validation/instant';
import { reportArchive } from './archive';
import { ArchiveReportQuery, DownloadReportQuery, ListReportsQuery, ReportAcceptedSchema, ReportViewSchema, RequestReportDto } from './dto';

/** A report as `GET /api/reports/{id}` answers it: its state on the write side (never behind), its files and links. */
export type ReportView = Omit<RequestedReport, 'reportId'> & {
  readonly id: string;
  readonly subject: string;
  readonly files: readonly ReportFileInfo[];
  readonly downloads: Readonly<Partial<Record<ReportFormat, string>>>;
};

/**
 * Evaluation reports: operators ask for one (an aggregate, or a batch of
 * partnerships), a `report` job builds it beside the projector and pushes its
 * progress into the `ops` feed; operators and catalyseurs follow and download it.
 */
@ApiController('reports')
export class ReportsController {
  private readonly logger = new Logger('ReportsController');

  constructor(
    private readonly commands: Commands,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
    @Optional() @Inject(JOB_QUEUE) private readonly jobs?: JobQueue,
    @Optional() @Inject(REPORT_STORE) private readonly kept?: ReportStore,
  ) {}

  @Post()
  @Access('report', 'create')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for an evaluation report: one partnership, experimentation or territory, or every partnership of a territory or a year (operators)',
    description: 'Answers at once; the `report` job builds it, its progress appears in the `ops` feed, and `status` shows it.',
  })
  @ApiAcceptedResponse({ type: ReportAcceptedSchema })
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND: the aggregate (or the batch’s territory) does not exist; nothing is recorded' })
  @ApiResponse({ status: 503, type: ErrorBodyDto, description: 'UNAVAILABLE: no job queue reaches the projector from this api (set REDIS_URL)' })
  async request(@Body() dto: RequestReportDto, @CommandRequest() request: CommandRequest): Promise<ReportAcceptedSchema> {
    const selection = selectionOf(dto, request.at.today);
    // A report states what was: « Situation au 1er janvier 2099 » would state the future as a fact (400, as a dated
    // command); a clock without a date reads nothing differently (400, as the as-of reads).
    checkAsOf(dto.asOf, request.at, dto.clock);
    const asOf = dto.asOf === undefined ? undefined : { time: pastOrNow(dto.asOf, 'asOf', request.at), clock: dto.clock ?? 'happened' };
    if (
      selection.scope === 'batch' &&
      selection.year !== undefined &&
      asOf !== undefined &&
      batchYearAfterCut(selection.year, asOf.time, this.reads.timeZone)
    ) {
      const message = `year cannot be after the year of asOf: partnerships active in ${selection.year} cannot be read as of ${dto.asOf ?? ''}`;
      throw new AppError('VALIDATION', message, { details: [{ field: 'year', messages: [message] }] });
    }
    // Before anything is written or enqueued: a report on nothing is bad input, refused as any command on a missing aggregate.
    await this.assertSubjectExists(request, dto.kind, selection);
    const jobs = this.queue();
    const reportId = this.commands.idFor(request, 'report', dto.reportId);
    // A key is one request's: the same key for another subject or date is refused, not answered with the first
    // report as if this one were asked (a report's request holds nothing personal: it can be compared). A report
    // id given in the body is the client's own: its reuse is the decider's to refuse (409, already exists).
    if (request.idempotencyKey !== undefined && dto.reportId === undefined) {
      const earlier = await this.commands.state('report', reportId);
      if (earlier.status !== 'none' && !sameRequest(earlier, dto.kind, selection, asOf)) {
        throw new AppError('CONFLICT', `Idempotency-Key ${request.idempotencyKey} was already used for another report: send this one with a new key`);
      }
    }
    const data: RequestReport['data'] = present({
      reportId,
      kind: dto.kind,
      selection,
      asOf,
      requestedBy: request.principal.sub,
      requestedAt: request.at.iso,
    });
    await this.commands.send(request, 'report', reportId, { type: 'RequestReport', data }, { create: true });
    await jobs.enqueue<ReportJobData>(REPORT_JOB, { reportId }, { jobId: reportId });
    return { id: reportId, status: `/api/reports/${reportId}`, download: `/api/reports/${reportId}/download?format=html`, feed: 'ops' };
  }

  @ReadRoute(['report', 'read'], '', 'Reports asked for, the newest first (by `requestedAt`, then id) (operators, catalyseurs)', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of report cards',
  })
  @CsvAnswer('reports')
  list(@Query() query: ListReportsQuery): Promise<Page<DocView<ReportCard>>> {
    return listDocs<ReportCard, ListReportsQuery>(this.readModels, COLLECTIONS.reports, query, ['status', 'kind'], { field: 'requestedAt', descending: true });
  }

  @ReadRoute(['report', 'read'], ':id', 'A report: status, progress, formats, items and where to download them (operators, catalyseurs)', {
    type: ReportViewSchema,
    ok: 'The report as the write side has it (never behind)',
  })
  async get(@Param('id', IdPipe) id: string): Promise<ReportView> {
    const state = await this.commands.state('report', id);
    if (state.status === 'none') throw new AppError('NOT_FOUND', `report ${id} not found`);
    const { reportId, ...rest } = state;
    const files = await this.store().list(reportId);
    const main = mainItem(state);
    const downloads: Partial<Record<ReportFormat, string>> = {};
    for (const format of REPORT_FORMATS) {
      if (files.some((file) => file.item === main && file.format === format)) downloads[format] = `/api/reports/${reportId}/download?format=${format}`;
    }
    return { id: reportId, subject: reportSubject(state), ...rest, files, downloads };
  }

  @ReadRoute(['report', 'read'], ':id/download', 'Download a report as JSON, CSV or a printable HTML page in French (operators, catalyseurs)', {
    ok: 'The file, with its `Content-Type` and a `Content-Disposition` naming it',
  })
  @ApiProduces('text/html', 'text/csv', 'application/json')
  @ApiResponse({ status: 400, type: ErrorBodyDto, description: 'VALIDATION: an unknown format, or an `item` for a report that is not a batch' })
  @ApiResponse({ status: 406, type: ErrorBodyDto, description: 'NOT_ACCEPTABLE: without ?format=, Accept refuses each format (q=0)' })
  @ApiResponse({ status: 409, type: ErrorBodyDto, description: 'CONFLICT: the report is not completed (yet, or it failed)' })
  async download(@Param('id', IdPipe) id: string, @Query() query: DownloadReportQuery, @Req() req: Request): Promise<StreamableFile> {
    const state = await this.completed(id, ({ selection }) => {
      if (query.item === undefined || selection.scope === 'batch') return;
      // Never the report itself whatever the item says: as the CLI refuses `--item` without a batch.
      const message = `item is only for a batch of partnerships: report ${id} is one report (of ${selection.id}), download it without item`;
      throw new AppError('VALIDATION', message, { details: [{ field: 'item', messages: [message] }] });
    });
    const format = query.format ?? formatAccepted(req);
    const item = query.item ?? mainItem(state);
    const file = await this.store().get(id, item, format);
    if (!file) throw new AppError('NOT_FOUND', `report ${id} has no ${format} file for ${item}`);
    const content = Buffer.from(file.content, 'utf8');
    return new StreamableFile(content, { type: file.contentType, disposition: `attachment; filename="${file.fileName}"`, length: content.length });
  }

  @ReadRoute(
    ['report', 'read'],
    ':id/archive',
    'Download a report whole as one ZIP: a batch’s index and each of its partnerships’ reports (operators, catalyseurs)',
    {
      description: 'Every file kept for the report, or those of one `format`; the names are the files’ own (`Content-Disposition` of each download).',
      ok: 'The ZIP (`application/zip`), with a `Content-Disposition` naming it',
    },
  )
  @ApiProduces('application/zip')
  @ApiResponse({ status: 409, type: ErrorBodyDto, description: 'CONFLICT: the report is not completed (yet, or it failed)' })
  @ApiErrorResponse(
    500,
    'INTERNAL: the report store failed before the first byte of the ZIP (reading its first file), answered in the api’s error shape, no ZIP. ' +
      'A failure after the first byte cannot change the status (the 200 is under way): the connection is cut, the client gets a truncated ZIP, and the fault is logged',
  )
  async archive(@Param('id', IdPipe) id: string, @Query() query: ArchiveReportQuery, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const state = await this.completed(id);
    const store = this.store();
    const files = (await store.list(id)).filter((file) => query.format === undefined || file.format === query.format);
    const main = files.find((file) => file.item === mainItem(state)) ?? files[0];
    if (!main) throw new AppError('NOT_FOUND', `report ${id} has no ${query.format === undefined ? '' : `${query.format} `}file kept`);
    // Awaits the first file: a store failing then is answered as every error of the api (5xx, its shape).
    const archive = await reportArchive(files, (file) => store.get(id, file.item, file.format));
    // A client gone before the end: nothing more is read from the store.
    res.once('close', () => archive.destroy());
    const name = `${main.fileName.replace(/\.[a-z]+$/, '')}${query.format === undefined ? '' : `-${query.format}`}.zip`;
    // A failure after the first file: the answer is under way (its 200 is sent, or about to be), a status can no longer
    // say it, and Nest's own handler would answer `400 Bad Request` while the headers wait: a server fault read as the
    // client's. The connection is cut instead (the client sees the archive truncated), and the fault logged.
    return new StreamableFile(archive, { type: 'application/zip', disposition: `attachment; filename="${name}"` }).setErrorHandler((error, response) => {
      this.logger.error(`archive of report ${id} cut short: ${error.message}`, error.stack);
      if (response.destroyed) return;
      if (response.destroy) response.destroy();
      else response.end();
    });
  }

  /**
   * A report that is completed: 404 when none, then what `check` refuses of the request (a 400 comes before the
   * state), then 409 (in English) while it runs or when it failed.
   */
  private async completed(id: string, check?: (state: RequestedReport) => void): Promise<RequestedReport> {
    const state = await this.commands.state('report', id);
    if (state.status === 'none') throw new AppError('NOT_FOUND', `report ${id} not found`);
    check?.(state);
    if (state.status !== 'completed') {
      // English, as every message of the api: the job's reason (French, for the console) stays in `GET /api/reports/{id}`.
      throw new AppError(
        'CONFLICT',
        state.status === 'failed' ? `report ${id} failed: there is nothing to download` : `report ${id} is not completed yet (${state.status})`,
      );
    }
    return state;
  }

  /**
   * The subject of a report exists on the write side (its stream, never behind): one aggregate, or the batch's
   * territory, which exists when registered or when a partnership is tagged with it (the job's own rule).
   * Existence at `asOf` is the job's to check: only it folds the history inside the cut.
   */
  private async assertSubjectExists(request: CommandRequest, kind: ReportKind, selection: RequestReport['data']['selection']): Promise<void> {
    if (selection.scope === 'one') return this.commands.assertReferences(request, undefined, [[kind, selection.id]]);
    const { territory } = selection;
    if (territory === undefined || (await this.commands.state('territory', territory)).status !== 'none') return;
    const tagged = await this.readModels.findDocs(COLLECTIONS.partnerships, { territory }, { limit: 1, offset: 0, fields: ['id'] });
    if (tagged.length === 0) throw new AppError('NOT_FOUND', `territory ${territory} not found`);
  }

  private store(): ReportStore {
    if (!this.kept) throw new AppError('UNAVAILABLE', 'this api has no report store (ReportStoreModule)');
    return this.kept;
  }

  private queue(): JobQueue {
    if (!this.jobs) throw new AppError('UNAVAILABLE', 'this api has no job queue shared with the projector (set REDIS_URL), or run `npm run ops -- report`');
    return this.jobs;
  }
}

/** Whether a report already requested is this request: the same kind, selection and cut. */
function sameRequest(earlier: RequestedReport, kind: ReportKind, selection: ReportSelection, asOf: ReportAsOf | undefined): boolean {
  const key = (k: ReportKind, s: ReportSelection, a: ReportAsOf | undefined): string =>
    JSON.stringify([k, s.scope, s.scope === 'one' ? s.id : [s.territory ?? null, s.year ?? null], a?.time ?? null, a?.clock ?? null]);
  return key(earlier.kind, earlier.selection, earlier.asOf) === key(kind, selection, asOf);
}

/** The report's selection from the body: an id, or a batch; refused with VALIDATION otherwise. */
function selectionOf(dto: RequestReportDto, today: string): RequestReport['data']['selection'] {
  const batch = dto.territory !== undefined || dto.year !== undefined;
  const refuse = (field: string, message: string): never => {
    throw new AppError('VALIDATION', message, { details: [{ field, messages: [message] }] });
  };
  if (dto.id !== undefined && batch) return refuse('id', 'give either id (one report) or territory and/or year (a batch), not both');
  if (dto.id !== undefined) return { scope: 'one', id: dto.id };
  if (!batch) return refuse('id', 'id is required (or territory and/or year for a batch of partnerships)');
  if (dto.kind !== 'partnership') return refuse('kind', 'a batch (territory, year) is made of partnerships only: kind must be partnership');
  // « Actifs en 2031 » would list today's partnerships as if they were 2031's (the same rule as `ops report --year`).
  const thisYear = Number(today.slice(0, 4));
  if (dto.year !== undefined && dto.year > thisYear) return refuse('year', `year cannot be in the future: ${dto.year} is after this year (${thisYear})`);
  return present({ scope: 'batch' as const, territory: dto.territory, year: dto.year });
}

/** The item downloaded by default: the aggregate's report, or a batch's index. */
function mainItem(state: RequestedReport): string {
  return state.selection.scope === 'one' ? state.selection.id : INDEX_ITEM;
}

/** The media types of the formats, in the order `req.accepts` prefers them on equal quality (JSON first: the default). */
const FORMAT_TYPES = ['application/json', 'text/csv', 'text/html'] as const;

/**
 * The quality `Accept` gives `type` (RFC 9110 §12.5.1: the most specific range that matches it decides, `text/csv`
 * before `text/*` before `*\/*`), or `undefined` when no range names it. Parameters other than `q` are ignored.
 */
function qualityOf(accept: string, type: string): number | undefined {
  const [major] = type.split('/');
  let best: { readonly specificity: number; readonly q: number } | undefined;
  for (const range of accept.split(',')) {
    const [media = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const specificity = media === type ? 2 : media === `${major}/*` ? 1 : media === '*/*' ? 0 : -1;
    if (specificity < 0) continue;
    const given = parameters.find((parameter) => parameter.replace(/\s+/g, '').startsWith('q='));
    // A qvalue is 0 to 1 with up to three decimals; one that is none is no weight (1), as `req.accepts` reads it.
    const value = given === undefined ? '' : given.slice(given.indexOf('=') + 1).trim();
    const q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 1;
    if (best === undefined || specificity > best.specificity || (specificity === best.specificity && q > best.q)) best = { specificity, q };
  }
  return best?.q;
}

/**
 * The format `Accept` prefers among the three, its quality values weighed (`text/csv;q=0.1, text/html` is HTML);
 * JSON without `Accept`, for any type, and when it names none of them (a server may answer its default: `?format=`
 * says it exactly). An `Accept` that refuses each of them (`q=0`, by its type or a wildcard:
 * `text/html;q=0, application/json;q=0, text/csv;q=0`, `*\/*;q=0`) is `406 NOT_ACCEPTABLE`, never JSON all the same.
 */
export function formatAccepted(req: Pick<Request, 'accepts' | 'headers'>): ReportFormat {
  const accept = req.headers.accept;
  if (typeof accept === 'string' && accept.trim() !== '' && FORMAT_TYPES.every((type) => qualityOf(accept, type) === 0)) {
    throw new AppError('NOT_ACCEPTABLE', `Accept refuses every format of a report (${FORMAT_TYPES.join(', ')}): accept one, or give ?format=json|csv|html`);
  }
  const type = req.accepts([...FORMAT_TYPES]);
  return type === 'text/csv' ? 'csv' : type === 'text/html' ? 'html' : 'json';
}
