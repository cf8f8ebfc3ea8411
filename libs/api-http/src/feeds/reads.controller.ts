import { Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ANY_FEED_KINDS, AppError, parseRoomKey, ROOM_KEY_PATTERN } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore, type RoomCard, roomCards } from '@catalyse/projections';
import { AccessToFeed } from '../access/access.decorator';
import { ApiController, ApiErrorResponse } from '../openapi/decorators';
import { FEED_BEYOND_HEAD, FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from './feed-page';

/** Any feed by its room key, with the hub's access rules. */
@ApiController('feeds')
export class FeedReadsController {
  constructor(@Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore) {}

  @Get(':roomKey')
  @AccessToFeed('roomKey')
  @ApiOperation({ summary: `A feed by room key (${ANY_FEED_KINDS.join(', ')}), with the same access as the hub` })
  @ApiParam({ name: 'roomKey', schema: { type: 'string', pattern: ROOM_KEY_PATTERN.source }, example: 'network' })
  @ApiOkResponse({ type: FeedPageSchema })
  @ApiErrorResponse(404, 'NOT_FOUND: no such room (`room:{id}`, asked by anyone), no such partnership (asked by a catalyseur or a partner)')
  @ApiErrorResponse(409, FEED_BEYOND_HEAD)
  async read(@Param('roomKey') roomKey: string, @Query() query: FeedQuery): Promise<FeedPage> {
    // The access guard parsed the key (400 when it is not one) before deciding who may read it.
    const feed = parseRoomKey(roomKey);
    // As `GET /api/rooms/{id}/feed`: a room never opened has no feed, for an operator too (who may enter any room, so
    // the guard defers no NOT_FOUND for them).
    if (feed?.kind === 'room' && !(await this.readModels.getDoc<RoomCard>(roomCards.collection, feed.id))) {
      throw new AppError('NOT_FOUND', `room ${feed.id} not found`);
    }
    return readFeedPage(this.readModels, roomKey, query);
  }
}
