export * from './free-port';
export * from './redis';
export * from './postgres';
export * from './postgres-suite';
