import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import type { ProjectionStore } from '@catalyse/projections';
import type { FeedNotifier } from './notifier';

export interface WaitForFeedEntryOptions {
  /** Give up after this long and resolve `undefined` (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Look again this often even without a notification, since one may be lost (default 100 ms). */
  readonly recheckMs?: number;
}

/**
 * Waits until the event at `position` has its entry in `room`'s feed and
 * returns it (with its `seq`), or `undefined` after the timeout. This is how a
 * hub answers `room:post` with the seq of the posted message, whether the
 * projector runs in its process (in-process notifier) or in another one
 * (polling notifier): it is woken by the notifier's updates for that room and
 * re-reads the feed by position; a lost notification only costs `recheckMs`.
 */
export async function waitForFeedEntry(
  store: Pick<ProjectionStore, 'findFeedEntryByPosition'>,
  notifier: Pick<FeedNotifier, 'subscribe'>,
  room: RoomKey,
  position: bigint,
  options: WaitForFeedEntryOptions = {},
): Promise<FeedEntry | undefined> {
  const found = await store.findFeedEntryByPosition(room, position);
  if (found) return found;
  const timeoutMs = options.timeoutMs ?? 5000;
  const recheckMs = options.recheckMs ?? 100;

  return new Promise<FeedEntry | undefined>((resolve, reject) => {
    let settled = false;
    let checking = false;
    let again = false;

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(deadline);
      clearInterval(recheck);
      outcome();
    };
    const check = async (): Promise<void> => {
      if (settled) return;
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          const entry = await store.findFeedEntryByPosition(room, position);
          if (entry) return settle(() => resolve(entry));
        } while (again && !settled);
      } catch (error) {
        settle(() => reject(error));
      } finally {
        checking = false;
      }
    };

    const unsubscribe = notifier.subscribe((updates) => {
      if (updates.some((update) => update.room === room)) void check();
    });
    const recheck = setInterval(() => void check(), recheckMs);
    const deadline = setTimeout(() => settle(() => resolve(undefined)), timeoutMs);
    // The entry may have been committed between the first read and the subscription.
    void check();
  });
}
