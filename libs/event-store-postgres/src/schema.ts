import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';

/** Advisory lock class of this adapter ('CATA'); the object id is `hashtext(schema)`. */
export const LOCK_CLASS = 0x43415441;

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The channel NOTIFYed on each write to a schema: `catalyse_es.<schema>`, hashed when too long for an identifier. */
export function notificationChannel(schema: string): string {
  const channel = `catalyse_es.${schema}`;
  if (Buffer.byteLength(channel) <= 63) return channel;
  return `catalyse_es.#${createHash('sha256').update(schema).digest('hex').slice(0, 48)}`;
}

/**
 * One table is the whole log, in its own PostgreSQL schema.
 *
 * - `position` (bigserial) is the global order. It is drawn only while the
 *   append holds the store's advisory lock (see `PostgresEventStore`), so
 *   position order is commit order. The sequence must keep `CACHE 1` (the
 *   default): with a cache, each session would draw from its own block and the
 *   order would break. `open` checks it.
 * - `(stream, revision)` is the optimistic-concurrency key, `(stream, id)` the
 *   idempotency key; both are enforced by the database too.
 * - `data` and `metadata` are `json` (kept as the text written: key order and
 *   numbers exactly as `JSON.stringify` wrote them, unlike `jsonb`).
 * - `transaction_id` records the writing transaction; with serialised appends
 *   it grows with `position` (a diagnostic of the ordering guarantee).
 */
export function ddl(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.events (
  position       bigserial   PRIMARY KEY,
  stream         text        NOT NULL,
  revision       bigint      NOT NULL CHECK (revision >= 0),
  id             text        NOT NULL,
  type           text        NOT NULL,
  data           json        NOT NULL,
  metadata       json        NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT statement_timestamp(),
  transaction_id xid8        NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT events_stream_revision UNIQUE (stream, revision)
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_id ON ${s}.events (stream, id);
`;
}

/** Creates the schema and table when absent (serialised with concurrent openers), then checks the sequence. */
export async function prepareSchema(client: PoolClient, schema: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    await client.query(ddl(schema));
    const { rows } = await client.query<{ cache: string | null }>(
      `SELECT s.seqcache::text AS cache FROM pg_sequence s
        WHERE s.seqrelid = pg_get_serial_sequence($1, 'position')::regclass`,
      [`${quoteIdent(schema)}.events`],
    );
    const cache = rows[0]?.cache;
    if (cache !== '1') {
      throw new Error(`the position sequence of ${schema}.events has CACHE ${cache ?? '(none)'}: it must be 1, or positions would not follow commit order`);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
