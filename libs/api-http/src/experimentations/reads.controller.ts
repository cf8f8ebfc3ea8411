import { Inject, Param, Query, Res } from '@nestjs/common';
import { COLLECTIONS, type ExperimentationBoard, experimentationBoards, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { ListExperimentationsQuery } from './dto';

/** The experimentation boards (read model). */
@ApiController('experimentations')
export class ExperimentationReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['experimentation', 'read'], '', 'Find experimentations by territory, stage, status, catalyseur, carrier, category', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of experimentation boards (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('experimentations')
  list(@Query() query: ListExperimentationsQuery): Promise<Page<DocView<ExperimentationBoard>>> {
    return listDocs<ExperimentationBoard, ListExperimentationsQuery>(this.readModels, COLLECTIONS.experimentations, query, [
      'territory',
      'stage',
      'status',
      'catalyseur',
      'carrier',
      'category',
    ]);
  }

  @ReadRoute(
    ['experimentation', 'read'],
    ':id',
    'The experimentation board: category, stage, invitation, working groups and their meetings, actions, restitution, follow-ups, results, essaimage',
    { ok: 'The experimentation board', description: AS_OF_DESCRIPTION },
  )
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<ExperimentationBoard> | DocViewAsOf<ExperimentationBoard>> {
    return this.reads.read<ExperimentationBoard>(experimentationBoards, id, query, 'experimentation', res);
  }
}
