import { AppError, ID_RULE, ROLES, ROOM_ID_PATTERN, type Principal, type Role } from '@catalyse/protocol';

/**
 * How the claims of an OpenID Connect issuer's token name a Catalyse principal:
 * the subject is `sub`; the role and the organisation are read from claims whose
 * names are configured (`OIDC_ROLE_CLAIM`, `OIDC_ORG_CLAIM`).
 */
export interface ClaimMapping {
  /** The claim naming the person (`OIDC_SUBJECT_CLAIM`, default `sub`): a name or a dotted path; a string. */
  readonly subjectClaim?: string;
  /** A claim name, or a dotted path into nested claims (`realm_access.roles`); a string or an array of strings. */
  readonly roleClaim: string;
  /** A claim name or a dotted path; a string (or an array of exactly one string). */
  readonly orgClaim: string;
  /** The issuer's role values and the Catalyse role each stands for; by default each role by its own name. */
  readonly roleValues?: Readonly<Record<string, Role>>;
}

export const DEFAULT_ROLE_CLAIM = 'catalyse_role';
export const DEFAULT_ORG_CLAIM = 'catalyse_org';
export const DEFAULT_SUBJECT_CLAIM = 'sub';

/**
 * Why `value` (the subject or the organisation a token names) cannot be one, or `undefined`. Both become ids in
 * streams (`catalyseur-{sub}`), room keys (`portfolio:{sub}`), URLs (`/api/people/{sub}/erase`) and exports: a
 * person whose id the API cannot take in a path could be recorded, but never read or erased over HTTP.
 */
export function identifierFault(what: string, value: string): string | undefined {
  return ROOM_ID_PATTERN.test(value) ? undefined : `its ${what} ${JSON.stringify(value.slice(0, 120))} is not an identifier Catalyse can record (${ID_RULE})`;
}

/**
 * The value at `path` in `claims`: the claim of that exact name when there is
 * one (namespaced claims such as `https://example.org/role` contain dots),
 * otherwise the dotted path walked through nested objects.
 */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const step of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** The principal the verified claims of an issuer's token name; `AppError(UNAUTHORIZED)` with the reason otherwise. */
export function principalFromClaims(claims: Readonly<Record<string, unknown>>, mapping: ClaimMapping): Principal {
  const subjectClaim = mapping.subjectClaim ?? DEFAULT_SUBJECT_CLAIM;
  const sub = claimAt(claims, subjectClaim);
  if (typeof sub !== 'string' || sub === '') throw refused(`it has no subject (${subjectClaim === DEFAULT_SUBJECT_CLAIM ? 'sub' : `claim ${subjectClaim}`})`);
  const subFault = identifierFault(`subject (claim ${subjectClaim})`, sub);
  if (subFault) throw refused(subjectClaim === DEFAULT_SUBJECT_CLAIM ? `${subFault}: name another claim with OIDC_SUBJECT_CLAIM` : subFault);
  const role = roleOf(claimAt(claims, mapping.roleClaim), mapping);
  const org = orgOf(claimAt(claims, mapping.orgClaim), mapping.orgClaim);
  if (role === 'partner' && org === undefined) {
    throw refused(`a partner must name its organisation (claim ${mapping.orgClaim})`);
  }
  const orgFault = org === undefined ? undefined : identifierFault(`organisation (claim ${mapping.orgClaim})`, org);
  if (orgFault) throw refused(orgFault);
  return org === undefined ? { sub, role } : { sub, role, org };
}

function roleOf(value: unknown, mapping: ClaimMapping): Role {
  const known = (candidate: unknown): Role | undefined => {
    if (typeof candidate !== 'string') return undefined;
    if (mapping.roleValues) return Object.prototype.hasOwnProperty.call(mapping.roleValues, candidate) ? mapping.roleValues[candidate] : undefined;
    return (ROLES as readonly string[]).includes(candidate) ? (candidate as Role) : undefined;
  };
  const expected = mapping.roleValues ? Object.keys(mapping.roleValues).join(', ') : ROLES.join(', ');
  if (value === undefined) throw refused(`no role claim ${mapping.roleClaim} (expected one of ${expected})`);
  if (typeof value === 'string') {
    const role = known(value);
    if (!role) throw refused(`role ${value} (claim ${mapping.roleClaim}) is not a Catalyse role (expected one of ${expected})`);
    return role;
  }
  if (Array.isArray(value)) {
    // An issuer lists every role of the person (Keycloak adds its own): those that are not Catalyse's are ignored.
    const roles = [...new Set(value.map(known).filter((role): role is Role => role !== undefined))];
    if (roles.length === 0) throw refused(`none of the roles in claim ${mapping.roleClaim} is a Catalyse role (expected one of ${expected})`);
    if (roles.length > 1) throw refused(`claim ${mapping.roleClaim} grants several Catalyse roles (${roles.join(', ')}): a token must carry exactly one`);
    return roles[0] as Role;
  }
  throw refused(`claim ${mapping.roleClaim} must be a string or an array of strings`);
}

function orgOf(value: unknown, claim: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' && value[0] !== '') return value[0];
  throw refused(`claim ${claim} must name one organisation (a non-empty string)`);
}

function refused(reason: string): AppError {
  return new AppError('UNAUTHORIZED', `invalid token: ${reason}`);
}
