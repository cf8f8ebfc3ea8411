/**
 * The name `configureHttpApp` installs as the first global guard: the per-client
 * budget of `rate-limit/` (it replaced `@nestjs/throttler`'s per-route counts).
 */
export { HttpRateLimitGuard as HttpThrottlerGuard } from '../rate-limit/http-rate-limit.guard';
