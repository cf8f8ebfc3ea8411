import type { RecordedEvent } from '@catalyse/event-store';
import { parseRoomKey, type RoomKey } from '@catalyse/protocol';
import type { RoutedFeedEntry } from './room-feeds/feed-entries';

/** The values a document can be found by (`findDocs`); a tag may hold several values. */
export type Tags = Readonly<Record<string, string | readonly string[]>>;

/** A document as it was before an event and as it is after (`undefined`: none yet, or removed). */
export interface Change<Doc> {
  readonly before: Doc | undefined;
  readonly after: Doc | undefined;
}

/**
 * Another document an event changes besides its stream's own (a counter, a
 * summary kept elsewhere), read and written in the same batch.
 */
export interface DerivedChange {
  readonly collection: string;
  readonly id: string;
  /** The document after the event; the same object when nothing changes. Pure. */
  readonly update: (doc: unknown) => unknown;
  readonly tags: (doc: unknown) => Tags;
}

/**
 * One read model: the documents of one stream category (one document per
 * stream, its id the stream's id) and where that category's events appear in
 * the feeds. Pure functions only; `Projection` does the reading and writing.
 */
export interface ReadModel<Doc = unknown> {
  /** The category of the streams it folds (`gathering-{id}` → `gathering`). */
  readonly category: string;
  /** The collection of its documents. */
  readonly collection: string;
  /** The document after the event; the same object when the event changes nothing. Total: never throws. */
  readonly evolve: (doc: Doc | undefined, event: RecordedEvent) => Doc | undefined;
  readonly tags: (doc: Doc) => Tags;
  /** The event's feed entries, knowing the document before and after it (`routeEntries` builds them). */
  readonly feeds: (event: RecordedEvent, change: Change<Doc>) => readonly RoutedFeedEntry[];
  /** Other documents the event changes (default: none). */
  readonly derived?: (event: RecordedEvent, change: Change<Doc>) => readonly DerivedChange[];
}

/** Erases a read model's document type for the registry (the functions still only see their own documents). */
export function readModel<Doc>(model: ReadModel<Doc>): ReadModel<unknown> {
  return model as unknown as ReadModel<unknown>;
}

/**
 * Feed entries of an event for these rooms: position, time (`occurredAt` when
 * the metadata has it) and kind from the event, data per room. A room key that
 * the protocol would refuse (`ROOM_KEY_PATTERN`) is left out rather than
 * written to a feed nobody can join.
 */
export function routeEntries(event: RecordedEvent, routes: readonly { readonly room: RoomKey; readonly data: unknown }[]): RoutedFeedEntry[] {
  const position = event.position.toString();
  const at = typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt;
  return routes.filter((r) => parseRoomKey(r.room) !== undefined).map((r) => ({ room: r.room, position, at, kind: event.type, data: r.data }));
}
