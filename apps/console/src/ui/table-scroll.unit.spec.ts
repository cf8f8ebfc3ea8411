/// <reference types="jest" />
import { SCROLL_HINT, scrollClasses, scrollCue } from './table-scroll';

describe('the cue of a table wider than its card', () => {
  it('says nothing of a table that fits its frame (a pixel of rounding aside)', () => {
    expect(scrollCue({ scrollWidth: 460, clientWidth: 460, scrollLeft: 0 })).toEqual({ scrolls: false, before: false, after: false });
    expect(scrollCue({ scrollWidth: 461, clientWidth: 460, scrollLeft: 0 })).toEqual({ scrolls: false, before: false, after: false });
    expect(scrollClasses(scrollCue({ scrollWidth: 460, clientWidth: 460, scrollLeft: 0 }))).toBe('table-wrap');
  });

  it('shows that a wide table scrolls, and on which side columns are hidden as it is scrolled', () => {
    // « Accompagnements par catalyseur »: its last column past the card's edge.
    const start = scrollCue({ scrollWidth: 560, clientWidth: 460, scrollLeft: 0 });
    expect(start).toEqual({ scrolls: true, before: false, after: true });
    expect(scrollClasses(start)).toBe('table-wrap scrolls more-after');
    expect(scrollCue({ scrollWidth: 560, clientWidth: 460, scrollLeft: 50 })).toEqual({ scrolls: true, before: true, after: true });
    const end = scrollCue({ scrollWidth: 560, clientWidth: 460, scrollLeft: 100 });
    expect(end).toEqual({ scrolls: true, before: true, after: false });
    expect(scrollClasses(end)).toBe('table-wrap scrolls more-before');
    expect(SCROLL_HINT).toMatch(/défiler horizontalement/);
  });
});
