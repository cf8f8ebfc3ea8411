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

/** What every read model records of the last event it folded in (see `Versioned`). */
export function versionOf(event: RecordedEvent): { revision: string; position: string; updatedAt: string } {
  return {
    revision: event.revision.toString(),
    position: event.position.toString(),
    updatedAt: typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt,
  };
}

/** The event's data as an object (an event without data reads as `{}`), never throws. */
export function dataOf<T>(event: RecordedEvent): Partial<T> {
  const data = event.data;
  return (data !== null && typeof data === 'object' ? data : {}) as Partial<T>;
}
