import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AccessPolicy, isPublicRoute } from '@catalyse/auth';
import { AppError, parseRoomKey, type Principal, ROOM_KEY_RULE } from '@catalyse/protocol';
import { present } from '../commands/present';
import { assertId } from '../validation/id.pipe';
import { ACCESS_METADATA, type RouteAccess } from './access.decorator';
import { deferNotFound } from './deferred-not-found';

/** Dependency-injection token of the api's `AccessPolicy` (over the write side: `StreamFacts`). */
export const API_ACCESS_POLICY = 'catalyse.api.AccessPolicy';

interface AccessedRequest {
  readonly principal?: Principal;
  readonly params?: Record<string, string | undefined>;
  readonly body?: unknown;
  readonly query?: unknown;
}

/**
 * The one HTTP access check, run on every route after the JWT guard and before
 * pipes (validation): the route's row of the access table, for the caller's
 * role, about the path's id, body and query as sent. A partner refused from
 * the network's work hears 403, not what a valid body would have been. A route
 * without a rule is refused (and logged): a new route must say who may call it.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_ACCESS_POLICY) private readonly policy: AccessPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || isPublicRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AccessedRequest>();
    const principal = request.principal;
    if (!principal) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_METADATA, [context.getHandler(), context.getClass()]);
    if (!access) {
      this.logger.error(`${context.getClass().name}.${context.getHandler().name} has no access rule: refused`);
      throw new AppError('FORBIDDEN', 'this route has no access rule');
    }
    try {
      await this.check(access, request, principal);
    } catch (error) {
      // Nothing to protect yet: validation speaks first, then this NOT_FOUND (see `deferred-not-found.ts`).
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
      deferNotFound(request, error);
    }
    return true;
  }

  private async check(access: RouteAccess, request: AccessedRequest, principal: Principal): Promise<void> {
    const target = { principal, body: request.body, query: request.query };
    if ('feedParam' in access) {
      const key = request.params?.[access.feedParam] ?? '';
      const feed = parseRoomKey(key);
      if (!feed) {
        throw new AppError('VALIDATION', `invalid room key: expected ${ROOM_KEY_RULE}`, { details: [{ field: access.feedParam, messages: [ROOM_KEY_RULE] }] });
      }
      // As the hub's joins: the feed's row, then the thing it is about, which must exist (else a deferred NOT_FOUND).
      await this.policy.assertCanRead(principal, key);
      return;
    }
    const id = request.params?.['id'];
    if (id !== undefined) assertId(id);
    await access.check(this.policy, { ...target, ...present({ id }) });
  }
}
