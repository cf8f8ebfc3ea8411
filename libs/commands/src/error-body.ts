import { isDomainError } from '@catalyse/domain';
import { PartialDuplicateAppendError, UnreadableEventError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { AppError, type ErrorBody } from '@catalyse/protocol';

/** What a caller reads when we failed (the error itself is logged with its stack). */
export const GENERIC_INTERNAL_MESSAGE = 'an unexpected error occurred; it has been logged';

/**
 * The one mapping from what the application throws to the coded error body of
 * both edges: an HTTP answer (`HTTP_STATUS_OF[code]`) and a socket ack.
 * `AppError` (the edges' own refusals), `DomainError` (a rule of a decider),
 * a stale expected revision, a partly repeated append, a stream holding an
 * event this code cannot read (`UNAVAILABLE`). Anything else is not a
 * refusal but a failure of ours: `undefined`, and each edge answers INTERNAL
 * after adding what only it knows (body-parser and Nest errors for HTTP).
 */
export function errorBodyOf(error: unknown): ErrorBody | undefined {
  if (error instanceof AppError) return error.toBody();
  if (isDomainError(error)) return { code: error.code, message: error.message };
  if (error instanceof WrongExpectedRevisionError) {
    return {
      code: 'CONFLICT',
      message: `the resource changed: ${error.message}`,
      ...(error.actual !== undefined ? { currentRevision: error.actual.toString() } : {}),
    };
  }
  if (error instanceof PartialDuplicateAppendError) {
    return { code: 'CONFLICT', message: 'this request partly repeats an earlier one; retry it unchanged or with a new Idempotency-Key' };
  }
  if (error instanceof UnreadableEventError) {
    // Usually an event written by a newer version of Catalyse (during an upgrade): a process running it can take the command.
    return { code: 'UNAVAILABLE', message: `${error.message}; this command cannot be decided here` };
  }
  return undefined;
}
