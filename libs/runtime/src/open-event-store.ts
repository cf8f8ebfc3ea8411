import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMAS } from '@catalyse/domain';
import { type EventStore, withUpcasting } from '@catalyse/event-store';
import { KurrentDbEventStore } from '@catalyse/event-store-kurrentdb';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { type EventStoreMetrics, MeteredEventStore } from '@catalyse/metrics';
import { PersonalDataEventStore } from '@catalyse/personal-data';
import { type CatalyseConfig, ConfigError } from './config';
import { openKeyStore } from './open-key-store';
import { reach } from './startup';

export const EVENTS_FILE = 'events.db';

export interface OpenedEventStore {
  /** What every reader and writer uses: personal fields sealed on append and opened on read, reads upcast to the current versions. */
  readonly events: EventStore;
  /** The same log with its keys, for erasures (the projector reads the sealed log with a key being destroyed). */
  readonly personal: PersonalDataEventStore;
}

/** The event store the configuration names (`EVENT_STORE`), for the services and the operator CLI alike. */
export async function openEventStore(config: CatalyseConfig): Promise<EventStore> {
  return (await openEventStores(config)).events;
}

export interface OpenEventStoreOptions {
  /** Meters the engine's appends and commit groups (`MeteredEventStore`): the services' `/metrics`. */
  readonly metrics?: EventStoreMetrics;
}

/** The event store with its personal-data layer (keys in their own store, see `openKeyStore`). */
export async function openEventStores(config: CatalyseConfig, options: OpenEventStoreOptions = {}): Promise<OpenedEventStore> {
  const engine = await openRawEventStore(config);
  // Innermost, on the engine itself: every append of the process goes through it, timed as the engine answers it.
  const raw = options.metrics ? new MeteredEventStore(engine, options.metrics) : engine;
  let keys;
  try {
    keys = await openKeyStore(config);
  } catch (error) {
    await raw.close();
    throw error;
  }
  const personal = new PersonalDataEventStore(raw, keys);
  // Every read comes out at the current version of its event type: upcast(decrypt(raw)) (docs/adr/0017-event-schema-evolution.md).
  return { events: withUpcasting(personal, EVENT_SCHEMAS), personal };
}

/** The engine itself, events as stored (personal fields sealed). */
async function openRawEventStore(config: CatalyseConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      mkdirSync(config.dataDir, { recursive: true });
      return SqliteEventStore.open({ file: join(config.dataDir, EVENTS_FILE), synchronous: config.sqliteSynchronous, pollIntervalMs: config.pollIntervalMs });
    case 'postgres': {
      const url = required(config.databaseUrl, 'DATABASE_URL');
      return reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url, pollIntervalMs: config.pollIntervalMs }));
    }
    case 'kurrentdb':
      // Connects lazily: an unreachable KURRENTDB_URL is met by the first read or append, not here.
      return KurrentDbEventStore.connect({ connectionString: required(config.kurrentdbUrl, 'KURRENTDB_URL') });
  }
}

export function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigError(`cette configuration demande ${name}`);
  return value;
}
