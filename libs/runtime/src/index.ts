export * from './config';
export * from './storage.module';
export * from './logging';
export * from './shutdown';
export * from './metrics.module';
export * from './jobs.module';
export * from './open-event-store';
export * from './open-read-models';
