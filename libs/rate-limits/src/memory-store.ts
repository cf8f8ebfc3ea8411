import { assertLimit, type Limit, type Limiter, limitId, type RateLimitStore, type Verdict } from './limiter';

export interface MemoryRateLimitStoreOptions {
  /** The clock (ms), for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** Counts in this process's memory: the embedded default, and the Redis store's fallback. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  private readonly limiters = new Map<string, MemoryLimiter>();
  private readonly now: () => number;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  limiter(limit: Limit): Limiter {
    assertLimit(limit);
    const id = limitId(limit);
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new MemoryLimiter(limit, this.now);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async close(): Promise<void> {
    for (const limiter of this.limiters.values()) limiter.close();
    this.limiters.clear();
  }
}

interface Window {
  used: number;
  readonly resetAt: number;
}

const ALLOWED: Verdict = { allowed: true };

/**
 * A fixed window per key, opened by its first request (what `rate-limiter-flexible`'s memory store counts), in one
 * `Map`, swept of its ended windows by one timer per limiter while it holds any. That store keeps an object and a
 * timer per key instead, about 0.5 KB a key: with a budget of requests and one of connections per person, it showed
 * as 0.7 KB of heap per socket in the 5,000-socket bench (every socket a person); here a key costs about 0.15 KB.
 */
class MemoryLimiter implements Limiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs: number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    readonly limit: Limit,
    private readonly now: () => number,
  ) {
    this.windowMs = limit.windowSeconds * 1000;
  }

  async consume(key: string, points = 1): Promise<Verdict> {
    if (!Number.isInteger(points) || points < 1) throw new RangeError(`rate limit ${this.limit.name}: points must be a positive integer (got ${points})`);
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { used: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
      this.sweepLater();
    }
    window.used += points;
    return window.used <= this.limit.points ? ALLOWED : { allowed: false, retryAfterMs: Math.max(1, window.resetAt - now) };
  }

  async forget(key: string): Promise<void> {
    this.windows.delete(key);
  }

  /** Keys whose window is open (for tests). */
  get size(): number {
    return this.windows.size;
  }

  /** Drops the ended windows; again a window later while any is left. */
  sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  close(): void {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    this.windows.clear();
  }

  private sweepLater(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      this.sweep();
      if (this.windows.size > 0) this.sweepLater();
    }, this.windowMs);
    // Never what keeps the process alive.
    this.sweeper.unref();
  }
}
