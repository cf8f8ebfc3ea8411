import { Inject, Param, Query, Res } from '@nestjs/common';
import { type AccompanimentCard, accompanimentCards, COLLECTIONS, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import type { Page } from '../reads/query';
import { IdPipe } from '../validation/id.pipe';
import { ListAccompanimentsQuery } from './dto';

/** Accompaniment cards (read model): purpose, sessions, maturity, outcome. */
@ApiController('accompaniments')
export class AccompanimentReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['accompaniment', 'list'], '', 'Find accompaniments by organisation, catalyseur, status (open, closed), outcome', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of accompaniment cards (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('accompaniments')
  list(@Query() query: ListAccompanimentsQuery): Promise<Page<DocView<AccompanimentCard>>> {
    return listDocs<AccompanimentCard, ListAccompanimentsQuery>(this.readModels, COLLECTIONS.accompaniments, query, [
      'organisation',
      'catalyseur',
      'status',
      'outcome',
    ]);
  }

  @ReadRoute(['accompaniment', 'read'], ':id', 'An accompaniment: purpose, sessions, maturity, outcome (a partner reads those of its own organisation only)', {
    description: AS_OF_DESCRIPTION,
  })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<AccompanimentCard> | DocViewAsOf<AccompanimentCard>> {
    return this.reads.read<AccompanimentCard>(accompanimentCards, id, query, 'accompaniment', res);
  }
}
