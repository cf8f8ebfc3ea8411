import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FeedNotifier, FeedUpdate, IgnoredEvent, RebuildProgress, RebuildResult, RebuildRunner } from '@catalyse/projections';
import type { CatalyseConfig } from '../config';

/** What the thread is given (structured-cloned). */
export interface RebuildThreadData {
  readonly config: CatalyseConfig;
  readonly holder: string;
  readonly batchSize?: number;
}

/** What the parent tells the thread: stop between two batches (the service shuts down). */
export interface RebuildThreadCommand {
  readonly type: 'abort';
}

/** What the thread tells its parent. */
export type RebuildThreadMessage =
  | { readonly type: 'progress'; readonly progress: RebuildProgress }
  | { readonly type: 'ignored'; readonly ignored: IgnoredEvent }
  | { readonly type: 'publish'; readonly updates: readonly FeedUpdate[] }
  | { readonly type: 'done'; readonly result: RebuildResult }
  | { readonly type: 'failed'; readonly name: string; readonly message: string; readonly stack?: string };

/** The thread's entry point, compiled beside this file. */
const ENTRY = join(__dirname, 'rebuild-thread.main.js');

/**
 * Rebuilds of the embedded read models in a worker thread. SQLite does its
 * work synchronously, on the thread that asks: a rebuild on the service's own
 * event loop would keep every request waiting for each of its batches (an HTTP
 * rebuild of 16,000 events made a health check wait up to 600 ms). The thread
 * opens its own connections to the same files (SQLite's locks keep the writers
 * one at a time, as between processes), runs `ProjectionRebuild`, and sends
 * back its progress, the events it left out, and the rooms to reset, which
 * this process publishes to its hub. It uses the second core, too.
 *
 * Undefined when the read models are not embedded (PostgreSQL: its client
 * waits without blocking), or when the thread's compiled entry is not there
 * (code run from TypeScript sources, as in the tests of the tiers below e2e).
 */
export function threadedRebuildRunner(config: CatalyseConfig, notifier: Pick<FeedNotifier, 'publish'>): RebuildRunner | undefined {
  if (config.databaseUrl || config.eventStore !== 'sqlite' || !existsSync(ENTRY)) return undefined;
  return (options) =>
    new Promise<RebuildResult>((resolve, reject) => {
      const data: RebuildThreadData = { config, holder: options.holder, ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}) };
      const worker = new Worker(ENTRY, { workerData: data });
      // A shutdown stops the thread's rebuild between two batches (it releases its lease): told, not terminated.
      const abort = (): void => worker.postMessage({ type: 'abort' } satisfies RebuildThreadCommand);
      if (options.signal?.aborted) abort();
      else options.signal?.addEventListener('abort', abort, { once: true });
      let settled = false;
      // Progress is written to the job in order; the outcome waits for the last of it.
      let told: Promise<void> = Promise.resolve();
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        options.signal?.removeEventListener('abort', abort);
        void told.finally(outcome);
      };
      worker.on('message', (message: RebuildThreadMessage) => {
        switch (message.type) {
          case 'progress':
            told = told.then(() => options.onProgress?.(message.progress)).catch(() => undefined);
            return;
          case 'ignored':
            options.onIgnored?.(message.ignored);
            return;
          case 'publish':
            // A lost notification is healed by the hub's polling of the read models.
            void notifier.publish(message.updates).catch(() => undefined);
            return;
          case 'done':
            settle(() => resolve(message.result));
            return;
          case 'failed': {
            const error = new Error(message.message);
            error.name = message.name;
            if (message.stack) error.stack = message.stack;
            settle(() => reject(error));
            return;
          }
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`the rebuild thread stopped (exit code ${code}) before it ended`))));
    });
}
