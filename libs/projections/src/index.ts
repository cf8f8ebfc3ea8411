export * from './store';
export * from './read-models';
