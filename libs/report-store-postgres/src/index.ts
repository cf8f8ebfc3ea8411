export * from './postgres-report-store';
