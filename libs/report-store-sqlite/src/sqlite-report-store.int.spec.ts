import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
