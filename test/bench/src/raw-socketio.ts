import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

/**
 * The raw ceiling of the hub: a bare socket.io 4.8.3 server (defaults, no
 * auth, no framework) whose clients join a room with an acked `join`, and
 * which broadcasts FeedEntry-shaped payloads to that room.
 */
export interface RawSocketServer {
  readonly url: string;
  readonly joinEvent: string;
  readonly entryEvent: string;
  broadcast(room: string, payload: unknown): void;
  close(): Promise<void>;
}

export async function startRawSocketServer(): Promise<RawSocketServer> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on('join', (request: { room?: unknown }, ack?: (reply: unknown) => void) => {
      if (typeof request?.room === 'string') void socket.join(request.room);
      ack?.({ ok: true });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    joinEvent: 'join',
    entryEvent: 'entry',
    broadcast: (room, payload) => io.to(room).emit('entry', payload),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** A payload of the size and shape of a hub `room:entry` for a posted message. */
export function entryLike(room: string, seq: number, text: string): Record<string, unknown> {
  return {
    room,
    epoch: 1,
    seq,
    position: String(seq),
    at: new Date().toISOString(),
    kind: 'MessagePosted',
    data: { messageId: `m-${seq}`, clientMsgId: `c-${seq}`, authorId: 'bench-poster', text, postedAt: new Date().toISOString() },
  };
}
