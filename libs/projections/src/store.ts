import type { FeedEntry, RoomKey } from '@catalyse/protocol';

/**
 * The read side's storage port. The projector writes through `transaction`
 * (read-model changes, feed entries and the checkpoint commit together); the
 * api and the hub only read. Adapters: SQLite (`@catalyse/projection-store-sqlite`),
 * PostgreSQL later; one contract suite for both.
 */
export interface ProjectionStore {
  transaction<T>(work: (tx: ProjectionTx) => Promise<T>): Promise<T>;
  getCheckpoint(projector: string): Promise<bigint>;

  getDoc<T>(collection: string, id: string): Promise<T | undefined>;
  /** Documents whose tags match every given filter (a tag may hold several values), ordered by id; all of them unless `page.limit`. */
  findDocs<T>(collection: string, filter: Readonly<Record<string, string>>, page?: { limit?: number; offset?: number }): Promise<T[]>;

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

  close(): Promise<void>;
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

export interface ProjectionTx {
  getDoc<T>(collection: string, id: string): Promise<T | undefined>;
  /** Upserts a document; `tags` are the values it can be found by (replaced on each put). */
  putDoc<T>(collection: string, id: string, doc: T, tags?: Readonly<Record<string, string | readonly string[]>>): Promise<void>;
  deleteDoc(collection: string, id: string): Promise<void>;
  /** Appends to the current epoch of a room's feed, with the next contiguous seq. */
  appendFeedEntry(room: RoomKey, entry: Omit<FeedEntry, 'room' | 'epoch' | 'seq'>): Promise<FeedEntry>;
  setCheckpoint(projector: string, position: bigint): Promise<void>;
  /** Fencing: throws `LeaseLostError` unless `holder` holds `name` now, inside this transaction (a deposed leader commits nothing). */
  assertLease(name: string, holder: string): Promise<void>;
}

/** Dependency-injection token of the `ProjectionStore` port. */
export const PROJECTION_STORE = 'catalyse.ProjectionStore';
