export * from './command-handler';
export * from './as-of';
