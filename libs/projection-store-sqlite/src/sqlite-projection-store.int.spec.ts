import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProjectionStoreHarness, projectionStoreContract, projectionStoreFieldsContract } from '@catalyse/projections/testing';
import { SqliteProjectionStore } from './sqlite-projection-store';

const sqlite = async (): Promise<ProjectionStoreHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-projections-'));
  const file = join(dir, 'read-models.db');
  return {
    store: SqliteProjectionStore.open({ file }),
    openPeer: async () => SqliteProjectionStore.open({ file, readOnly: true }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
};

projectionStoreContract('SQLite', sqlite);
projectionStoreFieldsContract('SQLite', sqlite);

// An erasure searches a chunk of rows at a time: every redaction case again, with chunks of 2 rows (each crosses many).
projectionStoreContract('SQLite, an erasure searching 2 rows at a time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-projections-'));
  const file = join(dir, 'read-models.db');
  return {
    store: SqliteProjectionStore.open({ file, redactScanRows: 2 }),
    openPeer: async () => SqliteProjectionStore.open({ file, readOnly: true }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
