import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@catalyse/event-store';
import { KurrentDbEventStore } from '@catalyse/event-store-kurrentdb';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { type CatalyseConfig, ConfigError } from './config';

export const EVENTS_FILE = 'events.db';

/** The event store the configuration names (`EVENT_STORE`), for the services and the operator CLI alike. */
export async function openEventStore(config: CatalyseConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      mkdirSync(config.dataDir, { recursive: true });
      return SqliteEventStore.open({ file: join(config.dataDir, EVENTS_FILE), synchronous: config.sqliteSynchronous, pollIntervalMs: config.pollIntervalMs });
    case 'postgres':
      return PostgresEventStore.open({ connectionString: required(config.databaseUrl, 'DATABASE_URL'), pollIntervalMs: config.pollIntervalMs });
    case 'kurrentdb':
      return KurrentDbEventStore.connect({ connectionString: required(config.kurrentdbUrl, 'KURRENTDB_URL') });
  }
}

export function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`${name} is required by this configuration`);
  return value;
}
