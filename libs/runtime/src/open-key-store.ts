import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresKeyStore } from '@catalyse/key-store-postgres';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import type { KeyStore } from '@catalyse/personal-data';
import type { CatalyseConfig } from './config';
import { reach } from './startup';

export const KEYS_FILE = 'keys.sqlite';

/**
 * The persons' keys, apart from the log: a schema of PostgreSQL whenever
 * `DATABASE_URL` is set (every process of a scaled-out Catalyse shares it), else
 * their own SQLite file in `DATA_DIR`.
 */
export async function openKeyStore(config: CatalyseConfig): Promise<KeyStore> {
  const url = config.databaseUrl;
  if (url) return reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresKeyStore.open({ connectionString: url }));
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteKeyStore.open({ file: join(config.dataDir, KEYS_FILE) });
}
