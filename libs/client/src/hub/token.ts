import type { ErrorBody } from '@catalyse/protocol';

/** A bearer token, or a function giving the current one (called at each connection and reconnection). */
export type TokenSource = string | (() => string);

/**
 * Why the hub stays offline until the application gives it a token (`hub.setToken`): the token expired (the hub ended
 * the connection at its expiry, refused a request or the handshake for it), or the hub refused it for another reason.
 */
export interface TokenRefusal {
  /**
   * `token-expired`, `token-refused`: the hub's refusal, offline until `setToken`. `token-unavailable`: the application's
   * token function threw (or gave no string): the hub asks it again by itself, with a backoff (`setToken` at once).
   */
  readonly reason: 'token-expired' | 'token-refused' | 'token-unavailable';
  /** The hub's answer (`UNAUTHORIZED` and its message), or for `token-unavailable` an `UNAVAILABLE` with the function's error. */
  readonly error: ErrorBody;
}

/**
 * Reads a token source: the token, or why the function failed (it threw, or answered no string). Never throws: a
 * failing token function is the application's passing fault, not the hub's.
 */
export function readToken(source: TokenSource): { readonly token: string } | { readonly failure: TokenRefusal } {
  let token: unknown;
  try {
    token = typeof source === 'function' ? source() : source;
  } catch (error) {
    return { failure: tokenUnavailable(error instanceof Error ? error.message : String(error)) };
  }
  return typeof token === 'string' ? { token } : { failure: tokenUnavailable(`it answered ${typeof token}, not a string`) };
}

function tokenUnavailable(why: string): TokenRefusal {
  return { reason: 'token-unavailable', error: { code: 'UNAVAILABLE', message: `the token function failed: ${why}` } };
}

/** The token, or '' when the function fails (for reading its claims only). */
export function tokenOrEmpty(source: TokenSource): string {
  const read = readToken(source);
  return 'token' in read ? read.token : '';
}

/** What the hub says of a token that expired (at a request, or at the handshake's verification). */
export const TOKEN_EXPIRED: ErrorBody = { code: 'UNAUTHORIZED', message: 'the token expired: connect again with a new one' };

/** A refusal of the token, told from the hub's answer and the token's own `exp`. */
export function tokenRefusal(error: ErrorBody, token: string, now = Date.now()): TokenRefusal {
  const expiresAt = claimsOf(token)?.exp;
  const expired = /expired/i.test(error.message) || (typeof expiresAt === 'number' && now >= expiresAt * 1000);
  return { reason: expired ? 'token-expired' : 'token-refused', error };
}

/** True when the token names an expiry (`exp`) that has passed. */
export function hasExpired(token: string, now = Date.now()): boolean {
  const exp = claimsOf(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) && now >= exp * 1000;
}

/**
 * The subject a token names (a JWT's `sub`, read without checking it: the hub checks the token; this only keeps one
 * person's pending posts from another's hub on a shared storage), or undefined when it names none.
 */
export function subjectOf(token: string): string | undefined {
  const sub = claimsOf(token)?.sub;
  return typeof sub === 'string' ? sub : undefined;
}

function claimsOf(token: string): { sub?: unknown; exp?: unknown } | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const binary = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as { sub?: unknown; exp?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
