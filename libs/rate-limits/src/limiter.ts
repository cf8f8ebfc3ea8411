/** A named limit: at most `points` per window of `windowSeconds` per key. */
export interface Limit {
  /** Names the counters (a Redis key prefix): two limiters of the same name, points and window share their counts. */
  readonly name: string;
  readonly points: number;
  /** Whole seconds (the Redis store counts in seconds). */
  readonly windowSeconds: number;
}

/** What a limiter answers for one request. */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

/** Counts requests per key against one `Limit`. */
export interface Limiter {
  readonly limit: Limit;
  /** Counts one request (or `points`) of `key`; never throws for a refusal. */
  consume(key: string, points?: number): Promise<Verdict>;
  /** Forgets a key's count (e.g. a socket that went away). */
  forget(key: string): Promise<void>;
}

/**
 * Where limiters keep their counts: this process's memory, or Redis shared by
 * every api and hub instance. `limiter(limit)` answers the same limiter for the
 * same limit, so two edges of one process (the all-in-one's api and hub) count together.
 */
export interface RateLimitStore {
  /** `memory` or `redis` (for logs and health). */
  readonly kind: 'memory' | 'redis';
  limiter(limit: Limit): Limiter;
  close(): Promise<void>;
}

/** Dependency-injection token of the app's `RateLimitStore` (provided globally by the composition root). */
export const RATE_LIMIT_STORE = 'catalyse.RateLimitStore';

export function assertLimit(limit: Limit): void {
  if (!Number.isInteger(limit.points) || limit.points < 1) throw new Error(`rate limit ${limit.name}: points must be a positive integer (got ${limit.points})`);
  if (!Number.isInteger(limit.windowSeconds) || limit.windowSeconds < 1) {
    throw new Error(`rate limit ${limit.name}: the window must be a whole number of seconds (got ${limit.windowSeconds})`);
  }
}

export const limitId = (limit: Limit): string => `${limit.name}:${limit.points}/${limit.windowSeconds}s`;
