export * from './in-process-job-queue';
export * from './recorded-job-queue';
