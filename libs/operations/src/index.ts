export * from './export';
export * from './verify';
