import { Inject, Param, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { CATALYSEUR_SKILLS, SPHERES } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import {
  type CatalyseurCard,
  catalyseurDirectory,
  type CatalyseurPortfolio,
  COLLECTIONS,
  type PortfolioAccompaniment,
  portfolioOf,
  type PortfolioPartnership,
  PROJECTION_STORE,
  type ProjectionStore,
} from '@catalyse/projections';
import { AS_OF_DESCRIPTION, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { CsvAnswer } from '../reads/csv';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { PageFieldsSchema } from '../openapi/page.schema';
import { type DocView, type HeaderSink, listDocs } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import type { Page } from '../reads/query';
import { DirectoryQuery, ReadCatalyseurQuery } from './dto';
import { CatalyseurPortfolioSchema } from './portfolio.schema';

export class CatalyseurCardSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty() readonly name!: string;
  @ApiProperty({ enum: SPHERES }) readonly sphere!: string;
  @ApiProperty() readonly territory!: string;
  @ApiProperty({ enum: CATALYSEUR_SKILLS, isArray: true }) readonly skills!: string[];
  @ApiProperty({ enum: ['member', 'left'] }) readonly status!: string;
  @ApiProperty() readonly joinedAt!: string;
  @ApiPropertyOptional() readonly leftAt?: string;
  @ApiProperty({ type: 'integer' }) readonly revision!: number;
  @ApiProperty({ type: 'integer' }) readonly position!: number;
  @ApiProperty() readonly updatedAt!: string;
}

export class CatalyseurPageSchema extends PageFieldsSchema {
  @ApiProperty({ type: [CatalyseurCardSchema] }) readonly items!: CatalyseurCardSchema[];
}

/** The catalyseur directory (read model), for every authenticated member of the network; a catalyseur's portfolio, for itself and operators. */
@ApiController('catalyseurs')
export class CatalyseurReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['catalyseur', 'read'], '', 'Find catalyseurs by territory, skill, sphere (members by default)', { type: CatalyseurPageSchema })
  @CsvAnswer('catalyseurs')
  list(@Query() query: DirectoryQuery): Promise<Page<DocView<CatalyseurCard>>> {
    return listDocs<CatalyseurCard, DirectoryQuery>(this.readModels, COLLECTIONS.catalyseurs, { ...query, status: query.status ?? 'member' }, [
      'status',
      'territory',
      'skill',
      'sphere',
    ]);
  }

  @ReadRoute(['catalyseur', 'read'], ':id', "A catalyseur's card", { type: CatalyseurCardSchema, description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: ReadCatalyseurQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<CatalyseurCard> | DocViewAsOf<CatalyseurCard>> {
    return this.reads.read<CatalyseurCard>(catalyseurDirectory, id, query, 'catalyseur', res);
  }

  @ReadRoute(
    ['catalyseur', 'portfolio'],
    ':id/portfolio',
    "A catalyseur's portfolio: the partnerships and organisations it accompanies, and those it accompanied (itself and operators)",
    {
      type: CatalyseurPortfolioSchema,
      description:
        'Live in the feed `portfolio:{id}`. A catalyseur who accompanies nothing has an empty portfolio; one nobody recorded (no card) is `404 NOT_FOUND`, but for its own.',
    },
  )
  async portfolio(@Param('id', IdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<CatalyseurPortfolio> {
    const [partnerships, accompaniments, card] = await Promise.all([
      this.readModels.findDocs<PortfolioPartnership>(COLLECTIONS.portfolioPartnerships, { catalyseur: id }),
      this.readModels.findDocs<PortfolioAccompaniment>(COLLECTIONS.portfolioAccompaniments, { catalyseur: id }),
      this.readModels.getDoc<CatalyseurCard>(catalyseurDirectory.collection, id),
    ]);
    // Past the access check (403 first). A catalyseur nobody recorded, who accompanies nothing, is unknown: 404, as its
    // card. A signed-in catalyseur's own portfolio is always answered (empty at worst): the console's « Mon portefeuille ».
    if (!card && partnerships.length === 0 && accompaniments.length === 0 && principal.sub !== id) {
      throw new AppError('NOT_FOUND', `catalyseur ${id} not found`);
    }
    return portfolioOf(id, partnerships, accompaniments);
  }
}
