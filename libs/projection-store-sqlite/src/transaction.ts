import { setImmediate as nextTurn } from 'node:timers/promises';
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
import { ENTRY_ROWS, toEntry, type Writes } from './statements';

type Tags = Readonly<Record<string, string | readonly string[]>>;

const docKey = (collection: string, id: string): string => `${collection}\u0000${id}`;

/** Rows rewritten by an erasure between two turns of the event loop (the store writes on it). */
const REDACT_YIELD_EVERY = 500;
/**
 * Rows an erasure searches between two turns of the event loop: 5,000 feed entries of ~800 bytes took 29–39 ms on
 * the 2-core VM under load (the whole 600,000 in one statement: 1.0–1.5 s, the process answering nothing).
 */
export const REDACT_SCAN_ROWS = 5000;

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
  /** The stored tags (canonical JSON) of documents this transaction read or wrote; `null`: it read that there is no such document. */
  private readonly storedTags = new Map<string, string | null>();

  constructor(
    private readonly writes: Writes,
    readonly epoch: number,
    /** The current epoch when the transaction began (under the write lock: no one else switches it). */
    private current: number,
    /** Rows an erasure searches at a time (`REDACT_SCAN_ROWS`). */
    private readonly scanRows: number = REDACT_SCAN_ROWS,
  ) {}

  end(): void {
    this.active = false;
  }

  private check(): void {
    if (!this.active) throw new Error('this projection transaction has ended');
  }

  async getDoc<T>(collection: string, id: string): Promise<T | undefined> {
    this.check();
    return this.readDoc<T>(collection, id);
  }

  async getDocs<T>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    this.check();
    const found = new Map<string, T>();
    for (const id of ids) {
      if (found.has(id)) continue;
      const doc = this.readDoc<T>(collection, id);
      if (doc !== undefined) found.set(id, doc);
    }
    return found;
  }

  async putDoc<T>(collection: string, id: string, doc: T, tags?: Tags): Promise<void> {
    this.check();
    this.writeDoc(collection, id, doc, tags);
  }

  async putDocs(docs: readonly DocWrite[]): Promise<void> {
    this.check();
    for (const { collection, id, doc, tags } of docs) this.writeDoc(collection, id, doc, tags);
  }

  async deleteDoc(collection: string, id: string): Promise<void> {
    this.check();
    this.writes.deleteTags.run(this.epoch, collection, id);
    this.writes.deleteDoc.run(this.epoch, collection, id);
    this.storedTags.delete(docKey(collection, id));
  }

  async appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry> {
    this.check();
    const [update] = this.writeEntries([{ ...entry, room }]);
    const data = JSON.stringify(entry.data) ?? 'null';
    return {
      room,
      epoch: this.epoch,
      seq: update?.head ?? 0,
      position: BigInt(entry.position).toString(),
      at: entry.at,
      kind: entry.kind,
      data: JSON.parse(data) as unknown,
    };
  }

  async appendFeedEntries(entries: readonly EntryWrite[]): Promise<readonly FeedUpdate[]> {
    this.check();
    return this.writeEntries(entries);
  }

  /** The document, and its stored tags remembered so that a put keeping them skips the tag rows. */
  private readDoc<T>(collection: string, id: string): T | undefined {
    const row = this.writes.getDoc.get(this.epoch, collection, id);
    if (!row) {
      // A replay reads, then writes, every new document: its put need not look for tags it knows are not there.
      this.storedTags.set(docKey(collection, id), null);
      return undefined;
    }
    this.storedTags.set(docKey(collection, id), row.tags);
    return JSON.parse(row.doc) as T;
  }

  private writeDoc(collection: string, id: string, doc: unknown, tags: Tags | undefined): void {
    const json = JSON.stringify(doc);
    if (json === undefined) throw new TypeError(`document ${collection}/${id} is not JSON`);
    const canonical = canonicalTags(tags);
    const key = docKey(collection, id);
    const stored = this.storedTags.get(key);
    const previous = stored === undefined ? this.writes.getTags.get(this.epoch, collection, id)?.tags : (stored ?? undefined);
    this.writes.putDoc.run(this.epoch, collection, id, json, canonical.json);
    this.storedTags.set(key, canonical.json);
    if (previous === canonical.json) return;
    this.writes.deleteTags.run(this.epoch, collection, id);
    for (const [tag, value] of canonical.pairs) this.writes.insertTag.run(this.epoch, collection, tag, value, id);
  }

  /**
   * Each room's head read once, each entry given the next seq, the entries
   * inserted ENTRY_ROWS at a time (their ids follow each other: AUTOINCREMENT
   * in statement order), each room's head and last change written once.
   */
  private writeEntries(entries: readonly EntryWrite[]): FeedUpdate[] {
    const heads = new Map<string, { seq: number; change: bigint }>();
    /** Per entry, its room's head record, to give it the id its row got. */
    const owners: { seq: number; change: bigint }[] = [];
    let params: (string | number | bigint)[] = [];
    const insert = (): void => {
      const rows = params.length / 7;
      if (rows === 0) return;
      let id: bigint;
      if (rows === ENTRY_ROWS) id = BigInt(this.writes.insertEntries.run(...params).lastInsertRowid);
      else {
        id = 0n;
        for (let i = 0; i < params.length; i += 7) {
          const [room, epoch, seq, position, at, kind, data] = params.slice(i, i + 7) as [string, number, number, bigint, string, string, string];
          id = BigInt(this.writes.insertEntry.run(room, epoch, seq, position, at, kind, data).lastInsertRowid);
        }
      }
      // The rows of one statement got consecutive ids, the last one `id`.
      const first = owners.length - rows;
      for (let i = 0; i < rows; i++) {
        const owner = owners[first + i];
        if (owner) owner.change = id - BigInt(rows - 1 - i);
      }
      params = [];
    };
    for (const entry of entries) {
      let head = heads.get(entry.room);
      if (!head) {
        head = { seq: Number(this.writes.head.get(entry.room, this.epoch)?.head ?? 0n), change: 0n };
        heads.set(entry.room, head);
      }
      head.seq++;
      params.push(entry.room, this.epoch, head.seq, BigInt(entry.position), entry.at, entry.kind, JSON.stringify(entry.data) ?? 'null');
      owners.push(head);
      if (params.length === ENTRY_ROWS * 7) insert();
    }
    insert();
    const updates: FeedUpdate[] = [];
    for (const [room, head] of heads) {
      this.writes.setHead.run(room, this.epoch, head.seq, head.change);
      updates.push({ room: room as RoomKey, epoch: this.epoch, head: head.seq });
    }
    return updates;
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
   * Rows of every epoch whose JSON text holds a search text (`instr`, a row's text read into JS only when it holds
   * one), `scanRows` rows searched at a time with a turn of the event loop between two chunks, and one every few
   * hundred rows rewritten: an erasure on a file of millions of rows never holds the process for the whole scan.
   * Each row found is parsed, redacted and written back only if it changed. A document's tag rows follow its
   * canonical `tags` (as `putDoc` keeps them): rewritten from the redacted tags.
   */
  async redact(redactions: readonly Redaction[]): Promise<RedactionResult> {
    this.check();
    checkedRedactions(redactions);
    if (redactions.length === 0) return { docs: 0, entries: [] };
    this.storedTags.clear();
    const search = JSON.stringify(searchTexts(redactions));
    const docs = await this.redactDocs(search, redactions);
    const entries = await this.redactEntries(search, redactions);
    return { docs, entries };
  }

  private async redactDocs(search: string, redactions: readonly Redaction[]): Promise<number> {
    let rewritten = 0;
    let after: { epoch: bigint | number; collection: string; id: string } = { epoch: 0, collection: '', id: '' };
    for (;;) {
      const chunk = this.writes.docsChunk.all(search, after.epoch, after.collection, after.id, this.scanRows);
      for (const key of chunk) {
        if (!key.held) continue;
        const row = this.writes.getDoc.get(Number(key.epoch), key.collection, key.id);
        if (row && this.redactDoc(key, row, redactions) && ++rewritten % REDACT_YIELD_EVERY === 0) await nextTurn();
      }
      const last = chunk.at(-1);
      if (!last || chunk.length < this.scanRows) return rewritten;
      after = last;
      await nextTurn();
    }
  }

  /** Whether the document changed (then written back, with its tag rows). */
  private redactDoc(key: { epoch: bigint; collection: string; id: string }, row: { doc: string; tags: string }, redactions: readonly Redaction[]): boolean {
    const scoped = applicable(`${row.doc}${row.tags}`, redactions);
    const doc = redactJson(JSON.parse(row.doc) as unknown, scoped);
    const tags = redactJson(JSON.parse(row.tags) as Tags, scoped);
    if (!doc.changed && !tags.changed) return false;
    const canonical = tags.changed ? canonicalTags(tags.value) : undefined;
    this.writes.rewriteDoc.run(doc.changed ? JSON.stringify(doc.value) : row.doc, canonical?.json ?? row.tags, key.epoch, key.collection, key.id);
    if (canonical) {
      this.writes.deleteTags.run(key.epoch, key.collection, key.id);
      for (const [tag, value] of canonical.pairs) this.writes.insertTag.run(key.epoch, key.collection, tag, value, key.id);
    }
    return true;
  }

  /** The entries rewritten, by room, epoch and seq. */
  private async redactEntries(search: string, redactions: readonly Redaction[]): Promise<FeedEntry[]> {
    const entries: FeedEntry[] = [];
    const last = this.writes.lastEntryId.get() ?? 0n;
    const step = BigInt(this.scanRows);
    for (let from = 0n; from < last; from += step) {
      if (from > 0n) await nextTurn();
      for (const row of this.writes.entriesHolding.all(from, from + step, search)) {
        const data = redactJson(JSON.parse(row.data) as unknown, applicable(row.data, redactions));
        if (!data.changed) continue;
        const json = JSON.stringify(data.value) ?? 'null';
        this.writes.rewriteEntry.run(json, row.id);
        entries.push(toEntry({ ...row, data: json }));
        if (entries.length % REDACT_YIELD_EVERY === 0) await nextTurn();
      }
    }
    return entries.sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : a.epoch - b.epoch || a.seq - b.seq));
  }

  async assertLease(name: string, holder: string): Promise<void> {
    this.check();
    // Inside BEGIN IMMEDIATE: no one can take the lease over before this transaction ends.
    if (this.writes.leaseHolder.get(name)?.holder !== holder) throw new LeaseLostError(name, holder);
  }
}
