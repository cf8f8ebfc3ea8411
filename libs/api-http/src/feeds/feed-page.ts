import { ApiProperty } from '@nestjs/swagger';
import { AppError, type FeedEntry, type RoomKey } from '@catalyse/protocol';
import type { ProjectionStore } from '@catalyse/projections';
import { IntQuery } from '../reads/query';

/** `?since=<seq>&limit=`: the entries after `since` in the feed's current epoch. */
export class FeedQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Last seq you have (default 0: from the first entry); beyond the head: 409 CONFLICT, read again from 0')
  readonly since?: number;
  @IntQuery(1, 500, 'Page size (default 100)', 100)
  readonly limit?: number;
}

export interface FeedPage {
  readonly room: RoomKey;
  readonly epoch: number;
  /** The feed's last seq: more entries follow when the last one returned is below it. */
  readonly head: number;
  /** Exactly as the hub's `room:entry` (positions as decimal strings). */
  readonly entries: readonly FeedEntry[];
}

export class FeedEntrySchema {
  @ApiProperty() readonly room!: string;
  @ApiProperty({ type: 'integer' }) readonly epoch!: number;
  @ApiProperty({ type: 'integer' }) readonly seq!: number;
  @ApiProperty({ description: 'Global position of the event (decimal string, as on the socket)' }) readonly position!: string;
  @ApiProperty() readonly at!: string;
  @ApiProperty({ example: 'MessagePosted' }) readonly kind!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) readonly data!: object;
}

export class FeedPageSchema {
  @ApiProperty({ example: 'partnership:0b6f…' }) readonly room!: string;
  @ApiProperty({ type: 'integer', description: 'Changes only when the feed is rebuilt' }) readonly epoch!: number;
  @ApiProperty({ type: 'integer', description: 'Last seq of the feed' }) readonly head!: number;
  @ApiProperty({ type: [FeedEntrySchema] }) readonly entries!: FeedEntrySchema[];
}

/** How the feed reads document their 409 (OpenAPI). */
export const FEED_BEYOND_HEAD = 'CONFLICT: `since` is beyond the feed’s head (the feed was restored or rebuilt): read it again from 0';

/**
 * One page of a feed; `head` is never below the last entry returned. A `since` beyond the feed's head is no cursor
 * of this feed (it was restored or rebuilt from nothing since the client read it): no page can follow it, and an
 * empty answer would read as « up to date » forever. 409 CONFLICT, as the hub's `room:sync` refuses it: read again
 * from 0.
 */
export async function readFeedPage(store: ProjectionStore, room: RoomKey, query: FeedQuery): Promise<FeedPage> {
  const since = query.since ?? 0;
  const limit = query.limit ?? 100;
  const { epoch, head } = await store.feedHead(room);
  if (since > head) {
    throw new AppError(
      'CONFLICT',
      `since ${since} is beyond the head of ${room} (${head} in epoch ${epoch}): the feed was restored or rebuilt, read it again from since=0`,
    );
  }
  const entries = (await store.readFeed(room, since, limit)).filter((e) => e.epoch === epoch);
  const last = entries[entries.length - 1];
  return { room, epoch, head: Math.max(head, last?.seq ?? 0), entries };
}
