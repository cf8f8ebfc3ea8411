import { Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ANY_FEED_KINDS, ROOM_KEY_PATTERN } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AccessToFeed } from '../access/access.decorator';
import { deferredNotFound } from '../access/deferred-not-found';
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
  @ApiErrorResponse(
    404,
    'NOT_FOUND: the feed of nothing, asked by anyone: no such partnership, room, gathering, experimentation, organisation or catalyseur (a portfolio), ' +
      'no room about the theme, a territory neither registered nor named by anything that happened (its feed empty)',
  )
  @ApiErrorResponse(409, FEED_BEYOND_HEAD)
  async read(@Param('roomKey') roomKey: string, @Query() query: FeedQuery, @Req() request: object): Promise<FeedPage> {
    // The access guard parsed the key (400 when it is not one), decided who may read it, and deferred the NOT_FOUND of a
    // feed about nothing (`AccessPolicy.assertCanRead`, as the hub's joins): answered before the feed is read, so that
    // a `since` past its head is no 409 about a feed that does not exist.
    const missing = deferredNotFound(request);
    if (missing) throw missing;
    return readFeedPage(this.readModels, roomKey, query);
  }
}
