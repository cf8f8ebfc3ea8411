import { eventStoreContract } from '@catalyse/event-store/testing';
import { KurrentDbEventStore } from './kurrentdb-event-store';

/**
 * The contract suite against a real KurrentDB server (DESIGN §3): no server can
 * run on the development machines, so it runs only where KURRENTDB_URL is set,
 * e.g. `KURRENTDB_URL='kurrentdb://127.0.0.1:2113?tls=false' npx jest --selectProjects int
 * --testPathPatterns event-store-kurrentdb`. One server is shared by every
 * test (`freshStores: false`): each test works under its own stream prefix.
 */
const url = process.env.KURRENTDB_URL;

if (url) {
  eventStoreContract('kurrentdb', {
    create: async () => KurrentDbEventStore.connect({ connectionString: url }),
    freshStores: false,
    timeoutMs: 30_000,
  });
} else {
  const notice =
    'KurrentDB contract suite NOT RUN: set KURRENTDB_URL (e.g. kurrentdb://127.0.0.1:2113?tls=false) to run it against a server';
  process.stderr.write(`\n${notice}\n\n`);
  describe.skip('EventStore contract: kurrentdb (KURRENTDB_URL not set)', () => {
    it('needs a KurrentDB server', () => undefined);
  });
}
