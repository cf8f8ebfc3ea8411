/// <reference types="jest" />
import {
  getSession,
  msUntilExpiry,
  onLinkRefused,
  restoreSession,
  SESSION_EXPIRED,
  sessionExpired,
  SIGN_IN_REFUSALS,
  signIn,
  signOut,
  takeSessionEnd,
} from './session';

const part = (value: object): string => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
/** A token of the api's shape: its signature is not checked by the console (it cannot: HS256). */
const token = (payload: object, signature = 'c2lnbmF0dXJl'): string => `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.${signature}`;

/** The browser's globals the session uses, in memory; `status` is what the api answers (or `null`: unreachable). */
function browser(status: number | null): { asked: { url: string; authorization: string | undefined }[] } {
  const stored = new Map<string, string>();
  const asked: { url: string; authorization: string | undefined }[] = [];
  Object.assign(globalThis, {
    sessionStorage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
      removeItem: (k: string) => void stored.delete(k),
    },
    location: { hash: '', pathname: '/', search: '' },
    history: { replaceState: () => undefined },
    fetch: (url: string, init?: { headers?: Record<string, string> }) => {
      asked.push({ url, authorization: init?.headers?.['authorization'] });
      return status === null ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve({ status, ok: status < 400 });
    },
  });
  return { asked };
}

describe('signing in', () => {
  afterEach(() => signOut());

  it('asks the api once whether a token that reads well is accepted, and opens the console when it is', async () => {
    const { asked } = browser(200);
    const claire = token({ sub: 'cat-1', role: 'catalyseur' });
    await expect(signIn(claire)).resolves.toBeUndefined();
    expect(asked).toEqual([{ url: '/api/catalyseurs?limit=1', authorization: `Bearer ${claire}` }]);
    expect(getSession()).toMatchObject({ sub: 'cat-1', role: 'catalyseur' });
  });

  it('refuses a forged token (its payload re-written without re-signing: the api answers 401), and opens nothing', async () => {
    browser(401);
    await expect(signIn(token({ sub: 'cat-1', role: 'operator' }))).resolves.toBe('rejected');
    expect(getSession()).toBeNull();
    expect(sessionStorage.getItem('catalyse.token')).toBeNull();
    expect(SIGN_IN_REFUSALS.rejected.pasted).toMatch(/^Ce jeton n’est pas reconnu/);
  });

  it('says why a sign-in link with a forged token opens nothing, on the sign-in form', async () => {
    browser(401);
    location.hash = `#token=${token({ sub: 'cat-1', role: 'operator' })}`;
    const said: string[] = [];
    const off = onLinkRefused((refusal) => said.push(SIGN_IN_REFUSALS[refusal].link));
    await restoreSession();
    off();
    expect(getSession()).toBeNull();
    expect(said).toEqual(['Ce lien de connexion contient un jeton non reconnu par Catalyse : demandez un nouveau lien à votre opérateur.']);
  });

  it('lets a token in when the api cannot say (offline, or another refusal): the api still verifies every call', async () => {
    browser(null);
    await expect(signIn(token({ sub: 'cat-1', role: 'catalyseur' }))).resolves.toBeUndefined();
    signOut();
    browser(503);
    await expect(signIn(token({ sub: 'cat-1', role: 'catalyseur' }))).resolves.toBeUndefined();
  });

  it('never asks the api about what is not a token, or one past its exp', async () => {
    const { asked } = browser(200);
    await expect(signIn('pas-un-jeton')).resolves.toBe('unreadable');
    await expect(signIn(token({ sub: 'cat-1', role: 'catalyseur', exp: Math.floor(Date.now() / 1000) - 60 }))).resolves.toBe('expired');
    expect(asked).toEqual([]);
  });
});

describe('a session that ends by itself', () => {
  afterEach(() => {
    signOut();
    takeSessionEnd();
  });

  it('knows when its token expires (capped to what a timer can wait), and a token without exp never does', () => {
    const now = Date.UTC(2026, 11, 5, 10, 0, 0);
    expect(msUntilExpiry({ exp: now / 1000 + 20 }, now)).toBe(20_000);
    expect(msUntilExpiry({ exp: now / 1000 - 5 }, now)).toBe(0);
    expect(msUntilExpiry({ exp: now / 1000 + 365 * 86_400 }, now)).toBe(2 ** 31 - 1);
    expect(msUntilExpiry({}, now)).toBeUndefined();
  });

  it('signs out when the api refuses its token (401), and the sign-in form says once that it expired', async () => {
    browser(200);
    const claire = token({ sub: 'cat-1', role: 'catalyseur' });
    await signIn(claire);
    // A refusal of another token (one signed out before) changes nothing.
    sessionExpired(token({ sub: 'cat-2', role: 'catalyseur' }));
    expect(getSession()).toMatchObject({ sub: 'cat-1' });
    sessionExpired(claire);
    expect(getSession()).toBeNull();
    expect(sessionStorage.getItem('catalyse.token')).toBeNull();
    expect(takeSessionEnd()).toBe(SESSION_EXPIRED);
    expect(takeSessionEnd()).toBeUndefined();
    expect(SESSION_EXPIRED).toMatch(/^Votre session a expiré : reconnectez-vous/);
  });

  it('signs out when its token’s exp comes', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 5, 10, 0, 0) });
    try {
      browser(200);
      await signIn(token({ sub: 'cat-1', role: 'catalyseur', exp: Date.UTC(2026, 11, 5, 10, 0, 20) / 1000 }));
      jest.advanceTimersByTime(19_000);
      expect(getSession()).toMatchObject({ sub: 'cat-1' });
      jest.advanceTimersByTime(1_000);
      expect(getSession()).toBeNull();
      expect(takeSessionEnd()).toBe(SESSION_EXPIRED);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says it expired when a tab comes back with a stored token past its exp', async () => {
    browser(200);
    sessionStorage.setItem('catalyse.token', token({ sub: 'cat-1', role: 'catalyseur', exp: Math.floor(Date.now() / 1000) - 60 }));
    location.hash = '';
    await restoreSession();
    expect(getSession()).toBeNull();
    expect(takeSessionEnd()).toBe(SESSION_EXPIRED);
  });
});
