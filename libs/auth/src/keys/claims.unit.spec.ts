import { AppError } from '@catalyse/protocol';
import { claimAt, type ClaimMapping, DEFAULT_ORG_CLAIM, DEFAULT_ROLE_CLAIM, principalFromClaims } from './claims';

const DEFAULTS: ClaimMapping = { roleClaim: DEFAULT_ROLE_CLAIM, orgClaim: DEFAULT_ORG_CLAIM };
const KEYCLOAK: ClaimMapping = { roleClaim: 'realm_access.roles', orgClaim: 'organisation' };

function refusal(claims: Record<string, unknown>, mapping: ClaimMapping = DEFAULTS): string | undefined {
  try {
    principalFromClaims(claims, mapping);
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.message}` : `other: ${String(error)}`;
  }
  return undefined;
}

describe('principalFromClaims', () => {
  it('reads the subject, and the role and organisation of the default claims', () => {
    expect(principalFromClaims({ sub: 'marie', catalyse_role: 'partner', catalyse_org: 'flda' }, DEFAULTS)).toEqual({
      sub: 'marie',
      role: 'partner',
      org: 'flda',
    });
    expect(principalFromClaims({ sub: 'cat-1', catalyse_role: 'catalyseur' }, DEFAULTS)).toEqual({ sub: 'cat-1', role: 'catalyseur' });
    expect(principalFromClaims({ sub: 'op-1', catalyse_role: ['operator'] }, DEFAULTS)).toEqual({ sub: 'op-1', role: 'operator' });
  });

  it('refuses a subject or organisation that is not an identifier, and reads the subject of OIDC_SUBJECT_CLAIM when told', () => {
    expect(refusal({ sub: 'auth0|5f7c8ec7', catalyse_role: 'catalyseur' })).toBe(
      'UNAUTHORIZED: invalid token: its subject (claim sub) "auth0|5f7c8ec7" is not an identifier Catalyse can record (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…)): name another claim with OIDC_SUBJECT_CLAIM',
    );
    expect(refusal({ sub: 'marie', catalyse_role: 'partner', catalyse_org: 'flda es' })).toBe(
      'UNAUTHORIZED: invalid token: its organisation (claim catalyse_org) "flda es" is not an identifier Catalyse can record (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…))',
    );
    const byUsername: ClaimMapping = { ...DEFAULTS, subjectClaim: 'preferred_username' };
    expect(principalFromClaims({ sub: 'auth0|5f7c8ec7', preferred_username: 'marie.dupont', catalyse_role: 'catalyseur' }, byUsername)).toEqual({
      sub: 'marie.dupont',
      role: 'catalyseur',
    });
    expect(refusal({ sub: 'auth0|5f7c8ec7', catalyse_role: 'catalyseur' }, byUsername)).toBe(
      'UNAUTHORIZED: invalid token: it has no subject (claim preferred_username)',
    );
    expect(refusal({ sub: 'x', preferred_username: 'marie@example.org', catalyse_role: 'catalyseur' }, byUsername)).toBe(
      'UNAUTHORIZED: invalid token: its subject (claim preferred_username) "marie@example.org" is not an identifier Catalyse can record (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…))',
    );
  });

  it('walks a dotted path (Keycloak realm roles), ignoring roles that are not Catalyse roles', () => {
    const claims = { sub: 'u-42', realm_access: { roles: ['offline_access', 'uma_authorization', 'partner'] }, organisation: ['flda'] };
    expect(principalFromClaims(claims, KEYCLOAK)).toEqual({ sub: 'u-42', role: 'partner', org: 'flda' });
  });

  it('prefers a claim whose own name has dots (namespaced claims)', () => {
    const mapping = { roleClaim: 'https://catalyse.example.org/role', orgClaim: 'https://catalyse.example.org/org' };
    expect(principalFromClaims({ sub: 'x', 'https://catalyse.example.org/role': 'operator' }, mapping)).toEqual({ sub: 'x', role: 'operator' });
    expect(claimAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(claimAt({ a: { b: [1] } }, 'a.b.0')).toBeUndefined();
    expect(claimAt({ a: 'x' }, 'a.length')).toBeUndefined();
  });

  it("maps the issuer's own role names when told (OIDC_ROLE_VALUES): only those", () => {
    const mapping = { ...KEYCLOAK, roleValues: { 'catalyse-admin': 'operator', 'catalyse-member': 'catalyseur' } } as const;
    expect(principalFromClaims({ sub: 'u', realm_access: { roles: ['catalyse-admin'] } }, mapping)).toEqual({ sub: 'u', role: 'operator' });
    expect(refusal({ sub: 'u', realm_access: { roles: ['operator'] } }, mapping)).toBe(
      'UNAUTHORIZED: invalid token: none of the roles in claim realm_access.roles is a Catalyse role (expected one of catalyse-admin, catalyse-member)',
    );
  });

  it('refuses a role that is not a Catalyse role, no role, several roles or a role of the wrong type', () => {
    expect(refusal({ sub: 'x', catalyse_role: 'admin' })).toBe(
      'UNAUTHORIZED: invalid token: role admin (claim catalyse_role) is not a Catalyse role (expected one of catalyseur, partner, operator)',
    );
    expect(refusal({ sub: 'x' })).toBe('UNAUTHORIZED: invalid token: no role claim catalyse_role (expected one of catalyseur, partner, operator)');
    expect(refusal({ sub: 'x', catalyse_role: ['operator', 'catalyseur'] })).toBe(
      'UNAUTHORIZED: invalid token: claim catalyse_role grants several Catalyse roles (operator, catalyseur): a token must carry exactly one',
    );
    expect(refusal({ sub: 'x', catalyse_role: ['operator', 'operator'] })).toBeUndefined();
    expect(refusal({ sub: 'x', catalyse_role: 7 })).toBe('UNAUTHORIZED: invalid token: claim catalyse_role must be a string or an array of strings');
    expect(refusal({ sub: 'x', catalyse_role: { toString: 'operator' } })).toMatch(/must be a string or an array/);
    expect(refusal({ sub: 'x', catalyse_role: 'constructor' })).toMatch(/role constructor .* is not a Catalyse role/);
  });

  it('refuses a partner without its organisation, and an organisation that is not one string', () => {
    expect(refusal({ sub: 'paul', catalyse_role: 'partner' })).toBe('UNAUTHORIZED: invalid token: a partner must name its organisation (claim catalyse_org)');
    expect(refusal({ sub: 'paul', catalyse_role: 'partner', catalyse_org: '' })).toMatch(/must name one organisation/);
    expect(refusal({ sub: 'paul', catalyse_role: 'partner', catalyse_org: ['a', 'b'] })).toMatch(/must name one organisation/);
  });

  it('refuses a token without subject', () => {
    expect(refusal({ catalyse_role: 'operator' })).toBe('UNAUTHORIZED: invalid token: it has no subject (sub)');
    expect(refusal({ sub: '', catalyse_role: 'operator' })).toBe('UNAUTHORIZED: invalid token: it has no subject (sub)');
  });
});
