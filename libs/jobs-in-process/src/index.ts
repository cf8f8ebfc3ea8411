export * from './in-process-job-queue';
