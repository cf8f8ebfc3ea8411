import type Database from 'better-sqlite3';
import type { FeedEntry } from '@catalyse/protocol';
import { CURRENT_EPOCH } from './schema';

export interface EntryRow {
  room: string;
  epoch: bigint;
  seq: bigint;
  position: bigint;
  at: string;
  kind: string;
  data: string;
}

const ENTRY_COLUMNS = 'room, epoch, seq, position, at, kind, data';

/** Entries per multi-row INSERT (7 parameters each: far below SQLite's limit of 32,766). */
export const ENTRY_ROWS = 32;

export function toEntry(row: EntryRow): FeedEntry {
  return {
    room: row.room,
    epoch: Number(row.epoch),
    seq: Number(row.seq),
    position: row.position.toString(),
    at: row.at,
    kind: row.kind,
    data: JSON.parse(row.data) as unknown,
  };
}

/** The statements of the read-only connection: the current epoch only, committed data only. */
export function prepareReads(db: Database.Database) {
  return {
    getDoc: db.prepare<[string, string], { doc: string }>(`SELECT doc FROM docs WHERE epoch = ${CURRENT_EPOCH} AND collection = ? AND id = ?`),
    getCheckpoint: db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE name = ?'),
    epochs: db.prepare<[], { current: bigint; others: string | null }>(
      `SELECT value AS current, (SELECT json_group_array(epoch) FROM (SELECT epoch FROM epochs ORDER BY epoch)) AS others
         FROM meta WHERE key = 'feed_epoch'`,
    ),
    feedHead: db.prepare<[string], { epoch: bigint; head: bigint }>(
      `SELECT m.value AS epoch, COALESCE(f.head, 0) AS head
         FROM meta m LEFT JOIN feeds f ON f.room = ? AND f.epoch = m.value
        WHERE m.key = 'feed_epoch'`,
    ),
    readFeed: db.prepare<[string, number, number], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM feed_entries
        WHERE room = ? AND epoch = ${CURRENT_EPOCH} AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    readFeedTail: db.prepare<[string, number], EntryRow>(
      `SELECT * FROM (
         SELECT ${ENTRY_COLUMNS} FROM feed_entries
          WHERE room = ? AND epoch = ${CURRENT_EPOCH} ORDER BY seq DESC LIMIT ?
       ) ORDER BY seq`,
    ),
    byPosition: db.prepare<[string, bigint], EntryRow>(
      `SELECT ${ENTRY_COLUMNS} FROM feed_entries
        WHERE room = ? AND position = ? AND epoch = ${CURRENT_EPOCH} ORDER BY seq LIMIT 1`,
    ),
    changes: db.prepare<[number], { room: string; epoch: bigint; head: bigint; last_change: bigint }>(
      `SELECT room, epoch, head, last_change FROM feeds
        WHERE last_change > ? AND epoch = ${CURRENT_EPOCH} ORDER BY last_change`,
    ),
    readLease: db.prepare<[string], { holder: string; expires_at: bigint | number }>('SELECT holder, expires_at FROM leases WHERE name = ?'),
  };
}

/** The statements of the write connection, run inside its transactions (any epoch). */
export function prepareWrites(db: Database.Database) {
  return {
    currentEpoch: db.prepare<[], { value: bigint }>(`SELECT value FROM meta WHERE key = 'feed_epoch'`),
    noteEpoch: db.prepare<[number]>('INSERT OR IGNORE INTO epochs (epoch) VALUES (?)'),
    getDoc: db.prepare<[number, string, string], { doc: string; tags: string }>('SELECT doc, tags FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
    getTags: db.prepare<[number, string, string], { tags: string }>('SELECT tags FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
    putDoc: db.prepare<[number, string, string, string, string]>(
      `INSERT INTO docs (epoch, collection, id, doc, tags) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
    ),
    deleteDoc: db.prepare<[number, string, string]>('DELETE FROM docs WHERE epoch = ? AND collection = ? AND id = ?'),
    deleteTags: db.prepare<[number | bigint, string, string]>('DELETE FROM doc_tags WHERE epoch = ? AND collection = ? AND id = ?'),
    insertTag: db.prepare<[number | bigint, string, string, string, string]>(
      'INSERT OR IGNORE INTO doc_tags (epoch, collection, tag, value, id) VALUES (?, ?, ?, ?, ?)',
    ),
    getCheckpoint: db.prepare<[string], { position: bigint }>('SELECT position FROM checkpoints WHERE name = ?'),
    setCheckpoint: db.prepare<[string, bigint]>(
      `INSERT INTO checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    ),
    deleteCheckpoint: db.prepare<[string]>('DELETE FROM checkpoints WHERE name = ?'),
    // Switching epochs: every room of the old epoch gets a row in the new one, all of them a fresh change id.
    carryRooms: db.prepare<[number, number]>(`INSERT OR IGNORE INTO feeds (room, epoch, head, last_change) SELECT room, ?, 0, 0 FROM feeds WHERE epoch = ?`),
    // The change cursor is feed_entries' AUTOINCREMENT: draw the next value without inserting an entry.
    drawChange: db.prepare<[], { id: bigint }>(`UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'feed_entries' RETURNING seq AS id`),
    touchFeeds: db.prepare<[bigint, number], { room: string; head: bigint }>('UPDATE feeds SET last_change = ? WHERE epoch = ? RETURNING room, head'),
    setEpoch: db.prepare<[number]>(`UPDATE meta SET value = ? WHERE key = 'feed_epoch'`),
    forgetEpoch: db.prepare<[number]>('DELETE FROM epochs WHERE epoch = ?'),
    // Dropping an epoch, chunk by chunk.
    dropDocs: db.prepare<[number, number]>(
      'DELETE FROM docs WHERE (epoch, collection, id) IN (SELECT epoch, collection, id FROM docs WHERE epoch = ? LIMIT ?)',
    ),
    dropTags: db.prepare<[number, number]>(
      `DELETE FROM doc_tags WHERE (epoch, collection, tag, value, id) IN
         (SELECT epoch, collection, tag, value, id FROM doc_tags WHERE epoch = ? LIMIT ?)`,
    ),
    roomsOf: db.prepare<[number, number], { room: string }>('SELECT room FROM feeds WHERE epoch = ? LIMIT ?'),
    dropEntries: db.prepare<[string, number]>('DELETE FROM feed_entries WHERE room = ? AND epoch = ?'),
    dropFeed: db.prepare<[string, number]>('DELETE FROM feeds WHERE room = ? AND epoch = ?'),
    head: db.prepare<[string, number], { head: bigint }>('SELECT head FROM feeds WHERE room = ? AND epoch = ?'),
    insertEntry: db.prepare<[string, number, number, bigint, string, string, string]>(
      'INSERT INTO feed_entries (room, epoch, seq, position, at, kind, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    // ENTRY_ROWS entries in one statement (a replay appends thousands: fewer calls into SQLite).
    insertEntries: db.prepare<(string | number | bigint)[]>(
      `INSERT INTO feed_entries (room, epoch, seq, position, at, kind, data) VALUES ${Array.from({ length: ENTRY_ROWS }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    ),
    claimLease: db.prepare<[string, string, number, number]>(
      `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at < ?`,
    ),
    leaseHolder: db.prepare<[string], { holder: string }>('SELECT holder FROM leases WHERE name = ?'),
    releaseLease: db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?'),
    // Erasure (`redact`): the rows of every epoch whose JSON text holds one of the search texts (a JSON array of
    // them), searched a chunk of rows at a time (`instr` over every row is a scan of the whole file: seconds at a
    // million events), so that the process answers between two chunks. Documents by key after the last one seen,
    // each with whether it holds one (its text read then only); entries by a range of ids, those that hold one.
    docsChunk: db.prepare<[string, bigint | number, string, string, number], { epoch: bigint; collection: string; id: string; held: bigint }>(
      `SELECT d.epoch, d.collection, d.id,
              EXISTS (SELECT 1 FROM json_each(?) AS s WHERE instr(d.doc, s.value) > 0 OR instr(d.tags, s.value) > 0) AS held
         FROM docs AS d WHERE (d.epoch, d.collection, d.id) > (?, ?, ?) ORDER BY d.epoch, d.collection, d.id LIMIT ?`,
    ),
    lastEntryId: db.prepare<[], bigint | null>('SELECT max(id) FROM feed_entries').pluck(),
    entriesHolding: db.prepare<[bigint, bigint, string], EntryRow & { id: bigint }>(
      `SELECT e.id, ${ENTRY_COLUMNS} FROM feed_entries AS e
        WHERE e.id > ? AND e.id <= ? AND EXISTS (SELECT 1 FROM json_each(?) AS s WHERE instr(e.data, s.value) > 0)`,
    ),
    rewriteDoc: db.prepare<[string, string, bigint, string, string]>('UPDATE docs SET doc = ?, tags = ? WHERE epoch = ? AND collection = ? AND id = ?'),
    rewriteEntry: db.prepare<[string, bigint]>('UPDATE feed_entries SET data = ? WHERE id = ?'),
    setHead: db.prepare<[string, number, number, bigint]>(
      `INSERT INTO feeds (room, epoch, head, last_change) VALUES (?, ?, ?, ?)
       ON CONFLICT (room, epoch) DO UPDATE SET head = excluded.head, last_change = excluded.last_change`,
    ),
  };
}

export type Reads = ReturnType<typeof prepareReads>;
export type Writes = ReturnType<typeof prepareWrites>;

/**
 * `findDocs` and `countDocs` statements on the read connection, one per number
 * of tag filters (and order, and number of fields). Parameters: (finds only)
 * the names of the fields kept when some are, then the collection, then
 * `tag, value` per filter, then (finds only) the JSON path of the order's field
 * twice when there is one, then `limit, offset`.
 */
export class FindDocsStatements {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly counts = new Map<number, Database.Statement>();

  constructor(private readonly reader: Database.Database) {}

  /**
   * The first tag drives the scan (its index is ordered by id), the others are checked by primary key. Ordered by a
   * field (`order`): its JSON value (the path bound twice), documents without it last (`IS NULL` sorts false first), then id.
   * Some fields only (`fields`, their number): an object of the document's top-level members of those names, made
   * by SQLite from the stored text (the rest of it never leaves the database).
   */
  statement(filters: number, order?: 'asc' | 'desc', fields = 0): Database.Statement {
    const key = `${filters}:${order ?? ''}:${fields}`;
    let statement = this.statements.get(key);
    if (statement) return statement;
    const byField = order === undefined ? '' : `json_extract(d.doc, ?) IS NULL, json_extract(d.doc, ?) ${order === 'desc' ? 'DESC' : 'ASC'}, `;
    const doc =
      fields === 0
        ? 'd.doc'
        : `(SELECT json_group_object(j.key, j.value) FROM json_each(d.doc) AS j WHERE j.key IN (${Array.from({ length: fields }, () => '?').join(', ')})) AS doc`;
    statement =
      filters === 0
        ? this.reader.prepare(`SELECT ${doc} FROM docs d WHERE d.epoch = ${CURRENT_EPOCH} AND d.collection = ? ORDER BY ${byField}d.id LIMIT ? OFFSET ?`)
        : this.reader.prepare(
            `SELECT ${doc} FROM doc_tags t0 JOIN docs d ON d.epoch = t0.epoch AND d.collection = t0.collection AND d.id = t0.id
              WHERE ${tagMatch(filters)} ORDER BY ${byField}t0.id LIMIT ? OFFSET ?`,
          );
    this.statements.set(key, statement);
    return statement;
  }

  /** The same match, counted (a tag row exists only with its document). */
  count(filters: number): Database.Statement {
    let statement = this.counts.get(filters);
    if (statement) return statement;
    statement =
      filters === 0
        ? this.reader.prepare(`SELECT count(*) AS n FROM docs WHERE epoch = ${CURRENT_EPOCH} AND collection = ?`)
        : this.reader.prepare(`SELECT count(*) AS n FROM doc_tags t0 WHERE ${tagMatch(filters)}`);
    this.counts.set(filters, statement);
    return statement;
  }
}

/** The first filter on `doc_tags t0`, the others as `EXISTS` by primary key. */
function tagMatch(filters: number): string {
  const more = Array.from(
    { length: filters - 1 },
    (_, i) =>
      `AND EXISTS (SELECT 1 FROM doc_tags t${i + 1} WHERE t${i + 1}.epoch = t0.epoch AND t${i + 1}.collection = t0.collection AND t${i + 1}.tag = ? AND t${i + 1}.value = ? AND t${i + 1}.id = t0.id)`,
  ).join('\n');
  return `t0.epoch = ${CURRENT_EPOCH} AND t0.collection = ? AND t0.tag = ? AND t0.value = ?\n${more}`;
}
