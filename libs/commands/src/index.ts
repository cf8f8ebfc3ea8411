export * from './command-handler';
export * from './as-of';
export * from './error-body';
export * from './payload-fingerprint';
