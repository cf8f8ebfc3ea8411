import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresReportStore } from '@catalyse/report-store-postgres';
import { SqliteReportStore } from '@catalyse/report-store-sqlite';
import type { ReportStore } from '@catalyse/reports';
import type { CatalyseConfig } from './config';

export const REPORTS_FILE = 'reports.sqlite';

/**
 * Where evaluation reports are kept, for the services and the operator CLI
 * alike: a table in PostgreSQL whenever `DATABASE_URL` is set, else their own
 * SQLite file in `DATA_DIR` (apart from the events and the read models).
 */
export async function openReportStore(config: CatalyseConfig): Promise<ReportStore> {
  if (config.databaseUrl) return PostgresReportStore.open({ connectionString: config.databaseUrl });
  mkdirSync(config.dataDir, { recursive: true });
  return SqliteReportStore.open({ file: join(config.dataDir, REPORTS_FILE) });
}
