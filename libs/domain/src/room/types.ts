import type { Map as PersistentMap } from 'immutable';
import type { Message } from '../kernel/decider';
import type { Instant, RoomAccess, RoomKind } from '../kernel/vocabulary';
import type { RecentPosts } from './recent-posts';

export type { HeldPost, RecentPosts } from './recent-posts';

// ─── Commands ───────────────────────────────────────────────────────────────

export type OpenRoom = Message<
  'OpenRoom',
  {
    readonly roomId: string;
    readonly kind: RoomKind;
    /** What the room is about: a partnership id for kind `partnership`, a territory id for `territory`, … */
    readonly subject?: string;
    readonly title: string;
    readonly access: RoomAccess;
    /** The person who opens it; becomes its first member. */
    readonly openedBy: string;
    readonly openedAt: Instant;
  }
>;
/**
 * `memberId` is a person's id (a token's subject): the decider knows no roles, so it cannot tell whom a room's kind
 * admits. Membership never overrides the kind: the access rules (`@catalyse/auth`) judge the kind first, and the api
 * refuses the members it knows can never enter (a catalyseur in an `ops` room).
 */
export type AddMember = Message<'AddMember', { readonly memberId: string; readonly addedBy: string }>;
export type RemoveMember = Message<'RemoveMember', { readonly memberId: string; readonly removedBy: string }>;
export type PostMessage = Message<
  'PostMessage',
  {
    readonly messageId: string;
    /** Chosen by the client: a retry with the same (author, clientMsgId) and text posts once; another text is refused. */
    readonly clientMsgId: string;
    readonly authorId: string;
    readonly text: string;
    readonly postedAt: Instant;
  }
>;
export type RetractMessage = Message<
  'RetractMessage',
  {
    readonly messageId: string;
    readonly retractedBy: string;
    /** Operators moderate: they may retract any message. */
    readonly asModerator: boolean;
    /**
     * What the room's stream says of a message the state no longer holds (it left its author's retry window, ADR
     * 0029): its author, and whether it was retracted. Read from the log by the server, never taken from a client;
     * used only when the state does not hold the message (absent then: NOT_FOUND).
     */
    readonly posted?: PostedInLog;
  }
>;

/** A message as the room's stream records it: who posted it, and whether a `MessageRetracted` of it follows. */
export interface PostedInLog {
  readonly authorId: string;
  readonly retracted: boolean;
}
export type RecordDecision = Message<
  'RecordDecision',
  {
    readonly decisionId: string;
    readonly text: string;
    readonly recordedBy: string;
  }
>;
export type ArchiveRoom = Message<'ArchiveRoom', { readonly archivedBy: string }>;

export type RoomCommand = OpenRoom | AddMember | RemoveMember | PostMessage | RetractMessage | RecordDecision | ArchiveRoom;

// ─── Events ─────────────────────────────────────────────────────────────────

export type RoomOpened = Message<
  'RoomOpened',
  {
    readonly roomId: string;
    readonly kind: RoomKind;
    readonly subject?: string;
    readonly title: string;
    readonly access: RoomAccess;
    readonly openedBy: string;
    readonly openedAt: Instant;
  }
>;
export type MemberAdded = Message<'MemberAdded', { readonly memberId: string; readonly addedBy: string }>;
export type MemberRemoved = Message<'MemberRemoved', { readonly memberId: string; readonly removedBy: string }>;
export type MessagePosted = Message<
  'MessagePosted',
  {
    readonly messageId: string;
    readonly clientMsgId: string;
    readonly authorId: string;
    readonly text: string;
    readonly postedAt: Instant;
  }
>;
export type MessageRetracted = Message<'MessageRetracted', { readonly messageId: string; readonly retractedBy: string }>;
export type DecisionRecorded = Message<'DecisionRecorded', { readonly decisionId: string; readonly text: string; readonly recordedBy: string }>;
export type RoomArchived = Message<'RoomArchived', { readonly archivedBy: string }>;

export type RoomEvent = RoomOpened | MemberAdded | MemberRemoved | MessagePosted | MessageRetracted | DecisionRecorded | RoomArchived;

// ─── State ──────────────────────────────────────────────────────────────────

export type RoomState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open' | 'archived';
      readonly roomId: string;
      readonly kind: RoomKind;
      readonly subject?: string;
      readonly title: string;
      readonly access: RoomAccess;
      readonly members: readonly string[];
      /**
       * Per author, their last `ROOM_RETRY_WINDOW_PER_AUTHOR` posts in this room, oldest first (clientMsgId,
       * messageId, retracted, text digest), so that a retried post is recognised and a retraction judged. Bounded
       * (ADR 0029): a room's folded state does not grow with its history, and an author's posts only evict their own.
       */
      readonly recentPosts: PersistentMap<string, RecentPosts>;
      /**
       * The messages held in `recentPosts`, evicted with them: `messageIdKey(messageId)` → author. A key shared by two
       * ids (53-bit digests: not expected) names the later; the earlier is then judged as one no longer held, on the
       * log. A retraction of a message no longer held is checked against the log (`RetractMessage.data.posted`).
       */
      readonly heldMessages: PersistentMap<number, string>;
      /** How many messages were posted in the room, all told. */
      readonly messagesPosted: number;
      readonly decisions: readonly string[];
    };

export const roomStream = (roomId: string): string => `room-${roomId}`;

/**
 * How many of an author's latest posts in a room the state holds (ADR 0029): a retry of one of them is recognised;
 * a retry of an older one posts again (a client's outbox resends in order, long before 256 more posts of its own).
 */
export const ROOM_RETRY_WINDOW_PER_AUTHOR = 256;

/** Longest message accepted, in characters. */
export const MESSAGE_MAX_LENGTH = 4000;

/** Every room event type (the compiler checks the list is complete). */
export const ROOM_EVENT_TYPES = Object.keys({
  RoomOpened: true,
  MemberAdded: true,
  MemberRemoved: true,
  MessagePosted: true,
  MessageRetracted: true,
  DecisionRecorded: true,
  RoomArchived: true,
} satisfies Record<RoomEvent['type'], true>) as readonly RoomEvent['type'][];
