export * from './http/result';
export * from './http/catalyse-http';
export * from './hub/outbox';
export * from './hub/live-room';
export * from './hub/catalyse-hub';
export { backoffDelay, type BackoffOptions } from './hub/backoff';
export { newId } from './id';
export type { TokenRefusal, TokenSource } from './hub/token';
export { joinFault, postFault } from './hub/post-limits';
