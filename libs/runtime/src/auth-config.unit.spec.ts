import { ConfigError, loadConfig } from './config';

const PREVIOUS = 'a-former-secret-that-is-long-enough-0123456789';
const ISSUER = 'https://sso.example.org/realms/catalyse';

describe('loadConfig: token sources beyond JWT_SECRET', () => {
  it('has neither former secrets nor an issuer by default', () => {
    const config = loadConfig({});
    expect(config.jwtPreviousSecrets).toBeUndefined();
    expect(config.oidc).toBeUndefined();
  });

  it('reads JWT_PREVIOUS_SECRETS as a comma-separated list', () => {
    expect(loadConfig({ JWT_PREVIOUS_SECRETS: ` ${PREVIOUS} , ${PREVIOUS}-2,` }).jwtPreviousSecrets).toEqual([PREVIOUS, `${PREVIOUS}-2`]);
  });

  it('reads an OpenID Connect issuer with the default claims, tolerance and key cache', () => {
    expect(loadConfig({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'catalyse-api' }).oidc).toEqual({
      issuer: ISSUER,
      audience: 'catalyse-api',
      subjectClaim: 'sub',
      roleClaim: 'catalyse_role',
      orgClaim: 'catalyse_org',
      clockToleranceSeconds: 30,
      jwksMaxAgeSeconds: 600,
      jwksCooldownSeconds: 30,
    });
  });

  it('reads every OIDC_ variable', () => {
    const oidc = loadConfig({
      OIDC_ISSUER: ISSUER,
      OIDC_AUDIENCE: 'account',
      OIDC_JWKS_URI: `${ISSUER}/protocol/openid-connect/certs`,
      OIDC_SUBJECT_CLAIM: 'preferred_username',
      OIDC_ROLE_CLAIM: 'realm_access.roles',
      OIDC_ORG_CLAIM: 'organisation',
      OIDC_ROLE_VALUES: 'catalyse-admin=operator, catalyse-member=catalyseur,catalyse-partner=partner',
      OIDC_CLOCK_TOLERANCE_SECONDS: '5',
      OIDC_JWKS_MAX_AGE_SECONDS: '60',
      OIDC_JWKS_COOLDOWN_SECONDS: '0',
    }).oidc;
    expect(oidc).toEqual({
      issuer: ISSUER,
      audience: 'account',
      jwksUri: `${ISSUER}/protocol/openid-connect/certs`,
      subjectClaim: 'preferred_username',
      roleClaim: 'realm_access.roles',
      orgClaim: 'organisation',
      roleValues: { 'catalyse-admin': 'operator', 'catalyse-member': 'catalyseur', 'catalyse-partner': 'partner' },
      clockToleranceSeconds: 5,
      jwksMaxAgeSeconds: 60,
      jwksCooldownSeconds: 0,
    });
  });

  it('accepts a plain http issuer on the loopback only', () => {
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4444', OIDC_AUDIENCE: 'x' }).oidc?.issuer).toBe('http://127.0.0.1:4444');
  });

  it.each([
    [{ JWT_PREVIOUS_SECRETS: 'short' }, 'chacun des JWT_PREVIOUS_SECRETS (séparés par des virgules) doit faire au moins 32 caractères'],
    [{ JWT_PREVIOUS_SECRETS: `${PREVIOUS}, short` }, 'chacun des JWT_PREVIOUS_SECRETS (séparés par des virgules) doit faire au moins 32 caractères'],
    [
      { OIDC_AUDIENCE: 'x' },
      'OIDC_AUDIENCE est défini mais OIDC_ISSUER ne l’est pas : définissez l’émetteur (https://sso.example.org/realms/catalyse) ou retirez OIDC_AUDIENCE',
    ],
    [{ OIDC_ISSUER: ISSUER }, 'OIDC_ISSUER demande OIDC_AUDIENCE : l’aud que l’émetteur met dans les jetons d’accès destinés à Catalyse'],
    [{ OIDC_ISSUER: 'sso.example.org', OIDC_AUDIENCE: 'x' }, 'OIDC_ISSUER n’est pas une URL (https://…)'],
    [
      { OIDC_ISSUER: 'http://sso.example.org', OIDC_AUDIENCE: 'x' },
      'OIDC_ISSUER doit être une URL https:// (http:// seulement sur la boucle locale) ; reçu : http://sso.example.org',
    ],
    [
      { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_JWKS_URI: 'http://keys.example.org' },
      'OIDC_JWKS_URI doit être une URL https:// (http:// seulement sur la boucle locale) ; reçu : http://keys.example.org',
    ],
    [
      { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_ROLE_VALUES: 'boss=admin' },
      'OIDC_ROLE_VALUES doit lister des paires valeur=rôle, les rôles parmi catalyseur, partner, operator (reçu : boss=admin)',
    ],
    [
      { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_CLOCK_TOLERANCE_SECONDS: '3600' },
      'OIDC_CLOCK_TOLERANCE_SECONDS doit être un entier entre 0 et 300 (reçu : 3600)',
    ],
  ])('refuses %j with a clear message, in French', (env, message) => {
    let refusal: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toBe(message);
  });
});
