import { bearerToken, type TokenService } from '@catalyse/auth';
import type { Principal } from '@catalyse/protocol';
import type { RateLimitedClient } from '@catalyse/rate-limits';

export interface MeteredRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Express's, after `trust proxy` (TRUST_PROXY): the client's address behind the trusted hops. */
  ip?: string;
  socket?: { remoteAddress?: string };
  principal?: Principal;
}

/**
 * Who the request counts for: the subject of a valid bearer token (verified
 * here, before the JWT guard: a forged `sub` must not buy a fresh budget), kept
 * on the request for the JWT guard; otherwise the client's address.
 */
export async function clientOfRequest(request: MeteredRequest, tokens: TokenService): Promise<RateLimitedClient> {
  const header = request.headers['authorization'];
  const token = bearerToken(Array.isArray(header) ? header[0] : header);
  if (token) {
    try {
      const principal = await tokens.verify(token);
      request.principal = principal;
      return { principal };
    } catch {
      // Counted by address; the JWT guard answers 401 where a token is needed.
    }
  }
  return { address: request.ip ?? request.socket?.remoteAddress ?? 'unknown' };
}
