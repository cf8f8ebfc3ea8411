import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { keyStoreContract, personalDataContract } from '@catalyse/personal-data/testing';
import { SqliteKeyStore } from './sqlite-key-store';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

keyStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-keys-'));
  dirs.push(dir);
  const file = join(dir, 'keys.sqlite');
  return {
    store: SqliteKeyStore.open({ file }),
    openPeer: async () => SqliteKeyStore.open({ file }),
    bytes: async () => Buffer.concat([readFileSync(file), ...(existsSync(`${file}-wal`) ? [readFileSync(`${file}-wal`)] : [])]),
  };
});

// Encryption of personal data over the SQLite event store, keys in this store (as `npm start` runs it).
let stores = 0;
personalDataContract('sqlite', {
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-personal-'));
    dirs.push(dir);
    return SqliteEventStore.open({ file: join(dir, `events-${++stores}.db`), pollIntervalMs: 20 });
  },
  keys: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-personal-keys-'));
    dirs.push(dir);
    return SqliteKeyStore.open({ file: join(dir, 'keys.sqlite') });
  },
});
