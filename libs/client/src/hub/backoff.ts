/** The waits between a room's joins (or syncs), or posts, the hub refused for a while: UNAVAILABLE, INTERNAL. */
export interface BackoffOptions {
  /** The longest first wait (default 250 ms); it doubles at each refusal in a row. */
  readonly firstMs?: number;
  /** The longest wait of all (default 10 s). */
  readonly maxMs?: number;
  /** A number in [0, 1) (`Math.random` by default; tests give their own). */
  readonly random?: () => number;
}

export const REJOIN_FIRST_MS = 250;
export const REJOIN_MAX_MS = 10_000;

/**
 * The wait before the attempt after `refusals` refusals in a row (0: after the first), with full jitter: anywhere
 * between 0 and `min(maxMs, firstMs · 2^refusals)`. The clients of a room refused at the same instant (its hub's
 * presence store down) spread their attempts over the whole window instead of asking again together, and ask less
 * often the longer the hub refuses.
 */
export function backoffDelay(refusals: number, options: BackoffOptions = {}): number {
  const first = options.firstMs ?? REJOIN_FIRST_MS;
  const max = options.maxMs ?? REJOIN_MAX_MS;
  const random = options.random ?? Math.random;
  // 2^refusals overflows to Infinity after a thousand refusals: min() keeps the cap.
  const ceiling = Math.min(max, first * 2 ** Math.max(0, refusals));
  return Math.floor(random() * ceiling);
}

/** The refusals in a row of one room's requests (its joins and syncs, or its posts), and the wait before the next attempt. */
export class Backoff {
  private refusals = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** The wait before asking again after one more refusal. */
  next(): number {
    return backoffDelay(this.refusals++, this.options);
  }

  /** The hub answered: the next refusal waits the shortest again. */
  reset(): void {
    this.refusals = 0;
  }
}
