export * from './job-queue-contract';
