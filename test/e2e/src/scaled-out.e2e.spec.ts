/**
 * Scaled out for real: api ×2, hub ×2, projector ×2 (one active),
 * each from its own built main with its own empty DATA_DIR, on a throwaway
 * PostgreSQL (events, read models, checkpoints, lease) and Redis (notifications,
 * presence, socket.io adapter). Clients of `@catalyse/client` on both hub
 * nodes prove, on what they hand the application: the same entries in the
 * same order on every node; a client given both nodes' URLs moves by itself
 * to the other node when its own is killed, and ends with exactly the room's
 * entries (the missed ones once, in order); a
 * killed active projector is replaced by the standby with nothing lost or
 * doubled; a Redis restart mid-stream loses nothing; an operator's rebuild
 * (a BullMQ job on the active projector) resets both nodes' clients, which
 * resync exactly.
 */
import {
  expectStatus,
  HttpClient,
  HubClient,
  mintToken,
  type RunningPostgres,
  type RunningRedis,
  type RunningService,
  runOps,
  seqs,
  startPostgres,
  startRedis,
  startService,
  tempDataDir,
} from '@catalyse/testing';

jest.setTimeout(300_000);

const ROOM = 'room:bretagne';
const ACTIVE = /active \(holds the lease/;

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('scaled out on PostgreSQL and Redis: api ×2, hub ×2, projector ×2', () => {
  const dirs: { remove(): void }[] = [];
  const services: RunningService[] = [];
  const clients: HubClient[] = [];
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    await redis?.stop();
    await postgres?.stop();
    for (const dir of dirs) dir.remove();
  });

  it('keeps every node exact through a hub kill, a projector kill and a Redis restart', async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      JWT_SECRET: 'a-shared-secret-for-the-scaled-out-services-0123456789',
      PROJECTOR_LEASE_MS: '1500',
      LOG_LEVEL: 'info',
    };
    const start = async (app: 'api' | 'hub' | 'projector'): Promise<RunningService> => {
      const dir = tempDataDir(`catalyse-${app}-`); // nothing shared through files
      dirs.push(dir);
      const service = await startService(app, { dataDir: dir.dir, env });
      services.push(service);
      return service;
    };
    const projectors = [await start('projector'), await start('projector')];
    const [api1, api2] = [await start('api'), await start('api')];
    const [hub1, hub2] = [await start('hub'), await start('hub')];
    const tokenDir = tempDataDir('catalyse-token-');
    dirs.push(tokenDir);
    const token = await mintToken(tokenDir.dir, { sub: 'cat-bretagne', role: 'catalyseur' }, env);
    const apis = [new HttpClient(api1.url, token), new HttpClient(api2.url, token)];

    expectStatus(await apis[0]!.post('/api/rooms', { id: 'bretagne', kind: 'theme', subject: 'bretagne', title: 'Bretagne', access: 'open' }), 201);
    // The room reaches the read models through a projector: the hubs know it once its feed can be read.
    await until(async () => (await apis[1]!.get('/api/rooms/bretagne/feed?since=0')).status === 200, 'the room in the read models');
    const [onHub1, onHub2, mover] = [
      await HubClient.connect(hub1.url, token),
      await HubClient.connect(hub2.url, token),
      // Given both nodes, in failover order: it starts on hub 1.
      await HubClient.connect([hub1.url, hub2.url], token),
    ];
    clients.push(onHub1, onHub2, mover);
    expect(mover.hub.url).toBe(hub1.url);
    for (const client of clients) await client.join(ROOM);

    let posted = 0;
    const post = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) {
        posted++;
        // Alternating api instances: either may take any command.
        expectStatus(await apis[posted % 2]!.post('/api/rooms/bretagne/post-message', { clientMsgId: `m-${posted}`, text: `message ${posted}` }), 200);
      }
    };
    const all = (): number[] => Array.from({ length: posted + 1 }, (_, i) => i + 1);
    const exact = (client: HubClient): boolean => JSON.stringify(seqs(client.entries(ROOM))) === JSON.stringify(all());

    // 1. Both nodes deliver the same entries in the same order.
    await post(20);
    await until(() => clients.every(exact), 'the first 20 messages on every client');
    const positions = (client: HubClient): string[] => client.entries(ROOM).map((entry) => entry.position);
    expect(positions(onHub2)).toEqual(positions(onHub1));

    // 2. A hub node dies: the client moves by itself to the other node and resumes from its cursor there.
    const beforeKill = mover.entries(ROOM).length;
    await hub1.kill();
    await post(10);
    await until(() => mover.hub.url === hub2.url && mover.hub.status === 'online', 'the client to move to hub 2');
    await until(() => exact(mover) && exact(onHub2), 'the moved client to catch up exactly');
    expect(seqs(mover.entries(ROOM).slice(beforeKill))).toEqual(all().slice(beforeKill));

    // 3. The active projector dies: the standby takes over within the lease.
    const roles = projectors.map((projector) => (ACTIVE.test(projector.output()) ? 'active' : 'standby'));
    expect([...roles].sort()).toEqual(['active', 'standby']);
    // Each projector's /api/health (its probes) says the same: both healthy, one active.
    const health = await Promise.all(
      projectors.map(async (projector) => {
        const response = await fetch(`${projector.url}/api/health`);
        return { status: response.status, role: ((await response.json()) as { details: { projector: { role: string } } }).details.projector.role };
      }),
    );
    expect(health).toEqual(roles.map((role) => ({ status: 200, role })));
    const active = projectors[roles.indexOf('active')] as RunningService;
    const standby = projectors[roles.indexOf('standby')] as RunningService;
    await active.kill();
    await post(10);
    await until(() => ACTIVE.test(standby.output()), 'the standby projector to take over');
    await until(() => exact(mover) && exact(onHub2), 'the messages projected by the new leader');

    // 4. Redis restarts mid-stream (empty): the hub's fallback poll and re-subscription carry on.
    await redis.stop({ abruptly: true });
    await post(5);
    await redis.restart();
    await post(5);
    await until(() => exact(mover) && exact(onHub2), 'every message after the Redis restart', 30_000);

    expect(seqs(onHub2.entries(ROOM))).toEqual(all());
    expect(seqs(mover.entries(ROOM))).toEqual(all());
    expect(positions(mover)).toEqual(positions(onHub2));
    const feed = expectStatus(await apis[1]!.get<{ entries: { seq: number }[] }>('/api/rooms/bretagne/feed?since=0&limit=500'), 200);
    expect(feed.entries.map((entry) => entry.seq)).toEqual(all());

    // 5. The operator CLI works on the same configuration: the log exports and re-folds cleanly.
    const exported = await runOps(['export', '--stream-prefix', 'room-bretagne'], env);
    expect(exported.code).toBe(0);
    const lines = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; stream: string });
    expect(lines.map((event) => event.type)).toEqual(['RoomOpened', ...Array.from({ length: posted }, () => 'MessagePosted')]);
    const verified = await runOps(['verify', '--format', 'json'], env);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ problems: [] });

    // 6. An operator rebuilds the read models through either api: a BullMQ job runs on the active projector
    //    while messages keep coming; clients on both hub nodes get room:reset, resync and end exact.
    const opsToken = await mintToken(tokenDir.dir, { sub: 'ops-alice', role: 'operator' }, env);
    const writing = post(10);
    const accepted = expectStatus(await apis[1]!.as(opsToken).post<{ id: string; status: string }>('/api/operations/rebuilds', { batchSize: 10 }), 202);
    let job: { status: string; result?: { epoch: number } } = { status: 'waiting' };
    await until(async () => {
      job = expectStatus(await apis[0]!.as(opsToken).get<typeof job>(accepted.status), 200);
      return job.status === 'completed' || job.status === 'failed';
    }, 'the rebuild job');
    await writing;
    expect(job).toMatchObject({ status: 'completed', result: { epoch: 2 } });
    // The clients read epoch 2 from its start by themselves (nothing asked here).
    for (const client of [onHub2, mover]) {
      await until(() => client.resets.some((reset) => reset.room === ROOM && reset.epoch === 2), 'room:reset to epoch 2');
    }
    const exactIn2 = (client: HubClient): boolean => JSON.stringify(seqs(client.entries(ROOM, 2))) === JSON.stringify(all());
    await until(() => exactIn2(onHub2) && exactIn2(mover), 'every message in epoch 2 on both nodes');
    const content = (client: HubClient, epoch: number) => client.entries(ROOM, epoch).map((e) => [e.position, e.kind]);
    expect(content(onHub2, 2)).toEqual(content(mover, 2));
    expect(content(onHub2, 2).slice(0, content(onHub2, 1).length)).toEqual(content(onHub2, 1));
    for (const client of [onHub2, mover]) expect(client.held(ROOM)).toEqual(client.entries(ROOM, 2));
  });
});
