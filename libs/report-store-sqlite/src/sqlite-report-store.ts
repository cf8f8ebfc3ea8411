import { setImmediate as nextTurn } from 'node:timers/promises';
import Database from 'better-sqlite3';
import type { Redaction } from '@catalyse/projections';
import { redactReportContent, type ReportFormat, reportSearchTexts } from '@catalyse/reports';
import type { ReportFile, ReportFileInfo, ReportStore } from '@catalyse/reports';

export interface SqliteReportStoreOptions {
  /** The database file (`DATA_DIR/reports.sqlite`), created when absent; `:memory:` for a private one. */
  readonly file: string;
  /** How long a write waits for another process's (ms). Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Files an erasure (`redact`) searches between two turns of the event loop (default `REDACT_SCAN_FILES`, 200). */
  readonly redactScanFiles?: number;
}

/**
 * Files an erasure searches between two turns of the event loop: kept reports run from a few KB to a few hundred
 * (a batch of a territory keeps hundreds of partnership reports in three formats each), so 200 files stay around
 * tens of MB of `instr`, where every kept file in one statement held the process for as long as the whole store.
 */
export const REDACT_SCAN_FILES = 200;

interface FileKey {
  readonly report_id: string;
  readonly item: string;
  readonly format: string;
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
  private constructor(
    private readonly db: Database.Database,
    private readonly scanFiles: number,
  ) {}

  static open(options: SqliteReportStoreOptions): SqliteReportStore {
    const scanFiles = options.redactScanFiles ?? REDACT_SCAN_FILES;
    if (!Number.isSafeInteger(scanFiles) || scanFiles < 1) throw new RangeError(`redactScanFiles must be a positive integer (got ${scanFiles})`);
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
    return new SqliteReportStore(db, scanFiles);
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

  /**
   * The files holding a search text are found first, a chunk of files at a time (every search text at once, one pass
   * over each file) with a turn of the event loop between chunks; then read, redacted and rewritten in one
   * transaction.
   */
  async redact(redactions: readonly Redaction[]): Promise<number> {
    const texts = reportSearchTexts(redactions);
    if (texts.length === 0) return 0;
    const held = await this.filesHolding(JSON.stringify(texts));
    if (held.length === 0) return 0;
    const read = this.db.prepare('SELECT content FROM report_files WHERE report_id = ? AND item = ? AND format = ?').pluck();
    const update = this.db.prepare('UPDATE report_files SET content = ? WHERE report_id = ? AND item = ? AND format = ?');
    const changed = this.db.transaction((): number => {
      let count = 0;
      for (const key of held) {
        const content = read.get(key.report_id, key.item, key.format) as string | undefined;
        if (content === undefined) continue; // deleted meanwhile
        const redacted = redactReportContent(key.format as ReportFormat, content, redactions);
        if (redacted === content) continue;
        update.run(redacted, key.report_id, key.item, key.format);
        count++;
      }
      return count;
    })();
    // Freed pages are zeroed (secure_delete); the former pages still in the WAL go with a truncating checkpoint.
    if (changed > 0) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return changed;
  }

  /** The keys of the files whose content holds one of the search texts (a JSON array), `scanFiles` files at a time. */
  private async filesHolding(search: string): Promise<FileKey[]> {
    const chunk = this.db.prepare<[string, string, string, string, number], FileKey & { held: number }>(
      `SELECT r.report_id, r.item, r.format, EXISTS (SELECT 1 FROM json_each(?) AS s WHERE instr(r.content, s.value) > 0) AS held
         FROM report_files AS r WHERE (r.report_id, r.item, r.format) > (?, ?, ?)
        ORDER BY r.report_id, r.item, r.format LIMIT ?`,
    );
    const held: FileKey[] = [];
    let after: FileKey = { report_id: '', item: '', format: '' };
    for (;;) {
      const rows = chunk.all(search, after.report_id, after.item, after.format, this.scanFiles);
      for (const row of rows) if (row.held) held.push(row);
      const last = rows.at(-1);
      if (!last || rows.length < this.scanFiles) return held;
      after = last;
      await nextTurn();
    }
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
