import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { CATALYSEUR_SKILLS, SPHERES } from '@catalyse/domain';
import { AppError, type Principal } from '@catalyse/protocol';
import { type CatalyseurCard, COLLECTIONS, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { ErrorBodyDto } from '../openapi/error-body.dto';
import { IdPipe } from '../shared/id.pipe';
import { type JsonInteger, jsonInteger } from '../shared/json';
import { type Page, readAtLeast } from '../shared/query';
import { DirectoryQuery, ReadCatalyseurQuery } from './catalyseurs.dto';

export type CatalyseurCardView = Omit<CatalyseurCard, 'revision' | 'position'> & { readonly revision: JsonInteger; readonly position: JsonInteger };

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

export class CatalyseurPageSchema {
  @ApiProperty({ type: [CatalyseurCardSchema] }) readonly items!: CatalyseurCardSchema[];
  @ApiProperty({ type: 'integer' }) readonly limit!: number;
  @ApiProperty({ type: 'integer' }) readonly offset!: number;
}

const view = (card: CatalyseurCard): CatalyseurCardView => ({ ...card, revision: jsonInteger(card.revision), position: jsonInteger(card.position) });

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

/** The catalyseur directory (read model), for every authenticated member of the network. */
@ApiTags('catalyseurs')
@ApiCommonErrors()
@Controller('catalyseurs')
export class DirectoryController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @Get()
  @ApiOperation({ summary: 'Find catalyseurs by territory, skill, sphere (members by default)' })
  @ApiOkResponse({ type: CatalyseurPageSchema })
  async list(@Query() query: DirectoryQuery): Promise<Page<CatalyseurCardView>> {
    const filter: Record<string, string> = { status: query.status ?? 'member' };
    if (query.territory !== undefined) filter['territory'] = query.territory;
    if (query.skill !== undefined) filter['skill'] = query.skill;
    if (query.sphere !== undefined) filter['sphere'] = query.sphere;
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const cards = await this.readModels.findDocs<CatalyseurCard>(COLLECTIONS.catalyseurs, filter, { limit, offset });
    return { items: cards.map(view), limit, offset };
  }

  @Get(':id')
  @ApiOperation({ summary: "A catalyseur's card" })
  @ApiIdParam()
  @ApiOkResponse({ type: CatalyseurCardSchema })
  @ApiResponse({ status: 404, type: ErrorBodyDto, description: 'NOT_FOUND' })
  async get(
    @Param('id', IdPipe) id: string,
    @Query() query: ReadCatalyseurQuery,
    @CurrentPrincipal() _principal: Principal,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<CatalyseurCardView> {
    const card = await readAtLeast(() => this.readModels.getDoc<CatalyseurCard>(COLLECTIONS.catalyseurs, id), query.minRevision);
    if (!card) throw new AppError('NOT_FOUND', `catalyseur ${id} not found`);
    res.setHeader('ETag', `"${card.revision}"`);
    return view(card);
  }
}
