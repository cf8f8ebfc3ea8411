import type { ReportDocument } from '../document/document';
import type { ReportFormat } from '../render/formats';
import { renderReport } from '../render/render';
import { INDEX_ITEM, type ReportFile, type ReportStore } from '../store/report-store';

export interface ReportStoreHarness {
  readonly store: ReportStore;
  /** Another store on the same data (another process). */
  readonly openPeer?: () => Promise<ReportStore>;
  readonly dispose?: () => Promise<void>;
}

const file = (reportId: string, item: string, format: ReportFormat, content: string): ReportFile => ({
  reportId,
  item,
  format,
  fileName: `rapport-${item}.${format}`,
  contentType: format === 'json' ? 'application/json; charset=utf-8' : `text/${format}; charset=utf-8`,
  content,
  createdAt: '2026-03-01T10:00:00.000Z',
});

/** The contract every `ReportStore` adapter passes (run from the adapter's `*.int.spec.ts` with a fresh, empty store each time). */
export function reportStoreContract(name: string, factory: () => Promise<ReportStoreHarness>): void {
  describe(`ReportStore contract: ${name}`, () => {
    let harness: ReportStoreHarness;
    let store: ReportStore;
    const peers: ReportStore[] = [];

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      for (const peer of peers.splice(0)) await peer.close();
      await store.close();
      await harness.dispose?.();
    });

    it('reads undefined for a file never kept', async () => {
      expect(await store.get('r1', 'flda', 'html')).toBeUndefined();
      expect(await store.list('r1')).toEqual([]);
    });

    it('keeps a file whole: French text, quotes, line breaks, a BOM, large content', async () => {
      const content = `\uFEFF« Maintien à domicile » ; "cité"\r\nligne 2 — 10 décembre 2012 ${'é'.repeat(300_000)}`;
      await store.put(file('r1', 'flda-cg-ardeche', 'csv', content));
      expect(await store.get('r1', 'flda-cg-ardeche', 'csv')).toEqual(file('r1', 'flda-cg-ardeche', 'csv', content));
      expect(await store.get('r1', 'flda-cg-ardeche', 'html')).toBeUndefined();
      expect(await store.get('r2', 'flda-cg-ardeche', 'csv')).toBeUndefined();
    });

    it('replaces the same report, item and format (a retried job)', async () => {
      await store.put(file('r1', 'a', 'json', '{"v":1}'));
      await store.put({ ...file('r1', 'a', 'json', '{"v":2}'), createdAt: '2026-03-01T11:00:00.000Z' });
      expect(await store.get('r1', 'a', 'json')).toMatchObject({ content: '{"v":2}', createdAt: '2026-03-01T11:00:00.000Z' });
      expect(await store.list('r1')).toHaveLength(1);
    });

    it('lists a report’s files by item then format, with their sizes, not their content', async () => {
      await store.put(file('r1', 'b', 'html', '<p>é</p>'));
      await store.put(file('r1', INDEX_ITEM, 'csv', 'x'));
      await store.put(file('r1', 'a', 'json', '{}'));
      await store.put(file('r1', 'a', 'csv', 'a;b'));
      await store.put(file('other', 'a', 'csv', 'nope'));
      const listed = await store.list('r1');
      expect(listed.map((f) => [f.item, f.format, f.bytes])).toEqual([
        [INDEX_ITEM, 'csv', 1],
        ['a', 'csv', 3],
        ['a', 'json', 2],
        ['b', 'html', 9],
      ]);
      expect(listed[0]).not.toHaveProperty('content');
      expect(listed[0]).toMatchObject({ reportId: 'r1', fileName: `rapport-${INDEX_ITEM}.csv`, contentType: 'text/csv; charset=utf-8' });
    });

    it('deletes a report’s files only', async () => {
      await store.put(file('r1', 'a', 'json', '{}'));
      await store.put(file('r1', 'a', 'csv', ''));
      await store.put(file('r2', 'a', 'csv', 'kept'));
      expect(await store.delete('r1')).toBe(2);
      expect(await store.list('r1')).toEqual([]);
      expect(await store.get('r2', 'a', 'csv')).toMatchObject({ content: 'kept' });
      expect(await store.delete('r1')).toBe(0);
    });

    it('keeps an empty file', async () => {
      await store.put(file('r1', 'a', 'csv', ''));
      expect(await store.get('r1', 'a', 'csv')).toMatchObject({ content: '' });
    });

    it('is shared with another store on the same data, and survives a reopen', async () => {
      if (!harness.openPeer) return;
      await store.put(file('r1', 'a', 'html', '<h1>Rapport</h1>'));
      const peer = await harness.openPeer();
      peers.push(peer);
      expect(await peer.get('r1', 'a', 'html')).toMatchObject({ content: '<h1>Rapport</h1>' });
      await peer.put(file('r1', 'b', 'html', 'du pair'));
      expect(await store.get('r1', 'b', 'html')).toMatchObject({ content: 'du pair' });
    });

    it('redacts former personal values from every kept file, each format as it spells them, and leaves the rest', async () => {
      const NAME = 'Zoé "la" Testeuse';
      const document: ReportDocument = {
        title: 'Rapport du partenariat FLDA',
        facts: [{ label: 'Animé par', value: NAME }],
        sections: [
          {
            title: 'Jalons',
            paragraphs: [`Merci ${NAME} pour hier`],
            tables: [
              {
                columns: ['Jalon', 'Raison', 'Écart'],
                rows: [
                  [`Atelier animé par ${NAME}`, 'empêchement', -3],
                  ['Comité', 'un empêchement imprévu', 2.5],
                  [`=${NAME}`, null, 0],
                ],
              },
            ],
          },
        ],
      };
      const json = {
        kind: 'partnership',
        subject: 'flda',
        generatedAt: '2026-03-01T10:00:00.000Z',
        data: { animator: NAME, reasons: ['empêchement'] },
        document,
      };
      for (const format of ['json', 'csv', 'html'] as const) await store.put(file('r1', 'flda', format, renderReport(format, json)));
      await store.put(file('r2', INDEX_ITEM, 'csv', 'Rien de personnel'));
      const redactions = [
        { value: NAME, match: 'within' as const, replacement: '[effacé]' },
        { value: 'empêchement', match: 'exact' as const, replacement: '[effacé]' },
      ];
      expect(await store.redact(redactions)).toBe(3);
      const erasedDocument: ReportDocument = {
        ...document,
        facts: [{ label: 'Animé par', value: '[effacé]' }],
        sections: [
          {
            title: 'Jalons',
            paragraphs: ['Merci [effacé] pour hier'],
            tables: [
              {
                columns: ['Jalon', 'Raison', 'Écart'],
                rows: [
                  ['Atelier animé par [effacé]', '[effacé]', -3],
                  ['Comité', 'un empêchement imprévu', 2.5],
                  ['=[effacé]', null, 0],
                ],
              },
            ],
          },
        ],
      };
      const erased = { ...json, data: { animator: '[effacé]', reasons: ['[effacé]'] }, document: erasedDocument };
      for (const format of ['json', 'csv', 'html'] as const) {
        const kept = await store.get('r1', 'flda', format);
        expect(kept).toEqual(file('r1', 'flda', format, renderReport(format, erased)));
        expect(kept?.content).not.toContain('Testeuse');
      }
      expect(await store.get('r2', INDEX_ITEM, 'csv')).toMatchObject({ content: 'Rien de personnel' });
      expect((await store.list('r1')).map((f) => f.bytes)).toEqual(
        (['csv', 'html', 'json'] as const).map((format) => Buffer.byteLength(renderReport(format, erased), 'utf8')),
      );
      expect(await store.redact(redactions)).toBe(0);
      expect(await store.redact([])).toBe(0);
      await expect(store.redact([{ value: '', match: 'within', replacement: 'x' }])).rejects.toThrow(RangeError);
    });

    it('answers many concurrent writes and reads', async () => {
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.put(file('r1', `p${String(i).padStart(2, '0')}`, 'json', `{"i":${i}}`))));
      const read = await Promise.all(Array.from({ length: 30 }, (_, i) => store.get('r1', `p${String(i).padStart(2, '0')}`, 'json')));
      expect(read.map((f) => f?.content)).toEqual(Array.from({ length: 30 }, (_, i) => `{"i":${i}}`));
      expect(await store.list('r1')).toHaveLength(30);
    });
  });
}
