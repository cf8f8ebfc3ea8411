/// <reference types="jest" />
import type { FeedEntry } from '@catalyse/protocol';
import { feedRows } from './rows';
import { FEED_WINDOW, heldEntries, keptRows, olderPage, windowStart } from './window';

const posted = (seq: number, authorId = 'claire', epoch = 1): FeedEntry => ({
  room: 'room:r1',
  epoch,
  seq,
  position: String(1000 + seq),
  at: new Date(Date.UTC(2026, 11, 2, 10, 0, seq)).toISOString(),
  kind: 'MessagePosted',
  data: { messageId: `m${seq}`, clientMsgId: `c${seq}`, authorId, text: `Message ${seq}` },
});
const range = (from: number, to: number, epoch = 1): FeedEntry[] => Array.from({ length: to - from + 1 }, (_, i) => posted(from + i, 'claire', epoch));

describe('the window of a busy room', () => {
  it('draws the last FEED_WINDOW rows of 5,000 entries, not 5,000', () => {
    const entries = range(1, 5000);
    const from = windowStart(entries.length, FEED_WINDOW);
    const rows = feedRows(entries, [], [], 'malik', (id) => id, from);
    expect(rows).toHaveLength(FEED_WINDOW);
    expect(rows[0]?.text).toBe('Message 4801');
    expect(rows[FEED_WINDOW - 1]?.text).toBe('Message 5000');
    // Revealed: 200 more.
    expect(feedRows(entries, [], [], 'malik', (id) => id, windowStart(entries.length, FEED_WINDOW + 200))).toHaveLength(400);
  });

  it('keeps a retraction of a message drawn even when the retraction is the only entry after it', () => {
    const entries = [...range(1, 3), { ...posted(4), kind: 'MessageRetracted', data: { messageId: 'm3', retractedBy: 'claire' } }];
    const rows = feedRows(entries, [], [], 'malik', (id) => id, 2);
    expect(rows.map((row) => row.text)).toEqual(['(message retiré)', 'Un message a été retiré par claire']);
  });

  it('an entry more leaves every other row as it was (the same objects): only the new row is drawn', () => {
    const first = keptRows(
      new Map(),
      feedRows(range(1, 300), [], [], 'malik', (id) => id, 100),
    );
    const second = keptRows(
      first.byKey,
      feedRows(range(1, 301), [], [], 'malik', (id) => id, 101),
    );
    expect(second.rows).toHaveLength(200);
    const fresh = second.rows.filter((row) => !first.rows.includes(row));
    expect(fresh.map((row) => row.text)).toEqual(['Message 301']);
  });

  it('a name read, or an erasure, draws again the rows it changes, and those only', () => {
    const entries = [posted(1, 'claire'), posted(2, 'malik'), posted(3, 'claire')];
    const first = keptRows(new Map(), feedRows(entries, [], [], 'x'));
    const named = keptRows(
      first.byKey,
      feedRows(entries, [], [], 'x', (id) => (id === 'malik' ? 'Malik Benali' : id)),
    );
    expect(named.rows.map((row, i) => row === first.rows[i])).toEqual([true, false, true]);
    expect(named.rows[1]).toMatchObject({ author: 'Malik Benali' });
  });

  it('reads older entries a page at a time, before the first held, down to the feed’s first', () => {
    expect(olderPage(4951)).toEqual({ since: 4750, limit: 200 });
    expect(olderPage(120)).toEqual({ since: 0, limit: 119 });
    expect(olderPage(1)).toBeUndefined();
    expect(olderPage(undefined)).toBeUndefined();
  });

  it('holds the older entries read before the live room’s, once each, of its epoch only', () => {
    const live = range(4951, 5000);
    expect(heldEntries(range(4751, 4960), live).map((e) => e.seq)).toEqual(range(4751, 5000).map((e) => e.seq));
    // Read before a rebuild: another epoch's entries are not this feed's.
    expect(heldEntries(range(4751, 4950, 1), range(1, 30, 2)).map((e) => e.seq)).toEqual(range(1, 30).map((e) => e.seq));
  });

  it('rewrites the older entries an erasure names, as the client rewrites those it holds', () => {
    const notice: FeedEntry = {
      ...posted(5001),
      kind: 'PersonalDataRedacted',
      data: { entries: [{ seq: 10, data: { messageId: 'm10', clientMsgId: 'c10', authorId: 'claire', text: '[effacé]' } }] },
    };
    const held = heldEntries(range(1, 20), [...range(21, 5000), notice]);
    expect((held[9]?.data as { text: string }).text).toBe('[effacé]');
    expect((held[8]?.data as { text: string }).text).toBe('Message 9');
  });
});
