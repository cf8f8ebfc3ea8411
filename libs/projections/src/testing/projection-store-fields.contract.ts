import type { ProjectionStore } from '../store';
import type { ProjectionStoreHarness } from './projection-store.contract';

/** A board with a large part (its committees) beside the few fields a list shows. */
const board = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `Partenariat ${id} — aînés & numérique « ${id} »`,
  phase: 'pilotage',
  modes: ['mecenat', { kind: 'nested', list: [1, 'deux', null, true, 2.5] }],
  committees: Array.from({ length: 5 }, (_, i) => ({ committeeId: `copil-${i}`, decisions: ['x'.repeat(1_000)] })),
  ...extra,
});

/**
 * The contract of `DocsPage.fields` (some top-level fields of each document, made by the store), which every
 * `ProjectionStore` adapter runs beside `projectionStoreContract`, from its int spec, with the same factory.
 */
export function projectionStoreFieldsContract(name: string, factory: () => Promise<ProjectionStoreHarness>): void {
  describe(`ProjectionStore contract, some fields of each document: ${name}`, () => {
    let harness: ProjectionStoreHarness;
    let store: ProjectionStore;

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
      await store.transaction(async (tx) => {
        await tx.putDoc('partnership', 'p2', board('p2', { proposedAt: '2026-01-02' }), { territory: 'lyon', org: ['a', 'b'] });
        await tx.putDoc('partnership', 'p1', board('p1', { proposedAt: '2026-03-01', note: null }), { territory: 'lyon', org: ['b'] });
        await tx.putDoc('partnership', 'p3', board('p3', { title: undefined }), { territory: 'lyon', org: ['a'] });
        await tx.putDoc('partnership', 'p4', board('p4'), { territory: 'paris', org: ['a'] });
        await tx.putDoc('room', 'p1', { id: 'p1', title: 'une salle' });
      });
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    const fields = ['id', 'title', 'phase', 'modes'] as const;
    const short = (id: string, extra: Record<string, unknown> = {}) => {
      const { committees: _large, proposedAt: _at, note: _note, ...rest } = { ...board(id), ...extra } as Record<string, unknown>;
      return rest;
    };

    it('answers each document with only the fields asked for, their values as stored, in the same order and filters as whole documents', async () => {
      const whole = await store.findDocs<Record<string, unknown>>('partnership', { territory: 'lyon' });
      const some = await store.findDocs<Record<string, unknown>>('partnership', { territory: 'lyon' }, { fields });
      expect(some).toEqual(whole.map((doc) => Object.fromEntries(fields.flatMap((f) => (f in doc ? [[f, doc[f]]] : [])))));
      expect(some).toEqual([short('p1'), short('p2'), { id: 'p3', phase: 'pilotage', modes: short('p3')['modes'] }]);
      // Several filters, no filter, another collection.
      expect(await store.findDocs('partnership', { territory: 'lyon', org: 'a' }, { fields: ['id'] })).toEqual([{ id: 'p2' }, { id: 'p3' }]);
      expect(await store.findDocs('partnership', {}, { fields: ['id', 'phase'] })).toEqual(['p1', 'p2', 'p3', 'p4'].map((id) => ({ id, phase: 'pilotage' })));
      expect(await store.findDocs('room', {}, { fields: ['title'] })).toEqual([{ title: 'une salle' }]);
    });

    it('leaves out a field a document lacks, keeps one that is null, and a name given twice once', async () => {
      const some = await store.findDocs<Record<string, unknown>>('partnership', { territory: 'lyon' }, { fields: ['id', 'note', 'title', 'id', 'absent'] });
      expect(some).toEqual([{ id: 'p1', note: null, title: short('p1')['title'] }, { id: 'p2', title: short('p2')['title'] }, { id: 'p3' }]);
      expect(some.map((doc) => Object.keys(doc).sort())).toEqual([['id', 'note', 'title'], ['id', 'title'], ['id']]);
    });

    it('pages and orders as whole documents do, by a field it may leave out', async () => {
      const page = { order: { field: 'proposedAt', descending: true }, limit: 2, offset: 1 } as const;
      const whole = await store.findDocs<{ id: string }>('partnership', {}, page);
      expect(whole.map((doc) => doc.id)).toEqual(['p2', 'p3']);
      expect(await store.findDocs('partnership', {}, { ...page, fields: ['id'] })).toEqual([{ id: 'p2' }, { id: 'p3' }]);
      expect(await store.findDocs('partnership', { org: 'a' }, { order: { field: 'proposedAt' }, fields: ['phase', 'id'] })).toEqual([
        { id: 'p2', phase: 'pilotage' },
        { id: 'p3', phase: 'pilotage' },
        { id: 'p4', phase: 'pilotage' },
      ]);
    });

    it('counts a budget of characters on the fields it answers, not on the whole documents', async () => {
      // Each whole board is over 5,000 characters: within 1,000 only the first comes whole; all four fit as ids.
      expect(await store.findDocs('partnership', {}, { maxChars: 1_000 })).toHaveLength(1);
      const ids = await store.findDocs('partnership', {}, { maxChars: 1_000, fields: ['id'] });
      expect(ids).toEqual(['p1', 'p2', 'p3', 'p4'].map((id) => ({ id })));
      // The committees alone are about 5,200 characters a board (their spacing is the store's): two within 12,000.
      const committees = await store.findDocs<{ id: string; committees: unknown[] }>('partnership', {}, { maxChars: 12_000, fields: ['id', 'committees'] });
      expect(committees.map((doc) => [doc.id, doc.committees.length])).toEqual([
        ['p1', 5],
        ['p2', 5],
      ]);
      // Never none: the first comes whatever its size.
      expect(await store.findDocs('partnership', {}, { maxChars: 1, fields: ['id'], offset: 2 })).toEqual([{ id: 'p3' }]);
    });

    it('answers a document that is not an object as an empty object, and reads the current epoch only', async () => {
      await store.transaction(async (tx) => {
        await tx.putDoc('odd', 'a', ['id', 'title']);
        await tx.putDoc('odd', 'b', 'id');
        await tx.putDoc('odd', 'c', 42);
      });
      expect(await store.findDocs('odd', {}, { fields: ['id'] })).toEqual([{}, {}, {}]);
      const { current } = await store.epochs();
      await store.transaction(async (tx) => tx.putDoc('partnership', 'p9', board('p9'), { territory: 'lyon' }), { epoch: current + 1 });
      expect(await store.findDocs('partnership', { territory: 'lyon' }, { fields: ['id'] })).toEqual([{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }]);
    });

    it('refuses fields that are not identifiers, none, or too many (RangeError)', async () => {
      for (const wrong of [[], [''], ['a-b'], ['$.id'], ['id', 'x y'], ["id') OR 1=1 --"], Array.from({ length: 65 }, (_, i) => `f${i}`)]) {
        await expect(store.findDocs('partnership', {}, { fields: wrong })).rejects.toThrow(RangeError);
      }
    });
  });
}
