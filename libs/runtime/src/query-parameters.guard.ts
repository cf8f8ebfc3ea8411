import { BadRequestException, type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { andMore, AppError, reportedFieldErrors } from '@catalyse/protocol';

/** The query parameters a handler reads: all (`@Query()`, its DTO judges them), or only those it names (`@Query('name')`). */
type QueryTaken = { readonly all: true } | { readonly all: false; readonly names: ReadonlySet<string> };

interface RouteArgument {
  readonly index: number;
  readonly data?: unknown;
}

/** What a handler's parameters take of the query, read once from Nest's route-argument metadata (`@Query`). */
function queryTakenBy(controller: object, method: string): QueryTaken {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Readonly<Record<string, RouteArgument>>;
  const names = new Set<string>();
  for (const [key, argument] of Object.entries(args)) {
    // Keys are `${paramtype}:${index}` (custom decorators' start with their own prefix, and take no query).
    if (key.split(':')[0] !== String(RouteParamtypes.QUERY)) continue;
    if (typeof argument.data !== 'string') return { all: true };
    names.add(argument.data);
  }
  return { all: false, names };
}

const QUERY_CHECKED_AFTER_ITS_GUARD = 'catalyse.runtime.QueryCheckedAfterItsGuard';

/**
 * A route behind its own access guard (`/api/metrics`, public to the app's token check): the global guard leaves its
 * query alone and that guard calls `refuseUnknownQuery` once the caller is let in, so that a caller without a token
 * learns 401, not which parameters the route takes.
 */
export const QueryCheckedAfterItsGuard = (): MethodDecorator => SetMetadata(QUERY_CHECKED_AFTER_ITS_GUARD, true);

/** A query parameter the route's handler does not take, refused as the guard below refuses it (`refusal`: see there). */
export function refuseUnknownQuery(
  context: ExecutionContext,
  refusal: 'app-error' | 'http-exception',
  taken = queryTakenBy(context.getClass(), context.getHandler().name),
): void {
  if (taken.all) return;
  const query = context.switchToHttp().getRequest<{ readonly query?: unknown }>().query;
  if (typeof query !== 'object' || query === null) return;
  const names = taken.names;
  const unknown = Object.keys(query).filter((name) => !names.has(name));
  if (unknown.length === 0) return;
  // The first few only (the message counts the others): a query of a thousand parameters gets a small answer.
  const { details, omitted } = reportedFieldErrors(unknown.map((field) => ({ field, messages: [`property ${field} should not exist`] })));
  const refused = new AppError('VALIDATION', `invalid request: ${details.map((d) => d.field).join(', ')}${andMore(omitted)}`, { details });
  if (refusal === 'app-error') throw refused;
  throw new BadRequestException(refused.toBody());
}

/**
 * A query parameter a route does not take is a `400 VALIDATION` naming it, on every route of the api, the hub and
 * the projector apps. A route with a query DTO (`@Query() query: …Query`) is judged by the validation pipe
 * (whitelist, `forbidNonWhitelisted`, and the api's `RequestValidationPipe` for the keys every object has); this
 * guard refuses, in the same words, any parameter sent to a handler that takes no query at all (a command,
 * `/api/health`, `/api/health/live`, `/api/metrics`, a report's state…), or one it does not name. Only Nest's
 * handlers pass here: the console's files and the hub's socket.io path never do.
 *
 * The api installs it (`configureHttpApp`) as the last global guard, after the token (401) and the access table
 * (403), before the pipes and the NOT_FOUND the access guard defers, as the pipe's refusal comes; it throws an
 * `AppError` there, which the api's filter renders with its `requestId`. The hub and projector apps, without that
 * filter, install it with `'http-exception'` (`APP_GUARD`): a `BadRequestException` whose body is the same
 * `{code, message, details}`, sent as is by Nest's own filter.
 */
@Injectable()
export class QueryParametersGuard implements CanActivate {
  private readonly taken = new WeakMap<object, QueryTaken>();

  /** `app-error`: throws the `AppError` (an app whose exception filter renders it); `http-exception`: a `BadRequestException` with its body. */
  constructor(private readonly refusal: 'app-error' | 'http-exception' = 'app-error') {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    if (Reflect.getMetadata(QUERY_CHECKED_AFTER_ITS_GUARD, handler) === true) return true;
    let taken = this.taken.get(handler);
    if (taken === undefined) {
      taken = queryTakenBy(context.getClass(), handler.name);
      this.taken.set(handler, taken);
    }
    refuseUnknownQuery(context, this.refusal, taken);
    return true;
  }
}
