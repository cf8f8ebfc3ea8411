export * from './sqlite-projection-store';
