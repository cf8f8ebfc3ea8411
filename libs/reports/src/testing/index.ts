export * from './report-store.contract';
export * from './events';
