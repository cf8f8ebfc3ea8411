import type { ErrorBody, FeedEntry } from '@catalyse/protocol';
import type { FailedPost, PendingPost } from './outbox';

/** A joined room, as the application sees it. */
export interface LiveRoom {
  readonly key: string;
  /** Exactly the room's entries of its current epoch, in seq order, never twice, across reconnects and resets. */
  entries(): readonly FeedEntry[];
  /** Written, not yet acknowledged by the hub, in the order written. */
  pending(): readonly PendingPost[];
  /** Refused by the hub (not retried), with its error. */
  failed(): readonly FailedPost[];
  /** Who is here (from `presence:state` and `presence:diff`). */
  presence(): readonly string[];
  /** The feed's epoch the entries belong to (undefined before the first join answered). */
  epoch(): number | undefined;
  /**
   * Resolves once the hub has let the room in (at once if it already has). Rejects with a `RoomRefusedError`
   * when the hub refuses it for good (FORBIDDEN, NOT_FOUND, VALIDATION…; UNAVAILABLE, RATE_LIMITED and INTERNAL
   * are retried, not reported), and with an `Error` when the room is left or the hub closed first.
   */
  ready(): Promise<void>;
  /** Why the hub refused the room, until a later join (at the next connection) lets it in; undefined otherwise. */
  refusal(): ErrorBody | undefined;
  /** Any of the above changed. */
  onChange(listener: () => void): () => void;
  /** Each new entry, once, in seq order. */
  onEntry(listener: (entry: FeedEntry) => void): () => void;
  /** The feed was rebuilt into `epoch` (or restored from an older copy, same epoch): the entries were dropped and are being read again. */
  onReset(listener: (epoch: number) => void): () => void;
  /** Someone else is typing. */
  onTyping(listener: (who: string) => void): () => void;
  /** Queued in the outbox (kept in storage), sent now or on return, exactly once, in order. */
  post(text: string): PendingPost;
  typing(): void;
  leave(): void;
}

/** The hub refused a room for good: `error` is its answer (`code` FORBIDDEN, NOT_FOUND, VALIDATION…). */
export class RoomRefusedError extends Error {
  constructor(
    readonly room: string,
    readonly error: ErrorBody,
  ) {
    super(`${room}: ${error.code} ${error.message}`);
    this.name = 'RoomRefusedError';
  }
}

/** A tiny set of listeners. */
export class Listeners<A extends unknown[]> {
  private readonly set = new Set<(...args: A) => void>();
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(...args: A): void {
    for (const listener of [...this.set]) {
      try {
        listener(...args);
      } catch {
        // a listener's failure is the application's; the room goes on
      }
    }
  }
  clear(): void {
    this.set.clear();
  }
}
