import { Backoff, type BackoffOptions, REJOIN_MAX_MS } from './backoff';

type Later = (work: () => void, ms: number) => ReturnType<typeof setTimeout>;

/** The longest a reconnection waits because the hub said so (`retryAfterMs`). */
const MAX_RETRY_AFTER_MS = 60_000;

/** When the hub connects again after losing its node: the failover between several nodes, the waits with one. */
export class Reconnects {
  /** Connection attempts failed in a row since the last connection (paces the failover). */
  private failedAttempts = 0;
  private moving: ReturnType<typeof setTimeout> | undefined;
  /**
   * The waits before connecting again to a single node that ended the connection itself (`io server disconnect`) or
   * refused its handshake for a while: longer at each one in a row, back to the shortest after a connection that held
   * at least the longest wait (a node that accepts and at once ends every connection is not asked again in a tight loop).
   */
  private readonly backoff: Backoff;
  /** When the connection in use was established (`Date.now()`), if it is. */
  private connectedAt: number | undefined;

  constructor(
    private readonly nodes: number,
    private readonly options: { readonly retryDelayMs: number; readonly maxFailoverDelayMs: number; readonly backoff: BackoffOptions },
    private readonly later: Later,
    /** Leaves the node in use for the next one. */
    private readonly moveOn: () => void,
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  /** A connection is established (the hub accepted its handshake). */
  connected(): void {
    this.failedAttempts = 0;
    this.connectedAt = Date.now();
  }

  attemptFailed(): void {
    this.failedAttempts += 1;
  }

  /**
   * The node stopped answering: with several URLs, move to the next one. The first move after a working
   * connection is immediate (another node is most likely up); when a whole round of nodes failed, the
   * next round waits longer each time (up to `maxFailoverDelayMs`, with jitter so that the clients of a
   * dead node do not all come back at the same instant).
   */
  failover(): void {
    if (this.nodes === 1 || this.moving !== undefined) return;
    const round = Math.floor(this.failedAttempts / this.nodes);
    const { retryDelayMs, maxFailoverDelayMs } = this.options;
    const delay = round === 0 ? 0 : Math.min(maxFailoverDelayMs, retryDelayMs * 2 ** (round - 1)) * (0.5 + Math.random() / 2);
    this.moving = this.later(() => {
      this.moving = undefined;
      this.moveOn();
    }, delay);
  }

  /**
   * Connects again (`connect`) to the single node after it ended the connection or refused the handshake for a while,
   * with a backoff (it may do so again), and not before the `retryAfterMs` it said.
   */
  afterWait(connect: () => void, retryAfterMs?: number): void {
    const said = Math.min(Number.isFinite(retryAfterMs) ? (retryAfterMs ?? 0) : 0, MAX_RETRY_AFTER_MS);
    const heldMs = this.connectedAt === undefined ? 0 : Date.now() - this.connectedAt;
    this.connectedAt = undefined;
    if (heldMs >= (this.options.backoff.maxMs ?? REJOIN_MAX_MS)) this.backoff.reset();
    this.later(connect, Math.max(this.backoff.next(), said));
  }
}
