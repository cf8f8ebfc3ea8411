import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessPolicy, CurrentPrincipal } from '@catalyse/auth';
import { AppError, type Principal, ROOM_KEY_PATTERN } from '@catalyse/protocol';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ApiCommonErrors } from '../openapi/decorators';
import { FeedPageSchema, type FeedPage, FeedQuery, readFeedPage } from './feed-page';

/** Any feed by its room key, with the hub's access rules. */
@ApiTags('feeds')
@ApiCommonErrors()
@Controller('feeds')
export class ReadFeedController {
  constructor(
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(AccessPolicy) private readonly policy: AccessPolicy,
  ) {}

  @Get(':roomKey')
  @ApiOperation({ summary: 'A feed: partnership:{id}, territory:{id}, room:{id}, network, ops (same access as the hub)' })
  @ApiParam({ name: 'roomKey', schema: { type: 'string', pattern: ROOM_KEY_PATTERN.source }, example: 'network' })
  @ApiOkResponse({ type: FeedPageSchema })
  async read(@Param('roomKey') roomKey: string, @Query() query: FeedQuery, @CurrentPrincipal() principal: Principal): Promise<FeedPage> {
    if (!ROOM_KEY_PATTERN.test(roomKey)) {
      throw new AppError('VALIDATION', `invalid room key: expected network, ops or {kind}:{id}`, {
        details: [{ field: 'roomKey', messages: ['network, ops, or partnership|territory|room|theme|experimentation|gathering:{id}'] }],
      });
    }
    await this.policy.assertCanRead(principal, roomKey);
    return readFeedPage(this.readModels, roomKey, query);
  }
}
