import type { RecordedEvent } from '@catalyse/event-store';
import { type FeedEntry, ROOM_KEY_PATTERN, type RoomKey } from '@catalyse/protocol';

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

/** A feed entry before the store gives it its epoch and seq. */
export type RoutedFeedEntry = Omit<FeedEntry, 'epoch' | 'seq'>;

/** Where an event appears: a room (built with `roomKey` of `@catalyse/protocol`) and what its entry says there. */
export interface Route {
  readonly room: RoomKey;
  readonly data: unknown;
}

/**
 * One read model: the documents it keeps of one stream category (one document
 * per stream, its id the stream's id), and where that category's events appear
 * in the feeds. Several models may read the same category; each writes its own
 * collections. Pure functions only; `Projection` does the reading and writing.
 */
export interface ReadModel<Doc = unknown> {
  /** Unique among the read models (`partnership-board`): the registry's key, and what logs name. */
  readonly name: string;
  /** The category of the streams it folds (`gathering-{id}` → `gathering`). */
  readonly category: string;
  /** The collection of its documents; no other model writes it. */
  readonly collection: string;
  /** The collections its `derived` changes write (default: none); no other model writes them. */
  readonly derivedCollections?: readonly string[];
  /** The document after the event; the same object when the event changes nothing. Total: never throws. */
  readonly evolve: (doc: Doc | undefined, event: RecordedEvent) => Doc | undefined;
  readonly tags: (doc: Doc) => Tags;
  /** The event's feed entries, knowing the document before and after it (`routeEntries` builds them). */
  readonly feeds: (event: RecordedEvent, change: Change<Doc>) => readonly RoutedFeedEntry[];
  /** Other documents the event changes (default: none). */
  readonly derived?: (event: RecordedEvent, change: Change<Doc>) => readonly DerivedChange[];
  /**
   * Why the model cannot fold this event at all (its data lacks the shape its
   * type promises), or `undefined` when it can (default: it folds every event).
   * `Projection` leaves a refused event out of the model and reports it.
   */
  readonly refuse?: (event: RecordedEvent) => string | undefined;
}

/** Erases a read model's document type for the registry (its functions still only ever see their own documents). */
export function readModel<Doc>(model: ReadModel<Doc>): ReadModel {
  return model as unknown as ReadModel;
}

/**
 * Feed entries of an event for these rooms: position, time (`occurredAt` when
 * the metadata has it) and kind from the event, data per room. A room key that
 * the protocol would refuse (`ROOM_KEY_PATTERN`: an id with a space, say) is
 * left out rather than written to a feed nobody can join.
 */
export function routeEntries(event: RecordedEvent, routes: readonly Route[]): RoutedFeedEntry[] {
  if (routes.length === 0) return [];
  const position = event.position.toString();
  const at = typeof event.metadata?.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt;
  const entries: RoutedFeedEntry[] = [];
  // The pattern `parseRoomKey` checks, without the parts it would build: every event of a replay routes here.
  for (const r of routes) if (ROOM_KEY_PATTERN.test(r.room)) entries.push({ room: r.room, position, at, kind: event.type, data: r.data });
  return entries;
}
