export * from './report-store.contract';
export * from './events';
export * from './memory-report-store';
