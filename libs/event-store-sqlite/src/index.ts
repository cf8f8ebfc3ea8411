export { SqliteEventStore, type SqliteEventStoreOptions, type SqliteEventStoreStats } from './sqlite-event-store';
export { SCHEMA_VERSION, type SynchronousMode } from './schema';
