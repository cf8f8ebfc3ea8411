/**
 * `readUnheard` on a real SQLite read side rebuilt into a new epoch: the entries of the new epoch from events after
 * the last one heard, whatever epoch they were first written to, read back from the head page by page, bounded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { positionOf, readUnheard, UNHEARD_MAX } from './feed-range';

const ROOM = 'network';

const entry = (position: number): { position: string; at: string; kind: string; data: unknown } => ({
  position: String(position),
  at: '2026-01-01T00:00:00.000Z',
  kind: 'CatalyseurLeft',
  data: { catalyseurId: `cat-${position}` },
});

describe('readUnheard (real SQLite read side)', () => {
  let dir: string;
  let store: SqliteProjectionStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-unheard-'));
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Positions `live` written to epoch 1, then a rebuild folding positions 1..`rebuilt` into epoch 2 and switching; then `after` written live. */
  async function rebuiltFeed(live: number, rebuilt: number, after: number[] = []): Promise<{ epoch: number; head: number }> {
    await store.transaction(async (tx) => {
      for (let position = 1; position <= live; position++) await tx.appendFeedEntry(ROOM, entry(position));
    });
    await store.transaction(
      async (tx) => {
        for (let position = 1; position <= rebuilt; position++) await tx.appendFeedEntry(ROOM, entry(position));
        await tx.switchEpoch();
      },
      { epoch: 2 },
    );
    await store.transaction(async (tx) => {
      for (const position of after) await tx.appendFeedEntry(ROOM, entry(position));
    });
    return store.feedHead(ROOM);
  }

  it('hands over, oldest first, the entries of events after the last heard: unread in the old epoch, folded by the rebuild alone, written after', async () => {
    // Heard up to 5 of 7 in epoch 1; the rebuild folded up to 9; 10 and 11 written to epoch 2.
    const head = await rebuiltFeed(7, 9, [10, 11]);
    expect(head).toEqual({ epoch: 2, head: 11 });
    const { entries, capped } = await readUnheard(store, ROOM, head, 5n, 2);
    expect(entries.map((e) => [e.epoch, e.seq, positionOf(e)])).toEqual([6, 7, 8, 9, 10, 11].map((n) => [2, n, BigInt(n)]));
    expect(capped).toBe(false);
    // Everything heard: nothing; nothing heard (a feed followed from empty): all of it.
    expect((await readUnheard(store, ROOM, head, 11n, 2)).entries).toEqual([]);
    expect((await readUnheard(store, ROOM, head, -1n, 4)).entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reads only the epoch asked for, up to its head', async () => {
    const head = await rebuiltFeed(3, 3, [4, 5]);
    expect((await readUnheard(store, ROOM, { epoch: 2, head: 4 }, 2n, 10)).entries.map((e) => e.seq)).toEqual([3, 4]);
    // An epoch gone by (the feed moved on again): nothing read from another.
    expect(await readUnheard(store, ROOM, { epoch: 1, head: 3 }, 0n, 10)).toEqual({ entries: [], capped: false });
    expect(head).toEqual({ epoch: 2, head: 5 });
  });

  it('hands over at most UNHEARD_MAX, the newest, and says some were left', async () => {
    const head = await rebuiltFeed(0, UNHEARD_MAX + 20);
    const { entries, capped } = await readUnheard(store, ROOM, head, -1n, 300);
    expect(capped).toBe(true);
    expect(entries).toHaveLength(UNHEARD_MAX);
    expect(entries[0]?.seq).toBe(21);
    expect(entries.at(-1)?.seq).toBe(UNHEARD_MAX + 20);
  });
});
