import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenService } from '@catalyse/auth';
import { AppError } from '@catalyse/protocol';
import { type ClientBudget, isUnmetered } from '@catalyse/rate-limits';
import { clientOfRequest, type MeteredRequest } from './client-of-request';

/** Dependency-injection token of the api's `ClientBudget` (over the app's `RATE_LIMIT_STORE`, or its own memory). */
export const API_CLIENT_BUDGET = 'catalyse.api.ClientBudget';

/**
 * The HTTP rate limit: every request (but `@Unmetered()` routes: health,
 * metrics) counts against its client's one budget, across routes, shared with
 * its hub requests and, on Redis, with every api and hub instance. Runs before
 * the JWT guard (global guards in `configureHttpApp`), so it verifies the token
 * itself and leaves the principal on the request. Over the budget: 429
 * `RATE_LIMITED` with `Retry-After`.
 */
@Injectable()
export class HttpRateLimitGuard implements CanActivate {
  constructor(
    @Inject(API_CLIENT_BUDGET) private readonly budget: ClientBudget,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || isUnmetered(this.reflector, context)) return true;
    const client = await clientOfRequest(context.switchToHttp().getRequest<MeteredRequest>(), this.tokens);
    const verdict = await this.budget.consume(client);
    if (verdict.allowed) return true;
    const seconds = Math.ceil(verdict.retryAfterMs / 1000);
    throw new AppError('RATE_LIMITED', `too many requests: ${this.budget.describe(client)}; retry in ${seconds} s`, { retryAfterMs: verdict.retryAfterMs });
  }
}
