export { PostgresKeyStore, type PostgresKeyStoreOptions } from './postgres-key-store';
