import type { ErrorBody } from '@catalyse/protocol';

/** A bearer token, or a function giving the current one (called at each connection and reconnection). */
export type TokenSource = string | (() => string);

/**
 * Why the hub stays offline until the application gives it a token (`hub.setToken`): the token expired (the hub ended
 * the connection at its expiry, refused a request or the handshake for it), or the hub refused it for another reason.
 */
export interface TokenRefusal {
  readonly reason: 'token-expired' | 'token-refused';
  /** The hub's answer (`UNAUTHORIZED` and its message). */
  readonly error: ErrorBody;
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
