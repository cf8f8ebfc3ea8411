import { decodeJwt, decodeProtectedHeader } from 'jose';
import { AppError, ROLES, type Principal, type Role } from '@catalyse/protocol';
import { identifierFault } from './keys/claims';
import { OidcIssuer, type OidcSettings } from './keys/oidc-issuer';
import { CATALYSE_ISSUER, SharedSecrets } from './keys/shared-secrets';

/** What tokens a deployment accepts besides those of its current secret (the fields of `CatalyseConfig` of the same names). */
export interface TokenSources {
  /** Former secrets (`JWT_PREVIOUS_SECRETS`): their tokens are still verified, by key id; they never sign. */
  readonly jwtPreviousSecrets?: readonly string[];
  /** An OpenID Connect issuer (`OIDC_ISSUER`, …) whose access tokens are accepted too. */
  readonly oidc?: OidcSettings;
}

/** Lifetime of a minted token unless told otherwise: a working day (`ops token --expires-in`). */
export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 3600;

/**
 * The one place that knows how bearer tokens (HTTP, the socket handshake, the
 * metrics) are checked. It mints HS256 tokens with the current shared secret and
 * verifies, by their issuer, either those (`SharedSecrets`: current and previous
 * secrets by key id) or an OpenID Connect issuer's (`OidcIssuer`: its JWKS, its
 * claims mapped to a role and an organisation). No hand-written crypto.
 */
export class TokenService {
  private readonly secrets: SharedSecrets;
  private readonly oidc: OidcIssuer | undefined;

  constructor(secret: string, sources: TokenSources = {}) {
    this.secrets = new SharedSecrets(secret, sources.jwtPreviousSecrets ?? []);
    this.oidc = sources.oidc ? new OidcIssuer(sources.oidc) : undefined;
  }

  /** The key id minted tokens carry in their header. */
  get keyId(): string {
    return this.secrets.currentKeyId;
  }

  sign(principal: Principal, expiresInSeconds = DEFAULT_TOKEN_TTL_SECONDS): string {
    assertPrincipal(principal);
    const claims: Record<string, string> = { role: principal.role };
    if (principal.org !== undefined) claims['org'] = principal.org;
    return this.secrets.sign(claims, principal.sub, expiresInSeconds);
  }

  /** The principal of a valid token; `AppError(UNAUTHORIZED)` with the reason otherwise. */
  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new AppError('UNAUTHORIZED', 'a bearer token is required');
    let issuer: unknown;
    let header: { alg?: unknown; kid?: unknown; crit?: unknown };
    try {
      header = decodeProtectedHeader(token);
      issuer = decodeJwt(token).iss;
    } catch {
      throw new AppError('UNAUTHORIZED', 'invalid token: jwt malformed');
    }
    if (this.oidc && issuer === this.oidc.settings.issuer) return this.oidc.verify(token);
    if (issuer !== undefined && issuer !== CATALYSE_ISSUER && !(typeof header.alg === 'string' && header.alg.startsWith('HS'))) {
      throw new AppError('UNAUTHORIZED', `invalid token: issuer ${String(issuer)} is not trusted${this.oidc ? '' : ' (no OIDC_ISSUER is configured)'}`);
    }
    if (header.kid !== undefined && typeof header.kid !== 'string') throw new AppError('UNAUTHORIZED', 'invalid token: bad key id (kid)');
    // RFC 7515 §4.1.11: extensions marked critical must be understood, and this service understands none (jose checks
    // an issuer's tokens itself).
    if (header.crit !== undefined)
      throw new AppError('UNAUTHORIZED', 'invalid token: it names critical header extensions (crit), none of which is understood here');
    return principalOfClaims(this.secrets.verify(token, header.kid));
  }
}

function principalOfClaims(claims: Record<string, unknown>): Principal {
  const { sub, role, org } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof role !== 'string' || !ROLES.includes(role as Role)) {
    throw new AppError('UNAUTHORIZED', 'invalid token: missing or unknown subject or role');
  }
  if (org !== undefined && typeof org !== 'string') throw new AppError('UNAUTHORIZED', 'invalid token: bad org claim');
  const fault = identifierFault('subject (sub)', sub) ?? (org === undefined ? undefined : identifierFault('organisation (org)', org));
  if (fault) throw new AppError('UNAUTHORIZED', `invalid token: ${fault}`);
  const principal: Principal = org === undefined ? { sub, role: role as Role } : { sub, role: role as Role, org };
  if (principal.role === 'partner' && !principal.org) {
    throw new AppError('UNAUTHORIZED', 'invalid token: a partner token must name its organisation (org)');
  }
  return principal;
}

function assertPrincipal(principal: Principal): void {
  if (!principal.sub) throw new Error('a token needs a subject');
  const fault = identifierFault('subject', principal.sub) ?? (principal.org === undefined ? undefined : identifierFault('organisation', principal.org));
  if (fault) throw new Error(`a token cannot be signed: ${fault}`);
  if (!ROLES.includes(principal.role)) throw new Error(`unknown role ${principal.role}; roles: ${ROLES.join(', ')}`);
  if (principal.role === 'partner' && !principal.org) throw new Error('a partner token needs --org <orgId>');
}

/**
 * When a token verified by `TokenService.verify` expires, in milliseconds since the epoch (its `exp`), or undefined
 * when it has none. For a connection that outlives its handshake (the hub): what was verified once must end then.
 */
export function tokenExpiry(token: string): number | undefined {
  const { exp } = decodeJwt(token);
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/** Reads the bearer token from an `Authorization` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
