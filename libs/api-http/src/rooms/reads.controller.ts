import { Inject, Param, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROOM_ACCESS, ROOM_KINDS } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore, type RoomCard, roomCards } from '@catalyse/projections';
import { FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from '../feeds/feed-page';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { ApiController, ReadRoute } from '../openapi/decorators';
import type { DocView } from '../reads/documents';
import { IdPipe } from '../validation/id.pipe';

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
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['room', 'read'], ':id', 'The room card', { type: RoomCardSchema, description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<RoomCard> | DocViewAsOf<RoomCard>> {
    return this.reads.read<RoomCard>(roomCards, id, query, 'room', res);
  }

  @ReadRoute(['room', 'read'], ':id/feed', "The room's feed (messages, decisions, membership) after a seq", { type: FeedPageSchema })
  feed(@Param('id', IdPipe) id: string, @Query() query: FeedQuery): Promise<FeedPage> {
    return readFeedPage(this.readModels, roomKey('room', id), query);
  }
}
