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

describe('SqliteReportStore (adapter specifics)', () => {
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
