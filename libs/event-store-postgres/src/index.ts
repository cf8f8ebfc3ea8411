export { LISTENER_APPLICATION_NAME, PostgresEventStore, type PostgresEventStoreOptions, type PostgresEventStoreStats } from './postgres-event-store';
export { notificationChannel } from './schema';
