/**
 * The `FeedNotifier` port (and its token) is declared in `@catalyse/projections`
 * beside the store port, so that the projector — an application lib — may
 * depend on it; this lib holds its adapters and re-exports it unchanged.
 */
export { FEED_NOTIFIER, type FeedNotifier, type FeedUpdate } from '@catalyse/projections';
