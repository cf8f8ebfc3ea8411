export {
  LISTENER_APPLICATION_NAME,
  notificationChannel,
  PostgresEventStore,
  type PostgresEventStoreOptions,
  type PostgresEventStoreStats,
} from './postgres-event-store';
