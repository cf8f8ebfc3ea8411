import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, type ParcoursBoard, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { type DocView, docView, listDocs, readDoc } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import { type Page, ReadYourWritesQuery } from '../reads/query';
import { ListParcoursQuery } from './dto';

/** The parcours boards (read model): pilots and their progress, sessions, outcomes. */
@ApiController('parcours')
export class ParcoursReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @ReadRoute(['parcours', 'read'], '', 'Find parcours by status, pilot territory')
  list(@Query() query: ListParcoursQuery): Promise<Page<DocView<ParcoursBoard>>> {
    return listDocs<ParcoursBoard, ListParcoursQuery>(this.readModels, COLLECTIONS.parcours, query, ['status', 'territory']);
  }

  @ReadRoute(['parcours', 'read'], ':id', 'A parcours board: pilots and their progress, sessions, outcomes')
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery): Promise<DocView<ParcoursBoard>> {
    return docView(await readDoc<ParcoursBoard>(this.readModels, COLLECTIONS.parcours, id, query.minRevision, 'parcours'));
  }
}
