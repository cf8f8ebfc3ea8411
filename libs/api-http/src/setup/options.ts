import { LIVE_PROJECTOR } from '@catalyse/projections';
import type { DynamicModule, InjectionToken, Type } from '@nestjs/common';
import type { RateLimitStore } from '@catalyse/rate-limits';
import type { Clock } from './clock';

/** Options of `ApiHttpModule.forRoot`. Every field has a default. */
export interface ApiHttpOptions {
  /** Where commands get their time and "today" (default: the system clock). */
  readonly clock?: Clock;
  /** IANA zone in which "today" is read for default dates and lateness (default `Europe/Paris`). */
  readonly timeZone?: string;
  /**
   * A partner's or catalyseur's requests per window, across routes, before 429 (default 6000 per 60 s; a whole
   * number of seconds). Operators get twice, callers without a valid token (by address) a quarter (`TIER_SHARES`).
   */
  readonly rateLimit?: { readonly limit: number; readonly ttlMs: number };
  /** Shorthand for `rateLimit: {limit, ttlMs: 60_000}` (the runtime's `HTTP_RATE_LIMIT_PER_MINUTE`). */
  readonly httpRateLimitPerMinute?: number;
  /** Where the budgets are counted (default: the root's global `RATE_LIMIT_STORE`, else this module's memory). */
  readonly rateLimitStore?: RateLimitStore;
  /** Projector names whose stored checkpoint `/api/health` compares with the log head (default `['main']`). */
  readonly projectors?: readonly string[];
  /**
   * A projector running in this process, for `/api/health` (running, lag, last error):
   * the module that exports it and its token, e.g. `{ module: ProjectorModule, token: Projector }`.
   */
  readonly projector?: { readonly module?: Type<unknown> | DynamicModule; readonly token: InjectionToken };
  /**
   * Without a projector in this process (`projector` unset: the api beside separate projector apps), `/api/health`
   * reports each projector of `projectors` (`projector:<name>`) `down` when no process holds its lease (the lease of
   * that name in the projection store): none does (a clean stop released it, or none ever started), or its holder
   * has not renewed it for longer than this many milliseconds past its expiry (a projector killed, frozen or cut off
   * from the store). Default `DEFAULT_PROJECTOR_LEASE_GRACE_MS` (10 s, the projector's default lease time); the
   * runtime's api passes `PROJECTOR_LEASE_MS`.
   */
  readonly projectorLeaseGraceMs?: number;
  /** `/api/health` reports `down` when a projector is further behind than this many positions (default: never). */
  readonly maxProjectorLag?: number;
  /**
   * `/api/health` reports the in-process projector (`projector`) `down` once its batch has kept failing (retried
   * with backoff, no batch committed since) for longer than this many milliseconds while events wait to be folded
   * (default `DEFAULT_MAX_PROJECTOR_FAILING_MS`, 30 s; `Infinity`: never).
   */
  readonly maxProjectorFailingMs?: number;
}

export interface ResolvedApiHttpOptions {
  readonly timeZone: string;
  readonly rateLimit: { readonly limit: number; readonly ttlMs: number };
  readonly projectors: readonly string[];
  readonly maxProjectorLag?: number;
  readonly maxProjectorFailingMs: number;
  readonly projectorLeaseGraceMs: number;
}

export const API_HTTP_OPTIONS = 'catalyse.api.Options';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';
export const DEFAULT_RATE_LIMIT = { limit: 6000, ttlMs: 60_000 } as const;
/** How long a projector's batch may keep failing before `/api/health` says it is down: a few backoffs (100 ms doubling to 5 s). */
export const DEFAULT_MAX_PROJECTOR_FAILING_MS = 30_000;
/** How long past its expiry a projector's unrenewed lease still counts as held, for `/api/health` (a standby takes over meanwhile). */
export const DEFAULT_PROJECTOR_LEASE_GRACE_MS = 10_000;

export function resolveOptions(options: ApiHttpOptions): ResolvedApiHttpOptions {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new Error(`ApiHttpModule: unknown time zone ${timeZone}`);
  }
  const rateLimit =
    options.rateLimit ?? (options.httpRateLimitPerMinute !== undefined ? { limit: options.httpRateLimitPerMinute, ttlMs: 60_000 } : DEFAULT_RATE_LIMIT);
  if (!Number.isInteger(rateLimit.ttlMs / 1000) || rateLimit.ttlMs < 1000)
    throw new Error(`ApiHttpModule: rateLimit.ttlMs must be whole seconds (got ${rateLimit.ttlMs})`);
  const maxProjectorFailingMs = options.maxProjectorFailingMs ?? DEFAULT_MAX_PROJECTOR_FAILING_MS;
  if (Number.isNaN(maxProjectorFailingMs) || maxProjectorFailingMs < 0)
    throw new Error(`ApiHttpModule: maxProjectorFailingMs must be 0 or more milliseconds (got ${maxProjectorFailingMs})`);
  const projectorLeaseGraceMs = options.projectorLeaseGraceMs ?? DEFAULT_PROJECTOR_LEASE_GRACE_MS;
  if (!Number.isFinite(projectorLeaseGraceMs) || projectorLeaseGraceMs < 0)
    throw new Error(`ApiHttpModule: projectorLeaseGraceMs must be 0 or more milliseconds (got ${projectorLeaseGraceMs})`);
  const resolved: ResolvedApiHttpOptions = {
    timeZone,
    rateLimit,
    projectors: options.projectors ?? [LIVE_PROJECTOR],
    maxProjectorFailingMs,
    projectorLeaseGraceMs,
  };
  return options.maxProjectorLag === undefined ? resolved : { ...resolved, maxProjectorLag: options.maxProjectorLag };
}
