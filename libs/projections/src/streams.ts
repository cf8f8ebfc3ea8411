import type { RecordedEvent } from '@catalyse/event-store';

const CATEGORY = /^[a-z][a-z_]*$/;

/**
 * Splits a stream name `{category}-{id}`: the id is everything after the first
 * `-` (ids may contain dashes, e.g. UUIDs); the category is lower-case letters.
 * Anything else (`$system`, no id) gives `undefined`. Which categories mean
 * something is up to the read models (`Projection` ignores the others).
 */
export function parseStream(stream: string): { category: string; id: string } | undefined {
  const dash = stream.indexOf('-');
  if (dash <= 0 || dash === stream.length - 1) return undefined;
  const category = stream.slice(0, dash);
  if (!CATEGORY.test(category)) return undefined;
  return { category, id: stream.slice(dash + 1) };
}

/** Every read model document says up to which event it is current. */
export interface Versioned {
  /** Revision of its stream (as a string: 64-bit). */
  readonly revision: string;
  /** Global position of the last event folded in. */
  readonly position: string;
  /** `occurredAt` of that event. */
  readonly updatedAt: string;
}

/** What every read model records of the last event it folded in. */
export function versionOf(event: RecordedEvent): Versioned {
  return {
    revision: event.revision.toString(),
    position: event.position.toString(),
    updatedAt: typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt,
  };
}

/** Data with the shape of an event's: an object (not `null`, not an array). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
