import type { RoomEvent } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import type { RoomCard } from '../read-models';
import { versionOf } from '../streams';

export const ROOM_EVENT_TYPES: ReadonlySet<string> = new Set<RoomEvent['type']>([
  'RoomOpened',
  'MemberAdded',
  'MemberRemoved',
  'MessagePosted',
  'MessageRetracted',
  'DecisionRecorded',
  'RoomArchived',
]);

export function isRoomEvent(event: { readonly type: string }): boolean {
  return ROOM_EVENT_TYPES.has(event.type);
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

/** The tags a card is found by (see `COLLECTIONS.rooms`). */
export function roomTags(card: RoomCard): Record<string, string | readonly string[]> {
  return card.subject === undefined
    ? { kind: card.kind, member: card.members }
    : { kind: card.kind, subject: card.subject, member: card.members };
}
