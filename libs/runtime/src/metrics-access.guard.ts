import { timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { bearerToken, TokenService } from '@catalyse/auth';
import { AppError } from '@catalyse/protocol';
import { refuseUnknownQuery } from './query-parameters.guard';

/** Nest injection token of the scrape token (`METRICS_TOKEN`), when one is configured. */
export const METRICS_SCRAPE_TOKEN = 'catalyse.metrics.ScrapeToken';

/**
 * `/api/metrics` is not public: it answers a bearer token that is either the
 * scrape token (`METRICS_TOKEN`, what Prometheus is given) or an operator's
 * token from this deployment's signing secret. Anything else gets 401 (no or
 * bad token) or 403 (a valid token of someone else), as `{code, message}`
 * whatever the app's exception filter; only then is a
 * query parameter (it takes none) a 400 VALIDATION naming it.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly scrapeToken: Buffer | undefined;

  constructor(
    @Optional() @Inject(METRICS_SCRAPE_TOKEN) scrapeToken: string | undefined,
    @Optional() @Inject(TokenService) private readonly tokens: TokenService | undefined,
  ) {
    this.scrapeToken = scrapeToken ? Buffer.from(scrapeToken, 'utf8') : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.checkAccess(context);
    refuseUnknownQuery(context, 'app-error');
    return true;
  }

  private async checkAccess(context: ExecutionContext): Promise<void> {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers['authorization'];
    const token = bearerToken(Array.isArray(header) ? header[0] : header);
    if (!token) throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: 'the metrics need a bearer token: METRICS_TOKEN or an operator token' });
    if (this.scrapeToken && sameSecret(this.scrapeToken, token)) return;
    if (!this.tokens) throw new UnauthorizedException({ code: 'UNAUTHORIZED', message: 'invalid metrics token' });
    let role: string;
    try {
      role = (await this.tokens.verify(token)).role;
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'invalid token';
      throw new UnauthorizedException({ code: 'UNAUTHORIZED', message });
    }
    if (role !== 'operator') throw new ForbiddenException({ code: 'FORBIDDEN', message: 'the metrics are for operators and the metrics scraper' });
  }
}

/** Compares without telling, by its duration, how much of the secret a guess got right. */
function sameSecret(expected: Buffer, given: string): boolean {
  const candidate = Buffer.from(given, 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
