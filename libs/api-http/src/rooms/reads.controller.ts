import { Inject, Param, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROOM_ACCESS, ROOM_KINDS } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { COLLECTIONS, PROJECTION_STORE, type ProjectionStore, type RoomCard } from '@catalyse/projections';
import { FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from '../feeds/feed-page';
import { ApiController, ReadRoute } from '../openapi/decorators';
import { type DocView, docView, readDoc } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';
import { ReadYourWritesQuery } from '../reads/query';

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

/** A room's card (who may enter it) and its feed. */
@ApiController('rooms')
export class RoomReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @ReadRoute(['room', 'read'], ':id', 'The room card', { type: RoomCardSchema })
  async get(@Param('id', IdPipe) id: string, @Query() query: ReadYourWritesQuery, @Res({ passthrough: true }) res: HeaderSink): Promise<DocView<RoomCard>> {
    const card = await readDoc<RoomCard>(this.readModels, COLLECTIONS.rooms, id, query.minRevision, 'room');
    res.setHeader('ETag', `"${card.revision}"`);
    return docView(card);
  }

  @ReadRoute(['room', 'read'], ':id/feed', "The room's feed (messages, decisions, membership) after a seq", { type: FeedPageSchema })
  feed(@Param('id', IdPipe) id: string, @Query() query: FeedQuery): Promise<FeedPage> {
    return readFeedPage(this.readModels, roomKey('room', id), query);
  }
}
