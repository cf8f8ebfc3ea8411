import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, type OrganisationPage, organisationPages, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { type DocView, listDocs } from '../reads/documents';
import type { Page } from '../reads/query';
import { IdPipe } from '../validation/id.pipe';
import { ListOrganisationsQuery } from './dto';

/** Organisation pages (read model): profile and alliance strategy. */
@ApiController('organisations')
export class OrganisationReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['organisation', 'list'], '', 'Find organisations by territory, kind, size band, maturity, objective family', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset}` of organisation pages (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('organisations')
  list(@Query() query: ListOrganisationsQuery): Promise<Page<DocView<OrganisationPage>>> {
    return listDocs<OrganisationPage, ListOrganisationsQuery>(this.readModels, COLLECTIONS.organisations, query, [
      'territory',
      'kind',
      'size',
      'maturity',
      'objective',
    ]);
  }

  @ReadRoute(['organisation', 'read'], ':id', 'An organisation: its profile and alliance strategy (a partner reads its own organisation only)', {
    description: AS_OF_DESCRIPTION,
  })
  get(@Param('id', IdPipe) id: string, @Query() query: AsOfQuery): Promise<DocView<OrganisationPage> | DocViewAsOf<OrganisationPage>> {
    return this.reads.read<OrganisationPage>(organisationPages, id, query, 'organisation');
  }
}
