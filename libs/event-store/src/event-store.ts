/**
 * The event store port (docs/architecture.md §3). Owned by the project; every adapter
 * (SQLite, PostgreSQL, KurrentDB) implements it and passes the contract suite
 * in `./testing`.
 */

/** Expected revision of a stream when appending. Revisions start at 0 for the first event. */
export type ExpectedRevision = bigint | 'no_stream' | 'stream_exists' | 'any';

export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: string;
  /** ISO-8601 time at which the fact happened (given by the command, not read from a clock here). */
  readonly occurredAt: string;
  readonly schemaVersion: number;
  /** Adapters keep any extra keys as they are (e.g. `idempotencyKey`). */
  readonly [extra: string]: unknown;
}

/** An event as proposed for appending. */
export interface EventToAppend<Type extends string = string, Data = unknown> {
  /** Unique id (UUID). Appending the same id to the same stream twice writes it once. */
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as stored. */
export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly stream: string;
  readonly type: Type;
  /** 0-based index of the event within its stream. */
  readonly revision: bigint;
  /** Position in the global ordered log (`$all`), strictly increasing, not necessarily contiguous. */
  readonly position: bigint;
  readonly data: Data;
  readonly metadata: EventMetadata;
  /** ISO-8601 time at which the store recorded the event. */
  readonly recordedAt: string;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextRevision: bigint;
  /** Global position of the last event written (or already present, for an idempotent retry). */
  readonly position: bigint;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default: start (forwards) or end (backwards). */
  readonly from?: bigint | 'start' | 'end';
  readonly direction?: ReadDirection;
  /** Page size. Default 1000, adapters cap it. */
  readonly limit?: number;
}

export interface ReadAllFilter {
  /** Only streams whose name starts with one of these prefixes. */
  readonly streamPrefixes?: readonly string[];
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Read events whose position is strictly greater than this one. Default 0n (everything). */
  readonly after?: bigint;
  readonly limit?: number;
  readonly filter?: ReadAllFilter;
}

export interface SubscribeAllOptions {
  /** Deliver events strictly after this position (the consumer's checkpoint). Default 0n. */
  readonly after?: bigint;
  readonly filter?: ReadAllFilter;
  /** Catch-up page size. */
  readonly batchSize?: number;
  /** Aborting ends the iteration cleanly. */
  readonly signal?: AbortSignal;
}

/** One event's new data, for `EventStore.rewriteData`. */
export interface DataRewrite {
  /** The event as it was read: its position names the row, its id must match it (else nothing is written). */
  readonly event: Pick<RecordedEvent, 'id' | 'stream' | 'type' | 'position'>;
  /** The whole new data, as the store's readers will read it. */
  readonly data: unknown;
}

export interface EventStore {
  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** One page of a stream. An absent stream reads as an empty page. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** One page of the global log, in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live: yields every event after `after`, in position order, forever (until aborted). */
  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<RecordedEvent>;
  /** Position of the last event in the log (0n when empty). */
  headPosition(): Promise<bigint>;
  /**
   * ERASURE ONLY (docs/adr/0006-personal-data.md): replaces these events' data in place, all or none (one
   * transaction), and leaves no copy of the former data in the store's files where the engine can promise it.
   * Ids, streams, types, positions, revisions, metadata and recording times are unchanged, and no subscription is
   * told (a reader that already read an event keeps what it read). Throws, writing nothing, when an event is absent
   * or its id is not the one at its position. Absent on an engine that cannot rewrite its log (KurrentDB).
   * Never for anything else: the log is otherwise append-only.
   */
  rewriteData?(rewrites: readonly DataRewrite[]): Promise<void>;
  close(): Promise<void>;
}

/** Folds a whole stream page by page, never holding more than a page of events. */
export async function* readWholeStream(store: EventStore, stream: string, pageSize = 500): AsyncGenerator<RecordedEvent> {
  let from: bigint = 0n;
  for (;;) {
    const page = await store.readStream(stream, { from, direction: 'forwards', limit: pageSize });
    for (const event of page) yield event;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    if (!last) return;
    from = last.revision + 1n;
  }
}

export interface ReadAllEventsOptions {
  /** Start strictly after this position. Default 0n. */
  readonly after?: bigint;
  readonly filter?: ReadAllFilter;
  readonly pageSize?: number;
}

/**
 * Reads the global log from `after` up to its current end, page by page
 * (exports, verification, rebuilds). Unlike `subscribeAll` it ends.
 */
export async function* readAllEvents(store: EventStore, options: ReadAllEventsOptions = {}): AsyncGenerator<RecordedEvent> {
  const pageSize = options.pageSize ?? 1000;
  let after = options.after ?? 0n;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize, ...(options.filter ? { filter: options.filter } : {}) });
    for (const event of page) yield event;
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) return;
    after = last.position;
  }
}
