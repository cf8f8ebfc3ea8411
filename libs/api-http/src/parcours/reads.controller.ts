import { Inject, Param, Query, Res } from '@nestjs/common';
import { COLLECTIONS, type ParcoursBoard, parcoursBoards, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { ListParcoursQuery } from './dto';

/** The parcours boards (read model): pilots and their progress, sessions, outcomes. */
@ApiController('parcours')
export class ParcoursReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['parcours', 'read'], '', 'Find parcours by status, pilot territory', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of parcours boards (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('parcours')
  list(@Query() query: ListParcoursQuery): Promise<Page<DocView<ParcoursBoard>>> {
    return listDocs<ParcoursBoard, ListParcoursQuery>(this.readModels, COLLECTIONS.parcours, query, ['status', 'territory']);
  }

  @ReadRoute(['parcours', 'read'], ':id', 'A parcours board: pilots and their progress, sessions, outcomes', { description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<ParcoursBoard> | DocViewAsOf<ParcoursBoard>> {
    return this.reads.read<ParcoursBoard>(parcoursBoards, id, query, 'parcours', res);
  }
}
