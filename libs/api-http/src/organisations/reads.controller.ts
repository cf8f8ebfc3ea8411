import { Inject, Param, Query, Res } from '@nestjs/common';
import {
  type AccompanimentCard,
  COLLECTIONS,
  type GatheringAttendance,
  type IntroductionCard,
  ORGANISATION_LINKS_LIMIT,
  organisationAccompaniment,
  organisationGathering,
  organisationIntroduction,
  type OrganisationLinks,
  type OrganisationPage,
  organisationPages,
  organisationPartnership,
  PARTNERSHIP_LINE_FIELDS,
  type PartnershipLine,
  PROJECTION_STORE,
  type ProjectionStore,
} from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import type { Page } from '../reads/query';
import { IdPipe } from '../validation/id.pipe';
import { ListOrganisationsQuery } from './dto';

/** The organisation's page as read live: its document, with its accompaniments and partnerships (joined when read, ADR 0024). */
export type OrganisationView = DocView<OrganisationPage> & OrganisationLinks;

/** Organisation pages (read model): profile and alliance strategy, with the organisation's accompaniments and partnerships. */
@ApiController('organisations')
export class OrganisationReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['organisation', 'list'], '', 'Find organisations by territory, kind, size band, maturity, objective family', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of organisation pages (CSV with `Accept: text/csv`)',
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

  @ReadRoute(
    ['organisation', 'read'],
    ':id',
    'An organisation’s page: its profile and alliance strategy, its accompaniments, partnerships, introductions and the gatherings its people attend (a partner reads its own organisation only)',
    {
      ok: 'The page with `accompaniments`, `partnerships`, `introductions` and `gatherings`; as of a cut, the page as it was with its `cut` (without the lists)',
      description:
        `${AS_OF_DESCRIPTION} As of a cut the lists around the page (accompaniments, partnerships, introductions, gatherings) are the present’s and are left out ` +
        '(each has its own read, as of its own cut). Live: follow the hub room `organisation:{id}`.',
    },
  )
  async get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<OrganisationView | DocViewAsOf<OrganisationPage>> {
    const page = await this.reads.read<OrganisationPage>(organisationPages, id, query, 'organisation', res);
    if ('cut' in page) return page;
    const limit = { limit: ORGANISATION_LINKS_LIMIT };
    const [accompaniments, partnerships, introductions, gatherings] = await Promise.all([
      this.readModels.findDocs<AccompanimentCard>(COLLECTIONS.accompaniments, { organisation: id }, limit),
      // A board may weigh megabytes: only the fields its line shows.
      this.readModels.findDocs<PartnershipLine>(COLLECTIONS.partnerships, { org: id }, { ...limit, fields: PARTNERSHIP_LINE_FIELDS }),
      this.readModels.findDocs<IntroductionCard>(COLLECTIONS.introductions, { org: id }, limit),
      this.readModels.findDocs<GatheringAttendance>(COLLECTIONS.gatherings, { org: id }, limit),
    ]);
    return {
      ...page,
      accompaniments: accompaniments.map(organisationAccompaniment),
      partnerships: partnerships.map(organisationPartnership),
      introductions: introductions.map((card) => organisationIntroduction(id, card)),
      gatherings: gatherings.map((gathering) => organisationGathering(id, gathering)),
    };
  }
}
