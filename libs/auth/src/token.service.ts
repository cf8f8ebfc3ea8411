import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppError, ROLES, type Principal, type Role } from '@catalyse/protocol';

const ISSUER = 'catalyse';
const AUDIENCE = 'catalyse';

interface Claims {
  sub?: unknown;
  role?: unknown;
  org?: unknown;
}

/**
 * Mints and verifies the bearer tokens of HTTP and of the socket handshake
 * (HS256 through `@nestjs/jwt`/`jsonwebtoken`: no hand-written crypto).
 */
export class TokenService {
  private readonly jwt: JwtService;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the JWT secret must be at least 32 characters');
    this.jwt = new JwtService({
      // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a PEM key (and throws
      // internally) on every sign and verify before falling back to a secret key.
      secret: createSecretKey(Buffer.from(secret, 'utf8')),
      signOptions: { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE },
    });
  }

  sign(principal: Principal, expiresInSeconds = 30 * 24 * 3600): string {
    assertPrincipal(principal);
    const claims: Record<string, string> = { role: principal.role };
    if (principal.org !== undefined) claims['org'] = principal.org;
    return this.jwt.sign(claims, { subject: principal.sub, expiresIn: expiresInSeconds });
  }

  /** The principal of a valid token; `AppError(UNAUTHORIZED)` otherwise. */
  verify(token: string | undefined): Principal {
    if (!token) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
    let claims: Claims;
    try {
      claims = this.jwt.verify<Claims & object>(token);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid token';
      throw new AppError('UNAUTHORIZED', `invalid token: ${reason}`);
    }
    const { sub, role, org } = claims;
    if (typeof sub !== 'string' || sub === '' || typeof role !== 'string' || !ROLES.includes(role as Role)) {
      throw new AppError('UNAUTHORIZED', 'invalid token: missing or unknown subject or role');
    }
    if (org !== undefined && typeof org !== 'string') throw new AppError('UNAUTHORIZED', 'invalid token: bad org claim');
    const principal: Principal = org === undefined ? { sub, role: role as Role } : { sub, role: role as Role, org };
    if (principal.role === 'partner' && !principal.org) {
      throw new AppError('UNAUTHORIZED', 'invalid token: a partner token must name its organisation (org)');
    }
    return principal;
  }
}

function assertPrincipal(principal: Principal): void {
  if (!principal.sub) throw new Error('a token needs a subject');
  if (!ROLES.includes(principal.role)) throw new Error(`unknown role ${principal.role}; roles: ${ROLES.join(', ')}`);
  if (principal.role === 'partner' && !principal.org) throw new Error('a partner token needs --org <orgId>');
}

/** Reads the bearer token from an `Authorization` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
