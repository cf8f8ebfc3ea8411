import type { PoolClient } from 'pg';

/**
 * Advisory lock class of this adapter ('CATP'; the event store uses 'CATA'),
 * the object id is `hashtext(schema)`. Taken by schema creation and by every
 * write transaction (see `PostgresProjectionStore`).
 */
export const LOCK_CLASS = 0x43415450;

/**
 * 1: documents, feeds, checkpoints and leases. 2: documents belong to an epoch,
 * like feeds (rebuilds beside the live read models); a schema of version 1 is
 * migrated when opened.
 */
export const SCHEMA_VERSION = 2;

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The read side of one deployment, in its own PostgreSQL schema.
 *
 * - `docs`: JSON documents (`json`: the text as written) and their tags as
 *   canonical `jsonb` (`{"tag": ["value", …]}`, keys and values sorted and
 *   deduplicated); `findDocs` is a containment query (`tags @> filter`) on a
 *   GIN index, so there is no separate tag table to keep in step. Ids are in
 *   the "C" collation: documents are ordered byte-wise, as in SQLite, whatever
 *   the database's locale.
 * - `feeds`: one row per room and epoch: the last seq and the change id of its
 *   last entry (what `feedChangesSince` reads: one row per changed room).
 * - `feed_entries`: `id` is the change cursor, drawn from `feed_changes`
 *   (`CACHE 1`) only inside a write transaction, and write transactions are
 *   serialised: see `PostgresProjectionStore` for why that makes it monotonic
 *   in commit order.
 * - `meta`: `schema_version` and `feed_epoch` (the current epoch: what readers see).
 * - `epochs`: the other epochs that may hold data (a rebuild, an old epoch not
 *   dropped yet).
 * - `leases`: which projector is active, until when (the server's clock).
 */
export function ddl(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.meta (
  key   text   PRIMARY KEY,
  value bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.docs (
  epoch      integer NOT NULL,
  collection text  COLLATE "C" NOT NULL,
  id         text  COLLATE "C" NOT NULL,
  doc        json  NOT NULL,
  tags       jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (epoch, collection, id)
);
CREATE TABLE IF NOT EXISTS ${s}.epochs (
  epoch integer PRIMARY KEY
);
CREATE INDEX IF NOT EXISTS docs_tags ON ${s}.docs USING gin (tags jsonb_path_ops);
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  name     text   PRIMARY KEY,
  position bigint NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS ${s}.feed_changes CACHE 1;
CREATE TABLE IF NOT EXISTS ${s}.feeds (
  room        text    NOT NULL,
  epoch       integer NOT NULL,
  head        bigint  NOT NULL,
  last_change bigint  NOT NULL,
  PRIMARY KEY (room, epoch)
);
CREATE INDEX IF NOT EXISTS feeds_by_change ON ${s}.feeds (last_change);
CREATE TABLE IF NOT EXISTS ${s}.feed_entries (
  id       bigint  PRIMARY KEY,
  room     text    NOT NULL,
  epoch    integer NOT NULL,
  seq      bigint  NOT NULL,
  position bigint  NOT NULL,
  at       text    NOT NULL,
  kind     text    NOT NULL,
  data     json    NOT NULL,
  CONSTRAINT feed_entries_room_epoch_seq UNIQUE (room, epoch, seq)
);
CREATE INDEX IF NOT EXISTS feed_entries_by_position ON ${s}.feed_entries (room, position);
CREATE TABLE IF NOT EXISTS ${s}.leases (
  name       text        PRIMARY KEY,
  holder     text        NOT NULL,
  expires_at timestamptz NOT NULL
);
INSERT INTO ${s}.meta (key, value) VALUES ('feed_epoch', 1) ON CONFLICT (key) DO NOTHING;
`;
}

/** Version 1 → 2: documents get the current epoch. */
function migrateDocsToEpochs(schema: string): string {
  const s = quoteIdent(schema);
  return `
ALTER TABLE ${s}.docs ADD COLUMN epoch integer;
UPDATE ${s}.docs SET epoch = (SELECT value FROM ${s}.meta WHERE key = 'feed_epoch');
ALTER TABLE ${s}.docs ALTER COLUMN epoch SET NOT NULL;
ALTER TABLE ${s}.docs DROP CONSTRAINT docs_pkey;
ALTER TABLE ${s}.docs ADD PRIMARY KEY (epoch, collection, id);
CREATE TABLE IF NOT EXISTS ${s}.epochs (epoch integer PRIMARY KEY);
`;
}

async function installedVersion(client: PoolClient, schema: string): Promise<number | undefined> {
  const { rows } = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [`${quoteIdent(schema)}.meta`]);
  if (!rows[0]?.present) return undefined;
  const version = await client.query<{ value: string }>(`SELECT value::text AS value FROM ${quoteIdent(schema)}.meta WHERE key = 'schema_version'`);
  const value = version.rows[0]?.value;
  return value === undefined ? undefined : Number(value);
}

function refuseNewer(schema: string, version: number | undefined): void {
  if (version !== undefined && version > SCHEMA_VERSION) {
    throw new Error(`read-model schema ${schema} has version ${version}, newer than this code (${SCHEMA_VERSION}): upgrade the service`);
  }
}

/**
 * Creates the schema and its tables when absent (serialised with concurrent
 * openers by the advisory lock); refuses a schema written by newer code. An
 * up-to-date schema is only read, so a role without CREATE can open it.
 */
export async function prepareSchema(client: PoolClient, schema: string): Promise<void> {
  const before = await installedVersion(client, schema);
  refuseNewer(schema, before);
  if (before === SCHEMA_VERSION) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    const now = await installedVersion(client, schema);
    refuseNewer(schema, now);
    if (now !== SCHEMA_VERSION) {
      if (now !== undefined && now < 2) await client.query(migrateDocsToEpochs(schema));
      await client.query(ddl(schema));
      await client.query(
        `INSERT INTO ${quoteIdent(schema)}.meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [SCHEMA_VERSION],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
