import type { PoolClient } from 'pg';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import {
  checkedRedactions,
  type DocWrite,
  type EntryWrite,
  type FeedUpdate,
  LeaseLostError,
  type ProjectionTx,
  type Redaction,
  type RedactionResult,
  applicable,
  redactJson,
  searchTexts,
} from '@catalyse/projections';
import { MAX_INT64, MIN_INT64 } from './checks';
import { type EntryRow, type Statements, toEntry } from './statements';

type Tags = Readonly<Record<string, string | readonly string[]>>;

/** Documents deleted per transaction when an old epoch is dropped (the projector goes on between them). */
const DROP_CHUNK_ROWS = 5000;
/** Rooms whose feeds are deleted per transaction when an old epoch is dropped. */
const DROP_CHUNK_ROOMS = 100;

/**
 * One transaction's view, on its client. Its statements run one after the
 * other even if the work does not await them (a read-then-write such as a tag
 * replacement must not interleave); it is dead once its transaction ended.
 */
export class PostgresProjectionTx implements ProjectionTx {
  private active = true;
  private chain: Promise<void> = Promise.resolve();
  /** The first failure of a statement (the PostgreSQL transaction is aborted) or a lost lease: never commit after it. */
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly client: PoolClient,
    private readonly sql: Statements,
    readonly epoch: number,
    /** The current epoch when the transaction began (under the lock: no one else switches it). */
    private current: number,
  ) {}

  /** Ends the transaction object: waits for its statements, throws the first failure. */
  async finish(): Promise<void> {
    this.active = false;
    await this.chain;
    if (this.failure) throw this.failure.error;
  }

  private run<T>(step: () => Promise<T>): Promise<T> {
    if (!this.active) return Promise.reject(new Error('this projection transaction has ended'));
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    return result;
  }

  getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ doc: string }>(this.sql.txGetDoc, [this.epoch, collection, id]);
      const row = rows[0];
      return row ? (JSON.parse(row.doc) as T) : undefined;
    });
  }

  getDocs<T>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    return this.run(async () => {
      const found = new Map<string, T>();
      if (ids.length === 0) return found;
      const { rows } = await this.client.query<{ id: string; doc: string }>(this.sql.txGetDocs, [this.epoch, collection, [...new Set(ids)]]);
      for (const row of rows) found.set(row.id, JSON.parse(row.doc) as T);
      return found;
    });
  }

  putDocs(docs: readonly DocWrite[]): Promise<void> {
    // The last document of each key, in one statement.
    const byKey = new Map<string, { collection: string; id: string; json: string; tags: string }>();
    for (const { collection, id, doc, tags } of docs) {
      const json = JSON.stringify(doc);
      if (json === undefined) return Promise.reject(new TypeError(`document ${collection}/${id} is not JSON`));
      byKey.set(`${collection}\u0000${id}`, { collection, id, json, tags: canonicalTags(tags) });
    }
    const rows = [...byKey.values()];
    return this.run(async () => {
      if (rows.length === 0) return;
      await this.client.query(this.sql.putDocs, [
        this.epoch,
        rows.map((r) => r.collection),
        rows.map((r) => r.id),
        rows.map((r) => r.json),
        rows.map((r) => r.tags),
      ]);
    });
  }

  appendFeedEntries(entries: readonly EntryWrite[]): Promise<readonly FeedUpdate[]> {
    let positions: string[];
    try {
      positions = entries.map((entry) => checkedPosition(entry.position).toString());
    } catch (error) {
      return Promise.reject(error);
    }
    const data = entries.map((entry) => JSON.stringify(entry.data) ?? 'null');
    return this.run(async () => {
      if (entries.length === 0) return [];
      const { rows } = await this.client.query<{ room: string; head: string }>(this.sql.appendEntries, [
        this.epoch,
        entries.map((e) => e.room),
        positions,
        entries.map((e) => e.at),
        entries.map((e) => e.kind),
        data,
      ]);
      return rows.map((row) => ({ room: row.room as RoomKey, epoch: this.epoch, head: Number(row.head) }));
    });
  }

  putDoc<T>(collection: string, id: string, doc: T, tags?: Tags): Promise<void> {
    const json = JSON.stringify(doc);
    if (json === undefined) return Promise.reject(new TypeError(`document ${collection}/${id} is not JSON`));
    const canonical = canonicalTags(tags);
    return this.run(async () => {
      await this.client.query(this.sql.putDoc, [this.epoch, collection, id, json, canonical]);
    });
  }

  deleteDoc(collection: string, id: string): Promise<void> {
    return this.run(async () => {
      await this.client.query(this.sql.deleteDoc, [this.epoch, collection, id]);
    });
  }

  appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    let position: bigint;
    try {
      position = checkedPosition(entry.position);
    } catch (error) {
      return Promise.reject(error);
    }
    const data = JSON.stringify(entry.data) ?? 'null';
    return this.run(async () => {
      const { rows } = await this.client.query<{ seq: string }>(this.sql.appendEntry, [room, this.epoch, position.toString(), entry.at, entry.kind, data]);
      const seq = rows[0]?.seq;
      if (seq === undefined) throw new Error(`appending to the feed of ${room} returned no row`);
      return { room, epoch: this.epoch, seq: Number(seq), position: position.toString(), at: entry.at, kind: entry.kind, data: JSON.parse(data) as unknown };
    });
  }

  setCheckpoint(projector: string, position: bigint): Promise<void> {
    if (position < MIN_INT64 || position > MAX_INT64) return Promise.reject(new RangeError(`checkpoint ${position} does not fit 64 bits`));
    return this.run(async () => {
      await this.client.query(this.sql.setCheckpoint, [projector, position.toString()]);
    });
  }

  getCheckpoint(projector: string): Promise<bigint> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ position: string }>(this.sql.getCheckpoint, [projector]);
      return BigInt(rows[0]?.position ?? '0');
    });
  }

  deleteCheckpoint(projector: string): Promise<void> {
    return this.run(async () => {
      await this.client.query(this.sql.deleteCheckpoint, [projector]);
    });
  }

  switchEpoch(): Promise<readonly FeedUpdate[]> {
    return this.run(async () => {
      const previous = this.current;
      if (this.epoch === previous) throw new RangeError(`epoch ${this.epoch} is already the current epoch`);
      await this.client.query(this.sql.carryRooms, [this.epoch, previous]);
      const { rows } = await this.client.query<{ room: string; head: string }>(this.sql.touchFeeds, [this.epoch]);
      await this.client.query(this.sql.setEpoch, [this.epoch]);
      await this.client.query(this.sql.forgetEpoch, [this.epoch]);
      await this.client.query(this.sql.noteEpoch, [previous]);
      this.current = this.epoch;
      return rows.map(({ room, head }) => ({ room, epoch: this.epoch, head: Number(head) }));
    });
  }

  /** One chunk of `dropEpoch`; true when nothing of the epoch is left. */
  dropChunk(epoch: number): Promise<boolean> {
    return this.run(async () => {
      if (epoch === this.current) throw new RangeError(`epoch ${epoch} is the current epoch: it cannot be dropped`);
      if ((await this.client.query(this.sql.dropDocs, [epoch, DROP_CHUNK_ROWS])).rowCount) return false;
      const { rows } = await this.client.query<{ room: string }>(this.sql.roomsOf, [epoch, DROP_CHUNK_ROOMS]);
      if (rows.length > 0) {
        const rooms = rows.map((row) => row.room);
        await this.client.query(this.sql.dropEntries, [rooms, epoch]);
        await this.client.query(this.sql.dropFeeds, [rooms, epoch]);
        return false;
      }
      await this.client.query(this.sql.forgetEpoch, [epoch]);
      return true;
    });
  }

  /**
   * Rows of every epoch whose JSON text holds a search text (`strpos`, no row
   * read otherwise); each is parsed, redacted and written back only if it
   * changed, its tags canonical again (two values may become one).
   */
  redact(redactions: readonly Redaction[]): Promise<RedactionResult> {
    try {
      checkedRedactions(redactions);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.run(async () => {
      if (redactions.length === 0) return { docs: 0, entries: [] };
      const search = searchTexts(redactions);
      const found = await this.client.query<{ epoch: number; collection: string; id: string; doc: string; tags: string }>(this.sql.docsHolding, [search]);
      let docs = 0;
      for (const row of found.rows) {
        const scoped = applicable(`${row.doc}${row.tags}`, redactions);
        const doc = redactJson(JSON.parse(row.doc) as unknown, scoped);
        const tags = redactJson(JSON.parse(row.tags) as Tags, scoped);
        if (!doc.changed && !tags.changed) continue;
        const json = doc.changed ? JSON.stringify(doc.value) : row.doc;
        await this.client.query(this.sql.rewriteDoc, [row.epoch, row.collection, row.id, json, tags.changed ? canonicalTags(tags.value) : row.tags]);
        docs++;
      }
      const held = await this.client.query<EntryRow & { id: string }>(this.sql.entriesHolding, [search]);
      const entries: FeedEntry[] = [];
      for (const row of held.rows) {
        const data = redactJson(JSON.parse(row.data) as unknown, applicable(row.data, redactions));
        if (!data.changed) continue;
        const json = JSON.stringify(data.value) ?? 'null';
        await this.client.query(this.sql.rewriteEntry, [row.id, json]);
        entries.push(toEntry({ ...row, data: json }));
      }
      return { docs, entries };
    });
  }

  assertLease(name: string, holder: string): Promise<void> {
    return this.run(async () => {
      const { rows } = await this.client.query<{ holder: string }>(this.sql.assertLease, [name]);
      if (rows[0]?.holder !== holder) {
        const lost = new LeaseLostError(name, holder);
        // Even if the work catches it, this transaction must not commit.
        this.failure ??= { error: lost };
        throw lost;
      }
    });
  }
}

/** A feed entry's position as a 64-bit integer, or a RangeError. */
function checkedPosition(raw: string): bigint {
  let position: bigint;
  try {
    position = BigInt(raw);
  } catch {
    throw new RangeError(`a feed entry position must be an integer, got ${JSON.stringify(raw)}`);
  }
  if (position < 0n || position > MAX_INT64) throw new RangeError(`feed entry position ${position} is out of range`);
  return position;
}

/** `{"tag": [values…]}` with sorted keys and sorted, deduplicated values (`null`/`undefined` tags left out). */
function canonicalTags(tags: Tags | undefined): string {
  const canonical: Record<string, string[]> = {};
  for (const tag of Object.keys(tags ?? {}).sort()) {
    const raw = tags?.[tag];
    if (raw === undefined || raw === null) continue;
    canonical[tag] = [...new Set((typeof raw === 'string' ? [raw] : raw).map(String))].sort();
  }
  return JSON.stringify(canonical);
}
