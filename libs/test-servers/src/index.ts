export * from './free-port';
export * from './redis';
export * from './chromium';
export * from './apt-tool';
export * from './postgres';
export * from './postgres-suite';
export * from './oidc-issuer';
export * from './event-loop-turns';
