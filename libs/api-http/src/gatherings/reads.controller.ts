import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, type GatheringAttendance, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { type DocView, docView, listDocs, readDoc } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import { type Page, ReadYourWritesQuery } from '../reads/query';
import { ListGatheringsQuery } from './dto';

/** Gathering attendance (read model): registrations by sphere, attendance and rate. */
@ApiController('gatherings')
export class GatheringReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @ReadRoute(['gathering', 'read'], '', 'Find gatherings by kind, status, month, territory, participant', {
    ok: '`{items, limit, offset}` of gathering attendance documents',
  })
  list(@Query() query: ListGatheringsQuery): Promise<Page<DocView<GatheringAttendance>>> {
    return listDocs<GatheringAttendance, ListGatheringsQuery>(this.readModels, COLLECTIONS.gatherings, query, [
      'kind',
      'status',
      'month',
      'territory',
      'participant',
    ]);
  }

  @ReadRoute(['gathering', 'read'], ':id', 'A gathering and its attendance')
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery): Promise<DocView<GatheringAttendance>> {
    return docView(await readDoc<GatheringAttendance>(this.readModels, COLLECTIONS.gatherings, id, query.minRevision, 'gathering'));
  }
}
