import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresKeyStore } from '@catalyse/key-store-postgres';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import type { KeyStore } from '@catalyse/personal-data';
import type { CatalyseConfig } from './config';

export const KEYS_FILE = 'keys.sqlite';

/**
 * The persons' keys, apart from the log: a schema of PostgreSQL whenever
 * `DATABASE_URL` is set (every process of a scaled-out Catalyse shares it), else
 * their own SQLite file in `DATA_DIR`.
 */
export async function openKeyStore(config: CatalyseConfig): Promise<KeyStore> {
  if (config.databaseUrl) return PostgresKeyStore.open({ connectionString: config.databaseUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteKeyStore.open({ file: join(config.dataDir, KEYS_FILE) });
}
