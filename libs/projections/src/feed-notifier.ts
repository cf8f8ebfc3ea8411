import type { RoomKey } from '@catalyse/protocol';

/** The projector tells the hubs that a room's feed grew (or was reset to a new epoch). */
export interface FeedUpdate {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly head: number;
}

/**
 * Port between the projector and the hubs. A lost notification is never fatal:
 * hubs read entries from the feed (by seq), and clients heal gaps with `room:sync`.
 * Adapters (`@catalyse/notifier`): in-process (embedded), polling the projection
 * store (separate processes on one SQLite file), Redis pub/sub (scaled out).
 *
 * Declared here, beside the store port, so that the projector (an application
 * lib) can depend on it; `@catalyse/notifier` re-exports it unchanged.
 */
export interface FeedNotifier {
  publish(updates: readonly FeedUpdate[]): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (updates: readonly FeedUpdate[]) => void): () => void;
  close(): Promise<void>;
}

/** Dependency-injection token of the `FeedNotifier` port. */
export const FEED_NOTIFIER = 'catalyse.FeedNotifier';
