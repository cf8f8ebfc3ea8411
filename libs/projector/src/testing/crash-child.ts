/**
 * The projector as a separate process, for the crash-safety test: it follows
 * EVENTS_FILE into READ_MODELS_FILE, writes `batch` on stdout after each
 * committed batch (the parent SIGKILLs it at a random one), and exits 0 once
 * its checkpoint reaches TARGET_POSITION.
 *
 * Run with: node -r @swc-node/register crash-child.ts (SWC_NODE_PROJECT=tsconfig.base.json).
 */
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector } from '../projector';

async function main(): Promise<void> {
  const eventsFile = required('EVENTS_FILE');
  const readModelsFile = required('READ_MODELS_FILE');
  const target = BigInt(required('TARGET_POSITION'));
  const maxBatchSize = Number(process.env['MAX_BATCH'] ?? '500');

  const events = SqliteEventStore.open({ file: eventsFile });
  const store = SqliteProjectionStore.open({ file: readModelsFile });
  const projector = new Projector(
    events,
    store,
    { publish: async () => void process.stdout.write('batch\n') },
    {
      maxBatchSize,
      logger: { log: () => undefined, warn: (m) => process.stderr.write(`${m}\n`), error: (m) => process.stderr.write(`${m}\n`) },
    },
  );
  await projector.start();
  process.stdout.write(`started ${(await projector.status()).checkpoint}\n`);
  const reached = await projector.waitForPosition(target, 120_000);
  await projector.stop();
  await events.close();
  await store.close();
  process.stdout.write(reached ? 'done\n' : 'timeout\n');
  process.exit(reached ? 0 : 2);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
