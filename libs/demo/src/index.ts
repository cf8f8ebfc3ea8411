export * from './network/demo';
export * from './history/generate';
export * from './history/modes';
