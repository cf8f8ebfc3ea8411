import { Pool } from 'pg';
import type { Redaction } from '@catalyse/projections';
import { redactReportContent, type ReportFile, type ReportFileInfo, type ReportFormat, type ReportStore, reportSearchTexts } from '@catalyse/reports';

export interface PostgresReportStoreOptions {
  /** `postgres://…`: the store creates (and on `close()` ends) its own pool. */
  readonly connectionString: string;
  /** Schema of the table, created when absent. Default `catalyse_reports`. */
  readonly schema?: string;
  /** Default 4. */
  readonly poolSize?: number;
}

interface Row {
  report_id: string;
  item: string;
  format: string;
  file_name: string;
  content_type: string;
  content?: string;
  bytes?: string | number;
  created_at: string;
}

const DEFAULT_SCHEMA = 'catalyse_reports';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reports kept in PostgreSQL, in their own table (`{schema}.report_files`),
 * apart from the read models: a rebuild never touches them.
 */
export class PostgresReportStore implements ReportStore {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {}

  static async open(options: PostgresReportStoreOptions): Promise<PostgresReportStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    if (!IDENTIFIER.test(schema)) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
    const table = `"${schema}".report_files`;
    try {
      const client = await pool.connect();
      try {
        // Two processes starting together: one creates, the other waits on the lock, then finds it there.
        await client.query('BEGIN');
        await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`catalyse-reports:${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          report_id    text NOT NULL,
          item         text NOT NULL,
          format       text NOT NULL,
          file_name    text NOT NULL,
          content_type text NOT NULL,
          content      text NOT NULL,
          created_at   text NOT NULL,
          PRIMARY KEY (report_id, item, format)
        )`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresReportStore(pool, table);
  }

  async put(file: ReportFile): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (report_id, item, format, file_name, content_type, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (report_id, item, format) DO UPDATE SET file_name = EXCLUDED.file_name, content_type = EXCLUDED.content_type,
         content = EXCLUDED.content, created_at = EXCLUDED.created_at`,
      [file.reportId, file.item, file.format, file.fileName, file.contentType, file.content, file.createdAt],
    );
  }

  async get(reportId: string, item: string, format: ReportFormat): Promise<ReportFile | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT * FROM ${this.table} WHERE report_id = $1 AND item = $2 AND format = $3`, [reportId, item, format]);
    const row = rows[0];
    return row ? { ...info(row), content: row.content ?? '' } : undefined;
  }

  async list(reportId: string): Promise<ReportFileInfo[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT report_id, item, format, file_name, content_type, created_at, octet_length(content) AS bytes
       FROM ${this.table} WHERE report_id = $1 ORDER BY item COLLATE "C", format COLLATE "C"`,
      [reportId],
    );
    return rows.map((row) => ({ ...info(row), bytes: Number(row.bytes ?? 0) }));
  }

  async delete(reportId: string): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE report_id = $1`, [reportId]);
    return result.rowCount ?? 0;
  }

  async redact(redactions: readonly Redaction[]): Promise<number> {
    const texts = reportSearchTexts(redactions);
    if (texts.length === 0) return 0;
    const client = await this.pool.connect();
    let changed = 0;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Row>(
        `SELECT report_id, item, format, content FROM ${this.table}
         WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS t(text) WHERE strpos(content, t.text) > 0) FOR UPDATE`,
        [texts],
      );
      for (const row of rows) {
        const content = row.content ?? '';
        const redacted = redactReportContent(row.format as ReportFormat, content, redactions);
        if (redacted === content) continue;
        await client.query(`UPDATE ${this.table} SET content = $1 WHERE report_id = $2 AND item = $3 AND format = $4`, [
          redacted,
          row.report_id,
          row.item,
          row.format,
        ]);
        changed++;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // The former row versions (and their TOASTed content) are rewritten away.
    if (changed > 0) await this.pool.query(`VACUUM (FULL) ${this.table}`);
    return changed;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function info(row: Row): Omit<ReportFile, 'content'> {
  return {
    reportId: row.report_id,
    item: row.item,
    format: row.format as ReportFormat,
    fileName: row.file_name,
    contentType: row.content_type,
    createdAt: row.created_at,
  };
}
