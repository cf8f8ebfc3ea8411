import { Inject, Param, Query } from '@nestjs/common';
import { COLLECTIONS, funnelId, type IntroductionCard, type IntroductionFunnel, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { type DocView, docView, listDocs, readDoc } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import { type Page, ReadYourWritesQuery } from '../reads/query';
import { FunnelQuery, ListIntroductionsQuery } from './dto';

/** Introduction cards (read model) and the introduction funnel, of the network or of a territory. */
@ApiController('introductions')
export class IntroductionReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @ReadRoute(['introduction', 'read'], '', 'Find introductions by territory, status, catalyseur, organisation, gathering')
  list(@Query() query: ListIntroductionsQuery): Promise<Page<DocView<IntroductionCard>>> {
    return listDocs<IntroductionCard, ListIntroductionsQuery>(this.readModels, COLLECTIONS.introductions, query, [
      'territory',
      'status',
      'catalyseur',
      'org',
      'gathering',
    ]);
  }

  @ReadRoute(['introduction', 'read'], 'funnel', 'The introduction funnel (introductions → meetings → partnerships), of the network or of a territory')
  async funnel(@Query() query: FunnelQuery): Promise<IntroductionFunnel & { readonly meetingRate: number; readonly partnershipRate: number }> {
    const scope = funnelId(query.territory);
    const funnel = (await this.readModels.getDoc<IntroductionFunnel>(COLLECTIONS.funnels, scope)) ?? {
      scope,
      introduced: 0,
      met: 0,
      ledToPartnership: 0,
      partnerships: 0,
      noFollowUp: 0,
    };
    const rate = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : 0);
    return { ...funnel, meetingRate: rate(funnel.met, funnel.introduced), partnershipRate: rate(funnel.ledToPartnership, funnel.introduced) };
  }

  @ReadRoute(['introduction', 'read'], ':id', 'An introduction and its outcome')
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery): Promise<DocView<IntroductionCard>> {
    return docView(await readDoc<IntroductionCard>(this.readModels, COLLECTIONS.introductions, id, query.minRevision, 'introduction'));
  }
}
