/**
 * Room feeds (DESIGN §5): every room key has a feed whose entries carry a
 * contiguous `seq` (1, 2, 3, …) within the feed's current `epoch`.
 *
 * Room keys: `partnership:{id}`, `territory:{id}`, `room:{id}`, `network`, `ops`.
 */
export type RoomKey = string;

export interface FeedEntry {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly seq: number;
  /** Global position of the event the entry comes from. */
  readonly position: string;
  /** When the fact happened (event metadata `occurredAt`). */
  readonly at: string;
  /** The event type, e.g. `MilestoneReached`. */
  readonly kind: string;
  readonly data: unknown;
}

export interface FeedCursor {
  readonly epoch: number;
  readonly seq: number;
}

export const ROOM_KEY_PATTERN = /^(network|ops|(partnership|territory|room|theme|experimentation|gathering):[A-Za-z0-9._~-]{1,100})$/;

export function parseRoomKey(key: string): { kind: string; id?: string } | undefined {
  if (!ROOM_KEY_PATTERN.test(key)) return undefined;
  const i = key.indexOf(':');
  return i < 0 ? { kind: key } : { kind: key.slice(0, i), id: key.slice(i + 1) };
}
