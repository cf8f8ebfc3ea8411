import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import type { Principal } from '@catalyse/protocol';
import { COLLECTIONS, type ExperimentationBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { assertMayRead, type DocView, docView, listDocs, readDoc } from '../network/network-commands';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { IdPipe } from '../shared/id.pipe';
import { type Page, ReadYourWritesQuery } from '../shared/query';
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
    return listDocs<ExperimentationBoard, typeof query>(this.readModels, COLLECTIONS.experimentations, query, ['territory', 'stage', 'status', 'catalyseur', 'carrier']);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The experimentation board: stage, invitation, working groups and their meetings, actions, results, essaimage' })
  @ApiIdParam()
  @ApiOkResponse({ description: 'The experimentation board' })
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @CurrentPrincipal() principal: Principal): Promise<DocView<ExperimentationBoard>> {
    assertMayRead(principal, 'experimentations');
    const board = await readDoc<ExperimentationBoard>(this.readModels, COLLECTIONS.experimentations, id, query.minRevision, 'experimentation');
    return docView(board);
  }
}
