export * from './shared/decider';
export * from './shared/errors';
export * from './shared/vocabulary';
export * from './partnership/types';
export * from './room/types';
export * from './catalyseur/types';
