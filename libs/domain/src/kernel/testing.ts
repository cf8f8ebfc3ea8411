/**
 * Given / when / then for deciders, framework-free: the comparison is injected,
 * so a spec passes jest's `expect` and gets its diffs.
 *
 *   const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });
 *   given([proposed]).when(agreeObjectives).then([objectivesAgreed]);
 *   given([]).when(reachMilestone).thenThrows('NOT_FOUND', 'partnership not found');
 *
 * Along the way it checks what every decider owes: `decide` leaves the state
 * and the command untouched (both are deep-frozen), answers the same twice,
 * and the events it emits fold without error.
 */
import { fold, type Decider } from './decider';
import { isDomainError, type DomainErrorCode } from './errors';

export interface Assertions {
  /** Deep equality, failing with a readable difference. */
  readonly equal: (actual: unknown, expected: unknown) => void;
}

export interface Given<Command, Event, State> {
  /** The state folded from the given events. */
  readonly state: State;
  readonly when: (command: Command) => When<Event, State>;
  /** Asserts the state folded from the given events. */
  readonly thenState: (expected: State) => void;
}

export interface When<Event, State> {
  /** The command is accepted with exactly these events; returns the state after them. */
  readonly then: (expected: readonly Event[]) => State;
  /** The command is accepted and changes nothing (no event). */
  readonly thenNothing: () => State;
  /** The command is refused with a `DomainError` of this code whose message contains `messagePart`. */
  readonly thenThrows: (code: DomainErrorCode, messagePart: string) => void;
}

export interface Spec<Command, Event, State> {
  readonly given: (events?: readonly Event[]) => Given<Command, Event, State>;
}

export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>, assertions: Assertions): Spec<Command, Event, State> {
  const { equal } = assertions;
  return {
    given: (events = []) => {
      const state = deepFreeze(fold(decider, events));
      return {
        state,
        thenState: (expected) => equal(state, expected),
        when: (command) => {
          deepFreeze(command);
          const then = (expected: readonly Event[]): State => {
            const emitted = decider.decide(command, state);
            equal(emitted, expected);
            equal(decider.decide(command, state), emitted);
            return emitted.reduce(decider.evolve, state);
          };
          return {
            then,
            thenNothing: () => then([]),
            thenThrows: (code, messagePart) => {
              let outcome: { readonly code: string; readonly message: string } | { readonly accepted: readonly Event[] };
              try {
                outcome = { accepted: decider.decide(command, state) };
              } catch (error) {
                if (!isDomainError(error)) throw error;
                // The message is compared whole only when it does not contain the expected part, to show both.
                outcome = { code: error.code, message: error.message.includes(messagePart) ? messagePart : error.message };
              }
              equal(outcome, { code, message: messagePart });
            },
          };
        },
      };
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}
