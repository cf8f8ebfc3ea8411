import { type TokenService, tokenExpiry } from '@catalyse/auth';
import { AppError, type ErrorBody, type Principal } from '@catalyse/protocol';
import type { HubSocket } from './hub-socket';
import type { OpenSockets } from './open-sockets';
import type { HubRateLimits } from './rate-limits';

/** A refused handshake: socket.io hands `message` and `data` to the client's `connect_error`. */
export interface HandshakeError extends Error {
  data: ErrorBody;
}

/**
 * socket.io middleware: every connection proves who it is with a bearer token in
 * `handshake.auth.token`, and counts against its person's budget of connections
 * (without a valid token, its address's), then against its person's sockets open
 * at once on this node (`maxSocketsPerPerson`). A refusal reaches the client as a
 * `connect_error` whose message is the code and whose `data` is `{code, message}`:
 * `UNAUTHORIZED` for a token refused for good (a new one is needed), `RATE_LIMITED`
 * and `UNAVAILABLE` (the token could not be verified for now: its issuer out of
 * reach, a store failing) with `retryAfterMs`: the same token may be tried again.
 */
export function handshakeAuth(tokens: TokenService, limits: HubRateLimits, open: OpenSockets): (socket: HubSocket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    // Verification may wait for an issuer's keys (OIDC): the socket is admitted or refused when it ends.
    void admit(tokens, limits, open, socket).then(
      () => next(),
      (error: unknown) => next(refusalOf(error)),
    );
  };
}

async function admit(tokens: TokenService, limits: HubRateLimits, open: OpenSockets, socket: HubSocket): Promise<void> {
  try {
    await authenticate(tokens, socket);
  } catch (error) {
    // Refused by its address's budget once it is spent, whatever it sends: a flood of bad tokens is cut short.
    await limits.connection({ address: socket.handshake.address });
    throw error;
  }
  const principal = socket.data.principal;
  if (!principal) return;
  await limits.connection({ principal });
  // After the last await: counted in the same step as it is checked, and only for a socket admitted.
  open.hold(socket, principal);
}

async function authenticate(tokens: TokenService, socket: HubSocket): Promise<void> {
  const auth: unknown = socket.handshake.auth;
  const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
  if (token !== undefined && typeof token !== 'string') throw new AppError('UNAUTHORIZED', 'auth.token must be a string');
  socket.data.principal = await tokens.verify(token);
  // Verified: `verify` refused a token without a string, so `token` is one here.
  const expiresAt = tokenExpiry(token as string);
  if (expiresAt !== undefined) socket.data.expiresAt = expiresAt;
  // Not kept once verified: a credential less in the heap, and a few hundred bytes less per socket.
  if (token !== undefined) delete (auth as { token?: unknown }).token;
}

/** How long a client waits before another handshake after a failure of the hub's own (not of its token). */
const HANDSHAKE_RETRY_AFTER_MS = 1000;

function refusalOf(error: unknown): HandshakeError {
  if (error instanceof AppError && (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE')) {
    return Object.assign(new Error(error.code), { data: error.toBody() });
  }
  const body: ErrorBody =
    error instanceof AppError
      ? { code: 'UNAUTHORIZED', message: error.message }
      : { code: 'UNAVAILABLE', message: 'the token could not be verified for now; try again shortly', retryAfterMs: HANDSHAKE_RETRY_AFTER_MS };
  return Object.assign(new Error(body.code), { data: body });
}

/** The verified principal of a socket that passed the handshake, while its token is valid (`UNAUTHORIZED` once it expired). */
export function principalOf(socket: HubSocket): Principal {
  const principal = socket.data.principal;
  if (!principal) throw new AppError('UNAUTHORIZED', 'this connection is not authenticated');
  const { expiresAt } = socket.data;
  if (expiresAt !== undefined && Date.now() >= expiresAt) throw new AppError('UNAUTHORIZED', 'the token expired: connect again with a new one');
  return principal;
}
