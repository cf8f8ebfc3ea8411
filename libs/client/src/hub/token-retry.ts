import type { Socket } from 'socket.io-client';
import { Backoff, type BackoffOptions } from './backoff';
import type { TokenRefusal } from './token';

type Later = (work: () => void, ms: number) => ReturnType<typeof setTimeout>;

/** What the retries need of their hub. */
export interface TokenRetryHost {
  /** The connection in use (replaced at a failover). */
  socket(): Socket;
  /** Tells the failure (`tokenRefusal`, offline). */
  tell(failure: TokenRefusal): void;
  /** The hub still waits for its token function (no `setToken` since, not closed). */
  waiting(): boolean;
}

/**
 * The connection attempts after the application's token function failed at a handshake (`token-unavailable`): the
 * connection is left without a handshake (no token, nothing to send) and opened again after a wait, longer at each
 * failure in a row (full jitter, as the rooms' rejoins), back to the shortest once a connection is made.
 */
export class TokenRetry {
  private readonly backoff: Backoff;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    options: BackoffOptions,
    private readonly later: Later,
    private readonly host: TokenRetryHost,
  ) {
    this.backoff = new Backoff(options);
  }

  /**
   * The token function failed at a handshake (inside socket.io's auth callback): no handshake is made (a throw there
   * would escape from socket.io's event loop). Once out of socket.io's `open` handler, the connection is left (socket.io
   * does not reconnect it by itself then), the failure told, and the connection opened again after the next wait.
   */
  failed(failure: TokenRefusal): void {
    const socket = this.host.socket();
    this.later(() => {
      if (socket !== this.host.socket() || socket.connected) return;
      socket.disconnect();
      this.host.tell(failure);
      this.schedule(() => {
        if (socket === this.host.socket() && !socket.connected && this.host.waiting()) socket.connect();
      });
    }, 0);
  }

  /** Runs `connect` after the next wait (instead of any attempt planned before). */
  private schedule(connect: () => void): void {
    this.cancel();
    const timer = this.later(() => {
      if (this.timer !== timer) return;
      this.timer = undefined;
      connect();
    }, this.backoff.next());
    this.timer = timer;
  }

  /** The attempt planned is not made (`setToken` connects at once). */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Connected: nothing planned, and the next failure waits the shortest. */
  reset(): void {
    this.cancel();
    this.backoff.reset();
  }
}
