/**
 * Rebuilding the read models without downtime, on the embedded
 * default (all-in-one, SQLite, in-process jobs): an operator asks for it over
 * HTTP and follows the job's progress while messages keep coming; a client
 * (`@catalyse/client`) gets `room:reset` with the new epoch, resyncs by itself,
 * and hands its application exactly the room's entries. Then the same from the operator CLI while the service runs: the
 * hub notices the switch made by another process.
 */
import type { FeedEntry } from '@catalyse/protocol';
import { expectStatus, HttpClient, HubClient, mintToken, range, type RunningService, runOps, seqs, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(120_000);

const ROOM = 'room:rebuild-bretagne';

interface RebuildState {
  readonly id: string;
  readonly status: string;
  readonly progress?: { percent: number; message?: string };
  readonly result?: { epoch: number; previousEpoch: number; position: string; events: number; rooms: number };
  readonly failedReason?: string;
}

/** What an entry says, whatever epoch and seq it has. */
const content = (entry: FeedEntry) => ({ position: entry.position, kind: entry.kind, data: entry.data });

describe('projection rebuild on the embedded default', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;
  let client: HubClient | undefined;

  afterAll(async () => {
    client?.close();
    await service?.stop();
    data.remove();
  });

  it('rebuilds over HTTP and from the CLI while the service runs: clients reset, resync and end exact', async () => {
    service = await startService('all-in-one', { dataDir: data.dir });
    const [operatorToken, catalyseurToken] = await Promise.all([
      mintToken(data.dir, { sub: 'ops-alice', role: 'operator' }),
      mintToken(data.dir, { sub: 'cat-bretagne', role: 'catalyseur' }),
    ]);
    const ops = new HttpClient(service.url, operatorToken);
    const http = new HttpClient(service.url, catalyseurToken);

    expectStatus(await http.post('/api/rooms', { id: 'rebuild-bretagne', kind: 'theme', subject: 'bretagne', title: 'Bretagne', access: 'open' }), 201);
    let posted = 0;
    const post = async (count: number, pauseMs = 0): Promise<void> => {
      for (let i = 0; i < count; i++) {
        posted++;
        expectStatus(await http.post('/api/rooms/rebuild-bretagne/post-message', { clientMsgId: `m-${posted}`, text: `message ${posted}` }), 200);
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    await post(40);
    const live = await HubClient.connect(service.url, catalyseurToken);
    client = live;
    await live.join(ROOM);
    await live.waitForSeq(ROOM, 41);
    const epoch1 = live.entries(ROOM, 1);
    expect(seqs(epoch1)).toEqual(range(1, 41));

    // Refusals first: only operators, valid input, known ids.
    expect(expectStatus(await http.post('/api/operations/rebuilds', {}), 403)).toMatchObject({ code: 'FORBIDDEN' });
    expect(expectStatus(await ops.post('/api/operations/rebuilds', { batchSize: 0 }), 400)).toMatchObject({ code: 'VALIDATION' });
    expect(expectStatus(await ops.post('/api/operations/rebuilds', { everything: true }), 400)).toMatchObject({ code: 'VALIDATION' });
    expect(expectStatus(await ops.get('/api/operations/rebuilds/no-such-job'), 404)).toMatchObject({ code: 'NOT_FOUND' });

    // 1. Over HTTP, while messages keep coming.
    const writing = post(30, 5);
    const accepted = expectStatus(await ops.post<{ id: string; status: string }>('/api/operations/rebuilds', { batchSize: 5 }), 202);
    expect(accepted.status).toBe(`/api/operations/rebuilds/${accepted.id}`);
    const seen: RebuildState[] = [];
    let state: RebuildState;
    for (;;) {
      state = expectStatus(await ops.get<RebuildState>(accepted.status), 200);
      seen.push(state);
      if (state.status === 'completed' || state.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await writing;
    expect(state).toMatchObject({ id: accepted.id, status: 'completed', progress: { percent: 100 }, result: { epoch: 2, previousEpoch: 1 } });
    expect(state.result?.events).toBeGreaterThanOrEqual(41);
    const percents = seen.flatMap((s) => (s.progress ? [s.progress.percent] : []));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    await live.waitUntil(() => live.resets.some((r) => r.room === ROOM && r.epoch === 2), 'room:reset to epoch 2');
    // The client reads the room again from the start of the new epoch, by itself.
    await live.waitForSeq(ROOM, posted + 1, 15_000, 2);
    const epoch2 = live.entries(ROOM, 2);
    expect(seqs(epoch2)).toEqual(range(1, posted + 1));
    expect(live.held(ROOM)).toEqual(epoch2);
    expect(epoch2.slice(0, 41).map(content)).toEqual(epoch1.map(content));
    expect(epoch2.map((e) => e.kind)).toEqual(['RoomOpened', ...Array.from({ length: posted }, () => 'MessagePosted')]);

    // 2. From the CLI, beside the running service (another process): the hub notices the switch by itself.
    const cli = await runOps(['rebuild', '--batch-size', '7'], { DATA_DIR: data.dir });
    expect(cli.code).toBe(0);
    // For people, a French summary (`--format json` for scripts, below).
    expect(cli.stdout).toMatch(/^époque 3 en service \(avant : 2\) : [\d\u202f]+ événements repliés jusqu’à la position \d+, \d+ salons? remis à zéro\.\n$/);
    await live.waitUntil(() => live.resets.some((r) => r.room === ROOM && r.epoch === 3), 'room:reset to epoch 3', 10_000);
    await post(3);
    await live.waitForSeq(ROOM, posted + 1, 15_000, 3);
    const epoch3 = live.entries(ROOM, 3);
    expect(seqs(epoch3)).toEqual(range(1, posted + 1));
    expect(live.held(ROOM)).toEqual(epoch3);
    expect(live.resets.filter((r) => r.room === ROOM).map((r) => r.epoch)).toEqual([2, 3]);
    expect(epoch3.slice(0, epoch2.length).map(content)).toEqual(epoch2.map(content));

    // Readers over HTTP see the new epoch too.
    const feed = expectStatus(await http.get<{ epoch: number; entries: FeedEntry[] }>('/api/rooms/rebuild-bretagne/feed?since=0&limit=500'), 200);
    expect(feed.entries.map((e) => [e.epoch, e.seq])).toEqual(range(1, posted + 1).map((seq) => [3, seq]));
  });
});

describe('rebuilds of a larger log on the embedded default', () => {
  const data = tempDataDir();
  let service: RunningService | undefined;

  afterAll(async () => {
    await service?.stop();
    data.remove();
  });

  it('ops rebuild on a read side that never projected builds it; an HTTP rebuild keeps the service answering and shows its progress move', async () => {
    // A history written through the commands only: no projector ever ran on this data folder.
    const generated = await runOps(['generate', '--partnerships', '1500'], { DATA_DIR: data.dir });
    expect(generated.code).toBe(0);
    const cli = await runOps(['rebuild', '--format', 'json'], { DATA_DIR: data.dir });
    expect(cli.code).toBe(0);
    const rebuilt = JSON.parse(cli.stdout) as { epoch: number; previousEpoch: number; position: string; events: number };
    expect(rebuilt).toMatchObject({ epoch: 2, previousEpoch: 1 });
    expect(rebuilt.events).toBeGreaterThan(15_000);
    expect(rebuilt.position).toBe(String(rebuilt.events));
    expect(cli.stderr).toMatch(/époque 2 .*événements/);

    // The read models are there as soon as the service starts: its projector goes on from the rebuild's position.
    service = await startService('all-in-one', { dataDir: data.dir });
    const ops = new HttpClient(service.url, await mintToken(data.dir, { sub: 'ops-alice', role: 'operator' }));
    const list = expectStatus(await ops.get<{ total: number }>('/api/partnerships?limit=1'), 200);
    expect(list.total).toBe(1500);

    // An HTTP rebuild of the whole log while the service is asked for its health again and again.
    const accepted = expectStatus(await ops.post<{ id: string; status: string }>('/api/operations/rebuilds', {}), 202);
    const percents: number[] = [];
    const healthMs: number[] = [];
    const rebuildStarted = performance.now();
    let state: RebuildState;
    for (;;) {
      const started = performance.now();
      const health = await ops.get('/api/health');
      healthMs.push(performance.now() - started);
      expect(health.status).toBe(200);
      state = expectStatus(await ops.get<RebuildState>(accepted.status), 200);
      if (state.progress) percents.push(state.progress.percent);
      if (state.status === 'completed' || state.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(state).toMatchObject({ status: 'completed', result: { epoch: 3, previousEpoch: 2 } });
    // The service wrote events of its own meanwhile (milestone reminders of the generated partnerships).
    expect(state.result?.events).toBeGreaterThanOrEqual(rebuilt.events);
    // Progress was seen on its way, not only at the end; the service answered all along.
    expect(percents.some((percent) => percent > 0 && percent < 99)).toBe(true);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    const sorted = [...healthMs].sort((a, b) => a - b);
    process.stdout.write(
      `rebuild of ${rebuilt.events} events over HTTP in ${(performance.now() - rebuildStarted).toFixed(0)} ms: ${healthMs.length} health answers meanwhile, slowest ${sorted.at(-1)?.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms\n`,
    );
    expect(healthMs.length).toBeGreaterThan(10);
    expect(expectStatus(await ops.get<{ total: number }>('/api/partnerships?limit=1'), 200).total).toBe(1500);
  });
});
