import type { TokenService } from '@catalyse/auth';
import { AppError, type ErrorBody, type Principal } from '@catalyse/protocol';
import type { HubSocket } from './hub-socket';

/** A refused handshake: socket.io hands `message` and `data` to the client's `connect_error`. */
export interface HandshakeError extends Error {
  data: ErrorBody;
}

/**
 * socket.io middleware: every connection proves who it is with a bearer token in
 * `handshake.auth.token`. A refusal reaches the client as a `connect_error`
 * whose message is `UNAUTHORIZED` and whose `data` is `{code, message}`.
 */
export function handshakeAuth(tokens: TokenService): (socket: HubSocket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    try {
      const auth: unknown = socket.handshake.auth;
      const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
      if (token !== undefined && typeof token !== 'string') throw new AppError('UNAUTHORIZED', 'auth.token must be a string');
      socket.data.principal = tokens.verify(token);
      // Not kept once verified: a credential less in the heap, and a few hundred bytes less per socket.
      if (token !== undefined) delete (auth as { token?: unknown }).token;
      next();
    } catch (error) {
      const body: ErrorBody =
        error instanceof AppError ? { code: 'UNAUTHORIZED', message: error.message } : { code: 'UNAUTHORIZED', message: 'the token could not be verified' };
      const refusal: HandshakeError = Object.assign(new Error('UNAUTHORIZED'), { data: body });
      next(refusal);
    }
  };
}

/** The verified principal of a socket that passed the handshake. */
export function principalOf(socket: HubSocket): Principal {
  const principal = socket.data.principal;
  if (!principal) throw new AppError('UNAUTHORIZED', 'this connection is not authenticated');
  return principal;
}
