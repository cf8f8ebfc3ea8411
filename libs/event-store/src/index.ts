export * from './event-store';
export * from './errors';
export * from './tokens';
export * from './adapter-rules';
export * from './upcasting';
