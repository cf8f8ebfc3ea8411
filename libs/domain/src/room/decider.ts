import { Map as PersistentMap } from 'immutable';
import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import { textLength } from '../kernel/text-length';
import { isWellFormed, optionalText, requireOneOf, requireText, show } from '../kernel/validation';
import { ROOM_ACCESS, ROOM_KINDS, type RoomKind } from '../kernel/vocabulary';
import { appendPost, findPost, type HeldPost, NO_RECENT_POSTS, type RecentPosts, updatePost } from './recent-posts';
import {
  MESSAGE_MAX_LENGTH,
  ROOM_RETRY_WINDOW_PER_AUTHOR,
  type AddMember,
  type ArchiveRoom,
  type OpenRoom,
  type PostedInLog,
  type PostMessage,
  type RecordDecision,
  type RemoveMember,
  type RetractMessage,
  type RoomCommand,
  type RoomEvent,
  type MessagePosted,
  type RoomState,
} from './types';

export { postsOf } from './recent-posts';

/** A room once opened, archived or not. */
export type OpenedRoom = Extract<RoomState, { status: 'open' | 'archived' }>;

/** Kinds of room that are about something (a partnership, a territory, …) and so need a subject. */
export const ROOM_KINDS_WITH_SUBJECT: readonly RoomKind[] = ['partnership', 'territory', 'experimentation', 'gathering', 'theme'];

export const initialRoomState = (): RoomState => ({ status: 'none' });

/** The key of a message id in `heldMessages`: a 53-bit digest, cheap to hash (a string key is hashed char by char). */
export const messageIdKey = (messageId: string): number => textDigestOf(messageId);

/**
 * The post an author made under `clientMsgId`, if the state still holds it (among the author's last
 * `ROOM_RETRY_WINDOW_PER_AUTHOR` posts in the room, ADR 0029).
 */
export function heldPostOf(state: OpenedRoom, authorId: string, clientMsgId: string): HeldPost | undefined {
  const window = state.recentPosts.get(authorId);
  return window && findPost(window, (post) => post.clientMsgId === clientMsgId);
}

/** Message `messageId` and its author, if the state still holds it; else only the log knows it (ADR 0029). */
export function heldMessageOf(state: OpenedRoom, messageId: string): { readonly authorId: string; readonly post: HeldPost } | undefined {
  const authorId = state.heldMessages.get(messageIdKey(messageId));
  const window = authorId === undefined ? undefined : state.recentPosts.get(authorId);
  const post = window && findPost(window, (held) => held.messageId === messageId);
  return authorId !== undefined && post ? { authorId, post } : undefined;
}

/**
 * The refusal of a post that reuses its author's clientMsgId with another text (`409 CONFLICT` on HTTP, an error ack
 * on the hub): answered with the first message, the new text would be silently dropped.
 */
export const clientMsgIdReused = (clientMsgId: string) =>
  alreadyExists(`clientMsgId ${show(clientMsgId)} was already used for another text in this room: send this message with a new clientMsgId`);

/**
 * A digest of a message's text, kept in the folded state (never stored) so that a retry of a post is told from
 * another text under the same clientMsgId without holding every text in memory: 53 bits (cyrb53), not cryptographic
 * — a collision could only make an author's own other text answer as their first post.
 */
export function textDigestOf(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideRoom(command: RoomCommand, state: RoomState): readonly RoomEvent[] {
  switch (command.type) {
    case 'OpenRoom':
      return openRoom(command.data, state);
    case 'AddMember':
      return addMember(command.data, accepting(state));
    case 'RemoveMember':
      return removeMember(command.data, accepting(state));
    case 'PostMessage':
      return postMessage(command.data, accepting(state));
    case 'RetractMessage':
      return retractMessage(command.data, accepting(state));
    case 'RecordDecision':
      return recordDecision(command.data, accepting(state));
    case 'ArchiveRoom':
      return archiveRoom(command.data, accepting(state));
    default:
      return assertNever(command, 'room command');
  }
}

/** An opened room that is not archived. */
function accepting(state: RoomState): OpenedRoom {
  if (state.status === 'none') throw notFound('room not found');
  if (state.status === 'archived') throw ruleViolated('an archived room accepts no command');
  return state;
}

function openRoom(data: OpenRoom['data'], state: RoomState): readonly RoomEvent[] {
  if (state.status !== 'none') throw alreadyExists('room already exists');
  const roomId = requireText(data.roomId, 'a room needs an id');
  const kind = requireOneOf(ROOM_KINDS, data.kind, 'room kind');
  const title = requireText(data.title, 'a room needs a title');
  const access = requireOneOf(ROOM_ACCESS, data.access, 'room access');
  const subject = optionalText(data.subject);
  if (subject === undefined && ROOM_KINDS_WITH_SUBJECT.includes(kind)) throw ruleViolated(`a ${kind} room needs a subject`);
  const openedBy = requireText(data.openedBy, 'a room needs someone to open it');
  const openedAt = requireText(data.openedAt, 'the time of opening is needed');
  return [{ type: 'RoomOpened', data: { roomId, kind, ...(subject === undefined ? {} : { subject }), title, access, openedBy, openedAt } }];
}

function addMember(data: AddMember['data'], state: OpenedRoom): readonly RoomEvent[] {
  const memberId = requireText(data.memberId, 'a member id is needed');
  if (state.members.includes(memberId)) throw alreadyExists(`${show(memberId)} is already a member of this room`);
  const addedBy = requireText(data.addedBy, 'who adds the member is needed');
  return [{ type: 'MemberAdded', data: { memberId, addedBy } }];
}

function removeMember(data: RemoveMember['data'], state: OpenedRoom): readonly RoomEvent[] {
  const memberId = requireText(data.memberId, 'a member id is needed');
  if (!state.members.includes(memberId)) throw ruleViolated(`${show(memberId)} is not a member of this room`);
  const removedBy = requireText(data.removedBy, 'who removes the member is needed');
  return [{ type: 'MemberRemoved', data: { memberId, removedBy } }];
}

function postMessage(data: PostMessage['data'], state: OpenedRoom): readonly RoomEvent[] {
  const authorId = requireText(data.authorId, 'a message needs an author');
  const clientMsgId = requireText(data.clientMsgId, 'a message needs a client message id');
  // A retry of a post already made (the same text): it was posted once, nothing more to do. The same clientMsgId
  // with another text is another message, which would be dropped silently: refused (ADR 0005, amendment of 2026-12-05).
  // Only the author's last posts are held (ADR 0029): the retry of an older one posts again.
  const earlier = heldPostOf(state, authorId, clientMsgId);
  if (earlier !== undefined) {
    const digest = earlier.textDigest;
    if (digest === undefined || typeof data.text !== 'string' || digest === textDigestOf(data.text.trim())) return [];
    throw clientMsgIdReused(clientMsgId);
  }
  const messageId = requireText(data.messageId, 'a message needs an id');
  if (heldMessageOf(state, messageId)) throw alreadyExists(`message ${show(messageId)} already exists`);
  if (state.access === 'members' && !state.members.includes(authorId)) throw ruleViolated('only members can post in this room');
  const text = requireText(data.text, 'a message cannot be empty');
  if (textLength(text) > MESSAGE_MAX_LENGTH) throw ruleViolated(`a message cannot be longer than ${MESSAGE_MAX_LENGTH} characters`);
  const postedAt = requireText(data.postedAt, 'the time of posting is needed');
  return [{ type: 'MessagePosted', data: { messageId, clientMsgId, authorId, text, postedAt } }];
}

function retractMessage(data: RetractMessage['data'], state: OpenedRoom): readonly RoomEvent[] {
  const messageId = requireText(data.messageId, 'a message id is needed');
  // A message no longer held (it left its author's window, ADR 0029) is judged on what the server read of it in the log.
  const held = heldMessageOf(state, messageId);
  const message: PostedInLog | undefined = held ? { authorId: held.authorId, retracted: held.post.retracted } : postedInLog(data.posted);
  if (message === undefined) {
    // Some posts left their authors' windows: the message may be one of them, which only a moderator's retraction
    // (checked against the log by the server) reaches.
    if (state.messagesPosted > state.heldMessages.size) {
      throw notFound(`message ${show(messageId)} not found among this room's recent posts: an older message is retracted by an operator`);
    }
    throw notFound(`message ${show(messageId)} not found`);
  }
  if (message.retracted) throw ruleViolated(`message ${show(messageId)} is already retracted`);
  const retractedBy = requireText(data.retractedBy, 'who retracts the message is needed');
  if (retractedBy !== message.authorId && data.asModerator !== true) throw ruleViolated('only its author or a moderator can retract a message');
  return [{ type: 'MessageRetracted', data: { messageId, retractedBy } }];
}

/** The log's account of a message, when well formed. */
function postedInLog(posted: unknown): PostedInLog | undefined {
  if (typeof posted !== 'object' || posted === null) return undefined;
  const { authorId, retracted } = posted as Partial<PostedInLog>;
  return typeof authorId === 'string' && authorId !== '' && typeof retracted === 'boolean' ? { authorId, retracted } : undefined;
}

function recordDecision(data: RecordDecision['data'], state: OpenedRoom): readonly RoomEvent[] {
  const decisionId = requireText(data.decisionId, 'a decision id is needed');
  if (state.decisions.includes(decisionId)) throw alreadyExists(`decision ${show(decisionId)} is already recorded`);
  const text = requireText(data.text, 'a decision cannot be empty');
  const recordedBy = requireText(data.recordedBy, 'who records the decision is needed');
  return [{ type: 'DecisionRecorded', data: { decisionId, text, recordedBy } }];
}

function archiveRoom(data: ArchiveRoom['data'], _state: OpenedRoom): readonly RoomEvent[] {
  const archivedBy = requireText(data.archivedBy, 'who archives the room is needed');
  return [{ type: 'RoomArchived', data: { archivedBy } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveRoom(state: RoomState, event: RoomEvent): RoomState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'RoomOpened') return state;
    const { roomId, kind, subject, title, access, openedBy } = event.data;
    return {
      status: 'open',
      roomId,
      kind,
      ...(subject === undefined ? {} : { subject }),
      title,
      access,
      members: [openedBy],
      recentPosts: PersistentMap<string, RecentPosts>(),
      heldMessages: PersistentMap<number, string>(),
      messagesPosted: 0,
      decisions: [],
    };
  }
  switch (event.type) {
    case 'RoomOpened':
      return state;
    case 'MemberAdded':
      return state.members.includes(event.data.memberId) ? state : { ...state, members: [...state.members, event.data.memberId] };
    case 'MemberRemoved':
      return { ...state, members: state.members.filter((member) => member !== event.data.memberId) };
    case 'MessagePosted':
      return withPost(state, event.data);
    case 'MessageRetracted':
      return withRetraction(state, event.data.messageId);
    case 'DecisionRecorded':
      return { ...state, decisions: [...state.decisions, event.data.decisionId] };
    case 'RoomArchived':
      return { ...state, status: 'archived' };
    default:
      return ignoreUnknown(event, state);
  }
}

/**
 * The state once `data` is posted: held at the end of its author's window, whose oldest post is evicted beyond
 * `ROOM_RETRY_WINDOW_PER_AUTHOR` (with its key in `heldMessages`). O(1) but for the author's and the key's lookups
 * (O(log n)): the window is not searched (a search per event was most of a fold, reading posts all over the heap). The
 * same (author, clientMsgId) twice in a window cannot come from the decider (a retry posts nothing); from an odd log,
 * both are held, the retry recognised on the first.
 */
function withPost(state: OpenedRoom, data: MessagePosted['data']): OpenedRoom {
  const { messageId, clientMsgId, authorId, text } = data;
  if (typeof messageId !== 'string' || typeof clientMsgId !== 'string' || typeof authorId !== 'string') return state;
  const post: HeldPost = { clientMsgId, messageId, retracted: false, ...(typeof text === 'string' ? { textDigest: textDigestOf(text) } : {}) };
  const appended = appendPost(state.recentPosts.get(authorId) ?? NO_RECENT_POSTS, post, ROOM_RETRY_WINDOW_PER_AUTHOR);
  let heldMessages = state.heldMessages.set(messageIdKey(messageId), authorId);
  const evicted = appended.evicted;
  if (evicted !== undefined && evicted.messageId !== messageId && heldMessages.get(messageIdKey(evicted.messageId)) === authorId) {
    heldMessages = heldMessages.delete(messageIdKey(evicted.messageId));
  }
  return { ...state, recentPosts: state.recentPosts.set(authorId, appended.window), heldMessages, messagesPosted: state.messagesPosted + 1 };
}

/** The state once `messageId` is retracted: marked in its author's window if held, else as it was (the log keeps it). */
function withRetraction(state: OpenedRoom, messageId: string): OpenedRoom {
  const held = heldMessageOf(state, messageId);
  const window = held && state.recentPosts.get(held.authorId);
  if (!held || !window) return state;
  const changed = updatePost(
    window,
    (post) => post === held.post,
    (post) => ({ ...post, retracted: true }),
  );
  return { ...state, recentPosts: state.recentPosts.set(held.authorId, changed) };
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomState> = {
  initialState: initialRoomState,
  decide: decideRoom,
  evolve: evolveRoom,
};
