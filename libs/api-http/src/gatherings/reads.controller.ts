import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, type GatheringAttendance, gatheringAttendance, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, readDocOrAsOf, type SingleReadSources } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { API_HTTP_OPTIONS, type ResolvedApiHttpOptions } from '../setup/options';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { type DocView, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { ListGatheringsQuery } from './dto';

/** Gathering attendance (read model): registrations by sphere, attendance and rate. */
@ApiController('gatherings')
export class GatheringReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(API_HTTP_OPTIONS) private readonly options: ResolvedApiHttpOptions,
  ) {}

  private get sources(): SingleReadSources {
    return { readModels: this.readModels, eventStore: this.eventStore, timeZone: this.options.timeZone };
  }

  @ReadRoute(['gathering', 'read'], '', 'Find gatherings by kind, status, month, territory, participant', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset}` of gathering attendance documents (CSV with `Accept: text/csv`)',
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
  get(@Param('id', IdPipe) id: string, @Query() query: AsOfQuery): Promise<DocView<GatheringAttendance> | DocViewAsOf<GatheringAttendance>> {
    return readDocOrAsOf<GatheringAttendance>(this.sources, gatheringAttendance, id, query, 'gathering');
  }
}
