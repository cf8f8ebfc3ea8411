/**
 * The port ↔ KurrentDB mapping: positions, recorded events, filters, conflicts,
 * duplicate ids, validation. Pure (no client call), exported for the unit tests.
 */
import {
  eventTypeFilter,
  type EventData,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  type JSONType,
  type ReadPosition,
  type RecordedEvent as KurrentRecordedEvent,
  START,
  streamNameFilter,
  type WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendRules,
  encodeAppend as encodeCommon,
  type EventMetadata,
  type EventToAppend,
  type ExpectedRevision,
  PartialDuplicateAppendError,
  type ReadAllFilter,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';

/** An event validated and copied at `append` time (later mutations of the caller's objects do not matter). */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JSONType;
  readonly metadata: EventMetadata;
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
export function toWrongExpectedRevision(error: WrongExpectedVersionError, stream: string, expected: ExpectedRevision): WrongExpectedRevisionError {
  const actual = typeof error.actualState === 'bigint' && error.actualState >= 0n ? error.actualState : undefined;
  return new WrongExpectedRevisionError(stream, expected, actual);
}

/**
 * The revision answering a retry when every id of the append is already in the
 * stream (the highest of theirs); `undefined` when none is. Some but not all:
 * `PartialDuplicateAppendError` naming them in the append's order.
 */
export function findEarlierAppend(stream: string, events: readonly { readonly id: string }[], known: ReadonlyMap<string, bigint>): bigint | undefined {
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

export function toEventData(event: EncodedEvent): EventData {
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
    if (!UUID.test(id)) refuse(`${where()}: KurrentDB event ids are UUIDs, got ${id}`);
    return id.toLowerCase(); // KurrentDB answers ids in lower case
  },
  type: (type, where, refuse) => {
    if (type.startsWith('$')) refuse(`${where()}: types starting with $ are KurrentDB system events`);
  },
};
