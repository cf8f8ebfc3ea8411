import { type CanActivate, type ExecutionContext, Injectable, mixin, type Type } from '@nestjs/common';
import { AppError, type Principal } from '@catalyse/protocol';

/**
 * The network's own work (here experimentations and parcours) is run and read
 * by catalyseurs and operators. This guard refuses partners before anything
 * else about their request is looked at (a partner hears 403, not what a valid
 * body would be); the handlers check again through `NetworkCommands` and
 * `assertMayRead`. Runs after the global `JwtAuthGuard`, which sets the principal.
 */
export function NetworkWorkGuard(what: string): Type<CanActivate> {
  @Injectable()
  class PartnersRefused implements CanActivate {
    canActivate(context: ExecutionContext): boolean {
      if (context.getType() !== 'http') return true;
      const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
      if (principal?.role === 'partner') {
        throw new AppError('FORBIDDEN', `${what} are run and read by catalyseurs and operators; partners act in their own partnerships`);
      }
      return true;
    }
  }
  return mixin(PartnersRefused);
}
