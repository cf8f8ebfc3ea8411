import { specFor } from '../testing';
import { personDecider } from './decider';
import type { PersonCommand, PersonEvent } from './types';

const { given } = specFor(personDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const data = {
  subject: 'ana-1',
  reason: 'request_of_the_person',
  reference: 'RGPD-2026/042',
  requestedBy: 'op-1',
  erasedAt: '2026-12-02T10:00:00.000Z',
} as const;
const erase = (changes: Partial<Record<keyof typeof data, unknown>> = {}): PersonCommand => ({
  type: 'ErasePersonalData',
  data: { ...data, ...changes } as never,
});
const erased: PersonEvent = { type: 'PersonalDataErased', data };

describe('person: erasure of personal data', () => {
  it('records the erasure with its reason, its reference and who asked, and nothing personal', () => {
    given([]).when(erase()).then([erased]);
  });

  it('leaves an empty reference out', () => {
    const { reference: _, ...rest } = data;
    given([])
      .when(erase({ reference: '  ' }))
      .then([{ type: 'PersonalDataErased', data: rest }]);
  });

  it('is final: a second erasure is a conflict', () => {
    given([erased]).when(erase()).thenThrows('CONFLICT', 'already erased on 2026-12-02T10:00:00.000Z');
  });

  it('refuses a reason outside the list, a free-text reference, a missing author or a malformed instant', () => {
    given([])
      .when(erase({ reason: 'because' }))
      .thenThrows('RULE_VIOLATED', 'erasure reason');
    given([])
      .when(erase({ reference: 'Zéphyrine a demandé' }))
      .thenThrows('RULE_VIOLATED', 'ticket number');
    given([])
      .when(erase({ requestedBy: '' }))
      .thenThrows('RULE_VIOLATED', 'who asked');
    given([])
      .when(erase({ erasedAt: '2026-02-30T10:00:00Z' }))
      .thenThrows('RULE_VIOLATED', 'erasedAt');
  });
});
