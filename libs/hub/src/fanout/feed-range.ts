import type { ProjectionStore } from '@catalyse/projections';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import { EpochChanged } from './fanout-types';

/**
 * Entries `(after, upTo]` of a room's feed in `epoch`, read by pages of `pageSize`, checked contiguous:
 * `EpochChanged` when the feed moved to another epoch meanwhile (a rebuild), an error when a seq is missing.
 */
export async function readFeedRange(
  store: ProjectionStore,
  room: RoomKey,
  range: { readonly epoch: number; readonly after: number; readonly upTo: number },
  pageSize: number,
): Promise<FeedEntry[]> {
  const { epoch, after, upTo } = range;
  const out: FeedEntry[] = [];
  let cursor = after;
  while (cursor < upTo) {
    const page = await store.readFeed(room, cursor, Math.min(pageSize, upTo - cursor));
    if (page.length === 0) {
      if ((await store.feedHead(room)).epoch !== epoch) throw new EpochChanged();
      throw new Error(`feed ${room} ends at seq ${cursor}, expected entries up to ${upTo}`);
    }
    for (const entry of page) {
      if (entry.epoch !== epoch) throw new EpochChanged();
      if (entry.seq !== cursor + 1) throw new Error(`feed ${room} is not contiguous: expected seq ${cursor + 1}, read ${entry.seq}`);
      out.push(entry);
      cursor = entry.seq;
    }
  }
  return out;
}
