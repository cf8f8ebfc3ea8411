import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog } from '../testing/fixtures';
import { evolveRoomCard, type RoomCard, roomTags } from './room-cards';

const STREAM = 'room-copil-silver-geek';
const OPENED = {
  roomId: 'copil-silver-geek',
  kind: 'partnership' as const,
  subject: 'silver-geek',
  title: 'COPIL Silver Geek',
  access: 'members' as const,
  openedBy: 'cat-claire',
  openedAt: '2026-01-20T09:00:00.000Z',
};
const fold = (events: readonly RecordedEvent[]) => events.reduce<RoomCard | undefined>(evolveRoomCard, undefined);

describe('evolveRoomCard (room cards)', () => {
  it('opens a room whose opener is the first member', () => {
    const log = new EventLog();
    expect(evolveRoomCard(undefined, log.record(STREAM, 'RoomOpened', OPENED, '2026-01-20T09:00:00.000Z'))).toEqual({
      id: 'copil-silver-geek',
      kind: 'partnership',
      subject: 'silver-geek',
      title: 'COPIL Silver Geek',
      access: 'members',
      members: ['cat-claire'],
      openedBy: 'cat-claire',
      archived: false,
      revision: '0',
      position: '1',
      updatedAt: '2026-01-20T09:00:00.000Z',
    });
  });

  it('adds members once, removes them, and archives', () => {
    const log = new EventLog();
    log.record(STREAM, 'RoomOpened', OPENED);
    log.record(STREAM, 'MemberAdded', { memberId: 'partner-vyv', addedBy: 'cat-claire' });
    log.record(STREAM, 'MemberAdded', { memberId: 'partner-silvergeek', addedBy: 'cat-claire' });
    log.record(STREAM, 'MemberAdded', { memberId: 'partner-vyv', addedBy: 'cat-claire' });
    log.record(STREAM, 'MemberRemoved', { memberId: 'cat-claire', removedBy: 'cat-claire' });
    let card = fold(log.events);
    expect(card?.members).toEqual(['partner-vyv', 'partner-silvergeek']);
    expect(card && roomTags(card)).toEqual({ kind: 'partnership', subject: 'silver-geek', member: ['partner-vyv', 'partner-silvergeek'] });
    card = evolveRoomCard(card, log.record(STREAM, 'RoomArchived', { archivedBy: 'ops-1' }));
    expect(card).toMatchObject({ archived: true, revision: '5' });
  });

  it('messages and decisions only move the version', () => {
    const log = new EventLog();
    const opened = evolveRoomCard(undefined, log.record(STREAM, 'RoomOpened', OPENED));
    const after = evolveRoomCard(
      opened,
      log.record(STREAM, 'MessagePosted', {
        messageId: 'msg-1',
        clientMsgId: 'c-1',
        authorId: 'cat-claire',
        text: 'Bonjour à tous',
        postedAt: '2026-01-20T09:05:00.000Z',
      }),
    );
    expect(after).toEqual({ ...opened, revision: '1', position: '2' });
  });

  it('a room without subject has no subject tag; unknown types are ignored', () => {
    const log = new EventLog();
    const { subject: _s, ...noSubject } = OPENED;
    const card = evolveRoomCard(undefined, log.record('room-reseau', 'RoomOpened', { ...noSubject, roomId: 'reseau', kind: 'network', access: 'open' }));
    expect(card && roomTags(card)).toEqual({ kind: 'network', member: ['cat-claire'] });
    expect(card && 'subject' in card).toBe(false);
    expect(evolveRoomCard(card, log.record('room-reseau', 'RoomRenamedSomeday', { title: 'x' }))).toBe(card);
    expect(evolveRoomCard(undefined, log.record('room-x', 'MemberAdded', { memberId: 'a', addedBy: 'b' }))).toBeUndefined();
  });
});
