import { Map as PersistentMap } from 'immutable';
import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import { textLength } from '../kernel/text-length';
import { isWellFormed, optionalText, requireOneOf, requireText, show } from '../kernel/validation';
import { ROOM_ACCESS, ROOM_KINDS, type RoomKind } from '../kernel/vocabulary';
import {
  MESSAGE_MAX_LENGTH,
  type AddMember,
  type ArchiveRoom,
  type OpenRoom,
  type PostMessage,
  type RecordDecision,
  type RemoveMember,
  type RetractMessage,
  type RoomCommand,
  type RoomEvent,
  type RoomMessage,
  type RoomState,
} from './types';

/** A room once opened, archived or not. */
export type OpenedRoom = Extract<RoomState, { status: 'open' | 'archived' }>;

/** Kinds of room that are about something (a partnership, a territory, …) and so need a subject. */
export const ROOM_KINDS_WITH_SUBJECT: readonly RoomKind[] = ['partnership', 'territory', 'experimentation', 'gathering', 'theme'];

export const initialRoomState = (): RoomState => ({ status: 'none' });

/** The key under which a post is remembered, so that a retry is recognised. */
export const clientPostKey = (authorId: string, clientMsgId: string): string => `${authorId}/${clientMsgId}`;

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
  const earlier = state.postedByClientId.get(clientPostKey(authorId, clientMsgId));
  if (earlier !== undefined) {
    const digest = state.messages.get(earlier)?.textDigest;
    if (digest === undefined || typeof data.text !== 'string' || digest === textDigestOf(data.text.trim())) return [];
    throw clientMsgIdReused(clientMsgId);
  }
  const messageId = requireText(data.messageId, 'a message needs an id');
  if (state.messages.has(messageId)) throw alreadyExists(`message ${show(messageId)} already exists`);
  if (state.access === 'members' && !state.members.includes(authorId)) throw ruleViolated('only members can post in this room');
  const text = requireText(data.text, 'a message cannot be empty');
  if (textLength(text) > MESSAGE_MAX_LENGTH) throw ruleViolated(`a message cannot be longer than ${MESSAGE_MAX_LENGTH} characters`);
  const postedAt = requireText(data.postedAt, 'the time of posting is needed');
  return [{ type: 'MessagePosted', data: { messageId, clientMsgId, authorId, text, postedAt } }];
}

function retractMessage(data: RetractMessage['data'], state: OpenedRoom): readonly RoomEvent[] {
  const messageId = requireText(data.messageId, 'a message id is needed');
  const message = state.messages.get(messageId);
  if (message === undefined) throw notFound(`message ${show(messageId)} not found`);
  if (message.retracted) throw ruleViolated(`message ${show(messageId)} is already retracted`);
  const retractedBy = requireText(data.retractedBy, 'who retracts the message is needed');
  if (retractedBy !== message.authorId && data.asModerator !== true) throw ruleViolated('only its author or a moderator can retract a message');
  return [{ type: 'MessageRetracted', data: { messageId, retractedBy } }];
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
      postedByClientId: PersistentMap<string, string>(),
      messages: PersistentMap<string, RoomMessage>(),
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
    case 'MessagePosted': {
      const { messageId, clientMsgId, authorId, text } = event.data;
      return {
        ...state,
        postedByClientId: state.postedByClientId.set(clientPostKey(authorId, clientMsgId), messageId),
        messages: state.messages.set(messageId, { authorId, retracted: false, ...(typeof text === 'string' ? { textDigest: textDigestOf(text) } : {}) }),
      };
    }
    case 'MessageRetracted': {
      const message = state.messages.get(event.data.messageId);
      if (message === undefined) return state;
      return { ...state, messages: state.messages.set(event.data.messageId, { ...message, retracted: true }) };
    }
    case 'DecisionRecorded':
      return { ...state, decisions: [...state.decisions, event.data.decisionId] };
    case 'RoomArchived':
      return { ...state, status: 'archived' };
    default:
      return ignoreUnknown(event, state);
  }
}

export const roomDecider: Decider<RoomCommand, RoomEvent, RoomState> = {
  initialState: initialRoomState,
  decide: decideRoom,
  evolve: evolveRoom,
};
