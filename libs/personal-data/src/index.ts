export * from './key-store';
export { PERSONAL_KEY, newKey, seal, sealedOf, openSealed, unseal, type FieldKind, type SealedFields } from './envelope';
export { PersonalDataEventStore } from './personal-data-event-store';
export { formerValues, REDACTED } from './erasure/former-values';
export { KeyStoreErasures, type RedactableStore } from './erasure/erasures';

/** Dependency-injection token of the `PersonalDataEventStore` (the sealed log and the keys, for erasures). */
export const PERSONAL_DATA = 'catalyse.PersonalData';
