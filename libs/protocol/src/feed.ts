import { PROTOTYPE_KEYS } from './prototype-keys';

/**
 * Room feeds: every room key has a feed whose entries carry a contiguous `seq`
 * (1, 2, 3, …) within the feed's current `epoch`.
 *
 * The kinds of feeds are listed once, here. Everything about room keys derives
 * from these two lists: the key pattern (`ROOM_KEY_PATTERN`), the rule shown in
 * validation messages (`ROOM_KEY_RULE`), the parser (`parseRoomKey`) and the
 * builder (`roomKey`). A new kind of feed is one more word in a list (and one
 * more row in the access table of `@catalyse/auth`).
 */

/** Feeds about one thing: `{kind}:{id}`. */
export const FEED_KINDS = ['partnership', 'territory', 'room', 'theme', 'experimentation', 'gathering', 'organisation', 'portfolio'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** Feeds of the whole network, without an id: `network`, `ops`. */
export const SINGLETON_FEEDS = ['network', 'ops'] as const;
export type SingletonFeed = (typeof SINGLETON_FEEDS)[number];

/** Any kind of feed: the first part of a room key. */
export type AnyFeedKind = FeedKind | SingletonFeed;
export const ANY_FEED_KINDS: readonly AnyFeedKind[] = [...FEED_KINDS, ...SINGLETON_FEEDS];

/** A room key: `network`, `ops`, or `{kind}:{id}`. */
export type RoomKey = string;

/**
 * The ids a room key may carry (the same as the HTTP API's ids): 1 to
 * `ROOM_ID_MAX_LENGTH` letters, digits or these symbols (`-` last, so that it
 * stays literal in a character class).
 */
const ROOM_ID_SYMBOLS = '._~-';
export const ROOM_ID_MAX_LENGTH = 100;
// Not dots alone: a URL's path reads `.` and `..` as segments to resolve (`/api/people/%2E%2E/erase` is
// `/api/erase` to a browser or fetch), so an id made of them could be recorded but never named in a path.
// Not a name every object has (`constructor`…): ids are keys of objects in read models (see `PROTOTYPE_KEYS`).
const ROOM_ID = `(?!\\.+$)(?!(?:${PROTOTYPE_KEYS.join('|')})$)[A-Za-z0-9${ROOM_ID_SYMBOLS}]{1,${ROOM_ID_MAX_LENGTH}}`;
export const ROOM_ID_PATTERN = new RegExp(`^${ROOM_ID}$`);

/** The beginning of a stream's name (`partnership-`, `room-atelier`) an export may filter on: the characters of ids, 1 to 120. */
export const STREAM_PREFIX_PATTERN = /^[A-Za-z0-9._~-]{1,120}$/;

/** What an id (`ROOM_ID_PATTERN`) must be, in words, for messages: the API's ids, tokens' subjects and organisations. */
export const ID_RULE = `letters, digits and . _ ~ - only, 1 to ${ROOM_ID_MAX_LENGTH} characters, not dots alone nor a name every JavaScript object has (constructor, toString…)`;

/** A room key: one of `SINGLETON_FEEDS`, or one of `FEED_KINDS`, a colon and an id. */
export const ROOM_KEY_PATTERN = new RegExp(`^(${SINGLETON_FEEDS.join('|')}|(${FEED_KINDS.join('|')}):${ROOM_ID})$`);

/** What a room key looks like, in words, for validation messages. */
export const ROOM_KEY_RULE = `${SINGLETON_FEEDS.join(', ')}, or {${FEED_KINDS.join('|')}}:{id} (id: 1 to ${ROOM_ID_MAX_LENGTH} letters, digits or ${[...ROOM_ID_SYMBOLS].join(' ')})`;

export type ParsedRoomKey = { readonly kind: SingletonFeed; readonly id?: undefined } | { readonly kind: FeedKind; readonly id: string };

export function parseRoomKey(key: string): ParsedRoomKey | undefined {
  if (!ROOM_KEY_PATTERN.test(key)) return undefined;
  const i = key.indexOf(':');
  return i < 0 ? { kind: key as SingletonFeed } : { kind: key.slice(0, i) as FeedKind, id: key.slice(i + 1) };
}

/** The room key of a feed: `roomKey('network')`, `roomKey('partnership', id)`. */
export function roomKey(kind: SingletonFeed): RoomKey;
export function roomKey(kind: FeedKind, id: string): RoomKey;
export function roomKey(kind: AnyFeedKind, id?: string): RoomKey {
  return id === undefined ? kind : `${kind}:${id}`;
}

export interface FeedEntry {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly seq: number;
  /** Global position of the event the entry comes from. */
  readonly position: string;
  /** When the fact happened (event metadata `occurredAt`). */
  readonly at: string;
  /** The event type, e.g. `MilestoneReached`. */
  readonly kind: string;
  readonly data: unknown;
}

export interface FeedCursor {
  readonly epoch: number;
  readonly seq: number;
}

/**
 * The feed entry telling a room that some of its entries now read otherwise (a
 * person's data were erased): `data.entries` lists them, `{seq, data}`, as they now
 * read; a client replaces the ones it holds.
 */
export const REDACTION_KIND = 'PersonalDataRedacted';
