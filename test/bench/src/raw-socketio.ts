import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { type ClientToServerEvents, type FeedEntry, HUB_EVENTS, type InterServerEvents, type RoomKey, type ServerToClientEvents } from '@catalyse/protocol';

/**
 * The raw ceiling of the hub: a bare socket.io 4.8.3 server (defaults, no
 * auth, no framework, no store) typed with the hub's event maps, so that the
 * bench's clients are the same for both: they join a room with an acked
 * `room:join`, and it broadcasts `room:entry` payloads shaped and sized like
 * the hub's to that room.
 */
export interface RawSocketServer {
  readonly url: string;
  broadcast(room: RoomKey, entry: FeedEntry): void;
  close(): Promise<void>;
}

export async function startRawSocketServer(): Promise<RawSocketServer> {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents>(http, { serveClient: false });
  io.on('connection', (socket) => {
    socket.on(HUB_EVENTS.join, (request, ack) => {
      // Only the bench's clients connect: no validation beyond what keeps the server up.
      const room: unknown = typeof request === 'object' && request !== null ? request.room : undefined;
      if (typeof room === 'string') void socket.join(room);
      if (typeof ack !== 'function') return;
      if (typeof room !== 'string') ack({ ok: false, error: { code: 'VALIDATION', message: 'room must be a string' } });
      else ack({ ok: true, data: { room, epoch: 1, head: 0, entries: [], snapshot: true, presence: [] } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    broadcast: (room, entry) => io.to(room).emit(HUB_EVENTS.entry, entry),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}

/** A payload of the size and shape of a hub `room:entry` for a posted message. */
export function entryLike(room: RoomKey, seq: number, text: string): FeedEntry {
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
