import type { CatalyseHttp, FeedPage } from '../http/catalyse-http';
import { valueOf } from '../http/result';
import type { FeedEntry } from '@catalyse/protocol';

/** Polls `check` until it holds. */
export async function waitFor(check: () => boolean, what: string | (() => string), timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Every entry of a feed's current epoch, read over HTTP page by page. */
export async function wholeFeed(http: CatalyseHttp, room: string): Promise<{ epoch: number; entries: FeedEntry[] }> {
  const entries: FeedEntry[] = [];
  let epoch = -1;
  for (;;) {
    const page: FeedPage = valueOf(await http.feeds.read(room, entries.at(-1)?.seq ?? 0, 500));
    if (epoch !== -1 && page.epoch !== epoch) return wholeFeed(http, room);
    epoch = page.epoch;
    entries.push(...page.entries);
    if ((entries.at(-1)?.seq ?? 0) >= page.head) return { epoch, entries };
  }
}

export const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
