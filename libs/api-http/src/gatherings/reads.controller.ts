import { Inject, Param, Query, Res } from '@nestjs/common';
import { COLLECTIONS, type GatheringAttendance, gatheringAttendance, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { ListGatheringsQuery } from './dto';

/** Gathering attendance (read model): registrations by sphere, attendance and rate. */
@ApiController('gatherings')
export class GatheringReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['gathering', 'read'], '', 'Find gatherings by kind, status, month, territory, participant', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of gathering attendance documents (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('gatherings')
  list(@Query() query: ListGatheringsQuery): Promise<Page<DocView<GatheringAttendance>>> {
    return listDocs<GatheringAttendance, ListGatheringsQuery>(this.readModels, COLLECTIONS.gatherings, query, [
      'kind',
      'status',
      'month',
      'territory',
      'participant',
    ]);
  }

  @ReadRoute(['gathering', 'read'], ':id', 'A gathering and its attendance', { description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<GatheringAttendance> | DocViewAsOf<GatheringAttendance>> {
    return this.reads.read<GatheringAttendance>(gatheringAttendance, id, query, 'gathering', res);
  }
}
