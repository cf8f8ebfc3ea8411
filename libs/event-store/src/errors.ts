import type { ExpectedRevision } from './event-store';

/** The stream is not at the revision the writer expected (maps to HTTP 409). */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or `undefined` when the stream does not exist. */
    readonly actual: bigint | undefined,
  ) {
    super(`stream ${stream} is at ${actual === undefined ? 'no_stream' : `revision ${actual}`}, expected ${String(expected)}`);
  }
}

/** Some but not all of the event ids of an append are already in the stream: not a clean retry. */
export class PartialDuplicateAppendError extends Error {
  override readonly name = 'PartialDuplicateAppendError';
  constructor(
    readonly stream: string,
    readonly duplicateIds: readonly string[],
  ) {
    super(`stream ${stream} already holds some of these event ids (${duplicateIds.join(', ')}) but not all`);
  }
}

export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

export function isWrongExpectedRevision(error: unknown): error is WrongExpectedRevisionError {
  return error instanceof WrongExpectedRevisionError;
}

/**
 * A stream holds an event the code cannot bring to the current version of its
 * type (`metadata.unreadable`, set by the upcasting store): a command on it is
 * refused rather than decided on a state that lacks the event (HTTP 503).
 */
export class UnreadableEventError extends Error {
  override readonly name = 'UnreadableEventError';
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    readonly type: string,
    readonly reason: string,
  ) {
    super(`stream ${stream} holds an event this version of Catalyse cannot read (revision ${revision}, ${type}): ${reason}`);
  }
}
