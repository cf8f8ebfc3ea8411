import type { RecordedEvent } from '@catalyse/event-store';

/** The aggregate categories whose streams the projections read. */
export type StreamCategory = 'partnership' | 'room' | 'catalyseur';

const CATEGORIES: readonly string[] = ['partnership', 'room', 'catalyseur'];

/**
 * Splits a stream name `{category}-{id}`: the id is everything after the first
 * `-` (ids may contain dashes, e.g. UUIDs). Streams of other categories (or with
 * no id) give `undefined`: the projections ignore them.
 */
export function parseStream(stream: string): { category: StreamCategory; id: string } | undefined {
  const dash = stream.indexOf('-');
  if (dash <= 0 || dash === stream.length - 1) return undefined;
  const category = stream.slice(0, dash);
  if (!CATEGORIES.includes(category)) return undefined;
  return { category: category as StreamCategory, id: stream.slice(dash + 1) };
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
