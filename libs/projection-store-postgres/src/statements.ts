import type { FeedEntry } from '@catalyse/protocol';
import { quoteIdent } from './schema';

export interface EntryRow {
  readonly room: string;
  readonly epoch: string;
  readonly seq: string;
  readonly position: string;
  readonly at: string;
  readonly kind: string;
  readonly data: string;
}

/** Entry columns, every number as text (exact whatever type parsers the pool has). Read from `feed_entries AS e`. */
const ENTRY_COLUMNS = `e.room, e.epoch::text AS epoch, e.seq::text AS seq, e.position::text AS position, e.at, e.kind, e.data::text AS data`;

export function toEntry(row: EntryRow): FeedEntry {
  return {
    room: row.room,
    epoch: Number(row.epoch),
    seq: Number(row.seq),
    position: row.position,
    at: row.at,
    kind: row.kind,
    data: JSON.parse(row.data) as unknown,
  };
}

/** How `findDocs` reads: its order (by id, or by a field's text, its name a parameter), a budget of characters, some fields only. */
export interface FindDocsShape {
  readonly order?: 'asc' | 'desc';
  readonly within: boolean;
  readonly fields: boolean;
}

/**
 * `findDocs` of a shape. Parameters: `$1` the collection, `$2` the containment filter, then the order's field when
 * ordered by one, `limit`, `offset`, the budget (`maxChars`) when within one, the fields' names (a text array) when
 * some only. Within a budget: the page's first rows while their text, added up in order, stays within it, and
 * always the first (the characters before it are 0). Some fields only: an object of the document's top-level members
 * of those names, made in the database from the stored text (the rest of the document is never sent).
 */
function findDocs(s: string, epoch: string, shape: FindDocsShape): string {
  let n = 2;
  const next = (): string => `$${++n}`;
  const order = shape.order === undefined ? 'd.id' : `(d.doc->>${next()}) COLLATE "C" ${shape.order === 'desc' ? 'DESC' : 'ASC'} NULLS LAST, d.id`;
  const limit = next();
  const offset = next();
  const maxChars = shape.within ? next() : '';
  const doc = shape.fields
    ? `(CASE WHEN json_typeof(d.doc) = 'object' THEN coalesce((SELECT json_object_agg(f.key, f.value) FROM json_each(d.doc) AS f
          WHERE f.key = ANY(${next()}::text[])), '{}'::json) ELSE '{}'::json END)::text`
    : 'd.doc::text';
  const rows = `SELECT ${doc} AS doc${shape.within ? `, row_number() OVER (ORDER BY ${order}) AS n` : ''} FROM ${s}.docs AS d
      WHERE d.epoch = ${epoch} AND d.collection = $1 AND d.tags @> $2::jsonb ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  if (!shape.within) return rows;
  return `SELECT q.doc FROM (
        SELECT p.doc, p.n, sum(length(p.doc)) OVER (ORDER BY p.n) AS upto FROM (${rows}) AS p
      ) AS q WHERE q.upto - length(q.doc) = 0 OR q.upto <= ${maxChars}::bigint ORDER BY q.n`;
}

/** Every statement of the store on a schema (texts: `pg` sends them as unnamed statements). */
export function statements(schema: string) {
  const s = quoteIdent(schema);
  /** The epoch readers see (a rebuild writes the next one, then switches this value). */
  const epoch = `(SELECT value FROM ${s}.meta WHERE key = 'feed_epoch')`;
  return {
    // ── reads (any pooled client: committed data only) ──
    getDoc: `SELECT doc::text AS doc FROM ${s}.docs WHERE epoch = ${epoch} AND collection = $1 AND id = $2`,
    // One containment test covers every filter (and `{}` matches every document); ordered by a field of the
    // document, it is compared byte by byte as SQLite does, documents without it last.
    findDocs: (shape: FindDocsShape): string => findDocs(s, epoch, shape),
    countDocs: `SELECT count(*)::text AS n FROM ${s}.docs AS d WHERE d.epoch = ${epoch} AND d.collection = $1 AND d.tags @> $2::jsonb`,
    getCheckpoint: `SELECT position::text AS position FROM ${s}.checkpoints WHERE name = $1`,
    epochs: `SELECT ${epoch}::text AS current, coalesce((SELECT array_agg(epoch ORDER BY epoch) FROM ${s}.epochs), '{}')::int[] AS others`,
    feedHead: `SELECT m.value::text AS epoch, coalesce(f.head, 0)::text AS head
      FROM ${s}.meta AS m LEFT JOIN ${s}.feeds AS f ON f.room = $1 AND f.epoch = m.value
      WHERE m.key = 'feed_epoch'`,
    readFeed: `SELECT ${ENTRY_COLUMNS} FROM ${s}.feed_entries AS e
      WHERE e.room = $1 AND e.epoch = ${epoch} AND e.seq > $2::bigint ORDER BY e.seq LIMIT $3`,
    readFeedTail: `SELECT ${ENTRY_COLUMNS} FROM (
        SELECT * FROM ${s}.feed_entries WHERE room = $1 AND epoch = ${epoch} ORDER BY seq DESC LIMIT $2
      ) AS e ORDER BY e.seq`,
    byPosition: `SELECT ${ENTRY_COLUMNS} FROM ${s}.feed_entries AS e
      WHERE e.room = $1 AND e.position = $2::bigint AND e.epoch = ${epoch} ORDER BY e.seq LIMIT 1`,
    changes: `SELECT f.room, f.epoch::text AS epoch, f.head::text AS head, f.last_change::text AS last_change
      FROM ${s}.feeds AS f WHERE f.last_change > $1::bigint AND f.epoch = ${epoch} ORDER BY f.last_change`,
    leaseHolder: `SELECT holder FROM ${s}.leases WHERE name = $1`,
    readLease: `SELECT holder, (extract(epoch FROM expires_at - clock_timestamp()) * 1000)::float8 AS expires_in_ms FROM ${s}.leases WHERE name = $1`,

    // ── writes (inside a transaction of this store) ──
    lock: `SELECT pg_advisory_xact_lock($1, hashtext($2))`,
    currentEpoch: `SELECT value::text AS value FROM ${s}.meta WHERE key = 'feed_epoch'`,
    noteEpoch: `INSERT INTO ${s}.epochs (epoch) VALUES ($1) ON CONFLICT (epoch) DO NOTHING`,
    txGetDoc: `SELECT doc::text AS doc FROM ${s}.docs WHERE epoch = $1 AND collection = $2 AND id = $3`,
    txGetDocs: `SELECT id, doc::text AS doc FROM ${s}.docs WHERE epoch = $1 AND collection = $2 AND id = ANY($3::text[])`,
    // Many documents in one statement (keys distinct: ON CONFLICT may touch a row once).
    putDocs: `INSERT INTO ${s}.docs (epoch, collection, id, doc, tags)
      SELECT $1, u.collection, u.id, u.doc::json, u.tags::jsonb FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(collection, id, doc, tags)
      ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
    putDoc: `INSERT INTO ${s}.docs (epoch, collection, id, doc, tags) VALUES ($1, $2, $3, $4::json, $5::jsonb)
      ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
    deleteDoc: `DELETE FROM ${s}.docs WHERE epoch = $1 AND collection = $2 AND id = $3`,
    setCheckpoint: `INSERT INTO ${s}.checkpoints (name, position) VALUES ($1, $2::bigint)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    deleteCheckpoint: `DELETE FROM ${s}.checkpoints WHERE name = $1`,
    // Switching epochs: every room of the old epoch gets a row in the new one, all of them one fresh change id.
    carryRooms: `INSERT INTO ${s}.feeds (room, epoch, head, last_change)
      SELECT room, $1, 0, 0 FROM ${s}.feeds WHERE epoch = $2 ON CONFLICT (room, epoch) DO NOTHING`,
    touchFeeds: `WITH change AS (SELECT nextval('${s}.feed_changes') AS id)
      UPDATE ${s}.feeds AS f SET last_change = change.id FROM change WHERE f.epoch = $1
      RETURNING f.room, f.head::text AS head`,
    setEpoch: `UPDATE ${s}.meta SET value = $1 WHERE key = 'feed_epoch'`,
    forgetEpoch: `DELETE FROM ${s}.epochs WHERE epoch = $1`,
    // Dropping an epoch, chunk by chunk.
    dropDocs: `DELETE FROM ${s}.docs WHERE ctid IN (SELECT ctid FROM ${s}.docs WHERE epoch = $1 LIMIT $2)`,
    roomsOf: `SELECT room FROM ${s}.feeds WHERE epoch = $1 LIMIT $2`,
    dropEntries: `DELETE FROM ${s}.feed_entries WHERE room = ANY($1::text[]) AND epoch = $2`,
    dropFeeds: `DELETE FROM ${s}.feeds WHERE room = ANY($1::text[]) AND epoch = $2`,
    // One round trip: draw the change id, bump the room's head, insert the entry with that seq.
    appendEntry: `WITH change AS (SELECT nextval('${s}.feed_changes') AS id),
      head AS (
        INSERT INTO ${s}.feeds AS f (room, epoch, head, last_change)
        SELECT $1, $2, 1, change.id FROM change
        ON CONFLICT (room, epoch) DO UPDATE SET head = f.head + 1, last_change = excluded.last_change
        RETURNING f.head, f.last_change
      )
      INSERT INTO ${s}.feed_entries (id, room, epoch, seq, position, at, kind, data)
      SELECT head.last_change, $1, $2, head.head, $3::bigint, $4, $5, $6::json FROM head
      RETURNING seq::text AS seq`,
    // Many entries in one round trip: each room's seqs follow its head in the given order, each entry
    // draws a change id, and each room's head and last change are written once. Answers every room's head.
    appendEntries: `WITH input AS (
        SELECT * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(room, position, at, kind, data, ord)
      ), numbered AS (
        SELECT i.*, coalesce(f.head, 0) + row_number() OVER (PARTITION BY i.room ORDER BY i.ord) AS seq
        FROM input AS i LEFT JOIN ${s}.feeds AS f ON f.room = i.room AND f.epoch = $1
      ), drawn AS (
        SELECT n.*, nextval('${s}.feed_changes') AS id FROM (SELECT * FROM numbered ORDER BY ord) AS n
      ), inserted AS (
        INSERT INTO ${s}.feed_entries (id, room, epoch, seq, position, at, kind, data)
        SELECT id, room, $1, seq, position, at, kind, data::json FROM drawn
        RETURNING room, seq, id
      )
      INSERT INTO ${s}.feeds AS f (room, epoch, head, last_change)
      SELECT room, $1, max(seq), max(id) FROM inserted GROUP BY room
      ON CONFLICT (room, epoch) DO UPDATE SET head = excluded.head, last_change = excluded.last_change
      RETURNING f.room, f.head::text AS head`,
    // Erasure (`redact`): the rows of every epoch whose JSON text holds one of the search texts ($1, text[]).
    // `doc` and `data` are `json` (the text as written: JSON.stringify's); `tags` is jsonb, printed with the same escapes.
    docsHolding: `SELECT d.epoch, d.collection, d.id, d.doc::text AS doc, d.tags::text AS tags FROM ${s}.docs AS d
      WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS t(search) WHERE strpos(d.doc::text, t.search) > 0 OR strpos(d.tags::text, t.search) > 0)`,
    entriesHolding: `SELECT e.id::text AS id, ${ENTRY_COLUMNS} FROM ${s}.feed_entries AS e
      WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS t(search) WHERE strpos(e.data::text, t.search) > 0)
      ORDER BY e.room COLLATE "C", e.epoch, e.seq`,
    rewriteDoc: `UPDATE ${s}.docs SET doc = $4::json, tags = $5::jsonb WHERE epoch = $1 AND collection = $2 AND id = $3`,
    rewriteEntry: `UPDATE ${s}.feed_entries SET data = $2::json WHERE id = $1::bigint`,
    // Outside any transaction: the tables holding personal values, rewritten without their dead row versions.
    compact: `VACUUM (FULL) ${s}.docs, ${s}.feed_entries`,

    // FOR SHARE: a takeover (an UPDATE of the row) waits until this transaction ends.
    assertLease: `SELECT holder FROM ${s}.leases WHERE name = $1 FOR SHARE`,

    // ── leases (their own short transactions) ──
    claimLease: `INSERT INTO ${s}.leases AS l (name, holder, expires_at)
      VALUES ($1, $2, now() + $3::bigint * interval '1 millisecond')
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE l.holder = excluded.holder OR l.expires_at < now()
      RETURNING l.holder`,
    releaseLease: `DELETE FROM ${s}.leases WHERE name = $1 AND holder = $2`,
  };
}

export type Statements = ReturnType<typeof statements>;
