/**
 * How the room's feed scrolls: inside its own box (never the window: on a phone, opening a room kept its header and
 * navigation in view), following the newest entry only when the reader was at (or near) the bottom; a reader who
 * scrolled up to read stays where they are, and is told « Nouveaux messages ↓ ». Older rows revealed above keep what
 * the reader was looking at in place. Pure, for the page and its unit tests.
 */

/** How near the bottom (in CSS pixels) still counts as « at the bottom »: a row's height, about. */
export const NEAR_BOTTOM_PX = 48;

/** A scrolling box's measures (an element's `scrollTop`, `clientHeight`, `scrollHeight`). */
export interface ScrollBox {
  readonly scrollTop: number;
  readonly clientHeight: number;
  readonly scrollHeight: number;
}

/** Whether the reader sees the end of the box (within `slack` pixels). */
export function atBottom(box: ScrollBox, slack = NEAR_BOTTOM_PX): boolean {
  return box.scrollHeight - box.clientHeight - box.scrollTop <= slack;
}

/** The feed drawn: its first and last rows' keys, and how many. */
export interface FeedShape {
  readonly first?: string;
  readonly last?: string;
  readonly count: number;
}

/**
 * What the feed does once drawn again, from what it was (`before`) and is now (`after`):
 * - `bottom`: to the end (the first rows drawn, the reader was at the bottom, or the reader just posted);
 * - `keep`: rows were added above (older ones revealed): the rows in view stay in view;
 * - `unseen`: new rows below while the reader is up in the feed: « Nouveaux messages ↓ », nothing moves;
 * - `none`: nothing to do.
 */
export function scrollAfter(before: FeedShape, after: FeedShape, wasAtBottom: boolean, posted = false): 'bottom' | 'keep' | 'unseen' | 'none' {
  if (before.count === 0 && after.count > 0) return 'bottom';
  if (posted) return 'bottom';
  if (after.first !== before.first && after.last === before.last && after.count > before.count) return 'keep';
  if (after.last === before.last) return 'none';
  return wasAtBottom ? 'bottom' : 'unseen';
}
