/**
 * A room's members while its page is open: its card's, as read, then each member added or removed that the live feed
 * carries (`MemberAdded`, `MemberRemoved`), so that the header's « 2 membres » follows them at once. An entry of the
 * feed is the room's latest word on its member (the feed held reaches its head): the last one about a person wins over
 * the card, whichever was read first. Pure, for the page and its unit tests.
 */
import type { FeedEntry } from '@catalyse/protocol';

const MEMBERSHIP_KINDS: ReadonlySet<string> = new Set(['MemberAdded', 'MemberRemoved']);

/** The entries that add or remove a member, in the feed's order. */
export function membershipEntries(entries: readonly FeedEntry[]): readonly FeedEntry[] {
  return entries.filter((entry) => MEMBERSHIP_KINDS.has(entry.kind) && typeof memberOf(entry) === 'string');
}

/** The card's members, with the feed's additions and removals applied in order (each person once, the card's order kept). */
export function membersNow(cardMembers: readonly string[], entries: readonly FeedEntry[]): readonly string[] {
  const members = new Set(cardMembers);
  for (const entry of membershipEntries(entries)) {
    const who = memberOf(entry) ?? '';
    if (entry.kind === 'MemberAdded') members.add(who);
    else members.delete(who);
  }
  return [...members];
}

/**
 * What the membership entries held come to, as a key (`epoch:seq` of the last one; empty when none): when it changes
 * while the page is open, the room's card is read again, which says whether the reader may still enter the room (a
 * member removed from a members-only room is refused, as on opening it).
 */
export function membershipKey(entries: readonly FeedEntry[]): string {
  const held = membershipEntries(entries);
  const last = held[held.length - 1];
  return last ? `${last.epoch}:${last.seq}` : '';
}

function memberOf(entry: FeedEntry): string | undefined {
  const who = (entry.data as Record<string, unknown> | null)?.['memberId'];
  return typeof who === 'string' ? who : undefined;
}
