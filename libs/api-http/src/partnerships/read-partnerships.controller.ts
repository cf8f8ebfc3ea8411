import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AccessPolicy, CurrentPrincipal } from '@catalyse/auth';
import { foldAsOf } from '@catalyse/commands';
import { partnershipDecider, partnershipStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore, readWholeStream } from '@catalyse/event-store';
import { AppError, type Principal } from '@catalyse/protocol';
import { COLLECTIONS, evolveBoard, type PartnershipBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ErrorBodyDto } from '../openapi/error-body.dto';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { CommandRunner } from '../shared/command-runner';
import { IdPipe } from '../shared/id.pipe';
import { jsonInteger } from '../shared/json';
import { type Page, readAtLeast } from '../shared/query';
import { boardView, type PartnershipBoardView } from './board-view';
import { EventPageSchema, PartnershipBoardSchema, PartnershipPageSchema } from './board.schema';
import { PartnershipGate } from './partnership-gate';
import { ListEventsQuery, ListPartnershipsQuery, ReadBoardQuery } from './read-partnership.dto';

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('partnerships')
@ApiCommonErrors()
@Controller('partnerships')
export class ReadPartnershipsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
    @Inject(PartnershipGate) private readonly gate: PartnershipGate,
    @Inject(CommandRunner) private readonly runner: CommandRunner,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List partnership boards (partners: only their own)' })
  @ApiOkResponse({ type: PartnershipPageSchema })
  async list(@Query() query: ListPartnershipsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<PartnershipBoardView>> {
    const filter: Record<string, string> = {};
    if (query.territory !== undefined) filter['territory'] = query.territory;
    if (query.phase !== undefined) filter['phase'] = query.phase;
    if (query.mode !== undefined) filter['mode'] = query.mode;
    if (query.org !== undefined) filter['org'] = query.org;
    if (principal.role === 'partner') {
      if (query.org !== undefined && query.org !== principal.org) {
        throw new AppError('FORBIDDEN', `a partner sees the partnerships of its own organisation (${principal.org ?? '?'})`);
      }
      filter['org'] = principal.org ?? '';
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const boards = await this.readModels.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, filter, { limit, offset });
    const today = this.runner.today();
    return { items: boards.map((board) => boardView(board, today)), limit, offset };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'The partnership board',
    description:
      'The read model, with `late` per milestone and `lateMilestones`. With `asOf` (an instant) or `position` (a global position), ' +
      'the board is computed by folding the stream up to that point: the state as it was then (lateness measured at the asOf date).',
  })
  @ApiIdParam()
  @ApiOkResponse({ type: PartnershipBoardSchema })
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND (or not yet projected: see minRevision)' })
  async get(
    @Param('id', IdPipe) id: string,
    @Query() query: ReadBoardQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<PartnershipBoardView> {
    if (query.asOf !== undefined && query.position !== undefined) {
      throw new AppError('VALIDATION', 'give asOf or position, not both', {
        details: [{ field: 'asOf', messages: ['asOf and position are exclusive'] }],
      });
    }
    if (query.asOf !== undefined || query.position !== undefined) return this.asOf(id, query, principal);
    if (query.minRevision !== undefined) {
      await readAtLeast(() => this.readModels.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, id), query.minRevision);
    }
    const board = await this.policy.assertCanSeePartnership(principal, id);
    res.setHeader('ETag', `"${board.revision}"`);
    return boardView(board, this.runner.today());
  }

  /**
   * The board as it was: `foldAsOf` decides where the history stops (the same
   * rule as `ops as-of`) and gives the decider state (existence, partners); the
   * projector's own pure `evolveBoard` folds that same prefix into the board
   * shape, so a past board reads exactly like the live one.
   */
  private async asOf(id: string, query: ReadBoardQuery, principal: Principal): Promise<PartnershipBoardView> {
    const stream = partnershipStream(id);
    const asOf = {
      ...(query.asOf !== undefined ? { time: query.asOf } : {}),
      ...(query.position !== undefined ? { position: BigInt(query.position) } : {}),
    };
    const folded = await foldAsOf(this.eventStore, partnershipDecider, stream, asOf);
    const when = query.asOf !== undefined ? `as of ${query.asOf}` : `at position ${String(query.position)}`;
    if (folded.state.status === 'none') throw new AppError('NOT_FOUND', `partnership ${id} did not exist ${when}`);
    if (principal.role === 'partner' && !folded.state.partners.some((p) => p.orgId === principal.org)) {
      throw new AppError('FORBIDDEN', `organisation ${principal.org ?? '?'} is not a partner of partnership ${id}`);
    }
    let board: PartnershipBoard | undefined;
    for await (const event of readWholeStream(this.eventStore, stream)) {
      if (event.revision > folded.revision) break;
      board = evolveBoard(board, event);
    }
    if (!board) throw new AppError('NOT_FOUND', `partnership ${id} did not exist ${when}`);
    // Lateness as it was then: at the asOf date; for a position, today.
    const lateAsOf = query.asOf !== undefined ? this.runner.dateOf(new Date(query.asOf)) : this.runner.today();
    return {
      ...boardView(board, lateAsOf),
      ...(query.asOf !== undefined ? { asOf: query.asOf } : {}),
      ...(query.position !== undefined ? { asOfPosition: jsonInteger(BigInt(query.position)) } : {}),
    };
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'The recorded events of a partnership, in order (paged by revision)' })
  @ApiIdParam()
  @ApiOkResponse({ type: EventPageSchema })
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND' })
  async events(
    @Param('id', IdPipe) id: string,
    @Query() query: ListEventsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ id: string; items: unknown[]; more: boolean }> {
    await this.gate.assertCanSee(principal, id);
    const limit = query.limit ?? 100;
    const from = query.after === undefined ? 0n : BigInt(query.after) + 1n;
    const page = await this.eventStore.readStream(partnershipStream(id), { from, direction: 'forwards', limit: limit + 1 });
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
}
