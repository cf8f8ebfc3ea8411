export * from './limiter';
export * from './memory-store';
export * from './redis-store';
export * from './client-budget';
export * from './unmetered';
