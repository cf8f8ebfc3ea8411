export * from './export';
export * from './verify';
export * from './script/script';
export * from './script/load-script';
export * from './script/decided-events';
export * from './rebuild-limits';
export * from './ops-actor';
