import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';

/**
 * A real socket.io server in front of a hub that relays each client connection to a connection of its own to the
 * hub (same handshake `auth`), every event both ways with its ack. The first `stalls` connections are half dead: what
 * the client sends reaches the hub, nothing of the hub comes back (no ack, no entry), as on a link that stopped
 * answering while its transport says nothing. The connections after those relay everything.
 */
export class StallingRelay {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly seen: { connections: number; closedByClient: number; relayed: Map<string, number> },
  ) {}

  /** Connections the clients opened through the relay. */
  get connections(): number {
    return this.seen.connections;
  }

  /** Connections the client closed (its transport: `transport close`), not the relay nor the hub. */
  get closedByClient(): number {
    return this.seen.closedByClient;
  }

  /** How many times each event went to the hub, over every connection. */
  relayed(event: string): number {
    return this.seen.relayed.get(event) ?? 0;
  }

  static async start(target: string, stalls = 1): Promise<StallingRelay> {
    const http = createServer();
    const server = new Server(http, { transports: ['websocket'] });
    const seen = { connections: 0, closedByClient: 0, relayed: new Map<string, number>() };
    server.use((socket, next) => {
      const upstream = io(target, { auth: socket.handshake.auth, transports: ['websocket'], forceNew: true, reconnection: false });
      upstream.once('connect', () => {
        socket.data = { upstream };
        next();
      });
      upstream.once('connect_error', (error) => next(error));
    });
    server.on('connection', (socket) => {
      const stalled = ++seen.connections <= stalls;
      const upstream = (socket.data as { upstream: ReturnType<typeof io> }).upstream;
      socket.onAny((event: string, ...args: unknown[]) => {
        seen.relayed.set(event, (seen.relayed.get(event) ?? 0) + 1);
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
        if (ack) upstream.emit(event, ...args, (answer: unknown) => void (stalled ? undefined : ack(answer)));
        else upstream.emit(event, ...args);
      });
      upstream.onAny((event: string, ...args: unknown[]) => void (stalled ? undefined : socket.emit(event, ...args)));
      upstream.on('disconnect', () => socket.disconnect(true));
      socket.on('disconnect', (reason) => {
        if (reason === 'transport close') seen.closedByClient += 1;
        upstream.disconnect();
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new StallingRelay(server, `http://127.0.0.1:${(http.address() as AddressInfo).port}`, seen);
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
