export * from './projection-store.contract';
export * from './fixtures';
export * from './fold-model';
export * from './projection-store-fields.contract';
