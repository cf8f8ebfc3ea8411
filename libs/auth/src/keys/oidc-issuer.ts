import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { AppError, type Principal } from '@catalyse/protocol';
import { type ClaimMapping, principalFromClaims } from './claims';

/** The asymmetric algorithms accepted from an issuer: never HS* (a public key is not a secret), never `none`. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/** An OpenID Connect issuer whose access tokens Catalyse accepts (`OIDC_*`). */
export interface OidcSettings extends ClaimMapping {
  /** Exactly as the issuer writes it in `iss` (`https://sso.example.org/realms/catalyse`). */
  readonly issuer: string;
  /** The `aud` Catalyse's tokens carry (the resource, or the client id the issuer puts there). */
  readonly audience: string;
  /** The issuer's JWKS; otherwise `jwks_uri` of `{issuer}/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  /** Clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
  readonly clockToleranceSeconds: number;
  /** The keys are fetched again at least this often (seconds): a key the issuer removed is refused after it at the latest. */
  readonly jwksMaxAgeSeconds: number;
  /** At most one fetch per this many seconds for a key id not in the keys held (a new key after a rotation). */
  readonly jwksCooldownSeconds: number;
}

const FETCH_TIMEOUT_MS = 5000;

/**
 * Verifies the access tokens of one OpenID Connect issuer against its JWKS
 * (jose's remote key set: cached, fetched again on an unknown `kid` — a
 * rotation — within a cooldown, and at least every `jwksMaxAgeSeconds`), then
 * maps their claims to a principal.
 */
export class OidcIssuer {
  private keys: JWTVerifyGetKey | undefined;
  private discovery: Promise<JWTVerifyGetKey> | undefined;
  private failedAt = -Infinity;

  constructor(readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Principal> {
    const keys = await this.keySet();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: [...OIDC_ALGORITHMS],
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      // The issuer's keys out of reach is no fault of the token: the same one may be tried again (UNAVAILABLE).
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw this.unreachable(reasonOf(error));
      throw new AppError('UNAUTHORIZED', `invalid token: ${reasonOf(error)}`);
    }
    // jose checks `iat` only against a maximum age: one in the future (beyond the skew) is refused here.
    const { iat } = payload;
    if (typeof iat === 'number' && iat > Date.now() / 1000 + this.settings.clockToleranceSeconds) {
      throw new AppError('UNAUTHORIZED', 'invalid token: it is issued in the future (iat)');
    }
    return principalFromClaims(payload, this.settings);
  }

  /** The remote key set, its URL discovered once (a failed discovery is tried again after the cooldown). */
  private async keySet(): Promise<JWTVerifyGetKey> {
    if (this.keys) return this.keys;
    if (!this.discovery) {
      if (Date.now() - this.failedAt < Math.max(1, this.settings.jwksCooldownSeconds) * 1000) {
        throw this.unreachable(`the OpenID issuer ${this.settings.issuer} could not be reached; try again shortly`);
      }
      this.discovery = this.jwksUri().then(
        (uri) =>
          (this.keys = createRemoteJWKSet(uri, {
            timeoutDuration: FETCH_TIMEOUT_MS,
            cooldownDuration: this.settings.jwksCooldownSeconds * 1000,
            cacheMaxAge: this.settings.jwksMaxAgeSeconds * 1000,
          })),
      );
      this.discovery.catch(() => {
        this.failedAt = Date.now();
        this.discovery = undefined;
      });
    }
    try {
      return await this.discovery;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw this.unreachable(`the OpenID issuer ${this.settings.issuer} could not be reached (${reason}); try again shortly`);
    }
  }

  /** A token that could not be verified for now (the issuer or its keys out of reach): `UNAVAILABLE`, to be tried again after the cooldown. */
  private unreachable(message: string): AppError {
    return new AppError('UNAVAILABLE', message, { retryAfterMs: Math.max(1, this.settings.jwksCooldownSeconds) * 1000 });
  }

  private async jwksUri(): Promise<URL> {
    if (this.settings.jwksUri) return new URL(this.settings.jwksUri);
    const where = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(where, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${where} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.settings.issuer) throw new Error(`${where} names the issuer ${String(document.issuer)}, not ${this.settings.issuer}`);
    if (typeof document.jwks_uri !== 'string') throw new Error(`${where} has no jwks_uri`);
    return new URL(document.jwks_uri);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired (exp)';
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.message} (claim ${error.claim})`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the issuer matches its key id (kid): unknown or withdrawn key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed (asymmetric algorithms only)';
  if (error instanceof errors.JWKSTimeout) return "the issuer's keys could not be fetched in time";
  if (error instanceof errors.JOSEError) return error.message;
  return `the issuer's keys could not be fetched (${error instanceof Error ? error.message : String(error)})`;
}
