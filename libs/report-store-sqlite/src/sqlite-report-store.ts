import Database from 'better-sqlite3';
import type { Redaction } from '@catalyse/projections';
import { redactReportContent, type ReportFormat, reportSearchTexts } from '@catalyse/reports';
import type { ReportFile, ReportFileInfo, ReportStore } from '@catalyse/reports';

export interface SqliteReportStoreOptions {
  /** The database file (`DATA_DIR/reports.sqlite`), created when absent; `:memory:` for a private one. */
  readonly file: string;
  /** How long a write waits for another process's (ms). Default 5000. */
  readonly busyTimeoutMs?: number;
}

interface Row {
  report_id: string;
  item: string;
  format: string;
  file_name: string;
  content_type: string;
  content?: string;
  bytes?: number;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS report_files (
  report_id    TEXT NOT NULL,
  item         TEXT NOT NULL,
  format       TEXT NOT NULL,
  file_name    TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content      TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (report_id, item, format)
) WITHOUT ROWID;
`;

/**
 * Reports kept in their own SQLite file (WAL), apart from the events and the
 * read models: a rebuild never touches them, and a big report never holds the
 * projector's lock. Several processes (the all-in-one, `ops report`) may open it.
 */
export class SqliteReportStore implements ReportStore {
  private constructor(private readonly db: Database.Database) {}

  static open(options: SqliteReportStoreOptions): SqliteReportStore {
    const db = new Database(options.file);
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // Freed space and pages are zeroed: a deleted or rewritten report does not linger in the file.
      db.pragma('secure_delete = ON');
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteReportStore(db);
  }

  async put(file: ReportFile): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO report_files (report_id, item, format, file_name, content_type, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (report_id, item, format) DO UPDATE SET file_name = excluded.file_name, content_type = excluded.content_type,
           content = excluded.content, created_at = excluded.created_at`,
      )
      .run(file.reportId, file.item, file.format, file.fileName, file.contentType, file.content, file.createdAt);
  }

  async get(reportId: string, item: string, format: ReportFormat): Promise<ReportFile | undefined> {
    const row = this.db.prepare('SELECT * FROM report_files WHERE report_id = ? AND item = ? AND format = ?').get(reportId, item, format) as Row | undefined;
    return row ? { ...info(row), content: row.content ?? '' } : undefined;
  }

  async list(reportId: string): Promise<ReportFileInfo[]> {
    const rows = this.db
      .prepare(
        `SELECT report_id, item, format, file_name, content_type, created_at, length(CAST(content AS BLOB)) AS bytes
         FROM report_files WHERE report_id = ? ORDER BY item COLLATE BINARY, format COLLATE BINARY`,
      )
      .all(reportId) as Row[];
    return rows.map((row) => ({ ...info(row), bytes: row.bytes ?? 0 }));
  }

  async delete(reportId: string): Promise<number> {
    return this.db.prepare('DELETE FROM report_files WHERE report_id = ?').run(reportId).changes;
  }

  async redact(redactions: readonly Redaction[]): Promise<number> {
    const texts = reportSearchTexts(redactions);
    if (texts.length === 0) return 0;
    const find = this.db.prepare('SELECT report_id, item, format, content FROM report_files WHERE instr(content, ?) > 0');
    const update = this.db.prepare('UPDATE report_files SET content = ? WHERE report_id = ? AND item = ? AND format = ?');
    const changed = this.db.transaction((): number => {
      const seen = new Set<string>();
      let count = 0;
      for (const text of texts) {
        for (const row of find.all(text) as Row[]) {
          const key = `${row.report_id}\u0000${row.item}\u0000${row.format}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const content = row.content ?? '';
          const redacted = redactReportContent(row.format as ReportFormat, content, redactions);
          if (redacted === content) continue;
          update.run(redacted, row.report_id, row.item, row.format);
          count++;
        }
      }
      return count;
    })();
    // Freed pages are zeroed (secure_delete); the former pages still in the WAL go with a truncating checkpoint.
    if (changed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changed;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
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
