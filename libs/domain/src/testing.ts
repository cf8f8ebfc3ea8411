/** Test helpers for deciders (specs only; not part of the runtime API in `index.ts`). */
export * from './kernel/testing';
export * from './partnership/testing';
