import type { io as realIo } from 'socket.io-client';
import type { BackoffOptions } from './backoff';
import type { OutboxStorage } from './outbox';
import type { TokenSource } from './token';

export interface CatalyseHubOptions {
  /**
   * The hub's URL (the all-in-one's, e.g. `http://localhost:3000`), or the URLs of several hub nodes: the client
   * connects to the first and, when its node stops answering, moves to the next one (keeping its rooms, their
   * cursors and the outbox) and rejoins there with `since`.
   */
  readonly url: string | readonly string[];
  /**
   * The bearer token, or a function giving the current one: called at each connection and reconnection (socket.io's
   * `auth` callback). A token that expires ends the connection (`tokenRefusal` says so): give the hub a new one with
   * `setToken`, or have this function answer a fresh one and call `setToken(thatFunction)` to reconnect.
   */
  readonly token: TokenSource;
  /** Where pending posts are kept (memory by default; `webStorage(localStorage)` in a browser). */
  readonly storage?: OutboxStorage;
  /** socket.io-client's `io` (the package's by default). */
  readonly io?: typeof realIo;
  readonly transports?: string[];
  /** A request without an ack within this time is sent again (default 15 s). */
  readonly ackTimeoutMs?: number;
  /**
   * The first wait between two rounds of failover (default 500 ms). For posts, kept for compatibility: when given (and
   * `postBackoff.firstMs` is not), the longest first wait of their backoff. It was a fixed wait between a post's
   * retries, every 500 ms whatever happened: prefer `postBackoff`.
   */
  readonly retryDelayMs?: number;
  /**
   * The waits before posting again a post the hub answered UNAVAILABLE, INTERNAL or RATE_LIMITED without
   * `retryAfterMs` (with it, what it says): full jitter, from up to `firstMs` (250 ms, or `retryDelayMs` when given)
   * doubling at each refusal in a row of the room's posts up to `maxMs` (10 s), back to the shortest once a post of
   * the room is answered (accepted, or refused for good). `random` for tests.
   */
  readonly postBackoff?: BackoffOptions;
  /**
   * The waits before a room joins (or syncs) again after the hub refused it for a while (UNAVAILABLE, INTERNAL, a
   * RATE_LIMITED without `retryAfterMs`): full jitter, from up to `firstMs` (250 ms) doubling at each refusal in a row
   * up to `maxMs` (10 s), back to the shortest once the room is answered. `random` for tests.
   */
  readonly rejoinBackoff?: BackoffOptions;
  /** With several URLs: the longest wait between two rounds of connection attempts when no node answers (default 5 s). */
  readonly maxFailoverDelayMs?: number;
}

export interface RoomOptions {
  /** `all` (default): every entry of the epoch from seq 1; `latest`: from the hub's snapshot of the latest entries. */
  readonly history?: 'all' | 'latest';
}
