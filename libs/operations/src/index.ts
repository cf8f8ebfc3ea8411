export * from './export';
export * from './verify';
export * from './script/script';
export * from './script/load-script';
