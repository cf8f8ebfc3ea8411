import type { ErrorCode } from '@catalyse/protocol';

/** What an HTTP call answered, as a value: the client never throws for a 4xx, a 5xx or a lost network. */
export interface CallError {
  /** The HTTP status; 0 when no answer came (network down, server unreachable). */
  readonly status: number;
  /** One of the protocol's `ERROR_CODES` (`UNAVAILABLE` when no answer came), or what the server sent. */
  readonly code: ErrorCode | (string & {});
  readonly message: string;
  readonly details?: unknown;
  /** For a 409 CONFLICT on a stream: its current revision. */
  readonly currentRevision?: number;
}

export type Result<T> = { ok: true; value: T; etag?: string } | { ok: false; error: CallError };

/** The answer of a command: the aggregate, its revision and the event's position in the log. */
export interface CommandAccepted {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * A list: `{items, total, limit, offset, next?}`. `next`, present while more items follow, is the `offset` of the next
 * page: a page may hold fewer than `limit` items (the server also cuts one at about 4 MB of documents).
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly next?: number;
}

/** A document of a read model: its fields are the server's (see the OpenAPI document at `/api/docs`). */
export type Doc = Record<string, unknown>;

/** Unwraps a result or throws its error (for scripts and tests that want exceptions). */
export function valueOf<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new Error(`${result.error.status} ${result.error.code}: ${result.error.message}`);
}
