import type { EventStore } from '@catalyse/event-store';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { keyStoreContract, personalDataContract } from '@catalyse/personal-data/testing';
import { pgDump, postgresForThisFile } from '@catalyse/test-servers';
import { PostgresKeyStore } from './postgres-key-store';

jest.setTimeout(120_000);

const postgres = postgresForThisFile();

keyStoreContract('postgres', async () => {
  // A fresh schema per test; the peer is another pool on it (another process).
  const schema = postgres.freshSchema('ks');
  return {
    store: await PostgresKeyStore.open({ connectionString: postgres.url, schema }),
    openPeer: () => PostgresKeyStore.open({ connectionString: postgres.url, schema }),
    bytes: async () => Buffer.from(pgDump(postgres.url, schema), 'utf8'),
  };
});

// Encryption of personal data over the PostgreSQL event store, keys in this store (as a scaled-out Catalyse runs it).
personalDataContract('postgres', {
  create: async () => PostgresEventStore.open({ connectionString: postgres.url, schema: postgres.freshSchema('pd'), pollIntervalMs: 20 }),
  keys: async () => PostgresKeyStore.open({ connectionString: postgres.url, schema: postgres.freshSchema('pk') }),
  destroy: async (store: EventStore) => {
    await postgres.dropSchema((store as PostgresEventStore).schema);
  },
});
