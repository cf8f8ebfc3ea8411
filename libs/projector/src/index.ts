export * from './projector';
export * from './projector.module';
export * from './rebuild-job.module';
export * from './health/projector-health.controller';
