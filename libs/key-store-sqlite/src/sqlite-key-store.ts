import Database from 'better-sqlite3';
import { type KeyStore, newKey, PersonErasedError, type SubjectRecord, type SubjectStatus } from '@catalyse/personal-data';

export interface SqliteKeyStoreOptions {
  /** The database file (`DATA_DIR/keys.sqlite`), created when absent. */
  readonly file: string;
  /** How long a write waits for another process's (ms). Default 5000. */
  readonly busyTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subjects (
  subject          TEXT PRIMARY KEY,
  -- NULL once erased: the row stays, so the person stays erased
  key              BLOB,
  status           TEXT NOT NULL CHECK (status IN ('active', 'erasing', 'erased')),
  created_at       TEXT NOT NULL,
  erasure_asked_at TEXT,
  erased_at        TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS subjects_erasing ON subjects (status) WHERE status = 'erasing';
CREATE TABLE IF NOT EXISTS subject_streams (
  subject TEXT NOT NULL,
  stream  TEXT NOT NULL,
  PRIMARY KEY (subject, stream)
) WITHOUT ROWID;
`;

interface Row {
  subject: string;
  key: Buffer | null;
  status: Exclude<SubjectStatus, 'unknown'>;
  erasure_asked_at: string | null;
  erased_at: string | null;
}

interface QueuedWrite {
  readonly owners: readonly string[];
  readonly all: readonly string[];
  readonly stream: string;
  readonly resolve: (keys: ReadonlyMap<string, Buffer>) => void;
  readonly reject: (error: unknown) => void;
}

/** Placeholders for an IN list (SQLite allows 32,766 parameters; pages are far smaller). */
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/**
 * Keys in their own SQLite file (WAL, `secure_delete` on so a destroyed key's
 * bytes are zeroed, not only unlinked), apart from the event log: a copy of the
 * log alone never holds a key. Several processes may open it.
 */
export class SqliteKeyStore implements KeyStore {
  /** `subject\nstream` pairs this process knows are noted (a bounded memo: most appends then write nothing here). */
  private readonly noted = new Set<string>();
  /** Writes waiting for this tick's transaction. */
  private readonly queue: QueuedWrite[] = [];

  private constructor(private readonly db: Database.Database) {}

  static open(options: SqliteKeyStoreOptions): SqliteKeyStore {
    const db = new Database(options.file);
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteKeyStore(db);
  }

  async keysForWriting(owners: readonly string[], concerned: readonly string[], stream: string): Promise<ReadonlyMap<string, Buffer>> {
    const all = [...new Set([...owners, ...concerned])];
    // The common case reads only: every owner has a key and is noted in this stream, nobody concerned is erased.
    const known = this.rows(all);
    const erasedNow = known.filter((row) => row.status !== 'active').map((row) => row.subject);
    if (erasedNow.length > 0) throw new PersonErasedError(erasedNow);
    const keys = keyMap(known);
    if (owners.every((subject) => keys.has(subject) && this.noted.has(`${subject}\n${stream}`))) return keys;
    return new Promise((resolve, reject) => {
      this.queue.push({ owners, all, stream, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.writeQueued());
    });
  }

  /**
   * Every write asked during one tick in one transaction (one fsync): the
   * appends of a busy moment come together, as the event store groups its own.
   * Each request is checked on its own; a refused one fails alone.
   */
  private writeQueued(): void {
    const batch = this.queue.splice(0);
    const answers: ({ keys: ReadonlyMap<string, Buffer> } | { error: unknown })[] = [];
    try {
      this.db
        .transaction(() => {
          const insert = this.db.prepare(`INSERT OR IGNORE INTO subjects (subject, key, status, created_at) VALUES (?, ?, 'active', ?)`);
          const note = this.db.prepare('INSERT OR IGNORE INTO subject_streams (subject, stream) VALUES (?, ?)');
          const now = new Date().toISOString();
          for (const request of batch) {
            const erased = this.rows(request.all)
              .filter((row) => row.status !== 'active')
              .map((row) => row.subject);
            if (erased.length > 0) {
              answers.push({ error: new PersonErasedError(erased) });
              continue;
            }
            for (const subject of request.owners) {
              insert.run(subject, newKey(), now);
              note.run(subject, request.stream);
            }
            answers.push({ keys: keyMap(this.rows(request.owners)) });
          }
        })
        .immediate();
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    if (this.noted.size > 100_000) this.noted.clear();
    batch.forEach((request, i) => {
      const answer = answers[i];
      if (!answer || 'error' in answer) return request.reject(answer?.error);
      for (const subject of request.owners) this.noted.add(`${subject}\n${request.stream}`);
      request.resolve(answer.keys);
    });
  }

  async keysForReading(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>> {
    return keyMap(this.rows(subjects).filter((row) => row.status === 'active'));
  }

  async beginErasure(subject: string, at: string): Promise<SubjectRecord> {
    this.db
      .prepare(
        `INSERT INTO subjects (subject, key, status, created_at, erasure_asked_at) VALUES (?, NULL, 'erasing', ?, ?)
         ON CONFLICT (subject) DO UPDATE SET status = 'erasing', erasure_asked_at = excluded.erasure_asked_at WHERE status = 'active'`,
      )
      .run(subject, at, at);
    return this.record(subject);
  }

  async keyOfErasing(subject: string): Promise<Buffer | undefined> {
    const row = this.rows([subject])[0];
    return row?.status === 'erasing' && row.key ? row.key : undefined;
  }

  async streamsOf(subject: string): Promise<readonly string[]> {
    const rows = this.db.prepare('SELECT stream FROM subject_streams WHERE subject = ? ORDER BY stream').all(subject) as { stream: string }[];
    return rows.map((row) => row.stream);
  }

  async completeErasure(subject: string, at: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare(`UPDATE subjects SET key = NULL, status = 'erased', erased_at = ? WHERE subject = ? AND status <> 'erased'`).run(at, subject);
      this.db.prepare('DELETE FROM subject_streams WHERE subject = ?').run(subject);
    })();
    this.noted.clear();
  }

  async pendingErasures(): Promise<readonly string[]> {
    const rows = this.db.prepare(`SELECT subject FROM subjects WHERE status = 'erasing' ORDER BY subject`).all() as { subject: string }[];
    return rows.map((row) => row.subject);
  }

  async record(subject: string): Promise<SubjectRecord> {
    const row = this.rows([subject])[0];
    if (!row) return { subject, status: 'unknown', streams: 0 };
    const streams = (this.db.prepare('SELECT count(*) AS n FROM subject_streams WHERE subject = ?').get(subject) as { n: number }).n;
    return {
      subject,
      status: row.status,
      ...(row.erasure_asked_at ? { erasureAskedAt: row.erasure_asked_at } : {}),
      ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
      streams,
    };
  }

  async compact(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private rows(subjects: readonly string[]): Row[] {
    if (subjects.length === 0) return [];
    return this.db
      .prepare(`SELECT subject, key, status, erasure_asked_at, erased_at FROM subjects WHERE subject IN (${marks(subjects.length)})`)
      .all(...subjects) as Row[];
  }
}

function keyMap(rows: readonly Row[]): ReadonlyMap<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const row of rows) if (row.status === 'active' && row.key) keys.set(row.subject, row.key);
  return keys;
}
