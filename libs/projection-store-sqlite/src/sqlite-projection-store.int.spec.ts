import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectionStoreContract } from '@catalyse/projections/testing';
import { SqliteProjectionStore } from './sqlite-projection-store';

projectionStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-projections-'));
  const file = join(dir, 'read-models.db');
  return {
    store: SqliteProjectionStore.open({ file }),
    openPeer: async () => SqliteProjectionStore.open({ file, readOnly: true }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
