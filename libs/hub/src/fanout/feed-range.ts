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

/** The log position of the entry at a feed's head (`-1`: the feed is empty); EpochChanged when it is not in `head.epoch` any more. */
export async function headEntryPosition(store: ProjectionStore, room: RoomKey, head: { readonly epoch: number; readonly head: number }): Promise<bigint> {
  if (head.head === 0) return -1n;
  const [entry] = await store.readFeed(room, head.head - 1, 1);
  if (entry?.epoch !== head.epoch || entry.seq !== head.head) throw new EpochChanged();
  return positionOf(entry);
}

/** Most entries handed over after a reset as not heard (`readUnheard`): the newest, the likeliest to have been missed. */
export const UNHEARD_MAX = 1000;

/** The log position of an entry (`-1` for none: entries of a feed come from events, each with one). */
export function positionOf(entry: FeedEntry): bigint {
  return /^\d+$/.test(entry.position) ? BigInt(entry.position) : -1n;
}

/**
 * The entries of a feed's `head.epoch` up to `head.head` that come from events after `heard` (a log position), oldest
 * first: a feed rebuilt into a new epoch holds the same entries as the old one for the same events (both are folds of
 * the one log), so these are those the node had not read from the old epoch before it went, those the rebuild folded
 * that the live projector then skipped, and those written to the new epoch before the node heard of it. Read from
 * the head backwards, a page of `pageSize` at a time, up to the first entry of an event already heard; at most
 * `UNHEARD_MAX` (the newest: `capped` says when some were left).
 */
export async function readUnheard(
  store: ProjectionStore,
  room: RoomKey,
  head: { readonly epoch: number; readonly head: number },
  heard: bigint,
  pageSize: number,
): Promise<{ entries: FeedEntry[]; capped: boolean }> {
  const pages: FeedEntry[][] = [];
  let count = 0;
  let complete = false;
  for (let upTo = head.head; !complete && count < UNHEARD_MAX;) {
    if (upTo <= 0) {
      complete = true;
      break;
    }
    const after = Math.max(0, upTo - pageSize);
    const page = (await store.readFeed(room, after, upTo - after)).filter((entry) => entry.epoch === head.epoch && entry.seq <= upTo);
    const unheard = page.filter((entry) => positionOf(entry) > heard);
    pages.unshift(unheard);
    count += unheard.length;
    // Back to an entry already heard; or none read: the feed moved on to yet another epoch (its own reset looks again).
    complete = unheard.length < page.length || page.length === 0;
    upTo = after;
  }
  const entries = pages.flat();
  return { entries: entries.slice(-UNHEARD_MAX), capped: !complete || entries.length > UNHEARD_MAX };
}
