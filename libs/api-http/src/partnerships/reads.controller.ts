import { Inject, Param, Query, Res } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { AGGREGATES, type HistoryCut } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { AppError, type Principal } from '@catalyse/protocol';
import { COLLECTIONS, type PartnershipBoard, partnershipBoards, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { momentOf } from '../commands/command-request';
import { present } from '../commands/present';
import { ErrorBodyDto } from '../openapi/error-body.dto';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { calendarDateOf, CLOCK, type Clock } from '../setup/clock';
import { appliedCut, cutOf, dayOfCut, readDocAsOf } from '../reads/as-of';
import { CsvAnswer, listCsv } from '../reads/csv';
import { findPage, type HeaderSink, readDoc, tagFilter, tagRevision } from '../reads/documents';
import { ApiReadSide } from '../reads/read-side';
import { IdPipe } from '../validation/id.pipe';
import { jsonInteger } from '../reads/json';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import type { Page } from '../reads/query';
import { boardView, type PartnershipBoardView } from './board-view';
import { EventPageSchema, PartnershipBoardSchema, PartnershipPageSchema } from './board.schema';
import { ListEventsQuery, ListPartnershipsQuery, ReadBoardQuery } from './dto';

/** The partnership boards (read model), a board as of any instant or position, and a partnership's events. */
@ApiController('partnerships')
export class PartnershipReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(ApiReadSide) private readonly readSide: ApiReadSide,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
  ) {}

  @ReadRoute(['partnership', 'list'], '', 'List partnership boards (partners: only their own)', { type: PartnershipPageSchema })
  // Objectives by organisation and assignment days by catalyseur: one cell each, not a column per organisation or catalyseur.
  @CsvAnswer('partnerships', listCsv({ maps: ['objectives', 'assignedOn'] }))
  async list(@Query() query: ListPartnershipsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<PartnershipBoardView>> {
    const filter = tagFilter(query, ['territory', 'phase', 'mode', 'org', 'catalyseur']);
    // A partner sees the partnerships of its own organisation (the access table refused any other `org`).
    if (principal.role === 'partner') filter['org'] = principal.org ?? '';
    const page = await findPage<PartnershipBoard>(this.readModels, COLLECTIONS.partnerships, filter, query);
    const today = this.today();
    return { ...page, items: page.items.map((board) => boardView(board, today)) };
  }

  @ReadRoute(['partnership', 'read'], ':id', 'The partnership board', {
    type: PartnershipBoardSchema,
    description:
      'The read model, with `late` per milestone and `lateMilestones`. With `asOf` (a date or an instant, not after now: 400 VALIDATION; on `clock`: ' +
      '`happened` by default, or `recorded`) and/or `position` (a global position), the board is computed by folding the stream’s events inside ' +
      'that cut: the state as it was then, with the cut applied in `cut` (lateness measured on the asOf day).',
  })
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND (or not yet projected: see minRevision)' })
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadBoardQuery, @Res({ passthrough: true }) res: HeaderSink): Promise<PartnershipBoardView> {
    const at = momentOf(this.clock.now(), this.options.timeZone);
    const cut = cutOf(query, at);
    if (cut) return this.asOf(id, cut, query, at.today);
    const board = await readDoc<PartnershipBoard>(this.readModels, this.readSide, COLLECTIONS.partnerships, id, query.minRevision, 'partnership');
    tagRevision(res, board.revision);
    return boardView(board, at.today);
  }

  /** The board as it was: the stream's events inside the cut, folded once by the board's own read model. */
  private async asOf(id: string, cut: HistoryCut, query: ReadBoardQuery, today: string): Promise<PartnershipBoardView> {
    const { timeZone } = this.options;
    const board = await readDocAsOf<PartnershipBoard>(this.eventStore, partnershipBoards, id, cut, timeZone, 'partnership');
    // Lateness as it was then: on the asOf day; for a position, today.
    const lateAsOf = dayOfCut(cut, timeZone) ?? today;
    return {
      ...boardView(board, lateAsOf),
      ...present({ asOf: query.asOf, asOfPosition: query.position === undefined ? undefined : jsonInteger(BigInt(query.position)) }),
      cut: appliedCut(cut, timeZone),
    };
  }

  @ReadRoute(['partnership', 'read'], ':id/events', 'The recorded events of a partnership, in order (paged by revision)', { type: EventPageSchema })
  async events(@Param('id', IdPipe) id: string, @Query() query: ListEventsQuery): Promise<{ id: string; items: unknown[]; more: boolean }> {
    const limit = query.limit ?? 100;
    const from = query.after === undefined ? 0n : BigInt(query.after) + 1n;
    const page = await this.eventStore.readStream(AGGREGATES.partnership.streamOf(id), { from, direction: 'forwards', limit: limit + 1 });
    if (page.length === 0 && from === 0n) throw new AppError('NOT_FOUND', `partnership ${id} not found`);
    const items = page.slice(0, limit).map((e) => ({
      id: e.id,
      type: e.type,
      revision: jsonInteger(e.revision),
      position: jsonInteger(e.position),
      data: e.data,
      metadata: e.metadata,
      recordedAt: e.recordedAt,
    }));
    return { id, items, more: page.length > limit };
  }

  private today(): string {
    return calendarDateOf(this.clock.now(), this.options.timeZone);
  }
}
