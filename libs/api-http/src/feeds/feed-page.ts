import { ApiProperty } from '@nestjs/swagger';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import type { ProjectionStore } from '@catalyse/projections';
import { IntQuery } from '../reads/query';

/** `?since=<seq>&limit=`: the entries after `since` in the feed's current epoch. */
export class FeedQuery {
  @IntQuery(0, Number.MAX_SAFE_INTEGER, 'Last seq you have (default 0: from the first entry)')
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

/** One page of a feed; `head` is never below the last entry returned. */
export async function readFeedPage(store: ProjectionStore, room: RoomKey, query: FeedQuery): Promise<FeedPage> {
  const since = query.since ?? 0;
  const limit = query.limit ?? 100;
  const { epoch, head } = await store.feedHead(room);
  const entries = (await store.readFeed(room, since, limit)).filter((e) => e.epoch === epoch);
  const last = entries[entries.length - 1];
  return { room, epoch, head: Math.max(head, last?.seq ?? 0), entries };
}
