export * from './notifier';
export * from './in-process-feed-notifier';
export * from './polling-feed-notifier';
export * from './wait-for-feed-entry';
export * from './redis-feed-notifier';
