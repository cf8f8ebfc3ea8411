export { PostgresProjectionStore, type PostgresProjectionStoreOptions } from './postgres-projection-store';
