import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { assertLimit, type Limit, type Limiter, limitId, type RateLimitStore, type Verdict } from './limiter';
import { MemoryRateLimitStore } from './memory-store';

export interface RedisRateLimitStoreOptions {
  /** `redis://…` (REDIS_URL). */
  readonly url: string;
  /** Key namespace (default `catalyse:rate`). */
  readonly prefix?: string;
  /** A Redis command slower than this counts as Redis being unavailable (default 250 ms). */
  readonly commandTimeoutMs?: number;
  /** At most one log line per this period while Redis fails (default 30 s). */
  readonly logEveryMs?: number;
  /** Where the log lines go (default stderr). */
  readonly log?: (line: string) => void;
}

/**
 * Counts in Redis (`rate-limiter-flexible`'s Redis store: one Lua script per
 * request, INCR with its expiry), so every api and hub instance on the same
 * Redis shares each client's budget.
 *
 * Fails open, to this instance's memory: while Redis is unreachable (or slower
 * than `commandTimeoutMs`) each request is counted in memory as in the embedded
 * mode, so a client gets at most its budget per instance, never a 5xx, and a
 * line is logged (at most one per `logEveryMs`). Redis down must not take the
 * api and the hubs down with it (ADR 0021).
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly kind = 'redis';
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly fallback = new MemoryRateLimitStore();
  private readonly limiters = new Map<string, Limiter>();
  private readonly logEveryMs: number;
  private readonly log: (line: string) => void;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private failing = false;

  constructor(options: RedisRateLimitStoreOptions) {
    this.prefix = options.prefix ?? 'catalyse:rate';
    this.logEveryMs = options.logEveryMs ?? 30_000;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.redis = new Redis(options.url, {
      // Never queue a count while disconnected: fall back at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    // Reported by `failed` when a count needs Redis; without a listener ioredis would print each retry.
    this.redis.on('error', () => undefined);
  }

  limiter(limit: Limit): Limiter {
    assertLimit(limit);
    const id = limitId(limit);
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RedisLimiter(limit, this.redis, this.prefix, this.fallback.limiter(limit), this);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Resolves once connected (counts made before go to memory); rejects after `timeoutMs`. */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`rate limits: Redis not ready within ${timeoutMs} ms`)), timeoutMs);
      this.redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Called by a limiter whose count Redis could not take: logs (throttled). */
  failed(error: unknown): void {
    this.failing = true;
    const now = Date.now();
    if (now - this.lastLogAt < this.logEveryMs) return;
    this.lastLogAt = now;
    const reason = error instanceof Error ? error.message : String(error);
    this.log(`rate limits: Redis unavailable (${reason}); counting in this instance's memory until it is back`);
  }

  /** Called after a count Redis took: logs once that it is back. */
  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.lastLogAt = Number.NEGATIVE_INFINITY;
    this.log('rate limits: Redis is back; budgets are shared again');
  }

  async close(): Promise<void> {
    this.limiters.clear();
    await this.fallback.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

class RedisLimiter implements Limiter {
  private readonly counts: RateLimiterRedis;

  constructor(
    readonly limit: Limit,
    redis: Redis,
    prefix: string,
    private readonly fallback: Limiter,
    private readonly store: RedisRateLimitStore,
  ) {
    this.counts = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${limit.name}`,
      points: limit.points,
      duration: limit.windowSeconds,
      rejectIfRedisNotReady: true,
    });
  }

  async consume(key: string, points = 1): Promise<Verdict> {
    try {
      const verdict = await verdictOf(this.counts.consume(key, points));
      this.store.succeeded();
      return verdict;
    } catch (error) {
      this.store.failed(error);
      return this.fallback.consume(key, points);
    }
  }

  async forget(key: string): Promise<void> {
    await Promise.all([this.counts.delete(key).catch(() => false), this.fallback.forget(key)]);
  }
}

/** A consume's outcome as a `Verdict`: a `RateLimiterRes` rejection is a refusal; any other error is thrown. */
async function verdictOf(consumed: Promise<RateLimiterRes>): Promise<Verdict> {
  try {
    await consumed;
    return { allowed: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(rejection.msBeforeNext)) };
    throw rejection;
  }
}
