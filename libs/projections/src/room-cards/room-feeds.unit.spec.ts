import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog } from '../testing/fixtures';
import { roomCards } from './room-cards';

/** A room event's feed entries (they do not depend on the card). */
const roomFeed = (event: RecordedEvent) => roomCards.feeds(event, { before: undefined, after: undefined });

describe('room cards feeds (room feed routing of a room’s events)', () => {
  it('routes room events to room:{id} with the room id', () => {
    const log = new EventLog();
    const stream = 'room-7c9e6679-7425-40de-944b-e07fc1f90ae7';
    const posted = log.record(
      stream,
      'MessagePosted',
      {
        messageId: 'msg-1',
        clientMsgId: 'client-1',
        authorId: 'cat-claire',
        text: 'Le COPIL est avancé au 12 mars.',
        postedAt: '2026-03-01T10:00:00.000Z',
      },
      '2026-03-01T10:00:00.000Z',
    );
    expect(roomFeed(posted)).toEqual([
      {
        room: 'room:7c9e6679-7425-40de-944b-e07fc1f90ae7',
        position: '1',
        at: '2026-03-01T10:00:00.000Z',
        kind: 'MessagePosted',
        data: {
          roomId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
          messageId: 'msg-1',
          clientMsgId: 'client-1',
          authorId: 'cat-claire',
          text: 'Le COPIL est avancé au 12 mars.',
          postedAt: '2026-03-01T10:00:00.000Z',
        },
      },
    ]);
    for (const [type, data] of [
      ['RoomOpened', { roomId: 'r', kind: 'theme', title: 'Mobilité', access: 'open', openedBy: 'a', openedAt: '2026-01-01T00:00:00Z' }],
      ['MemberAdded', { memberId: 'b', addedBy: 'a' }],
      ['MemberRemoved', { memberId: 'b', removedBy: 'a' }],
      ['MessageRetracted', { messageId: 'msg-1', retractedBy: 'a' }],
      ['DecisionRecorded', { decisionId: 'd', text: 'On essaime', recordedBy: 'a' }],
      ['RoomArchived', { archivedBy: 'a' }],
    ] as const) {
      expect(roomFeed(log.record('room-r', type, data)).map((e) => [e.room, e.kind])).toEqual([['room:r', type]]);
    }
  });

  it('never crashes on unknown types, unknown streams or malformed data, and skips unjoinable room keys', () => {
    const log = new EventLog();
    expect(roomFeed(log.record('room-r', 'RoomTeleported', { to: 'Mars' }))).toEqual([]);
    expect(roomFeed(log.record('gathering-rencontre-2026', 'GatheringScheduled', {}))).toEqual([]);
    expect(roomFeed(log.record('$system', 'Whatever', null))).toEqual([]);
    expect(roomFeed(log.record('room-r', 'RoomArchived', null)).map((e) => e.room)).toEqual(['room:r']);
    expect(roomFeed(log.record('room-bad id!', 'RoomArchived', { archivedBy: 'x' }))).toEqual([]);
  });
});
