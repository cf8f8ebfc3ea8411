import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, type ExperimentationBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { type DocView, docView, listDocs, readDoc } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import { type Page, ReadYourWritesQuery } from '../reads/query';
import { ListExperimentationsQuery } from './dto';

/** The experimentation boards (read model). */
@ApiController('experimentations')
export class ExperimentationReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @ReadRoute(['experimentation', 'read'], '', 'Find experimentations by territory, stage, status, catalyseur, carrier', {
    ok: '`{items, limit, offset}` of experimentation boards',
  })
  list(@Query() query: ListExperimentationsQuery): Promise<Page<DocView<ExperimentationBoard>>> {
    return listDocs<ExperimentationBoard, ListExperimentationsQuery>(this.readModels, COLLECTIONS.experimentations, query, [
      'territory',
      'stage',
      'status',
      'catalyseur',
      'carrier',
    ]);
  }

  @ReadRoute(
    ['experimentation', 'read'],
    ':id',
    'The experimentation board: stage, invitation, working groups and their meetings, actions, results, essaimage',
    {
      ok: 'The experimentation board',
    },
  )
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery): Promise<DocView<ExperimentationBoard>> {
    return docView(await readDoc<ExperimentationBoard>(this.readModels, COLLECTIONS.experimentations, id, query.minRevision, 'experimentation'));
  }
}
