import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresReportStore } from '@catalyse/report-store-postgres';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import type { ReportStore } from '@catalyse/reports';
import type { CatalyseConfig } from './config';
import { reach } from './startup';

export const REPORTS_FILE = 'reports.sqlite';

/**
 * Where evaluation reports are kept, for the services and the operator CLI
 * alike: a table in PostgreSQL whenever `DATABASE_URL` is set, else their own
 * SQLite file in `DATA_DIR` (apart from the events and the read models).
 */
export async function openReportStore(config: CatalyseConfig): Promise<ReportStore> {
  const url = config.databaseUrl;
  if (url) return reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresReportStore.open({ connectionString: url }));
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteReportStore.open({ file: join(config.dataDir, REPORTS_FILE) });
}
