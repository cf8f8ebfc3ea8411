import { createHash, createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '@catalyse/protocol';

/** Issuer and audience of the tokens Catalyse mints itself (`ops token`). */
export const CATALYSE_ISSUER = 'catalyse';
const AUDIENCE = 'catalyse';

/**
 * The key id of a shared secret: a hash of it, so every process configured with
 * the same secret names it alike, and a token names the secret it was signed with
 * without telling anything of it (`hs-` and 16 characters of SHA-256).
 */
export function keyIdOf(secret: string): string {
  return `hs-${createHash('sha256').update('catalyse-jwt-key-id\0').update(secret, 'utf8').digest('base64url').slice(0, 16)}`;
}

/**
 * HS256 tokens under shared secrets (through `@nestjs/jwt`/`jsonwebtoken`): the
 * current secret signs, with its key id in the header; previous secrets
 * (`JWT_PREVIOUS_SECRETS`) still verify the tokens that name them, so a secret
 * rotates without downtime. A token without a key id (minted before key ids)
 * is verified against the current secret only. Every token must expire.
 */
/** The shortest secret accepted (signing secrets, the metrics token): 32 characters, e.g. `openssl rand -base64 36`. */
export const MIN_SECRET_LENGTH = 32;
/** The longest lifetime of a token this deployment signs (`ops token --expires-in`): a long-lived credential is a risk. */
export const MAX_TOKEN_TTL_SECONDS = 90 * 86_400;
/** Clock skew allowed between the machine that minted a token and the one that verifies it. */
const CLOCK_SKEW_SECONDS = 60;

export class SharedSecrets {
  readonly currentKeyId: string;
  private readonly current: JwtService;
  private readonly byKeyId = new Map<string, JwtService>();

  constructor(current: string, previous: readonly string[] = []) {
    for (const secret of [current, ...previous]) {
      if (secret.length < MIN_SECRET_LENGTH) {
        throw new Error(`the JWT secret must be at least ${MIN_SECRET_LENGTH} characters (JWT_SECRET and each of JWT_PREVIOUS_SECRETS)`);
      }
    }
    this.currentKeyId = keyIdOf(current);
    this.current = service(current);
    this.byKeyId.set(this.currentKeyId, this.current);
    for (const secret of previous) {
      const kid = keyIdOf(secret);
      if (!this.byKeyId.has(kid)) this.byKeyId.set(kid, service(secret));
    }
  }

  /** The key ids this instance verifies, the current one first. */
  get keyIds(): readonly string[] {
    return [...this.byKeyId.keys()];
  }

  sign(claims: Record<string, string>, subject: string, expiresInSeconds: number): string {
    return this.current.sign(claims, { subject, expiresIn: expiresInSeconds, keyid: this.currentKeyId });
  }

  /** The claims of a valid token; `AppError(UNAUTHORIZED)` with the reason otherwise. */
  verify(token: string, kid: string | undefined): Record<string, unknown> {
    const jwt = kid === undefined ? this.current : this.byKeyId.get(kid);
    if (!jwt) throw new AppError('UNAUTHORIZED', `invalid token: unknown key id ${kid} (its secret is neither JWT_SECRET nor one of JWT_PREVIOUS_SECRETS)`);
    let claims: Record<string, unknown>;
    try {
      claims = jwt.verify<Record<string, unknown>>(token);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid token';
      throw new AppError('UNAUTHORIZED', `invalid token: ${reason}`);
    }
    const exp = claims['exp'];
    if (typeof exp !== 'number') throw new AppError('UNAUTHORIZED', 'invalid token: it has no expiry (exp); mint a new one with ops token');
    // Only a holder of the secret mints these, but one minted by hand (not by ops token) is held to the same limits.
    const now = Math.floor(Date.now() / 1000);
    const iat = claims['iat'];
    if (typeof iat === 'number' && iat > now + CLOCK_SKEW_SECONDS) throw new AppError('UNAUTHORIZED', 'invalid token: it is issued in the future (iat)');
    if (exp > now + MAX_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS) {
      throw new AppError('UNAUTHORIZED', 'invalid token: it expires more than 90 days from now (exp); mint a new one with ops token');
    }
    return claims;
  }
}

function service(secret: string): JwtService {
  return new JwtService({
    // A KeyObject made once: given a string, jsonwebtoken tries to parse it as a PEM key (and throws
    // internally) on every sign and verify before falling back to a secret key.
    secret: createSecretKey(Buffer.from(secret, 'utf8')),
    signOptions: { algorithm: 'HS256', issuer: CATALYSE_ISSUER, audience: AUDIENCE },
    verifyOptions: { algorithms: ['HS256'], issuer: CATALYSE_ISSUER, audience: AUDIENCE },
  });
}
