import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { type FeedNotifier, InProcessFeedNotifier, PollingFeedNotifier, RedisFeedNotifier } from '@catalyse/notifier';
import type { ProjectionStore } from '@catalyse/projections';
import { PostgresProjectionStore } from '@catalyse/projection-store-postgres';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { type CatalyseConfig, ConfigError } from './config';
import { reach } from './startup';

export const READ_MODELS_FILE = 'read-models.db';

/** The safety net behind Redis and in-process notifications: how often the read models are polled (ms). */
export const FALLBACK_POLL_MS = 2000;

/**
 * The read models the configuration names, for the services and the operator
 * CLI alike: beside the events on PostgreSQL whenever `DATABASE_URL` is set,
 * else a SQLite file in `DATA_DIR`. `read`: a process that never writes them.
 */
export async function openProjectionStore(config: CatalyseConfig, access: 'write' | 'read'): Promise<ProjectionStore> {
  const url = config.databaseUrl;
  if (url) return reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresProjectionStore.open({ connectionString: url, readOnly: access === 'read' }));
  if (config.eventStore !== 'sqlite') {
    throw new ConfigError(
      `EVENT_STORE=${config.eventStore} demande DATABASE_URL pour les modèles de lecture : les services répartis sur plusieurs processus doivent les partager`,
    );
  }
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteProjectionStore.open({ file: join(config.dataDir, READ_MODELS_FILE), readOnly: access === 'read' });
}

/**
 * How feed updates reach the hub: `in-process` when the projector runs in the
 * same process (all-in-one); `cross-process` when they are separate services:
 * Redis pub/sub when `REDIS_URL` is set, else polling the read models. Behind
 * in-process and Redis notifications a slow poll of the read models catches
 * what they cannot carry: a message Redis lost, a rebuild run by the CLI.
 */
export type NotifierMode = 'in-process' | 'cross-process';

/** What the notifiers report goes through the app's logger (nestjs-pino): one JSON line each, not stderr stacks. */
export function openFeedNotifier(config: CatalyseConfig, mode: NotifierMode, store: ProjectionStore, logger = new Logger('FeedNotifier')): FeedNotifier {
  const onError = (error: unknown): void => logger.warn(error instanceof Error ? error.message : String(error));
  const fallback = (): PollingFeedNotifier => new PollingFeedNotifier(store, FALLBACK_POLL_MS, { onError, log: logger });
  if (mode === 'in-process') return new InProcessFeedNotifier(onError, { fallback: fallback() });
  if (config.redisUrl) return new RedisFeedNotifier({ url: config.redisUrl, fallback: fallback(), onError, log: logger });
  return new PollingFeedNotifier(store, config.pollIntervalMs, { onError, log: logger });
}
