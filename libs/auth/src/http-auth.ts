import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, type Principal } from '@catalyse/protocol';
import { bearerToken, TokenService } from './token.service';

const PUBLIC = 'catalyse.public';
/** Marks a route that needs no token (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

interface RequestWithPrincipal {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Whether the route (or its controller) is marked `@Public()`. */
export function isPublicRoute(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(PUBLIC, [context.getHandler(), context.getClass()]) === true;
}

/** Global HTTP guard: a valid bearer token on every route not marked `@Public()`. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (isPublicRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    // The api's rate-limit guard, which runs first, may have verified the token already (only a verified principal is set).
    if (request.principal) return true;
    const header = request.headers['authorization'];
    request.principal = await this.tokens.verify(bearerToken(Array.isArray(header) ? header[0] : header));
    return true;
  }
}

/** The verified caller of an HTTP request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
  if (!request.principal) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
  return request.principal;
});
