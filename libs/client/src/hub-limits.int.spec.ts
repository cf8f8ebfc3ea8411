import type { ErrorBody } from '@catalyse/protocol';
import { io, type Socket } from 'socket.io-client';
import { CatalyseHttp, valueOf } from './index';
import { startCatalyse, startHubNode, type TestCatalyse, type TestHubNode } from './testing/catalyse-server';

/** What a connection attempt comes to: connected, or the code of its refusal. */
function connect(url: string, token: string, sockets: Socket[]): Promise<string> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error: Error & { data?: ErrorBody }) => resolve(error.data?.code ?? error.message));
  });
}

function join(socket: Socket, room: string): Promise<{ ok: boolean; error?: ErrorBody }> {
  return socket.timeout(5000).emitWithAck('room:join', { room }) as Promise<{ ok: boolean; error?: ErrorBody }>;
}

/**
 * The hub's bounds an operator sets in the environment (`HUB_SOCKETS_PER_PERSON`, `HUB_ROOMS_PER_SOCKET`, …) reach
 * the hub as the composition roots hand `config.hub` over: on the all-in-one's hub and on a hub node alone.
 */
describe('the hub’s bounds from the environment (real socket.io)', () => {
  const env = { HUB_SOCKETS_PER_PERSON: '2', HUB_ROOMS_PER_SOCKET: '1' };
  let server: TestCatalyse;
  let node: TestHubNode;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    server = await startCatalyse(env);
    node = await startHubNode(server, env);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(async () => {
    await node?.close();
    await server?.close();
  });

  it.each([
    ['the all-in-one', 'aio', () => server.url],
    ['a hub node alone', 'node', () => node.url],
  ])(
    '%s: a person’s third socket is refused RATE_LIMITED, a second room on one connection VALIDATION',
    async (_name, tag, urlOf) => {
      const url = urlOf();
      const token = server.token({ sub: `limited-${tag}`, role: 'catalyseur' });
      expect(await connect(url, token, sockets)).toBe('connected');
      expect(await connect(url, token, sockets)).toBe('connected');
      expect(await connect(url, token, sockets)).toBe('RATE_LIMITED');
      // Someone else is not counted against them.
      expect(await connect(url, server.token({ sub: `other-${tag}`, role: 'catalyseur' }), sockets)).toBe('connected');

      const http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
      const open = async (title: string): Promise<string> =>
        `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'limites', title, access: 'open' })).id}`;
      const first = await open(`Première ${tag}`);
      const second = await open(`Seconde ${tag}`);
      const socket = sockets[0] as Socket;
      expect((await join(socket, first)).ok).toBe(true);
      const refused = await join(socket, second);
      expect(refused.ok).toBe(false);
      expect(refused.error?.code).toBe('VALIDATION');
      expect(refused.error?.message).toMatch(/at most 1 rooms/);
    },
    30_000,
  );
});
