import type { Message } from '../kernel/decider';
import type { Instant } from '../kernel/vocabulary';

/**
 * A person whose personal data Catalyse holds (a catalyseur, a participant, a
 * message's author), by the id the rest of the log knows them by. The stream
 * records only their erasure: the personal data itself lives, encrypted with
 * the person's key, in the events of the other aggregates (docs/adr/0006).
 */

/** Why personal data is erased (GDPR art. 17); a code, never free text, so the event carries no personal data. */
export const ERASURE_REASONS = [
  'request_of_the_person',
  'no_longer_needed',
  'consent_withdrawn',
  'objection',
  'unlawful_processing',
  'legal_obligation',
] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

/** An operator's reference for the request (a ticket number): letters, digits, `.`, `_`, `-` and `/`, at most 64. */
export const ERASURE_REFERENCE_PATTERN = /^[A-Za-z0-9._/-]{1,64}$/;

export type ErasePersonalData = Message<
  'ErasePersonalData',
  {
    readonly subject: string;
    readonly reason: ErasureReason;
    readonly reference?: string;
    /** The operator who asked. */
    readonly requestedBy: string;
    readonly erasedAt: Instant;
  }
>;
export type PersonCommand = ErasePersonalData;

/** The person's key is (being) destroyed: from now on their fields read as a tombstone everywhere. Carries no personal data. */
export type PersonalDataErased = Message<
  'PersonalDataErased',
  { readonly subject: string; readonly reason: ErasureReason; readonly reference?: string; readonly requestedBy: string; readonly erasedAt: Instant }
>;
export type PersonEvent = PersonalDataErased;

/** The type of the event that ends a person's readable data (the projector, the store's decorator and the erasure all look for it). */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased' satisfies PersonEvent['type'];

export type PersonState =
  { readonly status: 'known' } | { readonly status: 'erased'; readonly subject: string; readonly reason: ErasureReason; readonly erasedAt: Instant };

export const personStream = (subject: string): string => `person-${subject}`;

/** Every person event type (the compiler checks the list is complete). */
export const PERSON_EVENT_TYPES = Object.keys({ PersonalDataErased: true } satisfies Record<PersonEvent['type'], true>) as readonly PersonEvent['type'][];
