/**
 * Two hub processes behind one projector, notified through a real Redis
 * (REDIS_URL): clients (`@catalyse/client`) on different nodes hand their
 * application the same entries in the same order, and a Redis restart in the
 * middle loses nothing (the hubs' slow poll of the read models covers the
 * notifications Redis lost).
 */
import Redis from 'ioredis';
import {
  expectStatus,
  HttpClient,
  HubClient,
  mintToken,
  type RunningRedis,
  type RunningService,
  seqs,
  startRedis,
  startService,
  tempDataDir,
} from '@catalyse/testing';

jest.setTimeout(240_000);

const ROOM = 'room:reseau-grand-est';

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two hub nodes notified through Redis', () => {
  const data = tempDataDir();
  const services: RunningService[] = [];
  const clients: HubClient[] = [];
  let redis: RunningRedis | undefined;

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const service of services.reverse()) await service.stop();
    await redis?.stop();
    data.remove();
  });

  it('delivers the same entries in the same order on both nodes, through a Redis restart', async () => {
    redis = await startRedis();
    const env = { JWT_SECRET: 'a-shared-secret-for-the-scaled-out-services-42', REDIS_URL: redis.url };
    const projector = await startService('projector', { dataDir: data.dir, env });
    const api = await startService('api', { dataDir: data.dir, env });
    const hubs = [await startService('hub', { dataDir: data.dir, env }), await startService('hub', { dataDir: data.dir, env })];
    services.push(projector, api, ...hubs);
    const token = await mintToken(data.dir, { sub: 'cat-grand-est', role: 'catalyseur' }, env);
    const http = new HttpClient(api.url, token);
    expectStatus(
      await http.post('/api/rooms', { id: 'reseau-grand-est', kind: 'theme', subject: 'grand-est', title: 'Réseau Grand Est', access: 'open' }),
      201,
    );

    // The room reaches the read models through the separate projector: the hubs know it once its feed can be read.
    await until(async () => (await http.get('/api/rooms/reseau-grand-est/feed?since=0')).status === 200, 'the room in the read models');
    for (const hub of hubs) clients.push(await HubClient.connect(hub.url, token));
    for (const client of clients) await client.join(ROOM);

    // Each node answers its own health check (readiness probes), counting its own sockets.
    for (const hub of hubs) {
      const health = await fetch(`${hub.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', info: { projectionStore: { status: 'up' }, hub: { status: 'up', sockets: 1 } } });
    }

    // Both hub nodes listen on the deployment's channel: the notifications do go through Redis.
    const probe = new Redis(redis.url);
    try {
      let listening = 0;
      for (let i = 0; i < 100 && listening < 2; i++) {
        listening = Number(((await probe.pubsub('NUMSUB', 'catalyse:feeds')) as unknown[])[1] ?? 0);
        if (listening < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(listening).toBe(2);
    } finally {
      probe.disconnect();
    }

    const post = async (n: number): Promise<void> => {
      expectStatus(await http.post('/api/rooms/reseau-grand-est/post-message', { clientMsgId: `m-${n}`, text: `message ${n}` }), 200);
    };
    for (let n = 1; n <= 20; n++) await post(n);
    await until(() => clients.every((client) => seqs(client.entries(ROOM)).length === 21), 'the first 20 messages on both nodes');

    // Redis dies mid-stream; the api keeps accepting, the projector keeps projecting.
    await redis.stop({ abruptly: true });
    for (let n = 21; n <= 30; n++) await post(n);
    await redis.restart();
    for (let n = 31; n <= 40; n++) await post(n);

    const all = Array.from({ length: 41 }, (_, i) => i + 1);
    await until(() => clients.every((client) => seqs(client.entries(ROOM)).length === 41), 'all 40 messages on both nodes', 30_000);
    const [a, b] = clients.map((client) => client.entries(ROOM));
    expect(seqs(a ?? [])).toEqual(all);
    expect(seqs(b ?? [])).toEqual(all);
    expect((a ?? []).map((entry) => entry.position)).toEqual((b ?? []).map((entry) => entry.position));
    expect((a ?? []).slice(1).map((entry) => (entry.data as { text: string }).text)).toEqual(all.slice(0, 40).map((n) => `message ${n}`));
    for (const client of clients) expect(client.held(ROOM)).toEqual(client.entries(ROOM));
  });
});
