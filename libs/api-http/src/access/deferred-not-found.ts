import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import type { AppError } from '@catalyse/protocol';

/**
 * The order of refusals over HTTP: 401, then 403 (the access table, before
 * anything else is read), then 400 (validation), then 404. When a rule needs
 * a thing that does not exist (a room, a partnership), there is nothing to
 * protect yet: `AccessGuard` defers its NOT_FOUND here, so that a malformed
 * request still hears 400 first; then the NOT_FOUND is answered, whatever the
 * handler would have done: a command throws it before it runs (`Commands`,
 * from its `CommandRequest`; pipes have validated everything by then), a read
 * after it ran (`DeferredNotFoundInterceptor`, before anything is sent). Nothing is ever done or shown without the access
 * decision.
 */
const DEFERRED = Symbol('catalyse.deferredNotFound');

interface Deferring {
  [DEFERRED]?: AppError;
}

export function deferNotFound(request: object, error: AppError): void {
  (request as Deferring)[DEFERRED] = error;
}

/** The NOT_FOUND the access guard deferred for this request, if any. */
export function deferredNotFound(request: object): AppError | undefined {
  return (request as Deferring)[DEFERRED];
}

/**
 * On every read route (`@ReadRoute`, `@AccessToFeed`): answers a deferred
 * NOT_FOUND instead of what the handler returned. Not global: an interceptor
 * costs a few hundred microseconds per request, and commands need none.
 */
@Injectable()
export class DeferredNotFoundInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<object>();
    return next.handle().pipe(
      map((answer: unknown) => {
        const deferred = deferredNotFound(request);
        if (deferred) throw deferred;
        return answer;
      }),
    );
  }
}
