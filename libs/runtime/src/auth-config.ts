import { DEFAULT_ORG_CLAIM, DEFAULT_ROLE_CLAIM, DEFAULT_SUBJECT_CLAIM, MIN_SECRET_LENGTH, type OidcSettings } from '@catalyse/auth';
import { ROLES, type Role } from '@catalyse/protocol';
import { ConfigError } from './config';

/** The token sources of `CatalyseConfig` beyond `JWT_SECRET`: former secrets and an OpenID Connect issuer. */
export interface AuthConfig {
  /** `JWT_PREVIOUS_SECRETS`: former signing secrets whose tokens are still accepted (by key id), never used to sign. */
  readonly jwtPreviousSecrets?: readonly string[];
  /** `OIDC_ISSUER` and the rest: an OpenID Connect issuer whose access tokens are accepted too. */
  readonly oidc?: OidcSettings;
}

const OIDC_VARIABLES = [
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URI',
  'OIDC_SUBJECT_CLAIM',
  'OIDC_ROLE_CLAIM',
  'OIDC_ORG_CLAIM',
  'OIDC_ROLE_VALUES',
  'OIDC_CLOCK_TOLERANCE_SECONDS',
  'OIDC_JWKS_MAX_AGE_SECONDS',
  'OIDC_JWKS_COOLDOWN_SECONDS',
] as const;

export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const previous = (env['JWT_PREVIOUS_SECRETS'] ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
  if (previous.some((secret) => secret.length < MIN_SECRET_LENGTH))
    throw new ConfigError(`chacun des JWT_PREVIOUS_SECRETS (séparés par des virgules) doit faire au moins ${MIN_SECRET_LENGTH} caractères`);
  const oidc = loadOidc(env);
  return { ...(previous.length > 0 ? { jwtPreviousSecrets: previous } : {}), ...(oidc ? { oidc } : {}) };
}

function loadOidc(env: NodeJS.ProcessEnv): OidcSettings | undefined {
  const issuer = env['OIDC_ISSUER'];
  if (!issuer) {
    const stray = OIDC_VARIABLES.find((name) => env[name]);
    if (stray)
      throw new ConfigError(
        `${stray} est défini mais OIDC_ISSUER ne l’est pas : définissez l’émetteur (https://sso.example.org/realms/catalyse) ou retirez ${stray}`,
      );
    return undefined;
  }
  secureUrl('OIDC_ISSUER', issuer);
  const audience = env['OIDC_AUDIENCE'];
  if (!audience) throw new ConfigError('OIDC_ISSUER demande OIDC_AUDIENCE : l’aud que l’émetteur met dans les jetons d’accès destinés à Catalyse');
  const jwksUri = env['OIDC_JWKS_URI'];
  if (jwksUri) secureUrl('OIDC_JWKS_URI', jwksUri);
  const roleValues = parseRoleValues(env['OIDC_ROLE_VALUES']);
  return {
    issuer,
    audience,
    ...(jwksUri ? { jwksUri } : {}),
    subjectClaim: env['OIDC_SUBJECT_CLAIM'] || DEFAULT_SUBJECT_CLAIM,
    roleClaim: env['OIDC_ROLE_CLAIM'] || DEFAULT_ROLE_CLAIM,
    orgClaim: env['OIDC_ORG_CLAIM'] || DEFAULT_ORG_CLAIM,
    ...(roleValues ? { roleValues } : {}),
    clockToleranceSeconds: seconds(env, 'OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    jwksMaxAgeSeconds: seconds(env, 'OIDC_JWKS_MAX_AGE_SECONDS', 600, 1, 86_400),
    jwksCooldownSeconds: seconds(env, 'OIDC_JWKS_COOLDOWN_SECONDS', 30, 0, 3600),
  };
}

/** https, or http on the loopback only (a test issuer): keys fetched in clear could be replaced on the way. */
function secureUrl(name: string, raw: string): void {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} n’est pas une URL (https://…)`);
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${name} doit être une URL https:// (http:// seulement sur la boucle locale) ; reçu : ${raw}`);
  }
}

/** `OIDC_ROLE_VALUES`: `catalyse-operator=operator,catalyse-partner=partner`: the issuer's role names and the Catalyse role each stands for. */
function parseRoleValues(raw: string | undefined): Record<string, Role> | undefined {
  if (!raw) return undefined;
  const values: Record<string, Role> = {};
  for (const pair of raw.split(',').map((p) => p.trim())) {
    const match = /^([^=\s]+)=(\w+)$/.exec(pair);
    const role = match?.[2];
    if (!match?.[1] || !role || !(ROLES as readonly string[]).includes(role)) {
      throw new ConfigError(`OIDC_ROLE_VALUES doit lister des paires valeur=rôle, les rôles parmi ${ROLES.join(', ')} (reçu : ${pair})`);
    }
    values[match[1]] = role as Role;
  }
  return values;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} doit être un entier entre ${min} et ${max} (reçu : ${raw})`);
  return value;
}
