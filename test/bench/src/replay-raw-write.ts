/**
 * The second ceiling of the `replay` part: **the rows a replay must write,
 * written by the driver alone**. After the catch-up, the feed entries,
 * documents (and, on SQLite, tag rows) it left are read back and written again
 * into empty tables of the product's own schema, with nothing else: no event
 * read, no fold, no JSON built, each document once (the catch-up may rewrite
 * one several times), in transactions of one projector batch of events each.
 * No replay that keeps these read models can be faster than this, whatever
 * its code; the raw read is the ceiling of the log, this one of the writes.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { perSecond } from './stats';

/** Rows of one table, in the order they were written. */
interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * SQLite: the read-model file of the catch-up (`source`) copied row by row
 * into a fresh file created from its own `sqlite_schema`; the feed entries
 * cut by position into transactions of `batchEvents` events, the documents and
 * tag rows spread evenly over them. Events/s of `events` over the time taken.
 */
export function rawSqliteWrite(source: string, target: string, events: number, batchEvents: number): number {
  const from = new Database(source, { readonly: true });
  let ddl: string[];
  let entries: Rows;
  let docs: Rows;
  let tags: Rows;
  let pageSize: number;
  try {
    from.defaultSafeIntegers(true);
    pageSize = Number(from.pragma('page_size', { simple: true }));
    ddl = from
      .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
      .all()
      .map((row) => row.sql);
    entries = sqliteRows(from, 'SELECT room, epoch, seq, position, at, kind, data FROM feed_entries ORDER BY id');
    docs = sqliteRows(from, 'SELECT epoch, collection, id, doc, tags FROM docs');
    tags = sqliteRows(from, 'SELECT epoch, collection, tag, value, id FROM doc_tags');
  } finally {
    from.close();
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  const db = new Database(target);
  try {
    // The projection store's writer settings, and its file's page size.
    db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('cache_size = -65536');
    db.pragma('wal_autocheckpoint = 10000');
    db.defaultSafeIntegers(true);
    for (const sql of ddl) db.exec(sql);
    const insertEntries = multiRowInsert(db, 'feed_entries', entries.columns, 32);
    const insertEntry = multiRowInsert(db, 'feed_entries', entries.columns, 1);
    const putDoc = db.prepare(
      `INSERT INTO docs (${docs.columns.join(', ')}) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
    );
    const insertTag = multiRowInsert(db, 'doc_tags', tags.columns, 1);
    const cuts = cutByPosition(entries.rows, 3, batchEvents);
    const started = performance.now();
    for (let batch = 0; batch < cuts.length - 1; batch++) {
      db.exec('BEGIN IMMEDIATE');
      const slice = entries.rows.slice(cuts[batch], cuts[batch + 1]);
      let i = 0;
      for (; i + 32 <= slice.length; i += 32) insertEntries.run(...slice.slice(i, i + 32).flat());
      for (; i < slice.length; i++) insertEntry.run(...(slice[i] ?? []));
      for (const doc of share(docs.rows, batch, cuts.length - 1)) putDoc.run(...doc);
      for (const tag of share(tags.rows, batch, cuts.length - 1)) insertTag.run(...tag);
      db.exec('COMMIT');
    }
    return perSecond(events, performance.now() - started);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  }
}

/**
 * PostgreSQL: the catch-up's read-model tables (schema `schema`) copied into
 * tables `LIKE` them (indexes included) in a scratch schema, each transaction
 * one `unnest` insert per table, as the projection store writes. Events/s.
 */
export async function rawPostgresWrite(url: string, schema: string, events: number, batchEvents: number): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const scratch = 'catalyse_bench_raw_write';
  try {
    const entries = await postgresRows(client, `SELECT id, room, epoch, seq, position, at, kind, data::text FROM ${schema}.feed_entries ORDER BY id`);
    const docs = await postgresRows(client, `SELECT epoch, collection, id, doc::text, tags::text FROM ${schema}.docs`);
    await client.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE; CREATE SCHEMA ${scratch};
      CREATE TABLE ${scratch}.feed_entries (LIKE ${schema}.feed_entries INCLUDING ALL);
      CREATE TABLE ${scratch}.docs (LIKE ${schema}.docs INCLUDING ALL);`);
    const cuts = cutByPosition(entries.rows, 4, batchEvents);
    const started = performance.now();
    for (let batch = 0; batch < cuts.length - 1; batch++) {
      const slice = entries.rows.slice(cuts[batch], cuts[batch + 1]);
      const mine = share(docs.rows, batch, cuts.length - 1);
      await client.query('BEGIN');
      await client.query({
        name: 'raw-write-entries',
        text: `INSERT INTO ${scratch}.feed_entries (id, room, epoch, seq, position, at, kind, data)
               SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::json[])`,
        values: entries.columns.map((_, c) => slice.map((row) => row[c])),
      });
      if (mine.length > 0) {
        await client.query({
          name: 'raw-write-docs',
          text: `INSERT INTO ${scratch}.docs (epoch, collection, id, doc, tags)
                 SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::json[], $5::jsonb[])
                 ON CONFLICT (epoch, collection, id) DO UPDATE SET doc = excluded.doc, tags = excluded.tags`,
          values: docs.columns.map((_, c) => mine.map((row) => row[c])),
        });
      }
      await client.query('COMMIT');
    }
    return perSecond(events, performance.now() - started);
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${scratch} CASCADE`).catch(() => undefined);
    await client.end();
  }
}

function sqliteRows(db: Database.Database, sql: string): Rows {
  const statement = db.prepare(sql).raw();
  return { columns: statement.columns().map((column) => column.name), rows: statement.all() as unknown[][] };
}

async function postgresRows(client: Client, sql: string): Promise<Rows> {
  const result = await client.query({ text: sql, rowMode: 'array' });
  return { columns: result.fields.map((field) => field.name), rows: result.rows as unknown[][] };
}

/** Indexes into `rows` (ordered by position, column `column`) where each next `batchEvents` events begin; the last is the end. */
function cutByPosition(rows: readonly (readonly unknown[])[], column: number, batchEvents: number): number[] {
  const cuts = [0];
  let limit: bigint | undefined;
  rows.forEach((row, i) => {
    const position = BigInt(row[column] as bigint | string);
    if (limit === undefined) limit = position + BigInt(batchEvents);
    else if (position >= limit) {
      cuts.push(i);
      limit = position + BigInt(batchEvents);
    }
  });
  cuts.push(rows.length);
  return cuts;
}

/** The `batch`-th of `batches` even shares of `rows`. */
function share<T>(rows: readonly T[], batch: number, batches: number): readonly T[] {
  const size = Math.ceil(rows.length / batches);
  return rows.slice(batch * size, (batch + 1) * size);
}

function multiRowInsert(db: Database.Database, table: string, columns: readonly string[], rows: number): Database.Statement {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  return db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`);
}
