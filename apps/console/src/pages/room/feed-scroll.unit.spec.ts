/// <reference types="jest" />
import { atBottom, scrollAfter } from './feed-scroll';

describe('the room feed’s scrolling', () => {
  it('counts the reader at the bottom within a row of it, not when scrolled up', () => {
    expect(atBottom({ scrollTop: 1500, clientHeight: 500, scrollHeight: 2000 })).toBe(true);
    expect(atBottom({ scrollTop: 1460, clientHeight: 500, scrollHeight: 2000 })).toBe(true);
    expect(atBottom({ scrollTop: 900, clientHeight: 500, scrollHeight: 2000 })).toBe(false);
  });

  it('follows a new message only when the reader was at the bottom; else says « Nouveaux messages »', () => {
    const before = { first: 'a', last: 'y', count: 25 };
    const after = { first: 'b', last: 'z', count: 25 };
    expect(scrollAfter(before, after, true)).toBe('bottom');
    expect(scrollAfter(before, after, false)).toBe('unseen');
  });

  it('goes to the end when the feed is first drawn, and when the reader posts, wherever they were', () => {
    expect(scrollAfter({ count: 0 }, { first: 'a', last: 'z', count: 50 }, false)).toBe('bottom');
    expect(scrollAfter({ first: 'a', last: 'y', count: 25 }, { first: 'a', last: 'z', count: 26 }, false, true)).toBe('bottom');
  });

  it('keeps the rows in view when older ones are revealed above, and does nothing when nothing was added', () => {
    expect(scrollAfter({ first: 'm', last: 'z', count: 50 }, { first: 'a', last: 'z', count: 250 }, false)).toBe('keep');
    expect(scrollAfter({ first: 'a', last: 'z', count: 50 }, { first: 'a', last: 'z', count: 50 }, false)).toBe('none');
  });
});
