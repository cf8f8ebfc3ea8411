import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '@catalyse/protocol';
import { loadOrCreateSecret, SECRET_FILE } from './secret';
import { keyIdOf, MAX_TOKEN_TTL_SECONDS } from './keys/shared-secrets';
import { bearerToken, DEFAULT_TOKEN_TTL_SECONDS, TokenService } from './token.service';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NEXT_SECRET = 'the-next-secret-that-is-long-enough-9876543210';

async function refusal(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.message}` : `other: ${String(error)}`;
  }
  return undefined;
}

const kidOf = (token: string): unknown => (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown }).kid;
const expiryOf = (token: string): number =>
  (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number; iat: number }).exp;

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);

  it('round-trips a partner principal with its org', async () => {
    const token = tokens.sign({ sub: 'marie', role: 'partner', org: 'flda' });
    await expect(tokens.verify(token)).resolves.toEqual({ sub: 'marie', role: 'partner', org: 'flda' });
  });

  it('mints tokens that expire after 12 hours unless told otherwise, and names their key', () => {
    const before = Math.floor(Date.now() / 1000);
    const token = tokens.sign({ sub: 'cat-1', role: 'catalyseur' });
    expect(expiryOf(token) - before).toBeGreaterThanOrEqual(DEFAULT_TOKEN_TTL_SECONDS - 1);
    expect(expiryOf(token) - before).toBeLessThanOrEqual(DEFAULT_TOKEN_TTL_SECONDS + 1);
    expect(DEFAULT_TOKEN_TTL_SECONDS).toBe(12 * 3600);
    expect(kidOf(token)).toBe(keyIdOf(SECRET));
    expect(tokens.keyId).toBe(keyIdOf(SECRET));
  });

  it('refuses a token signed with another secret', async () => {
    const forged = new TokenService(`${SECRET}-other`).sign({ sub: 'eve', role: 'operator' });
    expect(await refusal(() => tokens.verify(forged))).toMatch(/^UNAUTHORIZED: invalid token: unknown key id hs-/);
    // Even naming the right key id, the signature gives it away.
    const raw = new JwtService({ secret: `${SECRET}-other` });
    const sameKid = raw.sign({ role: 'operator' }, { issuer: 'catalyse', audience: 'catalyse', subject: 'eve', expiresIn: 60, keyid: keyIdOf(SECRET) });
    expect(await refusal(() => tokens.verify(sameKid))).toMatch(/^UNAUTHORIZED: invalid token: invalid signature/);
  });

  it('refuses a missing, malformed or expired token', async () => {
    expect(await refusal(() => tokens.verify(undefined))).toBe('UNAUTHORIZED: a bearer token is required');
    expect(await refusal(() => tokens.verify('not.a.jwt'))).toMatch(/^UNAUTHORIZED/);
    const expired = tokens.sign({ sub: 'cat-1', role: 'catalyseur' }, -10);
    expect(await refusal(() => tokens.verify(expired))).toMatch(/^UNAUTHORIZED: invalid token: jwt expired/);
  });

  it('refuses an unknown role, a partner without org and a token without expiry, even correctly signed', async () => {
    const raw = new JwtService({ secret: SECRET });
    const opts = { issuer: 'catalyse', audience: 'catalyse', subject: 'x', expiresIn: 60 };
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'admin' }, opts)))).toMatch(/unknown subject or role/);
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'partner' }, opts)))).toMatch(/must name its organisation/);
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'operator' }, { ...opts, audience: 'elsewhere' })))).toMatch(/audience/);
    const noExpiry = raw.sign({ role: 'operator' }, { issuer: 'catalyse', audience: 'catalyse', subject: 'x' });
    expect(await refusal(() => tokens.verify(noExpiry))).toBe('UNAUTHORIZED: invalid token: it has no expiry (exp); mint a new one with ops token');
  });

  it('holds a token signed with its secret by hand to the minting limits: not issued in the future, not living past 90 days', async () => {
    const raw = new JwtService({ secret: SECRET });
    const now = Math.floor(Date.now() / 1000);
    const opts = { issuer: 'catalyse', audience: 'catalyse', subject: 'x', keyid: keyIdOf(SECRET) };
    const future = raw.sign({ role: 'operator', iat: now + 3600 }, { ...opts, expiresIn: 7200 });
    expect(await refusal(() => tokens.verify(future))).toBe('UNAUTHORIZED: invalid token: it is issued in the future (iat)');
    const tenYears = raw.sign({ role: 'operator' }, { ...opts, expiresIn: 10 * 365 * 86_400 });
    expect(await refusal(() => tokens.verify(tenYears))).toBe(
      'UNAUTHORIZED: invalid token: it expires more than 90 days from now (exp); mint a new one with ops token',
    );
    // At the limits: a few seconds of skew, and the longest lifetime ops token mints.
    await expect(tokens.verify(raw.sign({ role: 'operator', iat: now + 30 }, { ...opts, expiresIn: 3600 }))).resolves.toMatchObject({ sub: 'x' });
    await expect(tokens.verify(tokens.sign({ sub: 'op-1', role: 'operator' }, MAX_TOKEN_TTL_SECONDS))).resolves.toMatchObject({ sub: 'op-1' });
  });

  it('refuses a subject or organisation that is not an identifier: it could be recorded, never read or erased over HTTP', async () => {
    const raw = new JwtService({ secret: SECRET });
    const opts = { issuer: 'catalyse', audience: 'catalyse', expiresIn: 60 };
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'catalyseur' }, { ...opts, subject: '../x y' })))).toBe(
      'UNAUTHORIZED: invalid token: its subject (sub) "../x y" is not an identifier Catalyse can record (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…))',
    );
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'catalyseur' }, { ...opts, subject: 'x'.repeat(101) })))).toMatch(/is not an identifier/);
    expect(await refusal(() => tokens.verify(raw.sign({ role: 'partner', org: 'flda/../autre' }, { ...opts, subject: 'marie' })))).toBe(
      'UNAUTHORIZED: invalid token: its organisation (org) "flda/../autre" is not an identifier Catalyse can record (letters, digits and . _ ~ - only, 1 to 100 characters, not dots alone nor a name every JavaScript object has (constructor, toString…))',
    );
    expect(await tokens.verify(raw.sign({ role: 'partner', org: 'flda' }, { ...opts, subject: 'marie.dupont_2~x' }))).toEqual({
      sub: 'marie.dupont_2~x',
      role: 'partner',
      org: 'flda',
    });
    expect(() => tokens.sign({ sub: 'a:b', role: 'catalyseur' })).toThrow('a token cannot be signed: its subject "a:b" is not an identifier');
    // Dots alone: a path would resolve them (`/api/people/%2E%2E/erase` is `/api/erase` to a browser).
    for (const subject of ['.', '..', '...']) {
      expect(await refusal(() => tokens.verify(raw.sign({ role: 'catalyseur' }, { ...opts, subject })))).toMatch(/is not an identifier Catalyse can record/);
    }
    expect(await tokens.verify(raw.sign({ role: 'catalyseur' }, { ...opts, subject: '..a' }))).toMatchObject({ sub: '..a' });
  });

  it('verifies a token without key id (minted before key ids) against the current secret only', async () => {
    const raw = (secret: string) =>
      new JwtService({ secret }).sign({ role: 'operator' }, { issuer: 'catalyse', audience: 'catalyse', subject: 'op-1', expiresIn: 60 });
    await expect(tokens.verify(raw(SECRET))).resolves.toEqual({ sub: 'op-1', role: 'operator' });
    const rotated = new TokenService(NEXT_SECRET, { jwtPreviousSecrets: [SECRET] });
    expect(await refusal(() => rotated.verify(raw(SECRET)))).toMatch(/invalid signature/);
  });

  it('rotates its secret without downtime: the previous secret still verifies its tokens, by key id, and never signs', async () => {
    const before = tokens.sign({ sub: 'cat-1', role: 'catalyseur' });
    // The new secret is deployed as JWT_SECRET, the former one as JWT_PREVIOUS_SECRETS.
    const rotated = new TokenService(NEXT_SECRET, { jwtPreviousSecrets: [SECRET] });
    await expect(rotated.verify(before)).resolves.toEqual({ sub: 'cat-1', role: 'catalyseur' });
    const after = rotated.sign({ sub: 'cat-2', role: 'catalyseur' });
    expect(kidOf(after)).toBe(keyIdOf(NEXT_SECRET));
    expect(kidOf(after)).not.toBe(kidOf(before));
    await expect(rotated.verify(after)).resolves.toEqual({ sub: 'cat-2', role: 'catalyseur' });
    // A process still on the former secret alone does not know the new key yet.
    expect(await refusal(() => tokens.verify(after))).toMatch(/unknown key id/);
    // Once the former secret is dropped, its tokens are refused.
    const done = new TokenService(NEXT_SECRET);
    expect(await refusal(() => done.verify(before))).toMatch(new RegExp(`unknown key id ${keyIdOf(SECRET)}`));
  });

  it('refuses short secrets, current or previous', () => {
    expect(() => new TokenService('short')).toThrow('at least 32 characters');
    expect(() => new TokenService(SECRET, { jwtPreviousSecrets: ['short'] })).toThrow('at least 32 characters');
  });

  it('names each secret by a hash, the same in every process, telling nothing of it', () => {
    expect(keyIdOf(SECRET)).toBe(keyIdOf(`${SECRET}`));
    expect(keyIdOf(SECRET)).not.toBe(keyIdOf(NEXT_SECRET));
    expect(keyIdOf(SECRET)).toMatch(/^hs-[\w-]{16}$/);
    expect(keyIdOf(SECRET)).not.toContain(SECRET.slice(0, 8));
  });

  it('refuses an asymmetric token of an issuer it was not told to trust', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ iss: 'https://sso.example.org', sub: 'x', exp: 9e9 })).toString('base64url');
    expect(await refusal(() => tokens.verify(`${header}.${body}.c2ln`))).toBe(
      'UNAUTHORIZED: invalid token: issuer https://sso.example.org is not trusted (no OIDC_ISSUER is configured)',
    );
  });

  it('refuses a token of its own secret whose header marks an extension critical (RFC 7515 §4.1.11)', async () => {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = (header: Record<string, unknown>): string => {
      const input = `${encode({ alg: 'HS256', typ: 'JWT', kid: keyIdOf(SECRET), ...header })}.${encode({ sub: 'eve', role: 'operator', iss: 'catalyse', aud: 'catalyse', exp: Math.floor(Date.now() / 1000) + 600 })}`;
      return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    };
    // The same token without `crit` is valid: only the critical extension refuses it.
    expect(await tokens.verify(signed({}))).toEqual({ sub: 'eve', role: 'operator' });
    expect(await refusal(() => tokens.verify(signed({ crit: ['x'], x: 1 })))).toBe(
      'UNAUTHORIZED: invalid token: it names critical header extensions (crit), none of which is understood here',
    );
  });

  it('will not mint a partner token without org', () => {
    expect(() => tokens.sign({ sub: 'paul', role: 'partner' })).toThrow('--org');
  });

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('loadOrCreateSecret', () => {
  it('generates a private secret once into the data folder, then reuses it; JWT_SECRET wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-secret-'));
    try {
      const first = loadOrCreateSecret(join(dir, 'data'), undefined);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(loadOrCreateSecret(join(dir, 'data'), undefined)).toBe(first);
      expect(readFileSync(join(dir, 'data', SECRET_FILE), 'utf8').trim()).toBe(first);
      expect(statSync(join(dir, 'data', SECRET_FILE)).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSecret(join(dir, 'data'), 'from-the-environment')).toBe('from-the-environment');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
