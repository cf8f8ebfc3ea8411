import { assertNever, type Decider, ignoreUnknown } from '../kernel/decider';
import { alreadyExists, ruleViolated } from '../kernel/errors';
import { isInstant } from '../kernel/instant';
import { optionalText, requireOneOf, requireText, show } from '../kernel/validation';
import { type ErasePersonalData, ERASURE_REASONS, ERASURE_REFERENCE_PATTERN, type PersonCommand, type PersonEvent, type PersonState } from './types';

export function decidePerson(command: PersonCommand, state: PersonState): readonly PersonEvent[] {
  switch (command.type) {
    case 'ErasePersonalData':
      return erase(command.data, state);
    default:
      return assertNever(command.type, 'person command');
  }
}

/** An erasure is final: a person is erased once (a second request is a conflict, not a new fact). */
function erase(data: ErasePersonalData['data'], state: PersonState): readonly PersonEvent[] {
  if (state.status === 'erased') throw alreadyExists(`the personal data of ${state.subject} were already erased on ${state.erasedAt}`);
  const subject = requireText(data.subject, 'an erasure needs the person’s id');
  const reason = requireOneOf(ERASURE_REASONS, data.reason, 'erasure reason');
  const reference = optionalText(data.reference);
  if (reference !== undefined && !ERASURE_REFERENCE_PATTERN.test(reference)) {
    throw ruleViolated(`the reference must be a ticket number (letters, digits, . _ - /, at most 64), got ${show(reference)}`);
  }
  const requestedBy = requireText(data.requestedBy, 'an erasure needs who asked for it');
  if (!isInstant(data.erasedAt)) throw ruleViolated(`erasedAt must be an ISO-8601 instant (got ${show(data.erasedAt)})`);
  return [{ type: 'PersonalDataErased', data: { subject, reason, ...(reference === undefined ? {} : { reference }), requestedBy, erasedAt: data.erasedAt } }];
}

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonalDataErased':
      return { status: 'erased', subject: event.data.subject, reason: event.data.reason, erasedAt: event.data.erasedAt };
    default:
      return ignoreUnknown(event.type, state);
  }
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: () => ({ status: 'known' }),
  decide: decidePerson,
  evolve: evolvePerson,
};
