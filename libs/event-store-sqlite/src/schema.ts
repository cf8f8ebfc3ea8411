import type { Database } from 'better-sqlite3';

/** Version of the file layout, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

/**
 * One table is the whole log. `position` is the global order (`$all`):
 * AUTOINCREMENT guarantees it never goes back nor reuses a value, even after a
 * delete. `(stream, revision)` is the optimistic-concurrency key and
 * `(stream, id)` the idempotency key; both are enforced by the database too.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_id ON events (stream, id);
`;

export type SynchronousMode = 'FULL' | 'NORMAL';

export interface ConnectionSettings {
  readonly synchronous: SynchronousMode;
  readonly busyTimeoutMs: number;
}

/** Pragmas of a connection, then the schema (created or checked) in one write transaction. */
export function prepareDatabase(db: Database, settings: ConnectionSettings): void {
  // busy_timeout first: the next statements may wait for another process.
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(settings.busyTimeoutMs))}`);
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && mode !== 'memory') throw new Error(`cannot switch ${db.name} to WAL (journal_mode is ${String(mode)})`);
  db.pragma(`synchronous = ${settings.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  // Freed space and pages are zeroed: a deleted or rewritten row does not linger in the file.
  db.pragma('secure_delete = ON');
  db.transaction(() => {
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(`${db.name} has event store schema ${version}, this code knows up to ${SCHEMA_VERSION}`);
    }
    db.exec(DDL);
    if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
