import { Inject, Param, Query, Res } from '@nestjs/common';
import {
  COLLECTIONS,
  funnelId,
  type IntroductionCard,
  introductionCards,
  type IntroductionFunnel,
  PROJECTION_STORE,
  type ProjectionStore,
} from '@catalyse/projections';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { DocumentPageSchema } from '../openapi/page.schema';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { FunnelQuery, ListIntroductionsQuery } from './dto';

/** Introduction cards (read model) and the introduction funnel, of the network or of a territory. */
@ApiController('introductions')
export class IntroductionReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['introduction', 'read'], '', 'Find introductions by territory, status, catalyseur, organisation, gathering, accompaniment', {
    type: DocumentPageSchema,
    ok: '`{items, total, limit, offset, next?}` of introduction cards (CSV with `Accept: text/csv`)',
  })
  @CsvAnswer('introductions')
  list(@Query() query: ListIntroductionsQuery): Promise<Page<DocView<IntroductionCard>>> {
    return listDocs<IntroductionCard, ListIntroductionsQuery>(this.readModels, COLLECTIONS.introductions, query, [
      'territory',
      'status',
      'catalyseur',
      'org',
      'gathering',
      'accompaniment',
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

  @ReadRoute(['introduction', 'read'], ':id', 'An introduction and its outcome', { description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<IntroductionCard> | DocViewAsOf<IntroductionCard>> {
    return this.reads.read<IntroductionCard>(introductionCards, id, query, 'introduction', res);
  }
}
