import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { AppError, type Principal } from '@catalyse/protocol';
import { COLLECTIONS, type ExperimentationBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { assertMayRead, type DocView, docView } from '../network/network-commands';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { IdPipe } from '../shared/id.pipe';
import { type Page, readAtLeast, ReadYourWritesQuery } from '../shared/query';
import { ListExperimentationsQuery } from './experimentations.dto';
import { NetworkWorkGuard } from '../network/network-work.guard';

/** The experimentation boards (read model), for catalyseurs and operators (partners: 403). */
@ApiTags('experimentations')
@ApiCommonErrors()
@UseGuards(NetworkWorkGuard('experimentations'))
@Controller('experimentations')
export class ReadExperimentationsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @Get()
  @ApiOperation({ summary: 'Find experimentations by territory, stage, status, catalyseur, carrier' })
  @ApiOkResponse({ description: '`{items, limit, offset}` of experimentation boards' })
  async list(@Query() query: ListExperimentationsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<ExperimentationBoard>>> {
    assertMayRead(principal, 'experimentations');
    const filter: Record<string, string> = {};
    for (const key of ['territory', 'stage', 'status', 'catalyseur', 'carrier'] as const) {
      const value = query[key];
      if (value !== undefined) filter[key] = value;
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const boards = await this.readModels.findDocs<ExperimentationBoard>(COLLECTIONS.experimentations, filter, { limit, offset });
    return { items: boards.map(docView), limit, offset };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The experimentation board: stage, invitation, working groups and their meetings, actions, results, essaimage' })
  @ApiIdParam()
  @ApiOkResponse({ description: 'The experimentation board' })
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<DocView<ExperimentationBoard>> {
    assertMayRead(principal, 'experimentations');
    const board = await readAtLeast(() => this.readModels.getDoc<ExperimentationBoard>(COLLECTIONS.experimentations, id), query.minRevision);
    if (!board) throw new AppError('NOT_FOUND', `experimentation ${id} not found`);
    return docView(board);
  }
}
