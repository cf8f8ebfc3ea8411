/**
 * The lean adapter keeps Nest's gateway semantics: a returned value is the
 * ack, an `{event, data}` result is emitted, an `@Ack()` handler answers
 * itself, exception filters still run, and a disconnect stops nothing else.
 */
import type { AddressInfo } from 'node:net';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ack, ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, WsException } from '@nestjs/websockets';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import type { Server, Socket } from 'socket.io';
import { configureHubApp } from './hub-io.adapter';

jest.setTimeout(30_000);

@WebSocketGateway()
class ProbeGateway {
  @WebSocketServer() server!: Server;

  @SubscribeMessage('double')
  double(@MessageBody() body: { n: number }): { doubled: number } {
    return { doubled: body.n * 2 };
  }

  @SubscribeMessage('later')
  async later(@MessageBody() body: { n: number }): Promise<{ n: number }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { n: body.n };
  }

  @SubscribeMessage('echo-event')
  echoEvent(@MessageBody() body: unknown): { event: string; data: unknown } {
    return { event: 'echoed', data: body };
  }

  @SubscribeMessage('manual')
  manual(@MessageBody() body: { n: number }, @Ack() ack: (reply: unknown) => void): string {
    ack({ manual: body.n });
    return 'ignored: the handler answered its ack itself';
  }

  @SubscribeMessage('fail')
  fail(): never {
    throw new WsException('refused on purpose');
  }

  @SubscribeMessage('who')
  who(@ConnectedSocket() socket: Socket): { id: string } {
    return { id: socket.id };
  }
}

@Module({ providers: [ProbeGateway] })
class ProbeModule {}

describe('HubIoAdapter (a real Nest app and socket.io clients)', () => {
  let app: INestApplication;
  let url: string;
  const clients: ClientSocket[] = [];

  beforeAll(async () => {
    app = await NestFactory.create(ProbeModule, { logger: false });
    configureHubApp(app);
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await app?.close();
  });

  const connect = async (origin?: string): Promise<ClientSocket> => {
    const client = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, ...(origin ? { extraHeaders: { origin } } : {}) });
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      client.once('connect', resolve);
      client.once('connect_error', reject);
    });
    return client;
  };

  it("refuses the handshake of another site's page (Origin), lets its own host's and origin-less clients in", async () => {
    await expect(connect('https://evil.example.com')).rejects.toThrow();
    await expect(connect('http://127.0.0.1:8080')).resolves.toMatchObject({ connected: true });
    await expect(connect()).resolves.toMatchObject({ connected: true });
  });

  it('acks with the value a handler returns, sync or async', async () => {
    const client = await connect();
    await expect(client.timeout(5000).emitWithAck('double', { n: 21 })).resolves.toEqual({ doubled: 42 });
    await expect(client.timeout(5000).emitWithAck('later', { n: 7 })).resolves.toEqual({ n: 7 });
  });

  it('emits an {event, data} result as that event', async () => {
    const client = await connect();
    const echoed = new Promise((resolve) => client.once('echoed', resolve));
    client.emit('echo-event', { hello: 'world' });
    await expect(echoed).resolves.toEqual({ hello: 'world' });
  });

  it('leaves the ack to a handler that answers it itself (exactly one reply)', async () => {
    const client = await connect();
    await expect(client.timeout(5000).emitWithAck('manual', { n: 3 })).resolves.toEqual({ manual: 3 });
  });

  it('runs the exception filters: a WsException reaches the client as `exception`', async () => {
    const client = await connect();
    const exception = new Promise((resolve) => client.once('exception', resolve));
    client.emit('fail', {});
    await expect(exception).resolves.toMatchObject({ status: 'error', message: 'refused on purpose' });
    // The connection keeps being served.
    await expect(client.timeout(5000).emitWithAck('double', { n: 1 })).resolves.toEqual({ doubled: 2 });
  });

  it('binds each handler to its own socket', async () => {
    const [a, b] = [await connect(), await connect()];
    await expect(a.timeout(5000).emitWithAck('who', {})).resolves.toEqual({ id: a.id });
    await expect(b.timeout(5000).emitWithAck('who', {})).resolves.toEqual({ id: b.id });
  });

  it('registers one listener per socket for all its handlers, and the server lets go of the socket when it leaves', async () => {
    const client = await connect();
    const id = client.id ?? '';
    const socket = app.get(ProbeGateway).server.of('/').sockets.get(id);
    expect(socket?.id).toBe(id);
    // One listener for all its handlers (`onAny`), none per event.
    expect(socket?.listenersAny()).toHaveLength(1);
    for (const event of ['double', 'later', 'echo-event', 'manual', 'fail', 'who']) expect(socket?.listenerCount(event)).toBe(0);
    const gone = new Promise((resolve) => socket?.once('disconnect', resolve));
    client.close();
    await gone;
    expect(socket?.connected).toBe(false);
    // The listeners only reference their own socket: once the namespace drops it, all of it is garbage.
    expect(app.get(ProbeGateway).server.of('/').sockets.has(id)).toBe(false);
  });
});
