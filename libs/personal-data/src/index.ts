export * from './key-store';
export { PERSONAL_KEY, newKey, seal, reseal, sealedOf, openSealed, unseal, type FieldKind, type SealedFields } from './envelope';
export { PersonalDataEventStore } from './personal-data-event-store';
export { formerValues, REDACTED } from './erasure/former-values';
export { KeyStoreErasures, type ErasuresLogger, type KeyStoreErasuresOptions, type RedactableStore } from './erasure/erasures';
export { ERASURE_WATCH, ErasureWatch, type ErasureWatchOptions } from './erasure/erasure-watch';
export { rewriteLog, type LogRewriteOptions, type LogRewriteResult } from './erasure/rewrite-log';

/** Dependency-injection token of the `PersonalDataEventStore` (the sealed log and the keys, for erasures). */
export const PERSONAL_DATA = 'catalyse.PersonalData';
