import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AccessPolicy, CurrentPrincipal } from '@catalyse/auth';
import { ROOM_ACCESS, ROOM_KINDS } from '@catalyse/domain';
import type { Principal } from '@catalyse/protocol';
import { COLLECTIONS, PROJECTION_STORE, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from '../feeds/feed-page';
import { ApiCommonErrors, ApiIdParam } from '../openapi/decorators';
import { IdPipe } from '../shared/id.pipe';
import { type JsonInteger, jsonInteger } from '../shared/json';
import { readAtLeast, ReadYourWritesQuery } from '../shared/query';

export type RoomCardView = Omit<RoomCard, 'revision' | 'position'> & { readonly revision: JsonInteger; readonly position: JsonInteger };

export class RoomCardSchema {
  @ApiProperty() readonly id!: string;
  @ApiProperty({ enum: ROOM_KINDS }) readonly kind!: string;
  @ApiPropertyOptional() readonly subject?: string;
  @ApiProperty() readonly title!: string;
  @ApiProperty({ enum: ROOM_ACCESS }) readonly access!: string;
  @ApiProperty({ type: [String] }) readonly members!: string[];
  @ApiProperty() readonly openedBy!: string;
  @ApiProperty() readonly archived!: boolean;
  @ApiProperty({ type: 'integer' }) readonly revision!: number;
  @ApiProperty({ type: 'integer' }) readonly position!: number;
  @ApiProperty() readonly updatedAt!: string;
}

interface HeaderSink {
  setHeader(name: string, value: string): unknown;
}

@ApiTags('rooms')
@ApiCommonErrors()
@Controller('rooms')
export class ReadRoomsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'The room card' })
  @ApiIdParam()
  @ApiOkResponse({ type: RoomCardSchema })
  async get(
    @Param('id', IdPipe) id: string,
    @Query() query: ReadYourWritesQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<RoomCardView> {
    if (query.minRevision !== undefined) await readAtLeast(() => this.readModels.getDoc<RoomCard>(COLLECTIONS.rooms, id), query.minRevision);
    const card = await this.policy.assertCanReadRoomId(principal, id);
    res.setHeader('ETag', `"${card.revision}"`);
    return { ...card, revision: jsonInteger(card.revision), position: jsonInteger(card.position) };
  }

  @Get(':id/feed')
  @ApiOperation({ summary: "The room's feed (messages, decisions, membership) after a seq" })
  @ApiIdParam()
  @ApiOkResponse({ type: FeedPageSchema })
  async feed(@Param('id', IdPipe) id: string, @Query() query: FeedQuery, @CurrentPrincipal() principal: Principal): Promise<FeedPage> {
    const room = `room:${id}`;
    await this.policy.assertCanRead(principal, room);
    return readFeedPage(this.readModels, room, query);
  }
}
