/**
 * Catching up after a long absence: a join far behind is answered with the first entries, then with pages
 * (`room:entries`) written one after the other as the client takes them, outside the room's queue, while
 * the room's others get their live entries; then the joiner gets live entries too — none missing, none
 * twice. Clients catching up together share the pages read from the store.
 */
import { type FeedEntry, HUB_EVENTS } from '@catalyse/protocol';
import { SlowReaders } from './backpressure/slow-readers';
import { FanoutService } from './fanout/fanout.service';
import { HUB_DEFAULTS, HUB_METRICS } from './hub.options';
import type { HubMetrics } from '@catalyse/metrics';
import { HubHarness, range, seqs } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(60_000);

// The hub's limits are its defaults but for the page sizes: no client here is dropped as a slow reader.
const OPTIONS = { readPageSize: 50, joinAckMaxEntries: 20 };
const TEXT = 'Compte rendu du comité de pilotage : jalons revus, prochaine étape « diagnostic partagé » avec la collectivité.';

describe('hub catch-up after a long absence (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  let fanouts: FanoutService;

  beforeAll(async () => {
    hub = await HubHarness.start(OPTIONS);
    fanouts = hub.app.get(FanoutService);
  });

  afterAll(async () => {
    await hub?.close();
  });

  const keys = (entries: readonly FeedEntry[]): string[] => entries.map((e) => `${e.epoch}/${e.seq}/${e.position}/${e.kind}`);
  const latest = (positions: readonly bigint[]): bigint => positions.reduce((a, b) => (a > b ? a : b), 0n);
  /** Where the hub is with a socket's catch-up (undefined once it is over). */
  const sentTo = (room: string, client: TestClient): number | undefined => fanouts.catchUps(room).find((c) => c.socketId === client.socket.id)?.sent;
  const until = async (what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers a join 3,000 behind with its first 20 entries, then pages of at most 50, before any live entry: exactly the feed', async () => {
    await hub.openRoom('long', 'alice');
    const room = 'room:long';
    const head = await hub.stageEntries(room, 3000, TEXT);
    const { epoch } = await hub.head(room);

    const far = await hub.connect({ sub: 'cat-far', role: 'catalyseur' });
    const joining = far.join(room, { epoch, seq: 1 });
    const live = range(1, 20).map((i) => hub.appendMessage('long', `en direct ${i}`));
    const joined = await joining;
    expect(joined).toMatchObject({ room, epoch, snapshot: false });
    expect(joined.head).toBeGreaterThanOrEqual(head);
    expect(seqs(joined.entries)).toEqual(range(2, 21));

    await hub.projected(latest(await Promise.all(live)));
    const end = (await hub.head(room)).head;
    expect(end).toBe(head + 20);
    await far.waitForSeq(room, end);
    expect(keys(far.entries(room))).toEqual(keys((await hub.feed(room)).slice(1)));
    expect(far.pageSizes.length).toBeGreaterThanOrEqual(Math.floor((head - 21) / OPTIONS.readPageSize));
    expect(Math.max(...far.pageSizes)).toBeLessThanOrEqual(OPTIONS.readPageSize);
    // Pages first, then live entries (the hub left the socket out of live deliveries while it caught up).
    const firstLive = far.log.indexOf(HUB_EVENTS.entry);
    if (firstLive >= 0) expect(far.log.lastIndexOf(HUB_EVENTS.entries)).toBeLessThan(firstLive);
    expect(fanouts.catchUps(room)).toEqual([]);
  });

  it('waits for a client that does not read (one page at a time), while the room goes on for the others; then the client gets everything', async () => {
    await hub.openRoom('slow', 'alice');
    const room = 'room:slow';
    const present = await hub.connect({ sub: 'cat-present', role: 'catalyseur' });
    await present.join(room);
    // 24 MB of entries: more than the system's socket buffers can hold.
    const head = await hub.stageEntries(room, 6000, TEXT.repeat(36));
    await present.waitForSeq(room, head);
    const { epoch } = await hub.head(room);

    const slow = await hub.connect({ sub: 'cat-slow', role: 'catalyseur' });
    const acked = slow.tryJoin(room, { epoch, seq: 0 }, () => slow.pauseReading());
    // The hub sends pages until the buffers are full, then waits.
    await until('the catch-up to start', () => (sentTo(room, slow) ?? 0) > OPTIONS.joinAckMaxEntries);
    let last = -1;
    let changedAt = Date.now();
    await until(
      'the catch-up to stall (no page for half a second)',
      () => {
        const now = sentTo(room, slow) ?? -1;
        if (now !== last) [last, changedAt] = [now, Date.now()];
        return Date.now() - changedAt >= 500;
      },
      20_000,
    );
    const stalledAt = sentTo(room, slow) ?? 0;
    expect(stalledAt).toBeLessThan(head - 1000);

    // Live entries go on for the others meanwhile.
    const position = await hub.appendMessage('slow', 'pendant ce temps');
    await hub.projected(position);
    await present.waitForSeq(room, head + 1);
    expect(sentTo(room, slow)).toBe(stalledAt);

    slow.resumeReading();
    expect(await acked).toMatchObject({ ok: true });
    await slow.waitForSeq(room, head + 1);
    expect(keys(slow.entries(room))).toEqual(keys(await hub.feed(room)));
  });

  it('serves a member that stops reading during a burst of live entries page by page: its waiting bytes stay bounded, it is not dropped, then it gets exactly the feed', async () => {
    await hub.openRoom('burst', 'alice');
    const room = 'room:burst';
    const slowReaders = hub.app.get(SlowReaders);
    const reading = await hub.connect({ sub: 'cat-burst-reading', role: 'catalyseur' });
    const paused = await hub.connect({ sub: 'cat-burst-paused', role: 'catalyseur' });
    await reading.join(room);
    await paused.join(room);
    const pausedId = paused.socket.id ?? '';
    const droppedBefore = slowReaders.droppedCount;
    const metrics = hub.app.get<HubMetrics>(HUB_METRICS);
    const paged = async (): Promise<number> => (await metrics.slowClients.get()).values.find((v) => v.labels.outcome === 'paged')?.value ?? 0;
    const pagedBefore = await paged();
    paused.pauseReading();

    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, slowReaders.bufferedBytesOf(pausedId) ?? 0)), 5);
    try {
      // 24 MB of live entries at once: three times the slow-reader limit.
      const head = await hub.stageEntries(room, 6000, TEXT.repeat(36));
      await reading.waitForSeq(room, head);
      // Left out of the live deliveries, it waits for its next page to be taken.
      await until('the paused member to be served page by page', () => sentTo(room, paused) !== undefined);
      await new Promise((resolve) => setTimeout(resolve, 2 * HUB_DEFAULTS.bufferCheckMs));
      expect(slowReaders.droppedCount).toBe(droppedBefore);
      expect(paused.connected).toBe(true);
      expect(await paged()).toBeGreaterThan(pagedBefore);
      // The threshold, the page emitted before it was seen and the first page of its own: about 1.5 MB, not 24.
      const page = OPTIONS.readPageSize * Buffer.byteLength(TEXT.repeat(36) + '"position":"123456","kind":"message"…', 'utf8');
      expect(peak).toBeGreaterThan(HUB_DEFAULTS.liveBacklogBytes);
      expect(peak).toBeLessThan(HUB_DEFAULTS.liveBacklogBytes + 3 * page);

      paused.resumeReading();
      await paused.waitForSeq(room, head);
      const feed = keys(await hub.feed(room));
      expect(keys(paused.entries(room))).toEqual(feed);
      expect(keys(reading.entries(room))).toEqual(feed);
      expect(fanouts.catchUps(room)).toEqual([]);
    } finally {
      clearInterval(sampler);
    }
  });

  it('shares the pages of clients catching up together: 25 clients 1,000 behind read the store about once', async () => {
    await hub.openRoom('storm', 'alice');
    const room = 'room:storm';
    const head = await hub.stageEntries(room, 1000, TEXT);
    const { epoch } = await hub.head(room);
    const clients = await Promise.all(range(1, 25).map((i) => hub.connect({ sub: `cat-storm-${i}`, role: 'catalyseur' })));

    const reads = hub.feedReads;
    await Promise.all(clients.map((client) => client.join(room, { epoch, seq: 0 })));
    await Promise.all(clients.map((client) => client.waitForSeq(room, head)));
    const feed = keys(await hub.feed(room));
    for (const client of clients) expect(keys(client.entries(room))).toEqual(feed);
    // Alone, each would read its 20 pages: 500 reads.
    expect(hub.feedReads - reads).toBeLessThan(125);
  });

  it('stops a catch-up when the client leaves the room; joining again with what it holds, it gets exactly the rest', async () => {
    await hub.openRoom('left', 'alice');
    const room = 'room:left';
    const head = await hub.stageEntries(room, 6000, TEXT.repeat(36));
    const { epoch } = await hub.head(room);
    const client = await hub.connect({ sub: 'cat-leaver', role: 'catalyseur' });
    void client.tryJoin(room, { epoch, seq: 0 }, () => client.pauseReading());
    await until('the catch-up to start', () => sentTo(room, client) !== undefined);
    const leaving = client.request(HUB_EVENTS.leave, { room });
    await until('the catch-up to stop', () => sentTo(room, client) === undefined);
    client.resumeReading();
    expect(await leaving).toEqual({ ok: true, data: { room } });
    const held = seqs(client.entries(room));
    expect(held).toEqual(range(1, held.length));
    expect(held.length).toBeLessThan(head);

    const position = await hub.appendMessage('left', 'après le départ');
    await hub.projected(position);
    await client.join(room, client.cursor(room));
    await client.waitForSeq(room, head + 1);
    expect(keys(client.entries(room))).toEqual(keys(await hub.feed(room)));
  });
});
