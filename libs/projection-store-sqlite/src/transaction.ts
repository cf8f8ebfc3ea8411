import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import {
  checkedRedactions,
  type FeedUpdate,
  LeaseLostError,
  type ProjectionTx,
  type Redaction,
  type RedactionResult,
  applicable,
  redactJson,
  searchTexts,
} from '@catalyse/projections';
import { toEntry, type Writes } from './statements';

type Tags = Readonly<Record<string, string | readonly string[]>>;

/** Sorted keys, deduplicated sorted values: equal tags give equal strings. */
function canonicalTags(tags: Tags | undefined): { json: string; pairs: [string, string][] } {
  const pairs: [string, string][] = [];
  const canonical: Record<string, string[]> = {};
  for (const tag of Object.keys(tags ?? {}).sort()) {
    const raw = tags?.[tag];
    if (raw === undefined || raw === null) continue;
    const values = [...new Set((typeof raw === 'string' ? [raw] : raw).map(String))].sort();
    canonical[tag] = values;
    for (const value of values) pairs.push([tag, value]);
  }
  return { json: JSON.stringify(canonical), pairs };
}

/**
 * The projector's view inside one write transaction (`BEGIN IMMEDIATE`, on the
 * write connection): reads and writes of its epoch, synchronous statements
 * behind the port's promises. Dead once `end` was called (the transaction is over).
 */
export class SqliteProjectionTx implements ProjectionTx {
  private active = true;

  constructor(
    private readonly writes: Writes,
    readonly epoch: number,
    /** The current epoch when the transaction began (under the write lock: no one else switches it). */
    private current: number,
  ) {}

  end(): void {
    this.active = false;
  }

  private check(): void {
    if (!this.active) throw new Error('this projection transaction has ended');
  }

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.check();
    const row = this.writes.getDoc.get(this.epoch, collection, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async putDoc<T>(collection: string, id: string, doc: T, tags?: Tags): Promise<void> {
    this.check();
    const json = JSON.stringify(doc);
    if (json === undefined) throw new TypeError(`document ${collection}/${id} is not JSON`);
    const canonical = canonicalTags(tags);
    const previous = this.writes.getTags.get(this.epoch, collection, id)?.tags;
    this.writes.putDoc.run(this.epoch, collection, id, json, canonical.json);
    if (previous === canonical.json) return;
    this.writes.deleteTags.run(this.epoch, collection, id);
    for (const [tag, value] of canonical.pairs) this.writes.insertTag.run(this.epoch, collection, tag, value, id);
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    this.check();
    this.writes.deleteTags.run(this.epoch, collection, id);
    this.writes.deleteDoc.run(this.epoch, collection, id);
  }

  async appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    this.check();
    const seq = Number(this.writes.head.get(room, this.epoch)?.head ?? 0n) + 1;
    const position = BigInt(entry.position);
    const data = JSON.stringify(entry.data) ?? 'null';
    const { lastInsertRowid } = this.writes.insertEntry.run(room, this.epoch, seq, position, entry.at, entry.kind, data);
    this.writes.setHead.run(room, this.epoch, seq, BigInt(lastInsertRowid));
    return { room, epoch: this.epoch, seq, position: position.toString(), at: entry.at, kind: entry.kind, data: JSON.parse(data) as unknown };
  }

  async setCheckpoint(projector: string, position: bigint): Promise<void> {
    this.check();
    this.writes.setCheckpoint.run(projector, position);
  }

  async getCheckpoint(projector: string): Promise<bigint> {
    this.check();
    return this.writes.getCheckpoint.get(projector)?.position ?? 0n;
  }

  async deleteCheckpoint(projector: string): Promise<void> {
    this.check();
    this.writes.deleteCheckpoint.run(projector);
  }

  async switchEpoch(): Promise<readonly FeedUpdate[]> {
    this.check();
    const previous = this.current;
    if (this.epoch === previous) throw new RangeError(`epoch ${this.epoch} is already the current epoch`);
    this.writes.carryRooms.run(this.epoch, previous);
    // No row yet means no entry was ever appended, hence no feed to touch.
    const change = this.writes.drawChange.get()?.id ?? 0n;
    const updates = this.writes.touchFeeds.all(change, this.epoch).map(({ room, head }) => ({ room, epoch: this.epoch, head: Number(head) }));
    this.writes.setEpoch.run(this.epoch);
    this.writes.forgetEpoch.run(this.epoch);
    this.writes.noteEpoch.run(previous);
    this.current = this.epoch;
    return updates;
  }

  /**
   * Rows of every epoch whose JSON text holds a search text (`instr`, no row
   * read into JS otherwise); each is parsed, redacted and written back only if
   * it changed. A document's tag rows follow its canonical `tags` (as `putDoc`
   * keeps them): rewritten from the redacted tags.
   */
  async redact(redactions: readonly Redaction[]): Promise<RedactionResult> {
    this.check();
    checkedRedactions(redactions);
    if (redactions.length === 0) return { docs: 0, entries: [] };
    const search = JSON.stringify(searchTexts(redactions));
    let docs = 0;
    for (const row of this.writes.docsHolding.all(search)) {
      const scoped = applicable(`${row.doc}${row.tags}`, redactions);
      const doc = redactJson(JSON.parse(row.doc) as unknown, scoped);
      const tags = redactJson(JSON.parse(row.tags) as Tags, scoped);
      if (!doc.changed && !tags.changed) continue;
      const canonical = tags.changed ? canonicalTags(tags.value) : undefined;
      this.writes.rewriteDoc.run(doc.changed ? JSON.stringify(doc.value) : row.doc, canonical?.json ?? row.tags, row.epoch, row.collection, row.id);
      if (canonical) {
        this.writes.deleteTags.run(row.epoch, row.collection, row.id);
        for (const [tag, value] of canonical.pairs) this.writes.insertTag.run(row.epoch, row.collection, tag, value, row.id);
      }
      docs++;
    }
    const entries: FeedEntry[] = [];
    for (const row of this.writes.entriesHolding.all(search)) {
      const data = redactJson(JSON.parse(row.data) as unknown, applicable(row.data, redactions));
      if (!data.changed) continue;
      const json = JSON.stringify(data.value) ?? 'null';
      this.writes.rewriteEntry.run(json, row.id);
      entries.push(toEntry({ ...row, data: json }));
    }
    return { docs, entries };
  }

  async assertLease(name: string, holder: string): Promise<void> {
    this.check();
    // Inside BEGIN IMMEDIATE: no one can take the lease over before this transaction ends.
    if (this.writes.leaseHolder.get(name)?.holder !== holder) throw new LeaseLostError(name, holder);
  }
}
