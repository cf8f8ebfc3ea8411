import type { FeedEntry } from '@catalyse/protocol';
import { RecentRuns, textFrame } from './recent-runs';

const entry = (seq: number): FeedEntry => ({
  room: 'room:r',
  epoch: 1,
  seq,
  position: String(seq),
  at: '2026-01-01T00:00:00Z',
  kind: 'MessagePosted',
  data: { seq },
});

/** A store of entries 1..1000 that counts its reads, and an encoder that counts its encodings. */
function runs(capacity: number) {
  const counts = { reads: 0, encodings: 0 };
  const read = async (_epoch: number, after: number, upTo: number): Promise<FeedEntry[]> => {
    counts.reads++;
    if (after >= 1000) throw new Error('the feed ends at 1000');
    return Array.from({ length: upTo - after }, (_, i) => entry(after + i + 1));
  };
  const encode = (entries: readonly FeedEntry[]): string[] => {
    counts.encodings++;
    return [JSON.stringify(entries.map((e) => e.seq))];
  };
  return { runs: new RecentRuns(capacity, read, encode), counts };
}

describe('RecentRuns', () => {
  it('reads and encodes a page once for every asker while it is kept', async () => {
    const { runs: cache, counts } = runs(4);
    const pages = await Promise.all([cache.page(1, 0, 50, true), cache.page(1, 0, 50, true), cache.page(1, 0, 50, true)]);
    expect(counts).toEqual({ reads: 1, encodings: 1 });
    expect(pages[0]).toBe(pages[2]);
    expect(pages[0]?.count).toBe(50);
    expect((await cache.entries(1, 0, 20)).map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await cache.entries(1, 0, 20);
    expect(counts.reads).toBe(2);
  });

  it('keeps at most its capacity, the least recently used going first, and nothing once cleared', async () => {
    const { runs: cache, counts } = runs(2);
    await cache.page(1, 0, 10, true);
    await cache.page(1, 10, 20, true);
    await cache.page(1, 0, 10, true); // used again: now the most recent
    await cache.page(1, 20, 30, true); // evicts 10..20
    expect(counts.reads).toBe(3);
    await cache.page(1, 0, 10, true);
    expect(counts.reads).toBe(3);
    await cache.page(1, 10, 20, true);
    expect(counts.reads).toBe(4);
    cache.clear();
    await cache.page(1, 0, 10, true);
    expect(counts.reads).toBe(5);
  });

  it('does not keep a page asked for once, nor a failed read', async () => {
    const { runs: cache, counts } = runs(4);
    await cache.page(1, 0, 10, false);
    await cache.page(1, 0, 10, false);
    expect(counts.reads).toBe(2);
    await expect(cache.page(1, 1000, 1010, true)).rejects.toThrow('the feed ends at 1000');
    await expect(cache.page(1, 1000, 1010, true)).rejects.toThrow('the feed ends at 1000');
    expect(counts.reads).toBe(4);
  });

  it('pre-encodes each message as a final, unmasked websocket text frame of engine.io message `4…`', async () => {
    const { runs: cache } = runs(1);
    const page = await cache.page(1, 0, 3, true);
    const message = page.messages[0];
    expect(message?.data).toBe('[1,2,3]');
    expect(message?.options?.wsPreEncodedFrame?.map((part) => part.toString('hex'))).toEqual(['8108', Buffer.from('4[1,2,3]').toString('hex')]);
    for (const [size, header] of [
      [124, '817d'],
      [125, '817e007e'],
      [70_000, '817f0000000000011171'],
    ] as const) {
      const [head, payload] = textFrame('x'.repeat(size));
      expect(head?.toString('hex')).toBe(header);
      expect(payload?.length).toBe(size + 1);
    }
  });
});
