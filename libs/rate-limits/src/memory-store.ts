import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { assertLimit, type Limit, type Limiter, limitId, type RateLimitStore, type Verdict } from './limiter';

/** Counts in this process's memory (`rate-limiter-flexible`'s memory store): the embedded default. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly kind = 'memory';
  private readonly limiters = new Map<string, Limiter>();

  limiter(limit: Limit): Limiter {
    assertLimit(limit);
    const id = limitId(limit);
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new MemoryLimiter(limit);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async close(): Promise<void> {
    this.limiters.clear();
  }
}

class MemoryLimiter implements Limiter {
  private readonly counts: RateLimiterMemory;

  constructor(readonly limit: Limit) {
    this.counts = new RateLimiterMemory({ keyPrefix: limit.name, points: limit.points, duration: limit.windowSeconds });
  }

  consume(key: string, points = 1): Promise<Verdict> {
    return verdictOf(this.counts.consume(key, points));
  }

  async forget(key: string): Promise<void> {
    await this.counts.delete(key);
  }
}

/** A consume's outcome as a `Verdict`: a `RateLimiterRes` rejection is a refusal; any other error is thrown. */
export async function verdictOf(consumed: Promise<RateLimiterRes>): Promise<Verdict> {
  try {
    await consumed;
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) };
    throw rejection;
  }
}
