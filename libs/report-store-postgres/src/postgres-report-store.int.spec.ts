import { reportStoreContract } from '@catalyse/reports/testing';
import { postgresForThisFile } from '@catalyse/test-servers';
import { PostgresReportStore } from './postgres-report-store';

jest.setTimeout(120_000);

const postgres = postgresForThisFile();

reportStoreContract('postgres', async () => {
  // A fresh schema per test: an empty table each time; the peer is another pool on it (another process).
  const schema = postgres.freshSchema('rs');
  return {
    store: await PostgresReportStore.open({ connectionString: postgres.url, schema }),
    openPeer: () => PostgresReportStore.open({ connectionString: postgres.url, schema }),
    dispose: () => postgres.dropSchema(schema),
  };
});
