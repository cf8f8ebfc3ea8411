/**
 * What of a room the page holds and shows: a busy room (thousands of messages) is never read nor drawn whole. The
 * live room joins from the hub's latest entries; older ones are read a page at a time over HTTP when the reader asks
 * (« Afficher les messages précédents »); the feed draws a bounded window, the last `FEED_WINDOW` rows and those
 * revealed, and each row once: an entry that did not change keeps its row (the same object), and the page's memoized
 * row is not drawn again. Pure, for the page and its unit tests.
 */
import { type FeedEntry, REDACTION_KIND } from '@catalyse/protocol';
import type { FeedRow } from './rows';

/** Rows drawn at most, until the reader asks for older ones. */
export const FEED_WINDOW = 200;
/** Entries read (and rows revealed) per « Afficher les messages précédents ». */
export const OLDER_PAGE = 200;

/**
 * The entries the page holds, oldest first: those read over HTTP before the live room's first (`older`, of the same
 * epoch), then the live room's. Older entries of another epoch (read before a rebuild) are dropped; those the live
 * room holds too are not kept twice; an erasure notice the live room received rewrites the older entries it names,
 * as the client does for its own (`PersonalDataRedacted`: `{entries: [{seq, data}]}`).
 */
export function heldEntries(older: readonly FeedEntry[], live: readonly FeedEntry[]): readonly FeedEntry[] {
  const first = live[0];
  if (older.length === 0) return live;
  if (!first) return older;
  const kept = older.filter((entry) => entry.epoch === first.epoch && entry.seq < first.seq);
  if (kept.length === 0) return live;
  return [...redacted(kept, live), ...live];
}

/** `older` as the erasure notices among `notices` say they now read. */
export function redacted(older: readonly FeedEntry[], notices: readonly FeedEntry[]): readonly FeedEntry[] {
  const bySeq = new Map<number, unknown>();
  for (const notice of notices) {
    if (notice.kind !== REDACTION_KIND) continue;
    const rewritten = (notice.data as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(rewritten)) continue;
    for (const item of rewritten as { seq?: unknown; data?: unknown }[]) if (typeof item?.seq === 'number') bySeq.set(item.seq, item.data);
  }
  if (bySeq.size === 0) return older;
  return older.map((entry) => (bySeq.has(entry.seq) ? { ...entry, data: bySeq.get(entry.seq) } : entry));
}

/**
 * The page of older entries to read before `firstSeq` (the first one held): `{since, limit}` for
 * `GET …/feed?since=&limit=` (the entries after `since`), or undefined when the first held is the feed's first.
 */
export function olderPage(firstSeq: number | undefined, size = OLDER_PAGE): { readonly since: number; readonly limit: number } | undefined {
  if (firstSeq === undefined || firstSeq <= 1) return undefined;
  const since = Math.max(0, firstSeq - 1 - size);
  return { since, limit: firstSeq - 1 - since };
}

/**
 * Where the drawn window starts among `count` entries, `shown` being how many the reader has (`FEED_WINDOW` and the
 * pages revealed): the last `shown` entries.
 */
export function windowStart(count: number, shown: number): number {
  return Math.max(0, count - shown);
}

/**
 * The rows to draw: each row equal to one drawn before (same key, same fields) is that very object, so that the
 * page's memoized row is not drawn again; only new or changed rows are new objects.
 */
export function keptRows(previous: ReadonlyMap<string, FeedRow>, next: readonly FeedRow[]): { rows: FeedRow[]; byKey: Map<string, FeedRow> } {
  const byKey = new Map<string, FeedRow>();
  const rows = next.map((row) => {
    const before = previous.get(row.key);
    const kept = before && sameRow(before, row) ? before : row;
    byKey.set(row.key, kept);
    return kept;
  });
  return { rows, byKey };
}

function sameRow(a: FeedRow, b: FeedRow): boolean {
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}
