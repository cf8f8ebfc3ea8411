import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import type { FeedUpdate } from './feed-notifier';

/**
 * The read side's storage port. The projector writes through `transaction`
 * (read-model changes, feed entries and the checkpoint commit together); the
 * api and the hub only read. Adapters: SQLite (`@catalyse/projection-store-sqlite`)
 * and PostgreSQL (`@catalyse/projection-store-postgres`); one contract suite for both.
 */
/** A page of `findDocs`. */
export interface DocsPage {
  readonly limit?: number;
  readonly offset?: number;
  /**
   * Ordered by a top-level text field of the documents (an ISO date or instant sorts in time order), compared byte
   * by byte, then by id; documents without it come last. `field` is an identifier (letters, digits, `_`): anything
   * else is a RangeError.
   */
  readonly order?: { readonly field: string; readonly descending?: boolean };
  /**
   * A budget on the page's size: the documents, in order, while the length of their JSON text as stored, added up,
   * stays within it (in characters: UTF-16 code units of SQLite's text, characters of PostgreSQL's `jsonb::text`), and
   * always the first one (a page is never empty while a document matches), so a page may hold fewer than `limit`. The
   * caller continues at `offset` + the documents it got. A positive integer (a RangeError otherwise).
   */
  readonly maxChars?: number;
  /**
   * Only these top-level fields of each document (identifiers, at least one; a RangeError otherwise): each document
   * comes as an object holding those of them it has, with their values as stored (a field it lacks stays absent; a
   * document that is not an object comes as `{}`). The store leaves the rest where it is: a list that shows a few
   * fields of large documents (a partnership board of megabytes) reads only those. `maxChars` then counts the
   * characters of these objects' JSON text as the store makes it (its spacing is the adapter's).
   */
  readonly fields?: readonly string[];
}

/** `DocsPage.fields`, checked: identifiers, at least one and at most 64, without repeats; or undefined. */
export function checkedFields(fields: DocsPage['fields']): readonly string[] | undefined {
  if (fields === undefined) return undefined;
  if (!Array.isArray(fields) || fields.length === 0 || fields.length > 64)
    throw new RangeError(`a page's fields are 1 to 64 field names (got ${JSON.stringify(fields)})`);
  for (const field of fields)
    if (typeof field !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(field))
      throw new RangeError(`a page's fields are identifiers (got ${JSON.stringify(field)})`);
  return [...new Set(fields)];
}

/** `DocsPage.maxChars`, checked: a positive integer, or undefined (a RangeError otherwise). */
export function checkedMaxChars(maxChars: number | undefined): number | undefined {
  if (maxChars === undefined) return undefined;
  if (!Number.isSafeInteger(maxChars) || maxChars < 1) throw new RangeError(`a page's maxChars is a positive integer (got ${String(maxChars)})`);
  return maxChars;
}

/** The field of a `DocsPage.order`, checked: an identifier (a RangeError otherwise). */
export function orderField(order: DocsPage['order']): string | undefined {
  if (order === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(order.field))
    throw new RangeError(`a document order names a field by its identifier (got ${JSON.stringify(order.field)})`);
  return order.field;
}

export interface ProjectionStore {
  /**
   * Runs `work` in one write transaction (committed when it resolves, rolled
   * back when it throws), after every transaction requested before it.
   * Transactions of all processes on the same data run one at a time.
   */
  transaction<T>(work: (tx: ProjectionTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  getCheckpoint(projector: string): Promise<bigint>;

  /**
   * Epochs: every document, feed and feed entry belongs to one. Readers only
   * ever see the current epoch; a rebuild writes the next one beside it
   * (`TransactionOptions.epoch`) and switches (`ProjectionTx.switchEpoch`).
   * `others` are the epochs holding data besides the current one: a rebuild
   * under way or abandoned, an old epoch not dropped yet.
   */
  epochs(): Promise<{ current: number; others: readonly number[] }>;
  /**
   * Deletes every document, feed and entry of an epoch that is not the current
   * one, in short transactions (the projector goes on between them). Throws a
   * RangeError for the current epoch. `signal` stops it between two of them
   * (throwing its reason): the rest stays, to be dropped by a later call.
   */
  dropEpoch(epoch: number, signal?: AbortSignal): Promise<void>;

  getDoc<T>(collection: string, id: string): Promise<T | undefined>;
  /**
   * Documents whose tags match every given filter (a tag may hold several values), ordered by id, or by
   * `page.order` then id; all of them unless `page.limit`; only `page.fields` of each when given.
   */
  findDocs<T>(collection: string, filter: Readonly<Record<string, string>>, page?: DocsPage): Promise<T[]>;
  /** How many documents `findDocs` would find with the same filter and no page (a list's `total`). */
  countDocs(collection: string, filter: Readonly<Record<string, string>>): Promise<number>;

  /** Current epoch and last seq of a room's feed (`{epoch: current, head: 0}` when it has no entry yet). */
  feedHead(room: RoomKey): Promise<{ epoch: number; head: number }>;
  /** Entries of the current epoch with `seq > afterSeq`, in seq order, at most `limit`. */
  readFeed(room: RoomKey, afterSeq: number, limit: number): Promise<FeedEntry[]>;
  /** The latest `limit` entries of the current epoch, in seq order. */
  readFeedTail(room: RoomKey, limit: number): Promise<FeedEntry[]>;
  /** The entry a given event produced in a room's feed, if projected yet. */
  findFeedEntryByPosition(room: RoomKey, position: bigint): Promise<FeedEntry | undefined>;
  /**
   * Rooms whose feeds changed after a change cursor, for cross-process
   * notification by polling. Returns the new cursor and each room's head.
   */
  feedChangesSince(cursor: number): Promise<{ cursor: number; changes: { room: RoomKey; epoch: number; head: number }[] }>;

  /**
   * Leadership among projector processes: one active, the others standby.
   * Takes or renews the lease `name` for `holder` until `ttlMs` from now (the
   * store's clock) when it is free, expired or already `holder`'s; answers
   * whether `holder` holds it. Safety does not rest on clocks: every projection
   * transaction fences with `ProjectionTx.assertLease`.
   */
  claimLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `holder` holds it (a clean stop: a standby takes over at once). */
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * Who holds the lease `name` (read only, for health checks): its holder and how long until it expires on the
   * store's clock (`expiresInMs`, negative once expired: the holder stopped renewing it), or undefined when no one
   * does (never claimed, or released by a clean stop).
   */
  readLease(name: string): Promise<LeaseState | undefined>;

  /**
   * Makes data rewritten by `ProjectionTx.redact` (and deleted data) unrecoverable
   * from the store's files; call it after the redacting transaction committed,
   * never inside a transaction (it is queued behind them). SQLite: every
   * connection has `secure_delete` on, so freed space is zeroed as it is
   * freed; this checkpoints the WAL with TRUNCATE, so no former page image
   * stays in the `-wal` file. PostgreSQL: a dump (`pg_dump`) only ever holds
   * committed rows, so it is clean once the transaction committed; this runs
   * `VACUUM (FULL)` on the documents and the feed entries so the table files
   * (and their TOAST) are rewritten without the dead row versions (it locks
   * those tables for its duration). Neither reaches copies outside the live
   * files: PostgreSQL's WAL segments and archives, old backups, replicas'
   * own WAL, or disk blocks the file system freed.
   * Throws on a read-only store.
   */
  compact(): Promise<void>;

  close(): Promise<void>;
}

/** A lease as `ProjectionStore.readLease` reads it. */
export interface LeaseState {
  readonly holder: string;
  /** Milliseconds until it expires, on the store's clock; negative once it has. */
  readonly expiresInMs: number;
}

/** The lease was taken over by another holder: this transaction must not commit. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly lease: string,
    readonly holder: string,
  ) {
    super(`${holder} no longer holds the lease ${lease}`);
  }
}

/** A former personal value to remove from every read model and feed (an erasure). */
export interface Redaction {
  /** The value as it was written (a name, a message's text…). Never empty. */
  readonly value: string;
  /** `exact`: a JSON string (or a tag value) equal to the value is replaced; `within`: every occurrence inside any string (a name inside a summary), in any case, Unicode form and spacing between its words (`redaction/match-name.ts`). */
  readonly match: 'exact' | 'within';
  /** What it becomes, e.g. '[effacé]'. It must not contain any of the values redacted with it. */
  readonly replacement: string;
  /**
   * Only in a document (its JSON and tags together) or a feed entry that also holds
   * this string value (the person's id): a short free text such as a reason is
   * theirs only beside their id, elsewhere it may be someone else's identical words.
   */
  readonly onlyBeside?: string;
  /**
   * `exact` only: a string replaced only as the value of a property of one of these names (the fields the value
   * was the person's in: `name`, `text`, `reason`…), or an item of an array that is. Never an id, a title or another
   * field that happens to be equal (« p1 » as a name must not rewrite the partnership `p1`'s id).
   */
  readonly fields?: readonly string[];
  /**
   * `within` only: inside the value of a `name` or `organisation` property (someone else's or an organisation's
   * name: « Anne Marie Martin », « Silver Geek ») only in a record that also holds this id (the person's own
   * records); inside every other text (messages, titles, summaries, decisions) wherever it is.
   */
  readonly namesBeside?: string;
}

/** What `ProjectionTx.redact` rewrote. */
export interface RedactionResult {
  /** Documents rewritten, every epoch together. */
  readonly docs: number;
  /** Feed entries rewritten (as they read now), every epoch, in (room, epoch, seq) order. */
  readonly entries: readonly FeedEntry[];
}

export interface TransactionOptions {
  /**
   * Writes documents and feed entries into this epoch instead of the current
   * one (a rebuild beside the live read models). Must not be older than the
   * current epoch: RangeError.
   */
  readonly epoch?: number;
}

/** A document for `ProjectionTx.putDocs`. */
export interface DocWrite {
  readonly collection: string;
  readonly id: string;
  readonly doc: unknown;
  readonly tags?: Readonly<Record<string, string | readonly string[]>>;
}

/** A feed entry for `ProjectionTx.appendFeedEntries`: its room, without the epoch and seq it is given. */
export type EntryWrite = Omit<FeedEntry, 'epoch' | 'seq'>;

/**
 * Documents, feeds and checkpoints inside a transaction, in the transaction's epoch.
 * The plural methods (`getDocs`, `putDocs`, `appendFeedEntries`) do what the
 * singular ones do, for many rows in a few statements: the projector folds a
 * batch with them (one round trip per collection read, one for every write),
 * which is what makes a replay run near the speed of reading the log.
 */
export interface ProjectionTx {
  /** The epoch this transaction reads and writes documents and feeds in. */
  readonly epoch: number;
  getDoc<T>(collection: string, id: string): Promise<T | undefined>;
  /** The documents of a collection with these ids that exist, by id (ids may repeat). */
  getDocs<T>(collection: string, ids: readonly string[]): Promise<Map<string, T>>;
  /** Upserts a document; `tags` are the values it can be found by (replaced on each put). */
  putDoc<T>(collection: string, id: string, doc: T, tags?: Readonly<Record<string, string | readonly string[]>>): Promise<void>;
  /** Upserts several documents, as many `putDoc`s; a key given twice keeps its last document. */
  putDocs(docs: readonly DocWrite[]): Promise<void>;
  deleteDoc(collection: string, id: string): Promise<void>;
  /** Appends to the current epoch of a room's feed, with the next contiguous seq. */
  appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry>;
  /** Appends entries in order, as many `appendFeedEntry`s; answers the head of every room they went to, after them. */
  appendFeedEntries(entries: readonly EntryWrite[]): Promise<readonly FeedUpdate[]>;
  setCheckpoint(projector: string, position: bigint): Promise<void>;
  getCheckpoint(projector: string): Promise<bigint>;
  deleteCheckpoint(projector: string): Promise<void>;
  /**
   * Makes this transaction's epoch (a newer one) current when it commits:
   * readers switch to its documents and feeds at once. Every room with a feed
   * in the previous epoch gets one in the new epoch too (head 0 when empty),
   * and all of them count as changed for `feedChangesSince`. Returns each
   * room's head in the new epoch, for the notifier (hubs reset those rooms).
   */
  switchEpoch(): Promise<readonly FeedUpdate[]>;
  /** Fencing: throws `LeaseLostError` unless `holder` holds `name` now, inside this transaction (a deposed leader commits nothing). */
  assertLease(name: string, holder: string): Promise<void>;
  /**
   * An erasure: rewrites every document (its JSON and its tag values) and
   * every feed entry of every epoch (the current one, a rebuild under way, an
   * old one not dropped yet: not only this transaction's) holding one of the
   * values. Keys of objects are left alone (only string values), and so are
   * collections, ids, rooms and tag names. Each string goes through the
   * redactions in order (`redactJson` of `@catalyse/projections`). A rewritten
   * feed entry keeps its room, epoch, seq, position, at and kind: only `data`
   * changes, and the change cursor (`feedChangesSince`) does not move for it
   * (the caller appends an entry telling clients, if they must know). Committed
   * or rolled back with the transaction; `ProjectionStore.compact` afterwards
   * clears the former bytes from the files. Throws a RangeError (before any
   * write) for an empty value or a replacement holding one of the values.
   */
  redact(redactions: readonly Redaction[]): Promise<RedactionResult>;
}

/** Dependency-injection token of the `ProjectionStore` port. */
export const PROJECTION_STORE = 'catalyse.ProjectionStore';
