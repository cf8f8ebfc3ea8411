import type { FeedEntry } from '@catalyse/protocol';
import { type DocsPage, LeaseLostError, type ProjectionStore, type ProjectionTx, type Redaction } from '../store';

/** What an adapter hands the contract suite for each test. */
export interface ProjectionStoreHarness {
  readonly store: ProjectionStore;
  /**
   * Opens another store on the same data, as a hub or api in another process
   * would. Optional: adapters without shared storage leave it out.
   */
  readonly openPeer?: () => Promise<ProjectionStore>;
  /** Closes whatever the harness opened (the suite closes `store` itself). */
  readonly dispose?: () => Promise<void>;
}

const entry = (position: bigint, kind = 'MessagePosted', data: unknown = { text: `msg at ${position}` }) => ({
  position: position.toString(),
  at: '2026-03-01T10:00:00.000Z',
  kind,
  data,
});

class Boom extends Error {}

/**
 * The contract every `ProjectionStore` adapter passes (run it from the
 * adapter's `*.int.spec.ts` with a factory that opens a fresh, empty store).
 */
export function projectionStoreContract(name: string, factory: () => Promise<ProjectionStoreHarness>): void {
  describe(`ProjectionStore contract: ${name}`, () => {
    let harness: ProjectionStoreHarness;
    let store: ProjectionStore;
    const peers: ProjectionStore[] = [];

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      for (const peer of peers.splice(0)) await peer.close();
      await store.close();
      await harness.dispose?.();
    });

    describe('documents', () => {
      it('reads undefined for an unknown document and round-trips JSON documents', async () => {
        expect(await store.getDoc('partnership', 'nope')).toBeUndefined();
        const doc = { id: 'p1', title: 'Silver Geek — aînés & numérique', nested: { list: [1, 'deux', null, true] }, big: '9007199254740993' };
        await store.transaction(async (tx) => tx.putDoc('partnership', 'p1', doc));
        expect(await store.getDoc('partnership', 'p1')).toEqual(doc);
        expect(await store.getDoc('room', 'p1')).toBeUndefined();
      });

      it('getDocs and putDocs read and write many documents as getDoc and putDoc do; a repeated key keeps its last document', async () => {
        await store.transaction(async (tx) => tx.putDoc('partnership', 'p0', { v: 0 }, { phase: 'cadrage' }));
        await store.transaction(async (tx) => {
          await tx.putDocs([
            { collection: 'partnership', id: 'p1', doc: { v: 1 }, tags: { phase: 'cadrage' } },
            { collection: 'partnership', id: 'p2', doc: { v: 2 }, tags: { phase: 'pilotage', org: ['a', 'b'] } },
            { collection: 'room', id: 'p1', doc: { room: true } },
            { collection: 'partnership', id: 'p0', doc: { v: 'ignored' }, tags: { phase: 'cadrage' } },
            { collection: 'partnership', id: 'p0', doc: { v: 10 }, tags: { phase: 'evaluation' } },
          ]);
          const inside = await tx.getDocs('partnership', ['p0', 'p2', 'missing', 'p2']);
          expect([...inside.entries()].sort()).toEqual([
            ['p0', { v: 10 }],
            ['p2', { v: 2 }],
          ]);
          expect((await tx.getDocs('partnership', [])).size).toBe(0);
        });
        expect(await store.getDoc('partnership', 'p0')).toEqual({ v: 10 });
        expect(await store.getDoc('room', 'p1')).toEqual({ room: true });
        expect(await store.findDocs('partnership', { phase: 'cadrage' })).toEqual([{ v: 1 }]);
        expect(await store.findDocs('partnership', { phase: 'evaluation' })).toEqual([{ v: 10 }]);
        expect(await store.findDocs('partnership', { org: 'b' })).toEqual([{ v: 2 }]);
        // Tags unchanged by a later putDocs are kept; changed ones replaced.
        await store.transaction(async (tx) => {
          await tx.getDocs('partnership', ['p1', 'p2']);
          await tx.putDocs([
            { collection: 'partnership', id: 'p1', doc: { v: 11 }, tags: { phase: 'cadrage' } },
            { collection: 'partnership', id: 'p2', doc: { v: 12 }, tags: { phase: 'evaluation' } },
          ]);
        });
        expect(await store.findDocs('partnership', { phase: 'cadrage' })).toEqual([{ v: 11 }]);
        expect(await store.findDocs('partnership', { phase: 'evaluation' })).toEqual([{ v: 10 }, { v: 12 }]);
        expect(await store.findDocs('partnership', { org: 'a' })).toEqual([]);
      });

      it('upserts: a second put replaces the document and its tags', async () => {
        await store.transaction(async (tx) => tx.putDoc('partnership', 'p1', { v: 1 }, { phase: 'cadrage', org: ['a', 'b'] }));
        await store.transaction(async (tx) => tx.putDoc('partnership', 'p1', { v: 2 }, { phase: 'pilotage', org: ['b', 'c'] }));
        expect(await store.getDoc('partnership', 'p1')).toEqual({ v: 2 });
        expect(await store.findDocs('partnership', { phase: 'cadrage' })).toEqual([]);
        expect(await store.findDocs('partnership', { phase: 'pilotage' })).toEqual([{ v: 2 }]);
        expect(await store.findDocs('partnership', { org: 'a' })).toEqual([]);
        expect(await store.findDocs('partnership', { org: 'c' })).toEqual([{ v: 2 }]);
      });

      it('finds documents by tags: every filter must match, a multi-valued tag matches any of its values; ordered by id', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('partnership', 'p3', { id: 'p3' }, { territory: 'charenton', phase: 'pilotage', mode: ['mecenat'], org: ['o1', 'o3'] });
          await tx.putDoc(
            'partnership',
            'p1',
            { id: 'p1' },
            { territory: 'charenton', phase: 'cadrage', mode: ['mecenat', 'innovation_societale'], org: ['o1', 'o2'] },
          );
          await tx.putDoc('partnership', 'p2', { id: 'p2' }, { territory: 'morlaix', phase: 'cadrage', mode: ['pratiques_responsables'], org: ['o2'] });
          await tx.putDoc('catalyseur', 'p1', { id: 'cat' }, { territory: 'charenton' });
        });
        const ids = async (filter: Record<string, string>) => (await store.findDocs<{ id: string }>('partnership', filter)).map((d) => d.id);
        expect(await ids({ territory: 'charenton' })).toEqual(['p1', 'p3']);
        expect(await ids({ territory: 'charenton', phase: 'cadrage' })).toEqual(['p1']);
        expect(await ids({ mode: 'mecenat' })).toEqual(['p1', 'p3']);
        expect(await ids({ mode: 'innovation_societale', org: 'o2' })).toEqual(['p1']);
        expect(await ids({ org: 'o2', territory: 'morlaix' })).toEqual(['p2']);
        expect(await ids({ org: 'o9' })).toEqual([]);
        expect(await ids({ unknownTag: 'x' })).toEqual([]);
        expect(await ids({})).toEqual(['p1', 'p2', 'p3']);
        expect(await store.findDocs('catalyseur', { territory: 'charenton' })).toEqual([{ id: 'cat' }]);
      });

      it('orders by a text field of the documents when asked (byte order, then id; without it last), with filters and pages', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('report', 'r-a', { id: 'r-a', at: '2026-12-05T09:00:00.000Z' }, { status: 'completed' });
          await tx.putDoc('report', 'r-b', { id: 'r-b', at: '2026-12-04T23:30:00.000Z' }, { status: 'completed' });
          await tx.putDoc('report', 'r-c', { id: 'r-c' }, { status: 'completed' });
          await tx.putDoc('report', 'r-d', { id: 'r-d', at: '2026-12-05T09:00:00.000Z' }, { status: 'failed' });
          await tx.putDoc('report', 'r-e', { id: 'r-e', at: '2027-01-01' }, { status: 'completed' });
        });
        const ids = async (filter: Record<string, string>, page: DocsPage) => (await store.findDocs<{ id: string }>('report', filter, page)).map((d) => d.id);
        const newest = { order: { field: 'at', descending: true } };
        expect(await ids({}, newest)).toEqual(['r-e', 'r-a', 'r-d', 'r-b', 'r-c']);
        expect(await ids({}, { order: { field: 'at' } })).toEqual(['r-b', 'r-a', 'r-d', 'r-e', 'r-c']);
        expect(await ids({ status: 'completed' }, newest)).toEqual(['r-e', 'r-a', 'r-b', 'r-c']);
        expect(await ids({ status: 'completed' }, { ...newest, limit: 2, offset: 1 })).toEqual(['r-a', 'r-b']);
        expect(await ids({}, { order: { field: 'missing', descending: true } })).toEqual(['r-a', 'r-b', 'r-c', 'r-d', 'r-e']);
        await expect(store.findDocs('report', {}, { order: { field: "at') --" } })).rejects.toThrow(RangeError);
      });

      it('counts what findDocs finds, whatever the page: every filter must match, a multi-valued tag once per document', async () => {
        expect(await store.countDocs('partnership', {})).toBe(0);
        await store.transaction(async (tx) => {
          await tx.putDoc('partnership', 'p1', { id: 'p1' }, { territory: 'charenton', phase: 'cadrage', org: ['o1', 'o2'] });
          await tx.putDoc('partnership', 'p2', { id: 'p2' }, { territory: 'morlaix', phase: 'cadrage', org: ['o2'] });
          await tx.putDoc('partnership', 'p3', { id: 'p3' }, { territory: 'charenton', phase: 'pilotage', org: ['o1', 'o1'] });
          await tx.putDoc('catalyseur', 'p1', { id: 'cat' }, { territory: 'charenton' });
        });
        const filters: Record<string, string>[] = [
          {},
          { territory: 'charenton' },
          { territory: 'charenton', phase: 'cadrage' },
          { org: 'o1' },
          { org: 'o2', phase: 'cadrage' },
          { org: 'o9' },
          { unknownTag: 'x' },
        ];
        for (const filter of filters) {
          expect({ filter, total: await store.countDocs('partnership', filter) }).toEqual({
            filter,
            total: (await store.findDocs('partnership', filter)).length,
          });
        }
        expect(await store.countDocs('partnership', { territory: 'charenton' })).toBe(2);
        expect(await store.countDocs('partnership', { org: 'o1' })).toBe(2);
        expect(await store.countDocs('catalyseur', {})).toBe(1);
        await store.transaction(async (tx) => tx.deleteDoc('partnership', 'p1'));
        expect(await store.countDocs('partnership', { territory: 'charenton' })).toBe(1);
        // Another epoch's documents (a rebuild under way) are not counted.
        const { current } = await store.epochs();
        await store.transaction(async (tx) => tx.putDoc('partnership', 'p9', { id: 'p9' }, { territory: 'charenton' }), { epoch: current + 1 });
        expect(await store.countDocs('partnership', { territory: 'charenton' })).toBe(1);
        expect(await store.countDocs('partnership', {})).toBe(2);
      });

      it('pages results with limit and offset', async () => {
        await store.transaction(async (tx) => {
          for (let i = 0; i < 25; i++) await tx.putDoc('catalyseur', `c${String(i).padStart(2, '0')}`, { i }, { status: 'member' });
        });
        const page = async (p: { limit?: number; offset?: number }) =>
          (await store.findDocs<{ i: number }>('catalyseur', { status: 'member' }, p)).map((d) => d.i);
        expect(await page({ limit: 10 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await page({ limit: 10, offset: 20 })).toEqual([20, 21, 22, 23, 24]);
        expect(await page({ offset: 23 })).toEqual([23, 24]);
        expect((await page({})).length).toBe(25);
        expect(await store.findDocs('catalyseur', {}, { limit: 2, offset: 1 })).toEqual([{ i: 1 }, { i: 2 }]);
      });

      it('cuts a page at maxChars of stored JSON text, always keeping its first document; offset continues after it', async () => {
        // Documents of about 1,000 and 3,000 characters, whatever the store's spacing of its JSON text.
        const sizes = [1, 1, 3, 1, 1, 1];
        await store.transaction(async (tx) => {
          for (const [i, size] of sizes.entries()) await tx.putDoc('board', `b${i}`, { i, text: 'x'.repeat(size * 1000) }, { t: 'x' });
        });
        const page = async (p: DocsPage) => (await store.findDocs<{ i: number }>('board', { t: 'x' }, p)).map((d) => d.i);
        expect(await page({ limit: 10, maxChars: 2_100 })).toEqual([0, 1]);
        expect(await page({ limit: 10, offset: 2, maxChars: 2_100 })).toEqual([2]);
        expect(await page({ limit: 10, offset: 3, maxChars: 2_100 })).toEqual([3, 4]);
        expect(await page({ limit: 1, offset: 3, maxChars: 2_100 })).toEqual([3]);
        expect(await page({ offset: 5, maxChars: 2_100 })).toEqual([5]);
        expect(await page({ limit: 10, maxChars: 1 })).toEqual([0]);
        expect(await page({ limit: 10, offset: 6, maxChars: 1 })).toEqual([]);
        expect(await page({ limit: 10, maxChars: 100_000 })).toEqual([0, 1, 2, 3, 4, 5]);
        const newest = { order: { field: 'text', descending: true }, maxChars: 4_100 };
        expect(await page({ ...newest, limit: 10 })).toEqual([2, 0]);
        expect(await page({ ...newest, limit: 10, offset: 2 })).toEqual([1, 3, 4, 5]);
        await expect(store.findDocs('board', {}, { maxChars: 0 })).rejects.toThrow(RangeError);
        await expect(store.findDocs('board', {}, { maxChars: 1.5 })).rejects.toThrow(RangeError);
      });

      it('deletes a document and its tags', async () => {
        await store.transaction(async (tx) => tx.putDoc('room', 'r1', { id: 'r1' }, { member: ['a'] }));
        await store.transaction(async (tx) => tx.deleteDoc('room', 'r1'));
        await store.transaction(async (tx) => tx.deleteDoc('room', 'never-there'));
        expect(await store.getDoc('room', 'r1')).toBeUndefined();
        expect(await store.findDocs('room', { member: 'a' })).toEqual([]);
      });

      it('a transaction reads its own writes', async () => {
        const seen = await store.transaction(async (tx) => {
          await tx.putDoc('room', 'r1', { n: 1 });
          const first = await tx.getDoc<{ n: number }>('room', 'r1');
          await tx.putDoc('room', 'r1', { n: (first?.n ?? 0) + 1 });
          return tx.getDoc<{ n: number }>('room', 'r1');
        });
        expect(seen).toEqual({ n: 2 });
      });
    });

    describe('transactions', () => {
      it('returns the value of the work', async () => {
        expect(await store.transaction(async () => 42)).toBe(42);
      });

      it('a throw inside rolls back documents, feed entries and the checkpoint, and rethrows', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('room', 'kept', { v: 1 }, { kind: 'theme' });
          await tx.appendFeedEntry('room:kept', entry(1n));
          await tx.setCheckpoint('main', 1n);
        });
        const before = await store.feedChangesSince(0);
        await expect(
          store.transaction(async (tx) => {
            await tx.putDoc('room', 'kept', { v: 2 }, { kind: 'gathering' });
            await tx.putDoc('room', 'new', { v: 1 }, { kind: 'theme' });
            await tx.deleteDoc('room', 'kept');
            await tx.appendFeedEntry('room:kept', entry(2n));
            await tx.appendFeedEntry('room:other', entry(2n));
            await tx.setCheckpoint('main', 2n);
            await new Promise((resolve) => setTimeout(resolve, 5));
            throw new Boom('projection failed');
          }),
        ).rejects.toBeInstanceOf(Boom);
        expect(await store.getDoc('room', 'kept')).toEqual({ v: 1 });
        expect(await store.getDoc('room', 'new')).toBeUndefined();
        expect(await store.findDocs('room', { kind: 'theme' })).toEqual([{ v: 1 }]);
        expect(await store.findDocs('room', { kind: 'gathering' })).toEqual([]);
        expect(await store.feedHead('room:kept')).toEqual({ epoch: 1, head: 1 });
        expect(await store.feedHead('room:other')).toEqual({ epoch: 1, head: 0 });
        expect(await store.readFeed('room:kept', 0, 10)).toHaveLength(1);
        expect(await store.getCheckpoint('main')).toBe(1n);
        expect(await store.feedChangesSince(before.cursor)).toEqual({ cursor: before.cursor, changes: [] });

        // The store stays usable, and the seq continues where the committed feed stopped.
        const next = await store.transaction(async (tx) => tx.appendFeedEntry('room:kept', entry(3n)));
        expect(next.seq).toBe(2);
      });

      it('reads outside a transaction only see committed writes', async () => {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let written!: () => void;
        const wroteIt = new Promise<void>((resolve) => (written = resolve));
        const tx = store.transaction(async (t) => {
          await t.putDoc('room', 'r1', { v: 1 });
          await t.appendFeedEntry('room:r1', entry(1n));
          await t.setCheckpoint('main', 1n);
          written();
          await gate;
        });
        await wroteIt;
        expect(await store.getDoc('room', 'r1')).toBeUndefined();
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 1, head: 0 });
        expect(await store.getCheckpoint('main')).toBe(0n);
        release();
        await tx;
        expect(await store.getDoc('room', 'r1')).toEqual({ v: 1 });
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 1, head: 1 });
      });

      it('transactions started concurrently run one after the other', async () => {
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) =>
            store.transaction(async (tx) => {
              const a = await tx.appendFeedEntry('room:busy', entry(BigInt(2 * i + 1)));
              await new Promise((resolve) => setTimeout(resolve, 1));
              const b = await tx.appendFeedEntry('room:busy', entry(BigInt(2 * i + 2)));
              return [a.seq, b.seq];
            }),
          ),
        );
        for (const [a, b] of results) expect(b).toBe((a ?? 0) + 1);
        expect((await store.readFeed('room:busy', 0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });
    });

    describe('checkpoints', () => {
      it('start at 0n, are kept per projector and hold 64-bit positions', async () => {
        expect(await store.getCheckpoint('main')).toBe(0n);
        await store.transaction(async (tx) => {
          await tx.setCheckpoint('main', 41n);
          await tx.setCheckpoint('stats', 9_007_199_254_740_993n);
        });
        await store.transaction(async (tx) => tx.setCheckpoint('main', 42n));
        expect(await store.getCheckpoint('main')).toBe(42n);
        expect(await store.getCheckpoint('stats')).toBe(9_007_199_254_740_993n);
        expect(await store.getCheckpoint('other')).toBe(0n);
      });
    });

    describe('feeds', () => {
      it('an unknown room is at {epoch: 1, head: 0} with no entry', async () => {
        expect(await store.feedHead('room:nobody')).toEqual({ epoch: 1, head: 0 });
        expect(await store.readFeed('room:nobody', 0, 10)).toEqual([]);
        expect(await store.readFeedTail('room:nobody', 10)).toEqual([]);
        expect(await store.findFeedEntryByPosition('room:nobody', 1n)).toBeUndefined();
      });

      it('gives each room contiguous seqs from 1, across transactions, independently of other rooms', async () => {
        const appended: FeedEntry[] = [];
        await store.transaction(async (tx) => {
          appended.push(await tx.appendFeedEntry('partnership:p1', entry(10n, 'PartnershipProposed', { partnershipId: 'p1' })));
          appended.push(await tx.appendFeedEntry('territory:charenton', entry(10n, 'PartnershipProposed', { partnershipId: 'p1' })));
          appended.push(await tx.appendFeedEntry('partnership:p1', entry(11n, 'MilestonePlanned')));
        });
        await store.transaction(async (tx) => {
          appended.push(await tx.appendFeedEntry('partnership:p1', entry(12n, 'PilotageStarted')));
        });
        expect(appended.map((e) => [e.room, e.epoch, e.seq, e.position])).toEqual([
          ['partnership:p1', 1, 1, '10'],
          ['territory:charenton', 1, 1, '10'],
          ['partnership:p1', 1, 2, '11'],
          ['partnership:p1', 1, 3, '12'],
        ]);
        expect(appended[0]).toEqual({
          room: 'partnership:p1',
          epoch: 1,
          seq: 1,
          position: '10',
          at: '2026-03-01T10:00:00.000Z',
          kind: 'PartnershipProposed',
          data: { partnershipId: 'p1' },
        });
        expect(await store.feedHead('partnership:p1')).toEqual({ epoch: 1, head: 3 });
        expect(await store.feedHead('territory:charenton')).toEqual({ epoch: 1, head: 1 });
        expect(await store.readFeed('partnership:p1', 0, 10)).toEqual([appended[0], appended[2], appended[3]]);
      });

      it('appendFeedEntries appends in order after each room head, as appendFeedEntry would, and answers every room head after them', async () => {
        await store.transaction(async (tx) => tx.appendFeedEntry('partnership:p1', entry(1n, 'PartnershipProposed')));
        const heads = await store.transaction(async (tx) =>
          tx.appendFeedEntries([
            { room: 'partnership:p1', ...entry(2n, 'MilestonePlanned', { n: 1 }) },
            { room: 'territory:t', ...entry(2n, 'MilestonePlanned', { n: 2 }) },
            { room: 'partnership:p1', ...entry(3n, 'MilestoneReached', { n: 3 }) },
            { room: 'ops', ...entry(3n, 'MilestoneReached', { n: 4 }) },
            { room: 'partnership:p1', ...entry(4n, 'PilotageStarted', { n: 5 }) },
          ]),
        );
        expect([...heads].sort((a, b) => a.room.localeCompare(b.room))).toEqual([
          { room: 'ops', epoch: 1, head: 1 },
          { room: 'partnership:p1', epoch: 1, head: 4 },
          { room: 'territory:t', epoch: 1, head: 1 },
        ]);
        expect((await store.readFeed('partnership:p1', 0, 10)).map((e) => [e.seq, e.position, e.kind, e.data])).toEqual([
          [1, '1', 'PartnershipProposed', { text: 'msg at 1' }],
          [2, '2', 'MilestonePlanned', { n: 1 }],
          [3, '3', 'MilestoneReached', { n: 3 }],
          [4, '4', 'PilotageStarted', { n: 5 }],
        ]);
        expect(await store.feedHead('territory:t')).toEqual({ epoch: 1, head: 1 });
        expect(await store.findFeedEntryByPosition('ops', 3n)).toMatchObject({ seq: 1, data: { n: 4 } });
        // Every room counts as changed, in the order of their last entries.
        const changes = await store.feedChangesSince(0);
        expect(changes.changes.map((c) => [c.room, c.head])).toEqual([
          ['territory:t', 1],
          ['ops', 1],
          ['partnership:p1', 4],
        ]);
        expect(await store.transaction(async (tx) => tx.appendFeedEntries([]))).toEqual([]);
        // A later single append follows on.
        expect((await store.transaction(async (tx) => tx.appendFeedEntry('partnership:p1', entry(5n)))).seq).toBe(5);
      });

      it('appendFeedEntries of hundreds of entries over several rooms: contiguous seqs, every entry as given, change order by last entry', async () => {
        const rooms = ['room:a', 'room:b', 'room:c'] as const;
        // Room c gets only the first entries, room b the last one: their change order follows.
        const batch = Array.from({ length: 203 }, (_, i) => ({
          room: i === 202 ? 'room:b' : i < 6 ? 'room:c' : (rooms[i % 2] as string),
          ...entry(BigInt(i + 1), 'MessagePosted', { i }),
        }));
        const heads = await store.transaction(async (tx) => tx.appendFeedEntries(batch));
        const expected = new Map<string, number[]>();
        batch.forEach((e, i) => expected.set(e.room, [...(expected.get(e.room) ?? []), i]));
        expect(new Map(heads.map((h) => [h.room, h.head]))).toEqual(new Map([...expected].map(([room, list]) => [room, list.length])));
        for (const [room, list] of expected) {
          const feed = await store.readFeed(room, 0, 1000);
          expect(feed.map((e) => e.seq)).toEqual(list.map((_, k) => k + 1));
          expect(feed.map((e) => e.data)).toEqual(list.map((i) => ({ i })));
          expect(feed.map((e) => e.position)).toEqual(list.map((i) => String(i + 1)));
        }
        expect((await store.feedChangesSince(0)).changes.map((c) => c.room)).toEqual(['room:c', 'room:a', 'room:b']);
        // The next transaction goes on after every head.
        const next = await store.transaction(async (tx) => tx.appendFeedEntries([{ room: 'room:c', ...entry(500n) }]));
        expect(next).toEqual([{ room: 'room:c', epoch: 1, head: (expected.get('room:c')?.length ?? 0) + 1 }]);
        expect((await store.feedChangesSince(0)).changes.map((c) => c.room)).toEqual(['room:a', 'room:b', 'room:c']);
      });

      it('readFeed returns the entries after a seq, in order, at most limit', async () => {
        await store.transaction(async (tx) => {
          for (let i = 1; i <= 30; i++) await tx.appendFeedEntry('room:r', entry(BigInt(i * 3)));
        });
        const seqs = async (after: number, limit: number) => (await store.readFeed('room:r', after, limit)).map((e) => e.seq);
        expect(await seqs(0, 5)).toEqual([1, 2, 3, 4, 5]);
        expect(await seqs(27, 10)).toEqual([28, 29, 30]);
        expect(await seqs(30, 10)).toEqual([]);
        expect(await seqs(99, 10)).toEqual([]);
        expect(await seqs(10, 1)).toEqual([11]);
        expect((await store.readFeed('room:r', 4, 1))[0]).toMatchObject({ room: 'room:r', epoch: 1, seq: 5, position: '15' });
      });

      it('readFeedTail returns the latest entries in seq order', async () => {
        await store.transaction(async (tx) => {
          for (let i = 1; i <= 12; i++) await tx.appendFeedEntry('network', entry(BigInt(i), 'CatalyseurJoined', { n: i }));
        });
        expect((await store.readFeedTail('network', 5)).map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
        expect((await store.readFeedTail('network', 50)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect((await store.readFeedTail('network', 1))[0]?.data).toEqual({ n: 12 });
      });

      it('finds the entry an event produced in a given room', async () => {
        await store.transaction(async (tx) => {
          await tx.appendFeedEntry('room:a', entry(5n));
          await tx.appendFeedEntry('room:b', entry(6n));
          await tx.appendFeedEntry('room:a', entry(9_007_199_254_740_993n));
        });
        expect(await store.findFeedEntryByPosition('room:a', 5n)).toMatchObject({ room: 'room:a', seq: 1, position: '5' });
        expect(await store.findFeedEntryByPosition('room:a', 9_007_199_254_740_993n)).toMatchObject({ seq: 2, position: '9007199254740993' });
        expect(await store.findFeedEntryByPosition('room:a', 6n)).toBeUndefined();
        expect(await store.findFeedEntryByPosition('room:b', 6n)).toMatchObject({ room: 'room:b', seq: 1 });
      });

      it('feedChangesSince reports each changed room once with its head, and a cursor to continue from', async () => {
        const start = await store.feedChangesSince(0);
        expect(start.changes).toEqual([]);

        await store.transaction(async (tx) => {
          await tx.appendFeedEntry('room:a', entry(1n));
          await tx.appendFeedEntry('room:b', entry(2n));
          await tx.appendFeedEntry('room:a', entry(3n));
        });
        const first = await store.feedChangesSince(start.cursor);
        expect(first.cursor).toBeGreaterThan(start.cursor);
        expect(sortByRoom(first.changes)).toEqual([
          { room: 'room:a', epoch: 1, head: 2 },
          { room: 'room:b', epoch: 1, head: 1 },
        ]);
        expect(await store.feedChangesSince(first.cursor)).toEqual({ cursor: first.cursor, changes: [] });

        await store.transaction(async (tx) => {
          await tx.appendFeedEntry('room:b', entry(4n));
          await tx.appendFeedEntry('ops', entry(4n));
        });
        const second = await store.feedChangesSince(first.cursor);
        expect(second.cursor).toBeGreaterThan(first.cursor);
        expect(sortByRoom(second.changes)).toEqual([
          { room: 'ops', epoch: 1, head: 1 },
          { room: 'room:b', epoch: 1, head: 2 },
        ]);
        // From an old cursor, rooms are reported once, with their latest head.
        expect(sortByRoom((await store.feedChangesSince(start.cursor)).changes)).toEqual([
          { room: 'ops', epoch: 1, head: 1 },
          { room: 'room:a', epoch: 1, head: 2 },
          { room: 'room:b', epoch: 1, head: 2 },
        ]);
      });
    });

    describe('another reader on the same data (another process)', () => {
      it('sees what the writer committed, never what it has not', async () => {
        if (!harness.openPeer) return;
        const peer = await harness.openPeer();
        peers.push(peer);
        expect(await peer.feedHead('room:r')).toEqual({ epoch: 1, head: 0 });
        const cursor = (await peer.feedChangesSince(0)).cursor;

        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let written!: () => void;
        const wroteIt = new Promise<void>((resolve) => (written = resolve));
        const tx = store.transaction(async (t) => {
          await t.putDoc('room', 'r', { id: 'r' }, { member: ['m1'] });
          await t.appendFeedEntry('room:r', entry(7n));
          await t.setCheckpoint('main', 7n);
          written();
          await gate;
        });
        await wroteIt;
        expect(await peer.feedHead('room:r')).toEqual({ epoch: 1, head: 0 });
        expect(await peer.feedChangesSince(cursor)).toEqual({ cursor, changes: [] });
        release();
        await tx;

        expect(await peer.feedHead('room:r')).toEqual({ epoch: 1, head: 1 });
        expect(await peer.getDoc('room', 'r')).toEqual({ id: 'r' });
        expect(await peer.findDocs('room', { member: 'm1' })).toEqual([{ id: 'r' }]);
        expect(await peer.getCheckpoint('main')).toBe(7n);
        expect(await peer.findFeedEntryByPosition('room:r', 7n)).toMatchObject({ seq: 1 });
        expect((await peer.feedChangesSince(cursor)).changes).toEqual([{ room: 'room:r', epoch: 1, head: 1 }]);
      });
    });

    describe('epochs (a rebuild beside the live read models)', () => {
      /** The live epoch 1: p1 and p2, rooms r1 (2 entries) and r3 (1 entry). */
      const live = async (): Promise<void> => {
        await store.transaction(async (tx) => {
          expect(tx.epoch).toBe(1);
          await tx.putDoc('partnership', 'p1', { v: 'live' }, { phase: 'cadrage' });
          await tx.putDoc('partnership', 'p2', { v: 'live only' }, { phase: 'cadrage' });
          await tx.appendFeedEntry('room:r1', entry(1n, 'Live'));
          await tx.appendFeedEntry('room:r1', entry(2n, 'Live'));
          await tx.appendFeedEntry('room:r3', entry(3n, 'Live'));
          await tx.setCheckpoint('main', 3n);
        });
      };
      /** Epoch 2 written beside it: p1 again and p9; rooms r1 and r2, one entry each. */
      const rebuild = (work?: (tx: ProjectionTx) => Promise<void>) =>
        store.transaction(
          async (tx) => {
            expect(tx.epoch).toBe(2);
            await tx.putDoc('partnership', 'p1', { v: 'rebuilt' }, { phase: 'pilotage' });
            await tx.putDoc('partnership', 'p9', { v: 'new' }, { phase: 'pilotage' });
            expect(await tx.getDoc('partnership', 'p1')).toEqual({ v: 'rebuilt' });
            expect(await tx.getDoc('partnership', 'p2')).toBeUndefined();
            expect(await tx.appendFeedEntry('room:r1', entry(1n, 'Rebuilt'))).toMatchObject({ epoch: 2, seq: 1 });
            await tx.appendFeedEntry('room:r2', entry(2n, 'Rebuilt'));
            await tx.setCheckpoint('main@2', 2n);
            expect(await tx.getCheckpoint('main@2')).toBe(2n);
            expect(await tx.getCheckpoint('main')).toBe(3n);
            await work?.(tx);
          },
          { epoch: 2 },
        );

      it('a transaction in a newer epoch writes beside the current one, unseen by readers', async () => {
        await live();
        const cursor = (await store.feedChangesSince(0)).cursor;
        expect(await store.epochs()).toEqual({ current: 1, others: [] });
        await rebuild();

        expect(await store.epochs()).toEqual({ current: 1, others: [2] });
        expect(await store.getDoc('partnership', 'p1')).toEqual({ v: 'live' });
        expect(await store.getDoc('partnership', 'p9')).toBeUndefined();
        expect(await store.findDocs('partnership', { phase: 'pilotage' })).toEqual([]);
        expect(await store.findDocs('partnership', {})).toEqual([{ v: 'live' }, { v: 'live only' }]);
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 1, head: 2 });
        expect(await store.feedHead('room:r2')).toEqual({ epoch: 1, head: 0 });
        expect((await store.readFeed('room:r1', 0, 10)).map((e) => [e.epoch, e.seq, e.kind])).toEqual([
          [1, 1, 'Live'],
          [1, 2, 'Live'],
        ]);
        expect(await store.findFeedEntryByPosition('room:r2', 2n)).toBeUndefined();
        expect(await store.feedChangesSince(cursor)).toEqual({ cursor, changes: [] });
        expect(await store.getCheckpoint('main@2')).toBe(2n);

        // The live projector goes on in the current epoch meanwhile.
        await store.transaction(async (tx) => {
          expect(tx.epoch).toBe(1);
          expect(await tx.getDoc('partnership', 'p1')).toEqual({ v: 'live' });
          expect(await tx.appendFeedEntry('room:r1', entry(4n, 'Live'))).toMatchObject({ epoch: 1, seq: 3 });
        });
      });

      it('switchEpoch makes the new epoch current at commit, carries every room and reports them all as changed', async () => {
        await live();
        await rebuild();
        const cursor = (await store.feedChangesSince(0)).cursor;
        let updates: readonly { room: string; epoch: number; head: number }[] = [];
        await store.transaction(
          async (tx) => {
            updates = await tx.switchEpoch();
          },
          { epoch: 2 },
        );
        const expected = [
          { room: 'room:r1', epoch: 2, head: 1 },
          { room: 'room:r2', epoch: 2, head: 1 },
          { room: 'room:r3', epoch: 2, head: 0 },
        ];
        expect(sortByRoom(updates)).toEqual(expected);
        expect(await store.epochs()).toEqual({ current: 2, others: [1] });
        expect(await store.getDoc('partnership', 'p1')).toEqual({ v: 'rebuilt' });
        expect(await store.getDoc('partnership', 'p2')).toBeUndefined();
        expect(await store.findDocs('partnership', { phase: 'pilotage' })).toEqual([{ v: 'rebuilt' }, { v: 'new' }]);
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 2, head: 1 });
        expect(await store.feedHead('room:r3')).toEqual({ epoch: 2, head: 0 });
        expect(await store.readFeed('room:r3', 0, 10)).toEqual([]);
        expect((await store.readFeedTail('room:r1', 10)).map((e) => [e.epoch, e.seq, e.kind])).toEqual([[2, 1, 'Rebuilt']]);
        expect(await store.findFeedEntryByPosition('room:r2', 2n)).toMatchObject({ epoch: 2, seq: 1 });
        const changed = await store.feedChangesSince(cursor);
        expect(changed.cursor).toBeGreaterThan(cursor);
        expect(sortByRoom(changed.changes)).toEqual(expected);

        // Afterwards the live projector writes into the new epoch; the old one is closed to writes.
        await store.transaction(async (tx) => {
          expect(tx.epoch).toBe(2);
          expect(await tx.appendFeedEntry('room:r1', entry(4n, 'Live'))).toMatchObject({ epoch: 2, seq: 2 });
        });
        await expect(store.transaction(async () => undefined, { epoch: 1 })).rejects.toThrow(RangeError);
        await expect(store.transaction(async (tx) => void (await tx.switchEpoch()))).rejects.toThrow(RangeError);
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 2, head: 2 });
      });

      it('a switch rolled back changes nothing', async () => {
        await live();
        await expect(
          rebuild(async (tx) => {
            await tx.switchEpoch();
            throw new Boom('no');
          }),
        ).rejects.toBeInstanceOf(Boom);
        expect(await store.epochs()).toEqual({ current: 1, others: [] });
        expect(await store.getDoc('partnership', 'p1')).toEqual({ v: 'live' });
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 1, head: 2 });
      });

      it('dropEpoch deletes every document, feed and checkpoint-free trace of an old epoch, never the current one', async () => {
        await live();
        await rebuild(async (tx) => {
          // More rooms than one chunk of the drop.
          for (let i = 0; i < 150; i++) await tx.appendFeedEntry(`room:many-${i}`, entry(BigInt(i + 10)));
        });
        await store.dropEpoch(2);
        expect(await store.epochs()).toEqual({ current: 1, others: [] });
        await store.transaction(
          async (tx) => {
            expect(await tx.getDoc('partnership', 'p1')).toBeUndefined();
            expect(await tx.appendFeedEntry('room:r1', entry(1n))).toMatchObject({ epoch: 2, seq: 1 });
            expect(await tx.appendFeedEntry('room:many-149', entry(1n))).toMatchObject({ epoch: 2, seq: 1 });
          },
          { epoch: 2 },
        );
        await expect(store.dropEpoch(1)).rejects.toThrow(RangeError);
        expect(await store.getDoc('partnership', 'p1')).toEqual({ v: 'live' });
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 1, head: 2 });

        await store.transaction(async (tx) => void (await tx.switchEpoch()), { epoch: 2 });
        await store.dropEpoch(1);
        expect(await store.epochs()).toEqual({ current: 2, others: [] });
        expect(await store.getDoc('partnership', 'p2')).toBeUndefined();
        expect(await store.feedHead('room:r1')).toEqual({ epoch: 2, head: 1 });
      });

      it('refuses epochs that are not positive integers', async () => {
        for (const epoch of [0, -1, 1.5, Number.NaN]) {
          await expect(store.transaction(async () => undefined, { epoch })).rejects.toThrow(RangeError);
          await expect(store.dropEpoch(epoch)).rejects.toThrow(RangeError);
        }
        expect(await store.epochs()).toEqual({ current: 1, others: [] });
      });
    });

    describe('redaction (erasure of personal data)', () => {
      const ZOE = 'Zoé Martin';
      const erase = (value: string, match: Redaction['match'] = 'exact', replacement = '[effacé]'): Redaction => ({ value, match, replacement });
      const ids = async (collection: string, filter: Record<string, string>) => (await store.findDocs<{ id: string }>(collection, filter)).map((d) => d.id);

      it('exact: strings and tag values equal to the value, in every epoch; a string merely holding it is left', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('person', 'p1', { id: 'p1', name: ZOE, aka: [ZOE, 'Léa'], note: `Vu avec ${ZOE}` }, { name: ZOE, member: [ZOE, 'Léa'] });
          await tx.putDoc('room', 'r1', { id: 'r1', title: `Atelier de ${ZOE}` }, { title: `Atelier de ${ZOE}` });
          await tx.putDoc('room', 'r2', { id: 'r2', title: 'Sans rapport' }, { member: 'Léa' });
        });
        await store.transaction(async (tx) => tx.putDoc('person', 'p1', { id: 'p1', name: ZOE, rebuilt: true }, { name: ZOE }), { epoch: 2 });

        expect(await store.transaction(async (tx) => tx.redact([erase(ZOE)]))).toEqual({ docs: 2, entries: [] });

        expect(await store.getDoc('person', 'p1')).toEqual({ id: 'p1', name: '[effacé]', aka: ['[effacé]', 'Léa'], note: `Vu avec ${ZOE}` });
        expect(await ids('person', { name: ZOE })).toEqual([]);
        expect(await ids('person', { member: ZOE })).toEqual([]);
        expect(await ids('person', { name: '[effacé]' })).toEqual(['p1']);
        expect(await ids('person', { member: '[effacé]', name: '[effacé]' })).toEqual(['p1']);
        expect(await ids('person', { member: 'Léa' })).toEqual(['p1']);
        expect(await store.getDoc('room', 'r1')).toEqual({ id: 'r1', title: `Atelier de ${ZOE}` });
        expect(await ids('room', { title: `Atelier de ${ZOE}` })).toEqual(['r1']);
        // The rebuild's epoch too.
        expect(await store.transaction(async (tx) => tx.getDoc('person', 'p1'), { epoch: 2 })).toEqual({ id: 'p1', name: '[effacé]', rebuilt: true });
        await store.transaction(async (tx) => void (await tx.switchEpoch()), { epoch: 2 });
        expect(await ids('person', { name: ZOE })).toEqual([]);
        expect(await store.findDocs('person', { name: '[effacé]' })).toEqual([{ id: 'p1', name: '[effacé]', rebuilt: true }]);
      });

      it('within: every occurrence inside any string and tag value, in an old epoch, the current one and a rebuild under way', async () => {
        const doc = (epoch: number) => ({ id: 'r1', epoch, title: `Atelier de ${ZOE}`, people: [{ name: ZOE }, { name: 'Léa' }], ZOE: 'Zoé' });
        const tags = { title: `Atelier de ${ZOE}`, member: [ZOE, 'Léa'] };
        await store.transaction(async (tx) => tx.putDoc('room', 'r1', doc(1), tags));
        await store.transaction(
          async (tx) => {
            await tx.putDoc('room', 'r1', doc(2), tags);
            await tx.putDoc('room', 'r2', { id: 'r2', title: `${ZOE} et ${ZOE}` });
            await tx.switchEpoch();
          },
          { epoch: 2 },
        );
        await store.transaction(async (tx) => tx.putDoc('room', 'r1', doc(3), tags), { epoch: 3 });
        expect(await store.epochs()).toEqual({ current: 2, others: [1, 3] });

        const result = await store.transaction(async (tx) => tx.redact([erase(ZOE, 'within')]));
        expect(result).toEqual({ docs: 4, entries: [] });

        const redacted = (epoch: number) => ({
          id: 'r1',
          epoch,
          title: 'Atelier de [effacé]',
          people: [{ name: '[effacé]' }, { name: 'Léa' }],
          ZOE: 'Zoé',
        });
        expect(await store.getDoc('room', 'r1')).toEqual(redacted(2));
        expect(await store.getDoc('room', 'r2')).toEqual({ id: 'r2', title: '[effacé] et [effacé]' });
        expect(await ids('room', { title: `Atelier de ${ZOE}` })).toEqual([]);
        expect(await ids('room', { member: ZOE })).toEqual([]);
        expect(await ids('room', { title: 'Atelier de [effacé]', member: '[effacé]' })).toEqual(['r1']);
        expect(await store.countDocs('room', { member: 'Léa' })).toBe(1);
        expect(await store.transaction(async (tx) => tx.getDoc('room', 'r1'), { epoch: 3 })).toEqual(redacted(3));
        await store.transaction(async (tx) => void (await tx.switchEpoch()), { epoch: 3 });
        expect(await ids('room', { member: '[effacé]' })).toEqual(['r1']);
        expect(await ids('room', { title: `Atelier de ${ZOE}` })).toEqual([]);
      });

      it('feed entries of several rooms and epochs: only data changes, the result lists them in (room, epoch, seq) order', async () => {
        const at = '2026-03-01T10:00:00.000Z';
        await store.transaction(async (tx) => {
          await tx.appendFeedEntry('room:b', entry(1n, 'MessagePosted', { author: ZOE, text: `Bonjour, ici ${ZOE}` }));
          await tx.appendFeedEntry('room:a', entry(2n, 'MessagePosted', { author: 'Léa', text: 'rien à voir' }));
          await tx.appendFeedEntry('room:a', entry(3n, 'MemberJoined', { member: { name: ZOE, roles: ['animatrice'] } }));
        });
        await store.transaction(async (tx) => tx.appendFeedEntry('room:a', entry(3n, 'MemberJoined', { member: { name: ZOE } })), { epoch: 2 });
        const before = await store.readFeed('room:a', 0, 10);

        const result = await store.transaction(async (tx) => tx.redact([erase(ZOE), erase(ZOE, 'within', '[quelqu’un]')]));
        expect(result.docs).toBe(0);
        expect(result.entries).toEqual([
          { room: 'room:a', epoch: 1, seq: 2, position: '3', at, kind: 'MemberJoined', data: { member: { name: '[effacé]', roles: ['animatrice'] } } },
          { room: 'room:a', epoch: 2, seq: 1, position: '3', at, kind: 'MemberJoined', data: { member: { name: '[effacé]' } } },
          { room: 'room:b', epoch: 1, seq: 1, position: '1', at, kind: 'MessagePosted', data: { author: '[effacé]', text: 'Bonjour, ici [quelqu’un]' } },
        ]);
        expect(await store.readFeed('room:a', 0, 10)).toEqual([before[0], result.entries[0]]);
        expect(await store.readFeedTail('room:b', 10)).toEqual([result.entries[2]]);
        expect(await store.findFeedEntryByPosition('room:b', 1n)).toEqual(result.entries[2]);
        expect(await store.feedHead('room:a')).toEqual({ epoch: 1, head: 2 });
        await store.transaction(async (tx) => void (await tx.switchEpoch()), { epoch: 2 });
        expect(await store.readFeed('room:a', 0, 10)).toEqual([result.entries[1]]);
        // Seqs go on as before.
        expect(await store.transaction(async (tx) => tx.appendFeedEntry('room:a', entry(4n)))).toMatchObject({ epoch: 2, seq: 2 });
      });

      it('a transaction rolled back after redacting leaves documents, tags and entries as they were; a refused redaction too', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('person', 'p1', { id: 'p1', name: ZOE }, { name: ZOE });
          await tx.appendFeedEntry('room:r', entry(1n, 'MessagePosted', { author: ZOE }));
        });
        await store.transaction(async (tx) => tx.putDoc('person', 'p1', { id: 'p1', name: ZOE, epoch: 2 }, { name: ZOE }), { epoch: 2 });
        const feed = await store.readFeed('room:r', 0, 10);
        await expect(
          store.transaction(async (tx) => {
            expect(await tx.redact([erase(ZOE), erase('Zoé', 'within')])).toMatchObject({ docs: 2, entries: [{ room: 'room:r', seq: 1 }] });
            expect(await tx.getDoc('person', 'p1')).toEqual({ id: 'p1', name: '[effacé]' });
            throw new Boom('no');
          }),
        ).rejects.toBeInstanceOf(Boom);
        await expect(store.transaction(async (tx) => tx.redact([erase(ZOE), erase('')]))).rejects.toThrow(RangeError);
        await expect(store.transaction(async (tx) => tx.redact([erase(ZOE, 'within', `ex-${ZOE}`)]))).rejects.toThrow(RangeError);

        expect(await store.getDoc('person', 'p1')).toEqual({ id: 'p1', name: ZOE });
        expect(await ids('person', { name: ZOE })).toEqual(['p1']);
        expect(await ids('person', { name: '[effacé]' })).toEqual([]);
        expect(await store.readFeed('room:r', 0, 10)).toEqual(feed);
        expect(await store.transaction(async (tx) => tx.getDoc('person', 'p1'), { epoch: 2 })).toEqual({ id: 'p1', name: ZOE, epoch: 2 });
      });

      it('values with quotes, backslashes, control characters, emoji, % and _ are matched literally', async () => {
        const cases: [value: string, lookalike: string][] = [
          ['Zoé "Zozo" O\'Brien', "Zoé Zozo O'Brien"],
          ['C:\\dossier\\zoé', 'C:/dossier/zoé'],
          ['100% _réel_', '100ab xréelx'],
          ['Zoé 🦊 Renard', 'Zoé 🐺 Renard'],
          ['ligne\tun\nligne deux', 'ligne un ligne deux'],
          ['<Zoé> & {"k": [1]}', '<Zoé> & {k: [1]}'],
        ];
        await store.transaction(async (tx) => {
          for (const [i, [value, lookalike]] of cases.entries()) {
            await tx.putDoc('special', `s${i}`, { id: `s${i}`, exact: value, inside: `«${value}»`, lookalike }, { v: value, l: lookalike });
            await tx.appendFeedEntry('room:special', entry(BigInt(i + 1), 'Said', { who: value, text: `dit ${value}`, lookalike }));
          }
        });
        const redactions = cases.flatMap(([value]) => [erase(value, 'exact', '[E]'), erase(value, 'within', '[W]')]);
        const result = await store.transaction(async (tx) => tx.redact(redactions));
        expect(result.docs).toBe(cases.length);
        expect(result.entries.map((e) => e.data)).toEqual(cases.map(([, lookalike]) => ({ who: '[E]', text: 'dit [W]', lookalike })));
        for (const [i, [value, lookalike]] of cases.entries()) {
          expect(await store.getDoc('special', `s${i}`)).toEqual({ id: `s${i}`, exact: '[E]', inside: '«[W]»', lookalike });
          expect(await ids('special', { v: value })).toEqual([]);
          expect(await ids('special', { l: lookalike })).toEqual([`s${i}`]);
        }
        expect(await store.countDocs('special', { v: '[E]' })).toBe(cases.length);
        expect((await store.readFeed('room:special', 0, 10)).map((e) => e.data)).toEqual(result.entries.map((e) => e.data));
        // Done: nothing is left to rewrite.
        expect(await store.transaction(async (tx) => tx.redact(redactions))).toEqual({ docs: 0, entries: [] });
      });

      it('a value found nowhere, or only as a key, changes nothing; keys are never rewritten', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('person', 'k', { id: 'k', [ZOE]: { [ZOE]: 1 }, list: [{ [ZOE]: true }] }, { [ZOE]: 'x' });
          await tx.appendFeedEntry('room:k', entry(1n, 'Keyed', { [ZOE]: 'Léa' }));
        });
        const before = { doc: await store.getDoc('person', 'k'), feed: await store.readFeed('room:k', 0, 10), changes: await store.feedChangesSince(0) };
        expect(await store.transaction(async (tx) => tx.redact([erase('Personne Inconnue'), erase('Inconnue', 'within')]))).toEqual({
          docs: 0,
          entries: [],
        });
        expect(await store.transaction(async (tx) => tx.redact([erase(ZOE), erase(ZOE, 'within')]))).toEqual({ docs: 0, entries: [] });
        expect(await store.transaction(async (tx) => tx.redact([]))).toEqual({ docs: 0, entries: [] });
        expect({ doc: await store.getDoc('person', 'k'), feed: await store.readFeed('room:k', 0, 10), changes: await store.feedChangesSince(0) }).toEqual(
          before,
        );
        expect(await ids('person', { [ZOE]: 'x' })).toEqual(['k']);

        await store.transaction(async (tx) => tx.putDoc('person', 'k', { [ZOE]: ZOE }, { [ZOE]: ZOE }));
        expect(await store.transaction(async (tx) => tx.redact([erase(ZOE)]))).toEqual({ docs: 1, entries: [] });
        expect(await store.getDoc('person', 'k')).toEqual({ [ZOE]: '[effacé]' });
        expect(await store.findDocs('person', { [ZOE]: '[effacé]' })).toEqual([{ [ZOE]: '[effacé]' }]);
      });

      it('tag values that become equal are kept once', async () => {
        await store.transaction(async (tx) => tx.putDoc('room', 'r', { id: 'r' }, { member: ['Zoé', ZOE, 'Léa'] }));
        expect(await store.transaction(async (tx) => tx.redact([erase('Zoé'), erase(ZOE)]))).toEqual({ docs: 1, entries: [] });
        expect(await store.findDocs('room', { member: '[effacé]' })).toEqual([{ id: 'r' }]);
        expect(await store.countDocs('room', { member: '[effacé]' })).toBe(1);
        expect(await store.countDocs('room', { member: 'Léa' })).toBe(1);
        // A later put with the same tags is still recognised as unchanged, and the document stays findable.
        await store.transaction(async (tx) => tx.putDoc('room', 'r', { id: 'r', v: 2 }, { member: ['Léa', '[effacé]'] }));
        expect(await store.findDocs('room', { member: '[effacé]' })).toEqual([{ id: 'r', v: 2 }]);
      });

      it('compact() runs after a redaction and leaves every read as it was', async () => {
        await store.transaction(async (tx) => {
          await tx.putDoc('person', 'p1', { id: 'p1', name: ZOE }, { name: ZOE });
          await tx.appendFeedEntry('room:r', entry(1n, 'MessagePosted', { author: ZOE }));
        });
        await store.transaction(async (tx) => tx.redact([erase(ZOE)]));
        await store.compact();
        expect(await store.getDoc('person', 'p1')).toEqual({ id: 'p1', name: '[effacé]' });
        expect(await ids('person', { name: '[effacé]' })).toEqual(['p1']);
        expect((await store.readFeed('room:r', 0, 10)).map((e) => e.data)).toEqual([{ author: '[effacé]' }]);
        expect(await store.transaction(async (tx) => tx.appendFeedEntry('room:r', entry(2n)))).toMatchObject({ seq: 2 });
      });
    });

    describe('leases (one active projector)', () => {
      it('gives a free lease to the first claimant, renews it for its holder, refuses it to others while it lasts', async () => {
        expect(await store.claimLease('main', 'node-a', 10_000)).toBe(true);
        expect(await store.claimLease('main', 'node-b', 10_000)).toBe(false);
        expect(await store.claimLease('main', 'node-a', 10_000)).toBe(true);
        expect(await store.claimLease('other', 'node-b', 10_000)).toBe(true);
      });

      it('lets another holder take an expired lease', async () => {
        expect(await store.claimLease('main', 'node-a', 150)).toBe(true);
        expect(await store.claimLease('main', 'node-b', 10_000)).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await store.claimLease('main', 'node-b', 10_000)).toBe(true);
        expect(await store.claimLease('main', 'node-a', 10_000)).toBe(false);
      });

      it('hands a released lease over at once, and ignores a release by someone else', async () => {
        await store.claimLease('main', 'node-a', 10_000);
        await store.releaseLease('main', 'node-b');
        expect(await store.claimLease('main', 'node-b', 10_000)).toBe(false);
        await store.releaseLease('main', 'node-a');
        expect(await store.claimLease('main', 'node-b', 10_000)).toBe(true);
      });

      it('reads who holds a lease and how long it lasts, on the store’s clock (for health checks)', async () => {
        expect(await store.readLease('main')).toBeUndefined();
        await store.claimLease('main', 'node-a', 10_000);
        const held = await store.readLease('main');
        expect(held?.holder).toBe('node-a');
        expect(held?.expiresInMs).toBeGreaterThan(8_000);
        expect(held?.expiresInMs).toBeLessThanOrEqual(10_000);
        await store.claimLease('other', 'node-b', 150);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const expired = await store.readLease('other');
        expect(expired?.holder).toBe('node-b');
        expect(expired?.expiresInMs).toBeLessThan(-100);
        await store.releaseLease('main', 'node-a');
        expect(await store.readLease('main')).toBeUndefined();
      });

      it('fences transactions: a deposed holder commits nothing', async () => {
        await store.claimLease('main', 'node-a', 150);
        await store.transaction(async (tx) => {
          await tx.assertLease('main', 'node-a');
          await tx.setCheckpoint('main', 5n);
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await store.claimLease('main', 'node-b', 10_000);

        const deposed = store.transaction(async (tx) => {
          await tx.setCheckpoint('main', 9n);
          await tx.assertLease('main', 'node-a');
        });
        await expect(deposed).rejects.toBeInstanceOf(LeaseLostError);
        await expect(
          store.transaction(async (tx) => {
            await tx.assertLease('main', 'nobody');
          }),
        ).rejects.toBeInstanceOf(LeaseLostError);
        expect(await store.getCheckpoint('main')).toBe(5n);
      });
    });

    it('close is idempotent', async () => {
      await store.close();
      await expect(store.close()).resolves.toBeUndefined();
    });
  });
}

function sortByRoom<T extends { room: string }>(changes: readonly T[]): T[] {
  return [...changes].sort((a, b) => a.room.localeCompare(b.room));
}
