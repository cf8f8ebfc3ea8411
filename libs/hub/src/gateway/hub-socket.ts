import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, InterServerEvents, Principal, ServerToClientEvents } from '@catalyse/protocol';

/** What the hub keeps on each socket (`socket.data`): the principal, once the handshake has verified it, and when its token expires. */
export interface HubSocketData {
  principal?: Principal;
  /** The token's `exp` in milliseconds (none: a token without one): the connection ends then (`ExpiredSessions`). */
  expiresAt?: number;
}

/**
 * The hub's socket.io server and sockets, typed with the protocol's event
 * maps: every `emit` of the hub (`room:entry`, `room:reset`, presence,
 * typing) is checked by the compiler. Types only: no work at run time.
 */
export type HubServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, HubSocketData>;
export type HubSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, HubSocketData>;
