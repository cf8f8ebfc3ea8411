import { Inject, Param, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CurrentPrincipal } from '@catalyse/auth';
import { ROOM_ACCESS, ROOM_KINDS } from '@catalyse/domain';
import { AppError, type Principal, roomKey } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore, type RoomCard, roomCards } from '@catalyse/projections';
import { FEED_BEYOND_HEAD, FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from '../feeds/feed-page';
import { AS_OF_DESCRIPTION, AsOfQuery, type DocViewAsOf, SingleReads } from '../reads/as-of';
import { ApiController, ApiErrorResponse, ReadRoute } from '../openapi/decorators';
import { PageFieldsSchema } from '../openapi/page.schema';
import { CsvAnswer } from '../reads/csv';
import type { DocView, HeaderSink } from '../reads/documents';
import type { Page } from '../reads/query';
import { IdPipe } from '../validation/id.pipe';
import { ListRoomsQuery } from './dto';
import { listRooms } from './room-list';

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

export class RoomPageSchema extends PageFieldsSchema {
  @ApiProperty({ type: [RoomCardSchema], description: 'The room cards of the page, by title' }) readonly items!: RoomCardSchema[];
}

/** The rooms a caller may enter, a room's card (who may enter it) and its feed. */
@ApiController('rooms')
export class RoomReadsController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(SingleReads) private readonly reads: SingleReads,
  ) {}

  @ReadRoute(['room', 'list'], '', 'List the rooms the caller may enter (open ones and those of a member)', {
    type: RoomPageSchema,
    description:
      'The room cards the caller may enter (the rule of `GET /api/rooms/{id}` and of the hub’s join), of one person (`member`, default: the ' +
      'caller): the rooms they are a member of and the open rooms; a partner asking about itself also gets the rooms of its own partnerships. ' +
      'Catalyseurs never see ops rooms nor the members-only rooms they are not in; partners only their partnerships’ rooms and those they ' +
      'were added to; operators may enter any room and ask about anyone. Rooms in use unless `archived=true`; ordered by title.',
  })
  @CsvAnswer('rooms')
  list(@Query() query: ListRoomsQuery, @CurrentPrincipal() principal: Principal): Promise<Page<DocView<RoomCard>>> {
    return listRooms(this.readModels, principal, query);
  }

  @ReadRoute(['room', 'read'], ':id', 'The room card', { type: RoomCardSchema, description: AS_OF_DESCRIPTION })
  get(
    @Param('id', IdPipe) id: string,
    @Query() query: AsOfQuery,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<DocView<RoomCard> | DocViewAsOf<RoomCard>> {
    return this.reads.read<RoomCard>(roomCards, id, query, 'room', res);
  }

  @ReadRoute(['room', 'read'], ':id/feed', "The room's feed (messages, decisions, membership) after a seq", {
    type: FeedPageSchema,
    description: 'A room never opened is `404 NOT_FOUND`.',
  })
  @ApiErrorResponse(409, FEED_BEYOND_HEAD)
  async feed(@Param('id', IdPipe) id: string, @Query() query: FeedQuery): Promise<FeedPage> {
    // After the access check (an operator may enter any room, so it defers no NOT_FOUND): a room never opened has no feed.
    if (!(await this.readModels.getDoc<RoomCard>(roomCards.collection, id))) throw new AppError('NOT_FOUND', `room ${id} not found`);
    return readFeedPage(this.readModels, roomKey('room', id), query);
  }
}
