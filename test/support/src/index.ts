export * from './processes';
export * from './http';
export * from './hub-client';
export * from '@catalyse/test-servers';
export * from './markdown';
export * from './browser';
export * from './world';
