import type { ErrorBody } from './errors';
import type { FeedCursor, FeedEntry, RoomKey } from './feed';

/** socket.io event names of the hub protocol (docs/architecture.md, "The hub protocol"). */
export const HUB_EVENTS = {
  join: 'room:join',
  sync: 'room:sync',
  post: 'room:post',
  leave: 'room:leave',
  typing: 'presence:typing',
  entry: 'room:entry',
  entries: 'room:entries',
  reset: 'room:reset',
  presenceState: 'presence:state',
  presenceDiff: 'presence:diff',
} as const satisfies Readonly<Record<string, keyof ClientToServerEvents | keyof ServerToClientEvents>>;

/**
 * The largest socket.io message a hub accepts, in bytes once encoded (its `maxHttpBufferSize`): a bigger one closes
 * the connection at the transport, before any answer. A client checks its posts against it before sending them.
 */
export const HUB_MAX_MESSAGE_BYTES = 64 * 1024;

export interface JoinRequest {
  readonly room: RoomKey;
  readonly since?: FeedCursor;
}
export interface SyncRequest {
  readonly room: RoomKey;
  readonly since: FeedCursor;
}
export interface PostRequest {
  readonly room: RoomKey;
  readonly clientMsgId: string;
  readonly text: string;
}
export interface LeaveRequest {
  readonly room: RoomKey;
}
export interface TypingRequest {
  readonly room: RoomKey;
}

export interface PresenceState {
  readonly room: RoomKey;
  /** Distinct people present (several devices of one person count once). */
  readonly present: readonly string[];
}
export interface PresenceDiff {
  readonly room: RoomKey;
  readonly joins: readonly string[];
  readonly leaves: readonly string[];
}
export interface TypingNotice {
  readonly room: RoomKey;
  readonly who: string;
}
/**
 * Consecutive entries of one room, in seq order: how a catch-up too long for the join ack arrives (each page
 * after the previous one was written out to the client), before any live `room:entry` of that room.
 */
export interface FeedPage {
  readonly room: RoomKey;
  readonly entries: readonly FeedEntry[];
}
export interface ResetNotice {
  readonly room: RoomKey;
  readonly epoch: number;
}

export interface JoinResult {
  readonly room: RoomKey;
  readonly epoch: number;
  /** The feed's last seq at the moment the client was subscribed. */
  readonly head: number;
  /**
   * With `since` in the current epoch: the entries after it, the first ones when there are many (the
   * rest follow as `room:entries` pages, then live `room:entry`, up to `head` and on).
   * Without `since` (or with one from another epoch): the latest entries, as a snapshot.
   */
  readonly entries: readonly FeedEntry[];
  /** True when `entries` is a snapshot (the latest entries), not the continuation of `since`. */
  readonly snapshot: boolean;
  readonly presence: readonly string[];
}
export interface SyncResult {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly head: number;
  readonly entries: readonly FeedEntry[];
  /** True when more entries follow: call `room:sync` again from the last one. */
  readonly more: boolean;
}
export interface PostResult {
  readonly room: RoomKey;
  readonly messageId: string;
  readonly epoch: number;
  readonly seq: number;
  readonly position: string;
}

export type Ack<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorBody };

/** The result of a `room:leave` or a `presence:typing`. */
export interface RoomAck {
  readonly room: RoomKey;
}

/** An ack callback: every client → server event of the protocol is answered with one. */
export type AckCallback<T> = (answer: Ack<T>) => void;

/**
 * The events a client sends, for socket.io's typed `Socket`/`Server`: the
 * gateway, the test clients, the bench clients and any integrator share them.
 * The server still validates every payload (it cannot trust the types).
 */
export interface ClientToServerEvents {
  'room:join': (request: JoinRequest, ack: AckCallback<JoinResult>) => void;
  'room:sync': (request: SyncRequest, ack: AckCallback<SyncResult>) => void;
  'room:post': (request: PostRequest, ack: AckCallback<PostResult>) => void;
  'room:leave': (request: LeaveRequest, ack: AckCallback<RoomAck>) => void;
  /** Volatile; the ack is optional. */
  'presence:typing': (request: TypingRequest, ack?: AckCallback<RoomAck>) => void;
}

/** The events the hub sends. */
export interface ServerToClientEvents {
  /** One entry of a joined room's feed, in seq order. */
  'room:entry': (entry: FeedEntry) => void;
  /** The next entries of a room being caught up after a join (the ones its ack did not hold), in seq order. */
  'room:entries': (page: FeedPage) => void;
  /** The room's feed was rebuilt into a new epoch: rejoin without `since` (or with one of the new epoch). */
  'room:reset': (notice: ResetNotice) => void;
  'presence:state': (state: PresenceState) => void;
  'presence:diff': (diff: PresenceDiff) => void;
  'presence:typing': (notice: TypingNotice) => void;
}

/** The events a client sends; each is answered with an ack. */
export type HubRequestEvent = keyof ClientToServerEvents;

/** The payload of a client → server event: `RequestOf<'room:join'>` is `JoinRequest`. */
export type RequestOf<E extends HubRequestEvent> = Parameters<ClientToServerEvents[E]>[0];

/** The `data` of a successful ack of a client → server event: `ResultOf<'room:join'>` is `JoinResult`. */
export type ResultOf<E extends HubRequestEvent> = NonNullable<Parameters<ClientToServerEvents[E]>[1]> extends AckCallback<infer T> ? T : never;

/** socket.io's inter-server events: none (fan-out across nodes goes through the feeds and the notifier). */
export type InterServerEvents = Record<string, never>;
