import { Pool, type PoolClient } from 'pg';
import { type KeyStore, newKey, PersonErasedError, type SubjectRecord, type SubjectStatus } from '@catalyse/personal-data';

export interface PostgresKeyStoreOptions {
  /** `postgres://…`: the store creates (and on `close()` ends) its own pool. */
  readonly connectionString: string;
  /** Schema of its tables, created when absent. Default `catalyse_keys`. */
  readonly schema?: string;
  /** Default 4. */
  readonly poolSize?: number;
}

interface Row {
  subject: string;
  key: Buffer | null;
  status: Exclude<SubjectStatus, 'unknown'>;
  erasure_asked_at: string | null;
  erased_at: string | null;
}

const DEFAULT_SCHEMA = 'catalyse_keys';
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Keys in PostgreSQL, in their own schema (`{schema}.subjects`,
 * `{schema}.subject_streams`), apart from the event log and the read models.
 * A destroyed key's row keeps the person `erased` with a NULL key; the old row
 * version is a dead tuple until VACUUM reclaims it (run by `compact()`).
 */
export class PostgresKeyStore implements KeyStore {
  /** `subject\nstream` pairs this process knows are noted (a bounded memo: most appends then only read here). */
  private readonly noted = new Set<string>();

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  static async open(options: PostgresKeyStoreOptions): Promise<PostgresKeyStore> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    if (!IDENTIFIER.test(schema)) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 4 });
    try {
      await inTransaction(pool, async (client) => {
        // Two processes starting together: one creates, the other waits on the lock, then finds it there.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalyse-keys:${schema}`]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".subjects (
          subject          text PRIMARY KEY,
          key              bytea,
          status           text NOT NULL CHECK (status IN ('active', 'erasing', 'erased')),
          created_at       text NOT NULL,
          erasure_asked_at text,
          erased_at        text
        )`);
        await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".subject_streams (
          subject text NOT NULL,
          stream  text NOT NULL,
          PRIMARY KEY (subject, stream)
        )`);
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresKeyStore(pool, schema);
  }

  private get subjects(): string {
    return `"${this.schema}".subjects`;
  }
  private get streams(): string {
    return `"${this.schema}".subject_streams`;
  }

  async keysForWriting(owners: readonly string[], concerned: readonly string[], stream: string): Promise<ReadonlyMap<string, Buffer>> {
    const all = [...new Set([...owners, ...concerned])];
    // The common case reads only: every owner has a key and is noted in this stream, nobody concerned is erased.
    const { rows: known } = await this.pool.query<Row>(`SELECT subject, key, status FROM ${this.subjects} WHERE subject = ANY($1::text[])`, [all]);
    const erasedNow = known.filter((row) => row.status !== 'active').map((row) => row.subject);
    if (erasedNow.length > 0) throw new PersonErasedError(erasedNow);
    const keys = keyMap(known);
    if (owners.every((subject) => keys.has(subject) && this.noted.has(`${subject}\n${stream}`))) return keys;
    const made = await inTransaction(this.pool, async (client) => {
      // Rows locked in a fixed order: a concurrent erasure of one of them waits for this write, or this write sees it.
      const rows = await this.rows(client, all, true);
      const erased = rows.filter((row) => row.status !== 'active').map((row) => row.subject);
      if (erased.length > 0) throw new PersonErasedError(erased);
      if (owners.length === 0) return new Map<string, Buffer>();
      const now = new Date().toISOString();
      await client.query(
        `INSERT INTO ${this.subjects} (subject, key, status, created_at)
         SELECT s, k, 'active', $3 FROM unnest($1::text[], $2::bytea[]) AS t(s, k) ON CONFLICT (subject) DO NOTHING`,
        [owners, owners.map(() => newKey()), now],
      );
      await client.query(`INSERT INTO ${this.streams} (subject, stream) SELECT s, $2 FROM unnest($1::text[]) AS t(s) ON CONFLICT DO NOTHING`, [owners, stream]);
      const made = await this.rows(client, owners, false);
      const again = made.filter((row) => row.status !== 'active').map((row) => row.subject);
      if (again.length > 0) throw new PersonErasedError(again);
      return keyMap(made);
    });
    if (this.noted.size > 100_000) this.noted.clear();
    for (const subject of owners) this.noted.add(`${subject}\n${stream}`);
    return made;
  }

  async keysForReading(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>> {
    if (subjects.length === 0) return new Map();
    const { rows } = await this.pool.query<Row>(`SELECT subject, key, status FROM ${this.subjects} WHERE subject = ANY($1::text[]) AND status = 'active'`, [
      [...subjects],
    ]);
    return keyMap(rows);
  }

  async beginErasure(subject: string, at: string): Promise<SubjectRecord> {
    await this.pool.query(
      `INSERT INTO ${this.subjects} (subject, key, status, created_at, erasure_asked_at) VALUES ($1, NULL, 'erasing', $2, $2)
       ON CONFLICT (subject) DO UPDATE SET status = 'erasing', erasure_asked_at = excluded.erasure_asked_at WHERE ${this.subjects}.status = 'active'`,
      [subject, at],
    );
    return this.record(subject);
  }

  async keyOfErasing(subject: string): Promise<Buffer | undefined> {
    const { rows } = await this.pool.query<Row>(`SELECT key FROM ${this.subjects} WHERE subject = $1 AND status = 'erasing'`, [subject]);
    return rows[0]?.key ?? undefined;
  }

  async streamsOf(subject: string): Promise<readonly string[]> {
    const { rows } = await this.pool.query<{ stream: string }>(`SELECT stream FROM ${this.streams} WHERE subject = $1 ORDER BY stream COLLATE "C"`, [subject]);
    return rows.map((row) => row.stream);
  }

  async completeErasure(subject: string, at: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`UPDATE ${this.subjects} SET key = NULL, status = 'erased', erased_at = $2 WHERE subject = $1 AND status <> 'erased'`, [subject, at]);
      await client.query(`DELETE FROM ${this.streams} WHERE subject = $1`, [subject]);
    });
    this.noted.clear();
  }

  async pendingErasures(): Promise<readonly string[]> {
    const { rows } = await this.pool.query<{ subject: string }>(`SELECT subject FROM ${this.subjects} WHERE status = 'erasing' ORDER BY subject COLLATE "C"`);
    return rows.map((row) => row.subject);
  }

  async record(subject: string): Promise<SubjectRecord> {
    const { rows } = await this.pool.query<Row & { streams: string }>(
      `SELECT s.subject, s.status, s.erasure_asked_at, s.erased_at, (SELECT count(*) FROM ${this.streams} t WHERE t.subject = s.subject) AS streams
       FROM ${this.subjects} s WHERE s.subject = $1`,
      [subject],
    );
    const row = rows[0];
    if (!row) return { subject, status: 'unknown', streams: 0 };
    return {
      subject,
      status: row.status,
      ...(row.erasure_asked_at ? { erasureAskedAt: row.erasure_asked_at } : {}),
      ...(row.erased_at ? { erasedAt: row.erased_at } : {}),
      streams: Number(row.streams),
    };
  }

  async compact(): Promise<void> {
    // Dead row versions (the destroyed keys) are reclaimed; a dump never held them.
    await this.pool.query(`VACUUM ${this.subjects}`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async rows(client: PoolClient, subjects: readonly string[], lock: boolean): Promise<Row[]> {
    if (subjects.length === 0) return [];
    const { rows } = await client.query<Row>(
      `SELECT subject, key, status FROM ${this.subjects} WHERE subject = ANY($1::text[]) ORDER BY subject COLLATE "C"${lock ? ' FOR SHARE' : ''}`,
      [[...subjects]],
    );
    return rows;
  }
}

function keyMap(rows: readonly Pick<Row, 'subject' | 'key' | 'status'>[]): ReadonlyMap<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const row of rows) if (row.status === 'active' && row.key) keys.set(row.subject, row.key);
  return keys;
}

async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
