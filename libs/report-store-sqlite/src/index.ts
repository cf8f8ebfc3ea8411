export * from './sqlite-report-store';
