import { countTurns } from '@catalyse/test-servers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { reportStoreContract } from '@catalyse/reports/testing';
import { SqliteReportStore } from './sqlite-report-store';

reportStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-reports-'));
  const file = join(dir, 'reports.sqlite');
  return {
    store: SqliteReportStore.open({ file }),
    openPeer: async () => SqliteReportStore.open({ file }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

// An erasure searches the kept files a chunk at a time: the contract again with chunks of one file.
reportStoreContract('sqlite, an erasure searching one file at a time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-reports-'));
  const file = join(dir, 'reports.sqlite');
  return {
    store: SqliteReportStore.open({ file, redactScanFiles: 1 }),
    openPeer: async () => SqliteReportStore.open({ file }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteReportStore (adapter specifics)', () => {
  it('an erasure searches the kept files a chunk at a time, the event loop turning between chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-reports-'));
    const store = SqliteReportStore.open({ file: join(dir, 'reports.sqlite'), redactScanFiles: 3 });
    try {
      for (let i = 0; i < 30; i++) {
        const content = i === 17 ? '<p>Rédigé avec Zoé Quintard</p>' : `<p>Rapport ${i}</p>`;
        await store.put({
          reportId: `r${i}`,
          item: 'main',
          format: 'html',
          fileName: 'r.html',
          contentType: 'text/html',
          content,
          createdAt: '2026-03-01T10:00:00.000Z',
        });
      }
      const turns = countTurns();
      const changed = await store.redact([{ value: 'Zoé Quintard', match: 'within', replacement: '[effacé]' }]);
      expect(changed).toBe(1);
      // 30 files by chunks of 3: a turn between two chunks (in one statement, none).
      expect(turns.stop()).toBeGreaterThanOrEqual(8);
      expect((await store.get('r17', 'main', 'html'))?.content).toBe('<p>Rédigé avec [effacé]</p>');
      expect((await store.get('r16', 'main', 'html'))?.content).toBe('<p>Rapport 16</p>');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('zeroes what it frees: secure_delete is on for its connection', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-reports-'));
    const store = SqliteReportStore.open({ file: join(dir, 'reports.sqlite') });
    try {
      const { db } = store as unknown as { db: Database.Database };
      expect(Number(db.pragma('secure_delete', { simple: true }))).toBe(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
