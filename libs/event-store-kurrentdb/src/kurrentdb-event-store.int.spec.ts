import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract, upcastingContract } from '@catalyse/event-store/testing';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import { personalDataContract } from '@catalyse/personal-data/testing';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The contract suite against a real KurrentDB server: no server can
 * run on the development machines, so jest runs it only where KURRENTDB_URL is set (jest.config.js),
 * e.g. `KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' npx jest --selectProjects int
 * --testPathPatterns event-store-kurrentdb`. One server is shared by every
 * test (`freshStores: false`): each test works under its own stream prefix.
 */
const url = process.env.KURRENTDB_URL;
// jest.config.js leaves this file out when KURRENTDB_URL is unset (and says so); run by hand without it, fail loudly.
if (!url) throw new Error('the KurrentDB contract suite needs KURRENTDB_URL, e.g. kurrentdb://127.0.0.1:2113?tls=false');

const kurrentFactory = {
  create: async () => KurrentDbEventStore.connect({ connectionString: url }),
  freshStores: false,
  timeoutMs: 30_000,
};
eventStoreContract('kurrentdb', kurrentFactory);
upcastingContract('kurrentdb', kurrentFactory);

// Keys are never in KurrentDB: a SQLite key store beside it, as an embedded deployment would have.
personalDataContract('kurrentdb', {
  create: async () => KurrentDbEventStore.connect({ connectionString: url }),
  keys: async () => SqliteKeyStore.open({ file: join(mkdtempSync(join(tmpdir(), 'catalyse-kdb-keys-')), 'keys.sqlite') }),
  timeoutMs: 30_000,
});
