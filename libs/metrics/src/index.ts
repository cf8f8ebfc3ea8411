export * from './registry';
export * from './command-metrics';
export * from './event-store-metrics';
export * from './projector-metrics';
export * from './hub-metrics';
export * from './store-gauges';
export * from './families';
