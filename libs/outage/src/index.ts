export * from './outage';
