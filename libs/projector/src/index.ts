export * from './projector';
export * from './projector.module';
export * from './rebuild-job.module';
