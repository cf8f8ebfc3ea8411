import type { Map as PersistentMap } from 'immutable';
import type { Message } from '../kernel/decider';
import type { Instant, RoomAccess, RoomKind } from '../kernel/vocabulary';

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
  }
>;
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
       * `${authorId}/${clientMsgId}` → messageId, so that a retried post is recognised.
       * Persistent maps (structural sharing): a post adds in O(log n) instead of copying
       * every earlier message, so folding a room of n messages stays O(n log n).
       */
      readonly postedByClientId: PersistentMap<string, string>;
      /** messageId → author and whether it was retracted. */
      readonly messages: PersistentMap<string, RoomMessage>;
      readonly decisions: readonly string[];
    };

export interface RoomMessage {
  readonly authorId: string;
  readonly retracted: boolean;
  /** `textDigestOf` its text (not the text): a post reusing its clientMsgId with another text is refused. */
  readonly textDigest?: number;
}

export const roomStream = (roomId: string): string => `room-${roomId}`;

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
