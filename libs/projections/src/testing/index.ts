export * from './projection-store.contract';
export * from './fixtures';
