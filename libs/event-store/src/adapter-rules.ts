/**
 * What every adapter of the port applies the same way: append validation and
 * encoding, expected-revision matching, page sizes. One place, so that the
 * adapters cannot drift apart (the contract suite checks the behaviour).
 */
import { InvalidAppendError } from './errors';
import type { DataRewrite, EventToAppend, ExpectedRevision, ReadStreamOptions } from './event-store';

/** An append's event, validated and serialised at `append` time (later mutations of the caller's objects do not matter). */
export interface EncodedEvent {
  readonly id: string;
  readonly type: string;
  /** JSON text. */
  readonly data: string;
  /** JSON text of the `EventMetadata`. */
  readonly metadata: string;
}

/** A rewrite of an event's data (erasure), serialised before the adapter's transaction: an unserialisable value writes nothing. */
export interface EncodedRewrite {
  readonly position: bigint;
  readonly id: string;
  /** JSON text of the new data. */
  readonly json: string;
}

export function encodeRewrites(rewrites: readonly DataRewrite[]): EncodedRewrite[] {
  return rewrites.map(({ event, data }) => {
    const json = JSON.stringify(data);
    if (typeof json !== 'string') throw new TypeError(`the new data of the event at position ${event.position} is not JSON`);
    return { position: event.position, id: event.id, json };
  });
}

/** Adapter-specific rules on top of the common ones (each throws `InvalidAppendError` through `refuse`). */
export interface AppendRules {
  /** e.g. KurrentDB reserves `$` names; PostgreSQL text cannot hold NUL. */
  readonly stream?: (stream: string, refuse: (message: string) => never) => void;
  /** Returns the id as stored (e.g. lower-cased UUIDs for KurrentDB). `where()` names the event, for messages. */
  readonly id?: (id: string, where: () => string, refuse: (message: string) => never) => string;
  readonly type?: (type: string, where: () => string, refuse: (message: string) => never) => void;
  /** Highest explicit expected revision the engine can hold (default: unbounded). */
  readonly maxRevision?: bigint;
}

const NAMED_EXPECTATIONS: ReadonlySet<unknown> = new Set(['any', 'no_stream', 'stream_exists']);

const refuse = (message: string): never => {
  throw new InvalidAppendError(message);
};

/**
 * The validation every adapter applies to an append (the port's rules): a
 * non-empty stream name, a valid expected revision, at least one event, each
 * with an id (not repeated), a type and metadata, data and metadata that are
 * JSON. Serialises data and metadata. Throws `InvalidAppendError`. Kept cheap:
 * no message is built unless it is thrown.
 */
export function encodeAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision, rules: AppendRules = {}): EncodedEvent[] {
  if (typeof stream !== 'string' || stream.length === 0) refuse('the stream name must be a non-empty string');
  rules.stream?.(stream, refuse);
  const badRevision =
    typeof expected === 'bigint' ? expected < 0n || (rules.maxRevision !== undefined && expected > rules.maxRevision) : !NAMED_EXPECTATIONS.has(expected);
  if (badRevision) refuse(`invalid expected revision ${String(expected)} for stream ${stream}`);
  if (!Array.isArray(events) || events.length === 0) refuse(`no events to append to stream ${stream}`);
  const ids = events.length > 1 ? new Set<string>() : undefined;
  const encoded: EncodedEvent[] = new Array<EncodedEvent>(events.length);
  // Allocated only when a rule needs to name the event (no closure per event on the common path).
  let index = 0;
  const where = (): string => `event ${index} of the append to ${stream}`;
  for (; index < events.length; index++) {
    const event = events[index] as EventToAppend;
    if (typeof event.id !== 'string' || event.id.length === 0) refuse(`${where()} has no id`);
    const id = rules.id ? rules.id(event.id, where, refuse) : event.id;
    if (ids) {
      if (ids.has(id)) refuse(`${where()} repeats the id ${event.id}`);
      ids.add(id);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) refuse(`${where()} has no type`);
    rules.type?.(event.type, where, refuse);
    if (typeof event.metadata !== 'object' || event.metadata === null) refuse(`${where()} has no metadata`);
    encoded[index] = { id, type: event.type, data: toJson(event.data, where, 'data'), metadata: toJson(event.metadata, where, 'metadata') };
  }
  return encoded;
}

/** Whether a stream at `current` (undefined: no stream) meets an expected revision. */
export function matchesExpected(expected: ExpectedRevision, current: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}

function toJson(value: unknown, where: () => string, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidAppendError(`${where()}: ${field} is not serialisable as JSON (${(cause as Error).message})`, { cause });
  }
  if (json === undefined) refuse(`${where()}: ${field} is not serialisable as JSON`);
  return json as string;
}

/** Page sizes of reads (`limit`) and subscription batches. */
export const PAGE = { default: 1000, max: 10_000, subscriptionBatch: 500 } as const;
export const MAX_INT64 = 2n ** 63n - 1n;

/** A caller's page size, checked and capped at `PAGE.max`; `fallback` when none is given. */
export function pageSize(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a page size must be a positive integer, got ${limit}`);
  return Math.min(limit, PAGE.max);
}

export function clampInt64(value: bigint): bigint {
  return value > MAX_INT64 ? MAX_INT64 : value < -MAX_INT64 ? -MAX_INT64 : value;
}

/** `readStream`'s direction and first revision, with the port's defaults (start forwards, end backwards). */
export function streamReadStart(options: ReadStreamOptions): { readonly direction: 'forwards' | 'backwards'; readonly revision: bigint } {
  const direction = options.direction ?? 'forwards';
  const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
  return { direction, revision: from === 'start' ? 0n : from === 'end' ? MAX_INT64 : clampInt64(from) };
}
