import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  type EventData,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  FORWARDS,
  jsonEvent,
  type JSONType,
  KurrentDBClient,
  NO_STREAM,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as KurrentRecordedEvent,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendOptions,
  PAGE,
  pageSize,
  type AppendResult,
  type AppendRules,
  encodeAppend as encodeCommon,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  matchesExpected,
  PartialDuplicateAppendError,
  type ReadAllFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (see the KurrentDB client's connection string options). */
  readonly connectionString: string;
  /**
   * How many event ids (all streams together) the duplicate check keeps in memory
   * between appends. Past it, the whole cache is dropped and streams are read again
   * on their next append. Default 100,000.
   */
  readonly idCacheSize?: number;
}

const SCAN_PAGE = 1000;
const DEFAULT_ID_CACHE_SIZE = 100_000;
/** Attempts of one append that keeps losing races against other processes before it gives up. */
const MAX_APPEND_ATTEMPTS = 50;

/** Event ids of one stream, as far as it was read. */
interface StreamIds {
  /** Revision of each event id seen in the stream. */
  readonly ids: Map<string, bigint>;
  /** Revisions below this one were read: the stream's last revision + 1 (0n: no stream). */
  next: bigint;
  /** How many of its ids `cachedIds` counts (0 while it is not in the cache). */
  counted: number;
}

/** An event validated and copied at `append` time (later mutations of the caller's objects do not matter). */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JSONType;
  readonly metadata: EventMetadata;
}

/**
 * The `EventStore` port on KurrentDB (formerly EventStoreDB), mapped one to one
 * (DESIGN §3): streams are KurrentDB streams, event ids are KurrentDB event ids,
 * revisions are stream revisions, and the global position is the commit position
 * of the event in `$all` (not contiguous: the port allows gaps).
 *
 * KurrentDB's own idempotency is best effort with `any` and does not see ids
 * anywhere else in the stream than where a retry would put them, so the
 * adapter checks ids itself: it keeps the ids of the streams it appends to
 * (read once, then only new events) and appends with the exact revision it read,
 * so no other writer can slip in between the check and the write.
 */
export class KurrentDbEventStore implements EventStore {
  private closed = false;
  /** Wakers of live subscriptions (to end them on close). */
  private readonly subscriptions = new Set<() => void>();
  /** Appends to the same stream from this process run one after the other. */
  private readonly streamLocks = new Map<string, Promise<unknown>>();
  /** Known ids per stream, least recently used first. */
  private readonly streamIds = new Map<string, StreamIds>();
  private cachedIds = 0;
  private readonly idCacheSize: number;

  private constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions,
  ) {
    this.idCacheSize = Math.max(0, options.idCacheSize ?? DEFAULT_ID_CACHE_SIZE);
  }

  /** Creates the client (it connects lazily, on the first call). */
  static connect(options: KurrentDbEventStoreOptions): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString), options);
  }

  // ── append ───────────────────────────────────────────────────────────────

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let encoded: EncodedEvent[];
    try {
      encoded = encodeAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.withStreamLock(stream, () => this.appendNow(stream, encoded, options.expectedRevision));
  }

  /**
   * Ids first (all known → the original result, some → partial duplicate), then
   * the expected revision, then a write with the exact revision the check saw.
   * A conflict from the server means another process wrote meanwhile: read the
   * new events and decide again.
   */
  private async appendNow(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let known = this.streamIds.get(stream);
    let fresh = false; // read up to the end of the stream during this call
    if (!known) {
      known = { ids: new Map(), next: 0n, counted: 0 };
      await this.scan(stream, known);
      fresh = true;
    }
    let wrote = false;
    for (let attempt = 1; ; attempt++) {
      const earlier = findEarlierAppend(stream, events, known.ids);
      if (earlier !== undefined) return { nextRevision: earlier, position: await this.positionAt(stream, earlier) };
      if (wrote) {
        throw new Error(`KurrentDB acknowledged an append to ${stream} whose events cannot be found where it said`);
      }
      const current = known.next === 0n ? undefined : known.next - 1n;
      if (!matchesExpected(expected, current)) {
        if (fresh) throw new WrongExpectedRevisionError(stream, expected, current);
        await this.scan(stream, known); // the cache may be behind another process's writes
        fresh = true;
        continue;
      }

      let acknowledged: { success: boolean; nextExpectedRevision: bigint };
      let conflict: WrongExpectedVersionError | undefined;
      try {
        acknowledged = await this.client.appendToStream(stream, events.map(toEventData), {
          streamState: current === undefined ? NO_STREAM : current,
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        conflict = error;
        acknowledged = { success: false, nextExpectedRevision: -1n };
      }
      if (acknowledged.success) {
        const last = events[events.length - 1] as EncodedEvent;
        const nextRevision = acknowledged.nextExpectedRevision;
        const written = await this.eventAt(stream, nextRevision);
        if (written && written.id === last.id && nextRevision === (current ?? -1n) + BigInt(events.length)) {
          events.forEach((event, i) => this.remember(known, event.id, nextRevision - BigInt(events.length - 1 - i)));
          known.next = nextRevision + 1n;
          this.keep(stream, known);
          return { nextRevision, position: positionOf(written) };
        }
        // E.g. the server answered a retry of these events written by another process meanwhile.
        wrote = true;
        await this.scan(stream, known);
        fresh = true;
        continue;
      }
      // A conflict: another process wrote since the ids were read. Read its events and decide again,
      // unless nothing new can be read (then the server's answer stands) or this keeps happening.
      const before = known.next;
      await this.scan(stream, known);
      fresh = true;
      if (known.next === before || attempt >= MAX_APPEND_ATTEMPTS) {
        throw conflict
          ? toWrongExpectedRevision(conflict, stream, expected)
          : new WrongExpectedRevisionError(stream, expected, await this.lastRevision(stream));
      }
    }
  }

  /** Reads the stream from `known.next` to its end, recording the ids. */
  private async scan(stream: string, known: StreamIds): Promise<void> {
    for (;;) {
      let count = 0;
      for (const event of await this.readStreamEvents(stream, known.next, FORWARDS, SCAN_PAGE)) {
        count++;
        this.remember(known, event.id, event.revision);
        if (event.revision >= known.next) known.next = event.revision + 1n;
      }
      if (count < SCAN_PAGE) break;
    }
    this.keep(stream, known);
  }

  private remember(known: StreamIds, id: string, revision: bigint): void {
    known.ids.set(id, revision);
  }

  /** Marks the stream's ids as recently used, and drops the cache when it grew too big. */
  private keep(stream: string, known: StreamIds): void {
    this.forget(stream);
    this.cachedIds += known.ids.size;
    known.counted = known.ids.size;
    this.streamIds.set(stream, known);
    if (this.cachedIds > this.idCacheSize) {
      for (const entry of this.streamIds.values()) entry.counted = 0;
      this.streamIds.clear();
      this.cachedIds = 0;
    }
  }

  private async withStreamLock<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        // A failed exchange (e.g. a timeout after the server wrote) may leave the cache behind: read again next time.
        if (!(error instanceof WrongExpectedRevisionError || error instanceof PartialDuplicateAppendError)) {
          this.forget(stream);
        }
        throw error;
      }
    };
    const mine = (this.streamLocks.get(stream) ?? Promise.resolve()).then(run, run);
    const settled = mine.catch(() => undefined);
    this.streamLocks.set(stream, settled);
    try {
      return await mine;
    } finally {
      if (this.streamLocks.get(stream) === settled) this.streamLocks.delete(stream);
    }
  }

  private forget(stream: string): void {
    const known = this.streamIds.get(stream);
    if (!known) return;
    this.cachedIds -= known.counted;
    known.counted = 0;
    this.streamIds.delete(stream);
  }

  private async positionAt(stream: string, revision: bigint): Promise<bigint> {
    const event = await this.eventAt(stream, revision);
    if (!event) throw new Error(`event ${revision} of stream ${stream} cannot be read back`);
    return positionOf(event);
  }

  private async eventAt(stream: string, revision: bigint): Promise<KurrentRecordedEvent | undefined> {
    const [event] = await this.readStreamEvents(stream, revision, FORWARDS, 1);
    return event && event.revision === revision ? event : undefined;
  }

  private async lastRevision(stream: string): Promise<bigint | undefined> {
    const [event] = await this.readStreamEvents(stream, END, BACKWARDS, 1);
    return event?.revision;
  }

  // ── reading ──────────────────────────────────────────────────────────────

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const limit = pageSize(options.limit, PAGE.default);
    const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
    let revision: ReadRevision;
    if (from === 'start') revision = START;
    else if (from === 'end') revision = END;
    else if (from < 0n) {
      if (direction === 'backwards') return [];
      revision = START;
    } else revision = from;
    const events = await this.readStreamEvents(stream, revision, direction === 'forwards' ? FORWARDS : BACKWARDS, limit);
    return events.map(toRecordedEvent);
  }

  /** One page of a stream from the client; an absent stream is an empty page. */
  private async readStreamEvents(
    stream: string,
    fromRevision: ReadRevision,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
  ): Promise<KurrentRecordedEvent[]> {
    const events: KurrentRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { fromRevision, direction, maxCount })) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * Reads `$all` forwards from `after` (KurrentDB reads from a position
   * inclusively: the event at `after` itself is skipped), filtered on the server
   * by one criterion and checked here against all of them, until `limit` events
   * matched or the log ends.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = pageSize(options.limit, PAGE.default);
    const found: RecordedEvent[] = [];
    let from = options.after ?? 0n;
    for (;;) {
      const request = limit - found.length + 1; // +1: the event at `from` comes back too
      let returned = 0;
      let last = from;
      for await (const resolved of this.client.readAll({
        fromPosition: toReadPosition(from),
        direction: FORWARDS,
        maxCount: request,
        filter: serverFilter(options.filter),
      })) {
        returned++;
        const event = resolved.event;
        if (!event) continue;
        const position = positionOf(event);
        if (position <= from) continue;
        last = position;
        if (!matchesFilter(event, options.filter)) continue;
        found.push(toRecordedEvent(event));
        if (found.length >= limit) return found;
      }
      if (returned < request || last <= from) return found;
      from = last;
    }
  }

  /** Commit position of the last non-system event of `$all` (0n when there is none). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    let from: ReadPosition = END;
    let previous: bigint | undefined;
    for (;;) {
      let returned = 0;
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        direction: BACKWARDS,
        maxCount: 64,
        filter: excludeSystemEvents(),
      })) {
        returned++;
        const event = resolved.event;
        if (!event) continue;
        const position = positionOf(event);
        if (previous !== undefined && position >= previous) continue;
        previous = position;
        if (!isSystemEvent(event)) return position;
      }
      if (returned < 64 || previous === undefined) return 0n;
      from = toReadPosition(previous);
    }
  }

  /**
   * A KurrentDB catch-up subscription to `$all` (it reads the past, then goes
   * live by itself), from `after` (exclusive), filtered on the server by one
   * criterion and here by all. At most `batchSize` events are buffered: past
   * that the subscription is paused (gRPC flow control holds the rest).
   */
  async *subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    if (this.closed || signal?.aborted) return;
    const batchSize = pageSize(options.batchSize, PAGE.subscriptionBatch);
    let after = options.after ?? 0n;
    const subscription = this.client.subscribeToAll(
      { fromPosition: toReadPosition(after), filter: serverFilter(filter) },
      { highWaterMark: batchSize },
    );
    const buffer: AllStreamResolvedEvent[] = [];
    let failure: unknown;
    let ended = false;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      buffer.push(resolved);
      if (buffer.length >= batchSize) subscription.pause();
      notify();
    });
    subscription.on('error', (error: Error) => {
      failure ??= error;
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });
    signal?.addEventListener('abort', notify);
    this.subscriptions.add(notify);
    try {
      for (;;) {
        if (this.closed || signal?.aborted) return;
        const resolved = buffer.shift();
        if (resolved) {
          if (subscription.isPaused() && buffer.length <= batchSize / 2) subscription.resume();
          const event = resolved.event;
          if (!event) continue;
          const position = positionOf(event);
          if (position <= after || !matchesFilter(event, filter)) continue;
          after = position;
          yield toRecordedEvent(event);
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) throw new Error('the KurrentDB subscription to $all ended');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', notify);
      this.subscriptions.delete(notify);
      subscription.removeAllListeners('data');
      subscription.on('error', () => undefined); // the cancellation may still report
      void subscription.unsubscribe().catch(() => undefined); // not awaited: aborting ends the iteration at once
    }
  }

  /** Ends the subscriptions and releases the client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of [...this.subscriptions]) wake();
    await Promise.allSettled([...this.streamLocks.values()]);
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

// ── mapping (pure, exported for the unit tests) ──────────────────────────────

function closedError(): Error {
  return new Error('the KurrentDB event store is closed');
}

/** `$all` read/subscription start for a port position: 0n is the start, any other an event's commit position. */
export function toReadPosition(after: bigint): ReadPosition {
  return after <= 0n ? START : { commit: after, prepare: after };
}

/** The port's single position: the commit position of the event in `$all`. */
export function positionOf(event: Pick<KurrentRecordedEvent, 'position' | 'id' | 'streamId'>): bigint {
  if (!event.position) {
    throw new Error(`KurrentDB returned event ${event.id} of ${event.streamId} without its position (server older than 22.6?)`);
  }
  return event.position.commit;
}

/** System events (`$`-prefixed types: `$metadata`, `$>` links, `$settings`, …) are not the port's. */
export function isSystemEvent(event: Pick<KurrentRecordedEvent, 'type'>): boolean {
  return event.type.startsWith('$');
}

export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  const metadata = event.metadata;
  return {
    id: event.id,
    stream: event.streamId,
    type: event.type,
    revision: event.revision,
    position: positionOf(event),
    data: event.data,
    metadata: (isPlainObject(metadata) ? metadata : {}) as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * KurrentDB filters `$all` on one criterion only (stream name or event type):
 * the stream prefixes when given, else the event types (as prefixes), else it
 * just leaves out system events. `matchesFilter` checks the whole filter.
 */
export function serverFilter(filter: ReadAllFilter | undefined): Filter {
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0) return streamNameFilter({ prefixes: [...prefixes] });
  const types = filter?.eventTypes ?? [];
  if (types.length > 0) return eventTypeFilter({ prefixes: [...types] });
  return excludeSystemEvents();
}

/** The port's filter, exactly: literal, case-sensitive stream prefixes; exact event types; no system events. */
export function matchesFilter(event: Pick<KurrentRecordedEvent, 'type' | 'streamId'>, filter: ReadAllFilter | undefined): boolean {
  if (isSystemEvent(event)) return false;
  const prefixes = filter?.streamPrefixes ?? [];
  if (prefixes.length > 0 && !prefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  const types = filter?.eventTypes ?? [];
  return types.length === 0 || types.includes(event.type);
}

/** The port's conflict for a KurrentDB `WrongExpectedVersionError` (its `no_stream` or a negative revision → `undefined`). */
export function toWrongExpectedRevision(
  error: WrongExpectedVersionError,
  stream: string,
  expected: ExpectedRevision,
): WrongExpectedRevisionError {
  const actual = typeof error.actualState === 'bigint' && error.actualState >= 0n ? error.actualState : undefined;
  return new WrongExpectedRevisionError(stream, expected, actual);
}

/**
 * The revision answering a retry when every id of the append is already in the
 * stream (the highest of theirs); `undefined` when none is. Some but not all:
 * `PartialDuplicateAppendError` naming them in the append's order.
 */
export function findEarlierAppend(
  stream: string,
  events: readonly { readonly id: string }[],
  known: ReadonlyMap<string, bigint>,
): bigint | undefined {
  let latest: bigint | undefined;
  const present: string[] = [];
  for (const event of events) {
    const revision = known.get(event.id);
    if (revision === undefined) continue;
    present.push(event.id);
    if (latest === undefined || revision > latest) latest = revision;
  }
  if (present.length > 0 && present.length < events.length) throw new PartialDuplicateAppendError(stream, present);
  return latest;
}

function toEventData(event: EncodedEvent): EventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata as Record<string, unknown> });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Validates an append and copies its events (through JSON); throws
 * `InvalidAppendError`. The port's rules (`encodeAppend` of `@catalyse/event-store`),
 * plus three of KurrentDB: ids are UUIDs (kept in lower case, as KurrentDB
 * answers them), and `$`-prefixed stream names and event types are reserved
 * for its system streams and events.
 */
export function encodeAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): EncodedEvent[] {
  return encodeCommon(stream, events, expected, KURRENTDB_RULES).map((event) => ({
    id: event.id,
    type: event.type,
    data: JSON.parse(event.data) as JSONType,
    metadata: JSON.parse(event.metadata) as EventMetadata,
  }));
}

const KURRENTDB_RULES: AppendRules = {
  stream: (stream, refuse) => {
    if (stream.startsWith('$')) refuse(`stream ${stream}: names starting with $ are KurrentDB system streams`);
  },
  id: (id, where, refuse) => {
    if (!UUID.test(id)) refuse(`${where}: KurrentDB event ids are UUIDs, got ${id}`);
    return id.toLowerCase(); // KurrentDB answers ids in lower case
  },
  type: (type, where, refuse) => {
    if (type.startsWith('$')) refuse(`${where}: types starting with $ are KurrentDB system events`);
  },
};

