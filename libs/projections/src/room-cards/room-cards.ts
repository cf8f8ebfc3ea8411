/**
 * The room cards: what access decisions need to know of a room. They keep
 * their own small evolve rather than the room decider's state, which holds
 * every message of the room (persistent maps, to recognise a retried post)
 * while a card is only the access facts; a room's messages live in its feed.
 */
import { ROOM_EVENT_TYPES, type RoomAccess, type RoomEvent, type RoomKind } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { roomKey } from '@catalyse/protocol';
import { readModel, routeEntries, type Tags } from '../read-model';
import { parseStream, type Versioned, versionOf } from '../streams';

/** What the hub and the api need to know of a room to decide access. */
export interface RoomCard extends Versioned {
  readonly id: string;
  readonly kind: RoomKind;
  readonly subject?: string;
  readonly title: string;
  readonly access: RoomAccess;
  readonly members: readonly string[];
  readonly openedBy: string;
  readonly archived: boolean;
}

/** The collection of the cards; tags: kind, subject, member (many). */
export const ROOM_CARDS = 'room';

const ROOM_EVENTS: ReadonlySet<string> = new Set(ROOM_EVENT_TYPES);

function isRoomEvent(event: { readonly type: string }): boolean {
  return ROOM_EVENTS.has(event.type);
}

/**
 * Folds one recorded event of a `room-{id}` stream into the room card (what
 * access decisions need: kind, subject, access, members, archived). Messages and
 * decisions only move the card's version: their content lives in the room's feed.
 * Pure and total: unknown types leave the card as it is.
 */
export function evolveRoomCard(card: RoomCard | undefined, event: RecordedEvent): RoomCard | undefined {
  if (!isRoomEvent(event)) return card;
  const e = { type: event.type, data: event.data } as RoomEvent;
  const version = versionOf(event);
  if (e.type === 'RoomOpened') {
    if (card) return { ...card, ...version };
    const { roomId, kind, subject, title, access, openedBy } = e.data;
    return {
      id: roomId,
      kind,
      ...(subject !== undefined ? { subject } : {}),
      title,
      access,
      members: openedBy ? [openedBy] : [],
      openedBy,
      archived: false,
      ...version,
    };
  }
  if (!card) return undefined;
  switch (e.type) {
    case 'MemberAdded':
      return {
        ...card,
        members: card.members.includes(e.data.memberId) ? card.members : [...card.members, e.data.memberId],
        ...version,
      };
    case 'MemberRemoved':
      return { ...card, members: card.members.filter((m) => m !== e.data.memberId), ...version };
    case 'RoomArchived':
      return { ...card, archived: true, ...version };
    case 'MessagePosted':
    case 'MessageRetracted':
    case 'DecisionRecorded':
      return { ...card, ...version };
    default: {
      const unreachable: never = e;
      void unreachable;
      return card;
    }
  }
}

/** The tags a card is found by (see `ROOM_CARDS`). */
export function roomTags(card: RoomCard): Tags {
  return card.subject === undefined ? { kind: card.kind, member: card.members } : { kind: card.kind, subject: card.subject, member: card.members };
}

/**
 * `room-{id}` → the room cards (collection `room`: access decisions). Feeds:
 * every room event in `room:{id}` (the event data plus the room id), whether
 * a card exists or not.
 */
export const roomCards = readModel<RoomCard>({
  name: 'room-cards',
  category: 'room',
  collection: ROOM_CARDS,
  evolve: evolveRoomCard,
  tags: roomTags,
  feeds: (event) => {
    const roomId = parseStream(event.stream)?.id;
    if (roomId === undefined || !isRoomEvent(event)) return [];
    const e = { type: event.type, data: event.data } as RoomEvent;
    return routeEntries(event, [{ room: roomKey('room', roomId), data: { roomId, ...e.data } }]);
  },
});
