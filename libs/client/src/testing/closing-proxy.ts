import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of a server that closes any connection on which the client sends `marker`: what a hub
 * does with a message it cannot take (it closes the transport instead of answering). Readable only in what is not
 * masked: use socket.io's `polling` transport through it (HTTP bodies as sent), not WebSocket frames.
 */
export class ClosingProxy {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly sockets: Set<Socket>,
    private readonly counts: { closed: number },
  ) {}

  /** How many connections it closed for the marker. */
  get closed(): number {
    return this.counts.closed;
  }

  /**
   * A flaky link instead: every chunk is forwarded, then, with `probability`, the connection closed 0–`maxDelayMs` ms
   * later (what a flaky network does to a client; over WebSocket as well as polling). `closed` counts those closes.
   */
  static flaky(target: string, probability: number, maxDelayMs = 8): Promise<ClosingProxy> {
    return ClosingProxy.start(target, undefined, { probability, maxDelayMs });
  }

  static async start(target: string, marker?: string, flaky?: { probability: number; maxDelayMs: number }): Promise<ClosingProxy> {
    const { hostname, port } = new URL(target);
    const sockets = new Set<Socket>();
    const needle = Buffer.from(marker ?? '', 'utf8');
    const counts = { closed: 0 };
    const server = createServer((client) => {
      const upstream = createConnection({ host: hostname, port: Number(port) });
      sockets.add(client).add(upstream);
      const close = (): void => {
        sockets.delete(client);
        sockets.delete(upstream);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      // The last bytes of the previous chunk, so that a marker cut between two chunks is seen.
      let tail = Buffer.alloc(0);
      client.on('data', (chunk: Buffer) => {
        if (flaky) {
          upstream.write(chunk);
          if (Math.random() >= flaky.probability) return;
          counts.closed += 1;
          setTimeout(close, Math.floor(Math.random() * (flaky.maxDelayMs + 1)));
          return;
        }
        const seen = Buffer.concat([tail, chunk]);
        if (seen.includes(needle)) {
          counts.closed += 1;
          return close();
        }
        tail = seen.subarray(Math.max(0, seen.length - needle.length));
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new ClosingProxy(server, (server.address() as AddressInfo).port, sockets, counts);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
