import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { type AccessPolicy, type AccessRequest, type ActionOf, Public, type Resource } from '@catalyse/auth';
import { DeferredNotFoundInterceptor } from './deferred-not-found';

/** Where a route's access rule is kept (metadata) and shown (the OpenAPI extension of its operation). */
export const ACCESS_METADATA = 'catalyse.access';
export const ACCESS_EXTENSION = 'x-catalyse-access';

/** The row of the access table a route answers to. */
export type RouteAccess =
  /** An aggregate (or the operations): the rule of `action` on `resource`, about the path's `:id` if it has one. */
  | { readonly resource: Resource; readonly action: string; readonly check: (policy: AccessPolicy, request: AccessRequest) => Promise<void> }
  /** A feed named by a path parameter (`/feeds/:roomKey`): the row of its kind. */
  | { readonly feedParam: string; readonly action: 'read' };

/**
 * Every route says which row of the access table (`ACCESS` in `@catalyse/auth`)
 * it answers to; `AccessGuard` applies it before anything else of the request
 * is looked at. The rule is also written into the OpenAPI document
 * (`x-catalyse-access`), where the access matrix tests find it.
 */
export function Access<R extends Resource>(resource: R, action: ActionOf<R>): MethodDecorator & ClassDecorator {
  const access: RouteAccess = { resource, action, check: (policy, request) => policy.check(resource, action, request) };
  return applyDecorators(SetMetadata(ACCESS_METADATA, access), ApiExtension(ACCESS_EXTENSION, { resource, action }));
}

/** A feed read by room key: the row of the feed's kind (`feed:partnership`, `feed:ops`, …); a deferred 404 after validation. */
export function AccessToFeed(param: string): MethodDecorator {
  const access: RouteAccess = { feedParam: param, action: 'read' };
  return applyDecorators(SetMetadata(ACCESS_METADATA, access), ApiExtension(ACCESS_EXTENSION, access), UseInterceptors(DeferredNotFoundInterceptor));
}

/** A route anyone may call, without a token (health). */
export function PublicRoute(): MethodDecorator & ClassDecorator {
  return applyDecorators(Public(), ApiExtension(ACCESS_EXTENSION, 'public'));
}
