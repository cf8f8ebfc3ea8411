export * from './errors';
export * from './auth';
export * from './feed';
export * from './hub';
export * from './hub-requests';
export * from './csv';
export * from './payload-depth';
export * from './text';
