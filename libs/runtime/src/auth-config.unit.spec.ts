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
    [{ JWT_PREVIOUS_SECRETS: 'short' }, 'each of JWT_PREVIOUS_SECRETS (comma-separated) must be at least 32 characters'],
    [{ OIDC_AUDIENCE: 'x' }, 'OIDC_AUDIENCE is set but OIDC_ISSUER is not'],
    [{ OIDC_ISSUER: ISSUER }, 'OIDC_ISSUER needs OIDC_AUDIENCE'],
    [{ OIDC_ISSUER: 'sso.example.org', OIDC_AUDIENCE: 'x' }, 'OIDC_ISSUER is not a URL'],
    [{ OIDC_ISSUER: 'http://sso.example.org', OIDC_AUDIENCE: 'x' }, 'OIDC_ISSUER must be an https:// URL (http:// only on the loopback)'],
    [{ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_JWKS_URI: 'http://keys.example.org' }, 'OIDC_JWKS_URI must be an https:// URL'],
    [{ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_ROLE_VALUES: 'boss=admin' }, 'OIDC_ROLE_VALUES must list value=role pairs'],
    [{ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: 'x', OIDC_CLOCK_TOLERANCE_SECONDS: '3600' }, 'OIDC_CLOCK_TOLERANCE_SECONDS must be an integer between 0 and 300'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
