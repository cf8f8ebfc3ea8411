import type { HubSocket } from '../gateway/hub-socket';

/** What engine.io keeps of a socket's connection (internals relied on; `slow-readers.int.spec.ts` runs them). */
interface EngineConnection {
  readonly writeBuffer?: readonly { readonly data?: unknown }[];
  readonly transport?: { readonly socket?: WebSocketLike };
  close(discard?: boolean): void;
}
/** `ws`'s WebSocket under engine.io's websocket transport. */
interface WebSocketLike {
  readonly bufferedAmount?: number;
  terminate?(): void;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? data.length : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;

/**
 * Bytes waiting to leave for the client: the packets in engine.io's write
 * buffer (where they pile up while the transport is not writable: over a
 * websocket, until the system took the previous ones, which it stops doing when
 * the client does not read) and what the websocket holds (`bufferedAmount`).
 * Packets shared by a broadcast are counted for each socket.
 */
export function bufferedBytes(socket: HubSocket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let bytes = connection.transport?.socket?.bufferedAmount ?? 0;
  for (const packet of connection.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Drops the connection at once, its buffers with it: engine.io's close with
 * `discard` (a plain disconnect waits for the buffer to drain, which a client
 * that does not read never lets happen) and the websocket's TCP connection
 * destroyed (a websocket close handshake would wait for the client too).
 */
export function dropConnection(socket: HubSocket): void {
  const connection = socket.conn as unknown as EngineConnection;
  const ws = connection.transport?.socket;
  connection.close(true);
  ws?.terminate?.();
}

/** How often `roomInBuffer` looks again (a few property reads). */
const POLL_MS = 20;

/**
 * Resolves true once no more than `bytes` wait to be sent to the socket, false when it disconnected first or
 * `timeoutMs` passed. Polled: what `ws` holds has no event of its own, and a socket that waits here is one that
 * does not read, for which nothing is urgent.
 */
export async function roomInBuffer(socket: HubSocket, bytes: number, timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (!socket.connected) return false;
    if (bufferedBytes(socket) <= bytes) return true;
    if (performance.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
