import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A loopback TCP proxy in front of a server (a Redis), for tests of the network failing while the server keeps running
 * with its data: `cut()` closes every connection through it and stops listening (a connection is refused, as to a host
 * unreachable) until `heal()`.
 */
export class TcpProxy {
  private listening = true;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** The connections through it: the client's and the one to the server. */
    private readonly pairs: Set<readonly [Socket, Socket]>,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
    const pairs = new Set<readonly [Socket, Socket]>();
    const server = createServer((client) => {
      const upstream = createConnection({ host: targetHost, port: targetPort });
      const pair = [client, upstream] as const;
      pairs.add(pair);
      const close = (): void => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new TcpProxy(server, (server.address() as AddressInfo).port, pairs);
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Closes every connection through the proxy; new ones are refused until `heal`. */
  cut(): void {
    if (this.listening) this.server.close();
    this.listening = false;
    for (const [client, upstream] of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Listens again, on the same port. */
  async heal(): Promise<void> {
    if (this.listening) return;
    this.listening = true;
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.cut();
  }
}
