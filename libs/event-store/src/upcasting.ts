/**
 * Schema evolution on read (docs/adr/0017-event-schema-evolution.md). Every
 * event carries the version of its data's shape (`metadata.schemaVersion`);
 * stored events are never rewritten. `UpcastingEventStore` brings each event
 * it reads to the version the code knows, on every read path (a stream, the
 * log, the subscriptions), for every engine, with the pure upcasters of a
 * registry (`EventSchemas`, the domain's `EVENT_SCHEMAS`).
 */
import type {
  AppendOptions,
  AppendResult,
  DataRewrite,
  EventMetadata,
  EventStore,
  EventToAppend,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from './event-store';

/** The registry of event schemas the upcasting store reads: pure lookups, no I/O. */
export interface EventSchemas {
  /** The version the code writes and reads of this type on this stream; `undefined` for a type it does not know (left as stored). */
  currentVersion(stream: string, type: string): number | undefined;
  /** The pure function from `version` to `version + 1` of this type's data, when there is one. */
  upcaster(stream: string, type: string, version: number): ((data: unknown) => unknown) | undefined;
}

/** Metadata the upcasting store adds to an event it read: the version it was stored at, when it was upcast. */
export const UPCAST_FROM = 'upcastFrom';
/** Metadata the upcasting store adds to an event it could not bring to the current version: why (the event is left as stored). */
export const UNREADABLE = 'unreadable';

/** Why an event cannot be brought to the current version of its type. */
export type UnreadableProblem =
  /** Written by a newer version of the code than this one (a rolling upgrade, a store shared with a newer process). */
  | 'newer'
  /** No upcaster from one of the versions on the way (a gap in the registry). */
  | 'no_upcaster'
  /** `schemaVersion` is not a whole number from 1. */
  | 'not_a_version'
  /** An upcaster threw on this data. */
  | 'upcaster_failed';

/** What reading did to one event. */
export type UpcastOutcome =
  /** Stored at the current version: read as it is. */
  | { readonly kind: 'current'; readonly version: number }
  /** Brought from the stored version to the current one. */
  | { readonly kind: 'upcast'; readonly from: number; readonly to: number }
  /** A type the registry does not know (another category, a foreign or retired type): read as it is. */
  | { readonly kind: 'unknown_type' }
  /** Left as stored, marked `metadata.unreadable`: readers leave it out, a command on its stream is refused. */
  | { readonly kind: 'unreadable'; readonly problem: UnreadableProblem; readonly stored: unknown; readonly current: number; readonly reason: string };

/**
 * The version an event was stored at: `metadata.schemaVersion`, or 1 when it
 * has none (every event was stamped, from the first one on; an event written
 * by hand without it reads as the first version). Anything else is returned
 * as it is, for the caller to refuse.
 */
export function storedSchemaVersion(metadata: EventMetadata | undefined): unknown {
  const version = metadata?.schemaVersion;
  return version === undefined || version === null ? 1 : version;
}

/**
 * One event brought to the current version of its type (pure): the chain of
 * upcasters from its stored version, `metadata.schemaVersion` set to the
 * current one and `metadata.upcastFrom` to the stored one. An event already
 * current, of an unknown type, or that cannot be upcast keeps its data; the
 * last one is marked `metadata.unreadable` with the reason. Positions,
 * revisions, ids, types and the rest of the metadata are never touched.
 */
export function upcastRecorded(event: RecordedEvent, schemas: EventSchemas): { readonly event: RecordedEvent; readonly outcome: UpcastOutcome } {
  const current = schemas.currentVersion(event.stream, event.type);
  if (current === undefined) return { event, outcome: { kind: 'unknown_type' } };
  const stored = storedSchemaVersion(event.metadata);
  if (stored === current) return { event, outcome: { kind: 'current', version: current } };
  const unreadable = (problem: UnreadableProblem, reason: string) => ({
    event: { ...event, metadata: { ...event.metadata, [UNREADABLE]: reason } },
    outcome: { kind: 'unreadable' as const, problem, stored, current, reason },
  });
  if (typeof stored !== 'number' || !Number.isInteger(stored) || stored < 1) {
    return unreadable('not_a_version', `${event.type} has schema version ${JSON.stringify(stored)}, not a version (a whole number from 1)`);
  }
  if (stored > current) {
    return unreadable('newer', `${event.type} is at schema version ${stored}, written by a newer version of Catalyse: this one reads up to version ${current}`);
  }
  let data = event.data;
  for (let version = stored; version < current; version++) {
    const upcaster = schemas.upcaster(event.stream, event.type, version);
    if (!upcaster) return unreadable('no_upcaster', `${event.type} has no upcaster from schema version ${version} to ${version + 1}`);
    try {
      data = upcaster(data);
    } catch (error) {
      return unreadable(
        'upcaster_failed',
        `${event.type}: the upcaster from schema version ${version} failed (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  return {
    event: { ...event, data, metadata: { ...event.metadata, schemaVersion: current, [UPCAST_FROM]: stored } },
    outcome: { kind: 'upcast', from: stored, to: current },
  };
}

/** Why the upcasting store could not bring this event to the version the code reads, or `undefined` when it could (or never tried). */
export function unreadableReason(event: { readonly metadata?: EventMetadata }): string | undefined {
  const reason = event.metadata?.[UNREADABLE];
  return typeof reason === 'string' ? reason : undefined;
}

/**
 * The event store whose reads come out at the current version of each event
 * type: a decorator of the port, for every engine. `readStream`, `readAll`
 * and `subscribeAll` upcast each event (`upcastRecorded`); an event it cannot
 * bring to the current version is delivered as stored, marked
 * `metadata.unreadable`, never dropped (positions and revisions stay
 * contiguous, a reader decides: read models leave it out and report it, the
 * command path refuses the stream). Appends, the head and `close` are the
 * inner store's. Filters on event types apply as they are: an upcaster keeps
 * the type.
 */
export class UpcastingEventStore implements EventStore {
  /**
   * The inner store's, when it has it (erasures). The data given is written as it is, at the version the event was
   * stored at: read it from `storedEvents(store)`, never from this store's upcast reads (the upcasters would run on
   * it again).
   */
  readonly rewriteData?: (rewrites: readonly DataRewrite[]) => Promise<void>;

  constructor(
    /** The store as it holds the events (what `storedEvents` gives back: exports as stored, `verify`). */
    readonly inner: EventStore,
    readonly schemas: EventSchemas,
  ) {
    const rewrite = inner.rewriteData;
    if (rewrite) this.rewriteData = (rewrites) => rewrite.call(inner, rewrites);
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(stream, events, options);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(stream, options)).map((event) => this.upcast(event));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((event) => this.upcast(event));
  }

  async *subscribeAll(options?: SubscribeAllOptions): AsyncIterable<RecordedEvent> {
    for await (const event of this.inner.subscribeAll(options)) yield this.upcast(event);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    return upcastRecorded(event, this.schemas).event;
  }
}

/** `store` whose reads are upcast with `schemas` (the one wrapping call of each composition). */
export function withUpcasting(store: EventStore, schemas: EventSchemas): EventStore {
  return new UpcastingEventStore(store, schemas);
}

/** The events as stored, without upcasting (exports as stored, `verify` counting the stored versions): the store under an upcasting one, else itself. */
export function storedEvents(store: EventStore): EventStore {
  return store instanceof UpcastingEventStore ? store.inner : store;
}
