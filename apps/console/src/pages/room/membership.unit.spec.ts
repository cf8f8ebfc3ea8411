/// <reference types="jest" />
import type { FeedEntry } from '@catalyse/protocol';
import { membershipEntries, membershipKey, membersNow } from './membership';

const entry = (seq: number, kind: string, data: Record<string, unknown>, epoch = 1): FeedEntry => ({
  room: 'room:r1',
  epoch,
  seq,
  position: String(100 + seq),
  at: `2026-12-02T10:0${seq}:00Z`,
  kind,
  data,
});
const added = (seq: number, memberId: string): FeedEntry => entry(seq, 'MemberAdded', { memberId, addedBy: 'claire' });
const removed = (seq: number, memberId: string): FeedEntry => entry(seq, 'MemberRemoved', { memberId, removedBy: 'claire' });
const posted = (seq: number, text: string): FeedEntry => entry(seq, 'MessagePosted', { messageId: `m${seq}`, authorId: 'claire', text });

describe('the members of an open room page', () => {
  it('follows the members added and removed since the card was read, in the feed’s order', () => {
    expect(membersNow(['claire', 'malik'], [posted(1, 'Bonjour'), removed(2, 'malik')])).toEqual(['claire']);
    expect(membersNow(['claire'], [added(1, 'malik'), posted(2, 'Bienvenue'), added(3, 'lea')])).toEqual(['claire', 'malik', 'lea']);
    // Removed, then added back: a member again.
    expect(membersNow(['claire', 'malik'], [removed(1, 'malik'), added(2, 'malik')])).toEqual(['claire', 'malik']);
  });

  it('counts each person once, whether the card was read before or after the entry', () => {
    // The card read after the addition already lists malik; the card read after the removal no longer does.
    expect(membersNow(['claire', 'malik'], [added(1, 'malik')])).toEqual(['claire', 'malik']);
    expect(membersNow(['claire'], [removed(1, 'malik')])).toEqual(['claire']);
  });

  it('keeps only the entries that add or remove someone', () => {
    const entries = [posted(1, 'Bonjour'), added(2, 'malik'), entry(3, 'MemberAdded', {}), removed(4, 'malik'), entry(5, 'RoomArchived', {})];
    expect(membershipEntries(entries).map((e) => e.seq)).toEqual([2, 4]);
  });

  it('changes its key with each member added or removed, not with a message, and with the feed’s epoch', () => {
    const before = [posted(1, 'Bonjour'), added(2, 'malik')];
    expect(membershipKey([])).toBe('');
    expect(membershipKey([posted(1, 'Bonjour')])).toBe('');
    expect(membershipKey([...before, posted(3, 'Merci')])).toBe(membershipKey(before));
    expect(membershipKey([...before, removed(3, 'malik')])).not.toBe(membershipKey(before));
    expect(membershipKey([entry(2, 'MemberAdded', { memberId: 'malik', addedBy: 'claire' }, 2)])).not.toBe(membershipKey(before));
  });
});
