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
${appendFunction(schema)}`;
}

/** `<schema>.append_v1`: the lone append in one statement (see `appendFunction`). */
export function appendFunctionName(schema: string): string {
  return `${quoteIdent(schema)}.append_v1`;
}

/** A SQL string literal. */
function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The lone append as one server-side function, so that an append with nothing
 * queued beside it costs one round trip, as one autocommitted statement. The
 * store's advisory lock comes first (taken before any position is drawn, held
 * until the statement's implicit transaction has committed: position order
 * stays commit order); each statement after it runs on a snapshot taken after
 * the lock. It answers what `decide` of `append.ts` answers for a group of one
 * append, in fewer index probes: when the expected revision is met, the INSERT
 * runs at once (checked to have drawn its positions in revision order) and the
 * `(stream, id)` unique index tells whether some ids are there already, as it
 * must check anyway; only then, or when the expected revision is not met, are
 * the append's ids looked up: all there, the earlier append's result (an
 * idempotent retry, whatever the expected revision); some, a partial
 * duplicate; none, a conflict. Refusals are returned, not raised, and write
 * nothing. The notification is sent on commit. Data and metadata come as one
 * JSON array each (`[d1,d2,…]`, the texts JSON.stringify wrote, joined): no
 * text[] escaping on either side, one validation, and `json_array_elements`
 * hands each element's text to the `json` column as it was written. Replaced at each open
 * (`CREATE OR REPLACE`); a change of signature takes a new name.
 */
function appendFunction(schema: string): string {
  const s = quoteIdent(schema);
  const t = `${s}.events`;
  let tag = '$append$';
  while (schema.includes(tag)) tag = `$append${tag.length}$`;
  return `
CREATE OR REPLACE FUNCTION ${appendFunctionName(schema)}(
  p_stream text, p_expected_kind text, p_expected bigint,
  p_ids text[], p_types text[], p_data json, p_metadata json,
  OUT o_outcome text, OUT o_revision bigint, OUT o_position bigint, OUT o_present text[]
) LANGUAGE plpgsql AS ${tag}
DECLARE
  v_count int := cardinality(p_ids);
  v_current bigint;
  v_met boolean;
  v_found int;
  v_written int;
  v_ordered boolean;
  v_constraint text;
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(${quoteLiteral(schema)}));
  SELECT f.revision INTO v_current FROM ${t} AS f WHERE f.stream = p_stream ORDER BY f.revision DESC LIMIT 1;
  v_met := CASE p_expected_kind
             WHEN 'any' THEN true
             WHEN 'no_stream' THEN v_current IS NULL
             WHEN 'stream_exists' THEN v_current IS NOT NULL
             ELSE coalesce(v_current = p_expected, false)
           END;
  IF v_met THEN
    BEGIN
      IF v_count = 1 THEN
        -- One event (the common case): one row, nothing to order.
        INSERT INTO ${t} (stream, revision, id, type, data, metadata)
        VALUES (p_stream, coalesce(v_current, -1) + 1, p_ids[1], p_types[1], p_data -> 0, p_metadata -> 0)
        RETURNING position INTO o_position;
        v_written := 1;
        v_ordered := true;
      ELSE
        WITH written AS (
          INSERT INTO ${t} (stream, revision, id, type, data, metadata)
          SELECT p_stream, coalesce(v_current, -1) + e.ord, e.id, e.type, e.data, e.metadata
            FROM ROWS FROM (unnest(p_ids), unnest(p_types), json_array_elements(p_data), json_array_elements(p_metadata))
                 WITH ORDINALITY AS e(id, type, data, metadata, ord)
           ORDER BY e.ord
          RETURNING position, revision
        )
        SELECT count(*)::int, max(w.position), coalesce(bool_and(w.ordered), true) INTO v_written, o_position, v_ordered
          FROM (SELECT x.position, x.position > lag(x.position, 1, 0::bigint) OVER (ORDER BY x.revision) AS ordered FROM written AS x) AS w;
      END IF;
    EXCEPTION WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
      IF v_constraint IS DISTINCT FROM 'events_stream_id' THEN
        RAISE;
      END IF;
      v_written := NULL;
    END;
    IF v_written IS NOT NULL THEN
      IF v_written <> v_count OR NOT v_ordered THEN
        RAISE EXCEPTION 'an append did not write its events in order';
      END IF;
      PERFORM pg_notify(${quoteLiteral(notificationChannel(schema))}, '');
      o_outcome := 'written';
      o_revision := coalesce(v_current, -1) + v_count;
      RETURN;
    END IF;
  END IF;
  SELECT count(*)::int, max(e.revision), (array_agg(e.position ORDER BY e.revision DESC))[1], array_agg(k.id ORDER BY k.ord)
    INTO v_found, o_revision, o_position, o_present
    FROM unnest(p_ids) WITH ORDINALITY AS k(id, ord)
    CROSS JOIN LATERAL (SELECT f.revision, f.position FROM ${t} AS f WHERE f.stream = p_stream AND f.id = k.id LIMIT 1) AS e;
  IF v_found = v_count THEN
    o_outcome := 'earlier';
  ELSIF v_found > 0 THEN
    o_outcome := 'partial';
  ELSIF v_written IS NULL AND v_constraint IS NOT NULL THEN
    RAISE EXCEPTION 'an append was refused as a duplicate of ids that are not in its stream';
  ELSE
    o_outcome := 'conflict';
    o_revision := v_current;
    o_position := NULL;
    o_present := NULL;
  END IF;
END
${tag};
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
