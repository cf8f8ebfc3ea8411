/**
 * The all-in-one killed with SIGKILL under write load, at three moments: in
 * the middle of a burst of HTTP commands, right after a command's ack, and
 * while its projector folds acknowledged events (lag > 0). Restarted on the
 * same data folder each time: nothing acknowledged is lost or doubled in the
 * room feeds, `ops verify` finds the log clean, and the first live entry
 * after the restart (a hub `room:post`, delivered to a client in the room)
 * arrives within a second of the process being healthy — the dead run's
 * projector lease (10 s by default, left as is here) is not waited for. A
 * second process on a folder in use is refused at once.
 */
import { expectStatus, HttpClient, HubClient, mintToken, range, runOps, type RunningService, startService, tempDataDir } from '@catalyse/testing';

jest.setTimeout(180_000);

const ROOMS = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];
const WORKERS = 16;
const ENV = { HTTP_RATE_LIMIT_PER_MINUTE: '1000000', HUB_POSTS_PER_SECOND: '1000' };

interface Entry {
  readonly seq: number;
  readonly kind: string;
  readonly data: { clientMsgId?: string; text?: string };
}

describe('the all-in-one killed under write load', () => {
  const data = tempDataDir();
  let service: RunningService;
  let http: HttpClient;
  let token: string;
  const clients: HubClient[] = [];
  /** Every acknowledged post: its clientMsgId and room. */
  const acked = new Map<string, string>();
  /** Every post sent, acknowledged or not (in flight when the process died). */
  const sent = new Set<string>();
  let counter = 0;
  /** Called synchronously on every ack, before anything else runs: a kill there is right after the ack. */
  let onAck: (() => void) | undefined;

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    data.remove();
  });

  const start = async (): Promise<number> => {
    service = await startService('all-in-one', { dataDir: data.dir, env: ENV });
    http = new HttpClient(service.url, token);
    return Date.now();
  };

  /** One post through HTTP; throws when the process is gone. */
  const post = async (room: string): Promise<void> => {
    const clientMsgId = `m-${++counter}`;
    sent.add(clientMsgId);
    const response = await http.post(`/api/rooms/${room}/post-message`, { clientMsgId, text: `message ${clientMsgId}` });
    if (response.status !== 200) throw new Error(`post refused: ${response.status} ${JSON.stringify(response.body)}`);
    acked.set(clientMsgId, room);
    onAck?.();
  };

  /** `workers` loops of posts until the process dies under them; `kill` decides when (and kills). */
  const underLoad = async (workers: number, kill: () => Promise<void>): Promise<void> => {
    const loops = Array.from({ length: workers }, async (_, w) => {
      for (;;) {
        try {
          await post(ROOMS[w % ROOMS.length] as string);
        } catch {
          return; // the process is gone (or the request failed with it): not acknowledged
        }
      }
    });
    await kill();
    await Promise.all(loops);
  };

  const until = async (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  const feed = async (room: string): Promise<Entry[]> => {
    const entries: Entry[] = [];
    for (;;) {
      const page = expectStatus(await http.get<{ head: number; entries: Entry[] }>(`/api/rooms/${room}/feed?since=${entries.length}&limit=500`), 200);
      entries.push(...page.entries);
      if (page.entries.length === 0 || entries.length >= page.head) return entries;
    }
  };

  /** Every acknowledged post once, nothing twice, seqs without a gap; unacknowledged ones at most once; each live post once. */
  const expectExactFeeds = async (): Promise<void> => {
    for (const room of ROOMS) {
      const entries = await feed(room);
      expect(entries.map((entry) => entry.seq)).toEqual(range(1, entries.length));
      const texts = entries.filter((entry) => entry.kind === 'MessagePosted').map((entry) => entry.data.text ?? '');
      expect(texts.length).toBe(new Set(texts).size);
      const posted = entries.filter((entry) => entry.data.text?.startsWith('message ')).map((entry) => entry.data.clientMsgId ?? '');
      expect(posted.filter((id) => !sent.has(id))).toEqual([]);
      const present = new Set(posted);
      expect([...acked].filter(([id, at]) => at === room && !present.has(id))).toEqual([]);
    }
  };

  /** From healthy to the first live entry handed to a client joined to the room (a hub post, after the restart). */
  const firstLiveEntryMs = async (healthyAt: number, moment: string): Promise<number> => {
    const client = await HubClient.connect(service.url, token);
    clients.push(client);
    const room = `room:${ROOMS[0]}`;
    await client.join(room);
    const text = `live after the crash ${moment}`;
    const handed = (): boolean => client.entries(room).some((entry) => (entry.data as { text?: string }).text === text);
    void client.post(room, text).catch(() => undefined); // its ack is awaited by `handed` below, through the feed
    await client.waitUntil(handed, `${text} handed to the client`, 15_000);
    const ms = Date.now() - healthyAt;
    client.close();
    return ms;
  };

  it('is refused a second process on the same data folder, at once and in French', async () => {
    token = await mintToken(data.dir, { sub: 'cat-crash', role: 'catalyseur' });
    await start();
    for (const room of ROOMS)
      expectStatus(await http.post('/api/rooms', { id: room, kind: 'theme', subject: room, title: `Salle ${room}`, access: 'open' }), 201);

    const started = Date.now();
    const refused = await startService('all-in-one', { dataDir: data.dir, env: ENV }).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(refused).toContain('exited with 1');
    expect(refused).toContain(`Le dossier de données ${data.dir} est déjà utilisé par un autre processus Catalyse (pid ${service.process.pid})`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await http.get('/api/health')).status).toBe(200); // the first one goes on, untouched
  });

  const timings: Record<string, number> = {};

  it('killed in the middle of a burst of commands: nothing acknowledged lost or doubled, live again within a second', async () => {
    const before = acked.size;
    await underLoad(WORKERS, async () => {
      await until(() => acked.size >= before + 150, '150 acknowledged posts');
      await service.kill();
    });
    const healthyAt = await start();
    timings['burst'] = await firstLiveEntryMs(healthyAt, 'in a burst');
    await expectExactFeeds();
    expect(timings['burst']).toBeLessThan(1000);
  });

  it('killed right after a command’s ack: that command is kept, live again within a second', async () => {
    const target = acked.size + 40;
    let killed: Promise<void> | undefined;
    let lastAcked: [string, string] | undefined;
    onAck = () => {
      if (acked.size < target || killed) return;
      lastAcked = [...acked].at(-1);
      killed = service.kill(); // SIGKILL sent before this ack's caller even resumes
    };
    await underLoad(4, async () => {
      await until(() => killed !== undefined, 'the 40th ack');
      await killed;
    });
    onAck = undefined;
    const healthyAt = await start();
    timings['ack'] = await firstLiveEntryMs(healthyAt, 'after an ack');
    await expectExactFeeds();
    const [lastId, lastRoom] = lastAcked ?? ['', ''];
    expect((await feed(lastRoom)).filter((entry) => entry.data.clientMsgId === lastId)).toHaveLength(1);
    expect(timings['ack']).toBeLessThan(1000);
  });

  it('killed while its projector folds acknowledged events: none lost or doubled, live again within a second', async () => {
    let lagAtKill = 0;
    await underLoad(WORKERS, async () => {
      await until(async () => {
        const health = await http.get<{ details?: { projector?: { lag?: string; checkpoint?: string } } }>('/api/health').catch(() => undefined);
        const lag = Number(health?.body.details?.projector?.lag ?? 0);
        if (lag > 0) lagAtKill = lag;
        return lag > 0;
      }, 'the projector behind the acknowledged posts');
      await service.kill();
    });
    expect(lagAtKill).toBeGreaterThan(0);
    const healthyAt = await start();
    timings['batch'] = await firstLiveEntryMs(healthyAt, 'in a batch');
    await expectExactFeeds();
    expect(timings['batch']).toBeLessThan(1000);

    await service.stop();
    const verified = await runOps(['verify'], { DATA_DIR: data.dir });
    expect(verified.code).toBe(0);
    process.stdout.write(
      `all-in-one crash: ${acked.size} posts acknowledged of ${sent.size} sent; healthy → first live entry ${JSON.stringify(timings)} ms (lag at the kill: ${lagAtKill})\n`,
    );
  });
});
