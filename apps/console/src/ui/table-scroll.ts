/** Whether a table's frame scrolls sideways, and which way there is more to see. Pure, for `DataTable` and its unit test. */

/** What a frame measures: its content's width, its own, and how far it is scrolled. */
export interface FrameMetrics {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollLeft: number;
}

/** The cue a scrolling table shows: that it scrolls, and whether columns are hidden before or after what is seen. */
export interface ScrollCue {
  readonly scrolls: boolean;
  readonly before: boolean;
  readonly after: boolean;
}

export const NO_SCROLL: ScrollCue = { scrolls: false, before: false, after: false };

/** A pixel of rounding is no scrolling (a zoomed page measures in fractions). */
const SLACK = 1;

export function scrollCue({ scrollWidth, clientWidth, scrollLeft }: FrameMetrics): ScrollCue {
  if (scrollWidth <= clientWidth + SLACK) return NO_SCROLL;
  const left = Math.abs(scrollLeft);
  return { scrolls: true, before: left > SLACK, after: left + clientWidth < scrollWidth - SLACK };
}

/** The frame's classes: `scrolls`, and a shade on the side where columns are hidden (`more-before`, `more-after`). */
export function scrollClasses(cue: ScrollCue): string {
  return ['table-wrap', cue.scrolls ? 'scrolls' : '', cue.before ? 'more-before' : '', cue.after ? 'more-after' : ''].filter(Boolean).join(' ');
}

/** What the visible cue says above a table wider than its frame. */
export const SCROLL_HINT = 'Tableau plus large que son cadre : faites-le défiler horizontalement pour voir toutes les colonnes.';
