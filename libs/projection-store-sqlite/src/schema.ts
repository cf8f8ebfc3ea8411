import Database from 'better-sqlite3';

/**
 * Version of the file layout, in `PRAGMA user_version`. 2: leases (one active
 * projector). 3: documents belong to an epoch, like feeds (rebuilds beside the
 * live read models). Earlier files are upgraded in place when opened (`migrate`).
 */
export const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS docs (
  epoch      INTEGER NOT NULL,
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  doc        TEXT NOT NULL,
  -- canonical JSON of the tags, so that a put that keeps them rewrites nothing in doc_tags
  tags       TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (epoch, collection, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS doc_tags (
  epoch      INTEGER NOT NULL,
  collection TEXT NOT NULL,
  tag        TEXT NOT NULL,
  value      TEXT NOT NULL,
  id         TEXT NOT NULL,
  PRIMARY KEY (epoch, collection, tag, value, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_tags_by_doc ON doc_tags (epoch, collection, id);

-- Epochs other than the current one that may hold data (a rebuild, an old epoch not dropped yet).
CREATE TABLE IF NOT EXISTS epochs (
  epoch INTEGER PRIMARY KEY
);

-- Who is the active projector, until when (ms since the epoch, this machine's clock).
CREATE TABLE IF NOT EXISTS leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS checkpoints (
  name     TEXT PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per room and epoch: the last seq, and the id of the last entry (the change cursor).
CREATE TABLE IF NOT EXISTS feeds (
  room        TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  head        INTEGER NOT NULL,
  last_change INTEGER NOT NULL,
  PRIMARY KEY (room, epoch)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS feeds_by_change ON feeds (last_change);

-- id is the change cursor of feedChangesSince: AUTOINCREMENT, so never reused even
-- after the entries of an old epoch are deleted.
CREATE TABLE IF NOT EXISTS feed_entries (
  id       INTEGER PRIMARY KEY AUTOINCREMENT,
  room     TEXT NOT NULL,
  epoch    INTEGER NOT NULL,
  seq      INTEGER NOT NULL,
  position INTEGER NOT NULL,
  at       TEXT NOT NULL,
  kind     TEXT NOT NULL,
  data     TEXT NOT NULL,
  UNIQUE (room, epoch, seq)
);
CREATE INDEX IF NOT EXISTS feed_entries_by_position ON feed_entries (room, position);
`;

/** Schema 2 → 3: documents and their tags without an epoch are set aside, then copied into the current epoch. */
const DOCS_WITHOUT_EPOCH_ASIDE = `
DROP INDEX IF EXISTS doc_tags_by_doc;
ALTER TABLE docs RENAME TO docs_v2;
ALTER TABLE doc_tags RENAME TO doc_tags_v2;
`;
const DOCS_INTO_CURRENT_EPOCH = `
INSERT INTO docs (epoch, collection, id, doc, tags)
  SELECT (SELECT value FROM meta WHERE key = 'feed_epoch'), collection, id, doc, tags FROM docs_v2;
INSERT INTO doc_tags (epoch, collection, tag, value, id)
  SELECT (SELECT value FROM meta WHERE key = 'feed_epoch'), collection, tag, value, id FROM doc_tags_v2;
DROP TABLE docs_v2;
DROP TABLE doc_tags_v2;
`;

/** The epoch readers see (a rebuild writes the next one, then switches this value). */
export const CURRENT_EPOCH = `(SELECT value FROM meta WHERE key = 'feed_epoch')`;

/**
 * A connection to the file: exact integers (`bigint`), waiting `busyTimeoutMs`
 * for another process's lock, `secure_delete` on (freed space and pages are
 * zeroed: a redacted or deleted value does not linger in the file; see `compact`).
 */
export function openConnection(file: string, options: { readonly: boolean; busyTimeoutMs: number }): Database.Database {
  const db = new Database(file, { readonly: options.readonly, fileMustExist: options.readonly });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs}`);
  db.pragma('secure_delete = ON');
  db.defaultSafeIntegers(true);
  return db;
}

/** Creates the schema of a new file, or upgrades an older one, under the write lock; refuses a newer one. */
export function migrate(db: Database.Database): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    throw new Error(`read-model database schema ${version} is newer than this code (${SCHEMA_VERSION}): upgrade the service`);
  }
  if (version === SCHEMA_VERSION) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have migrated the file meanwhile: check again under the write lock.
    const now = Number(db.pragma('user_version', { simple: true }));
    if (now === SCHEMA_VERSION) {
      db.exec('COMMIT');
      return;
    }
    if (now > 0 && now < 3) db.exec(DOCS_WITHOUT_EPOCH_ASIDE);
    db.exec(SCHEMA);
    db.prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES ('feed_epoch', 1)`).run();
    if (now > 0 && now < 3) db.exec(DOCS_INTO_CURRENT_EPOCH);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}
