import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '@catalyse/protocol';
import { loadOrCreateSecret, SECRET_FILE } from './secret';
import { bearerToken, TokenService } from './token.service';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? `${error.code}: ${error.message}` : `other: ${String(error)}`;
  }
  return undefined;
}

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);

  it('round-trips a partner principal with its org', () => {
    const token = tokens.sign({ sub: 'marie', role: 'partner', org: 'flda' });
    expect(tokens.verify(token)).toEqual({ sub: 'marie', role: 'partner', org: 'flda' });
  });

  it('refuses a token signed with another secret', () => {
    const forged = new TokenService(`${SECRET}-other`).sign({ sub: 'eve', role: 'operator' });
    expect(codeOf(() => tokens.verify(forged))).toMatch(/^UNAUTHORIZED: invalid token: invalid signature/);
  });

  it('refuses a missing, malformed or expired token', () => {
    expect(codeOf(() => tokens.verify(undefined))).toBe('UNAUTHORIZED: a bearer token is required');
    expect(codeOf(() => tokens.verify('not.a.jwt'))).toMatch(/^UNAUTHORIZED/);
    const expired = tokens.sign({ sub: 'cat-1', role: 'catalyseur' }, -10);
    expect(codeOf(() => tokens.verify(expired))).toMatch(/^UNAUTHORIZED: invalid token: jwt expired/);
  });

  it('refuses an unknown role and a partner without org, even correctly signed', () => {
    const raw = new JwtService({ secret: SECRET });
    const opts = { issuer: 'catalyse', audience: 'catalyse', subject: 'x' };
    expect(codeOf(() => tokens.verify(raw.sign({ role: 'admin' }, opts)))).toMatch(/unknown subject or role/);
    expect(codeOf(() => tokens.verify(raw.sign({ role: 'partner' }, opts)))).toMatch(/must name its organisation/);
    expect(codeOf(() => tokens.verify(raw.sign({ role: 'operator' }, { ...opts, audience: 'elsewhere' })))).toMatch(/audience/);
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
