/**
 * A worker thread's entry: one rebuild of the embedded read models on
 * connections of its own (see `threadedRebuildRunner`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type FeedUpdate, ProjectionRebuild } from '@catalyse/projections';
import { openEventStores } from '../open-event-store';
import { openProjectionStore } from '../open-read-models';
import type { RebuildThreadCommand, RebuildThreadData, RebuildThreadMessage } from './rebuild-thread';

const post = (message: RebuildThreadMessage): void => parentPort?.postMessage(message);

/** Aborted when the parent asks (its service shuts down): the rebuild stops between two batches. */
const stopping = new AbortController();
const listen = (command: RebuildThreadCommand): void => {
  if (command.type === 'abort') stopping.abort();
};
parentPort?.on('message', listen);

async function main(data: RebuildThreadData): Promise<void> {
  // Decrypting and upcasting, as every reader of the log.
  const { events } = await openEventStores(data.config);
  try {
    const store = await openProjectionStore(data.config, 'write');
    try {
      const notifier = { publish: async (updates: readonly FeedUpdate[]) => post({ type: 'publish', updates }) };
      const rebuild = new ProjectionRebuild(events, store, notifier, {
        holder: data.holder,
        ...(data.batchSize !== undefined ? { batchSize: data.batchSize } : {}),
        onProgress: (progress) => post({ type: 'progress', progress }),
        onIgnored: (ignored) => post({ type: 'ignored', ignored }),
        signal: stopping.signal,
      });
      post({ type: 'done', result: await rebuild.run() });
    } finally {
      await store.close();
    }
  } finally {
    await events.close();
  }
}

main(workerData as RebuildThreadData)
  .catch((error: unknown) =>
    post({
      type: 'failed',
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
    }),
  )
  // The port listened to would keep the thread alive once its rebuild has ended.
  .finally(() => parentPort?.off('message', listen));
