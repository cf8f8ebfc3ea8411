export * from './export';
export * from './verify';
export * from './script/script';
export * from './script/load-script';
export * from './script/modes';
export * from './script/generate';
export * from './demo/demo';
