/**
 * Answers written to a client that stops reading, with real socket.io clients against a real app: a client that
 * asks for sync pages (2 MB each) faster than it reads them cannot make the node hold them; the others in the room
 * go on. The app runs in this process: its heap is this process's.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Ack, type ErrorBody, HUB_EVENTS } from '@catalyse/protocol';
import { SlowReaders } from './backpressure/slow-readers';
import { HubHarness } from './testing/hub-harness';

jest.setTimeout(120_000);

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
setFlagsFromString('--no-expose-gc');

/** What this process holds once garbage is collected: its heap and its buffers (the sockets' writes). */
function retained(): number {
  collect();
  collect();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` (acks taken by bare callbacks tell the test client nothing to wake its waits). */
async function until(predicate: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await settle(20);
  }
}

describe('a client that asks for sync pages without reading them', () => {
  const MAX_BUFFERED = 8 * 1024 * 1024;
  const TEXT = 'Compte rendu du comité de pilotage : jalons revus, prochaine étape « diagnostic partagé ». '.repeat(44);
  const SYNCS = 60;
  const room = 'room:archive';
  let hub: HubHarness;

  beforeAll(async () => {
    // The periodic check is the last resort for what piles up: set out of reach, so that this tests the answers' own bound.
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, bufferCheckMs: 600_000, syncPageSize: 500 });
    await hub.openRoom('archive', 'alice');
    await hub.stageEntries(room, 2000, TEXT);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is served a few pages, then refused RATE_LIMITED with retryAfterMs; the node holds a bounded amount; the room goes on', async () => {
    const slowReaders = hub.app.get(SlowReaders);
    const present = await hub.connect({ sub: 'cat-present', role: 'catalyseur' });
    await present.join(room);
    const slow = await hub.connect({ sub: 'cat-hoarder', role: 'catalyseur' });
    const { epoch } = await slow.join(room);
    const slowId = slow.socket.id ?? '';
    const before = retained();
    const readsBefore = hub.feedReads;

    slow.pauseReading();
    const acks: Ack<unknown>[] = [];
    for (let i = 0; i < SYNCS; i++) slow.untyped.emit(HUB_EVENTS.sync, { room, since: { epoch, seq: 0 } }, (ack: Ack<unknown>) => acks.push(ack));
    let peak = 0;
    const deadline = Date.now() + 8000;
    let last = -1;
    // Until every sync was either served (one feed read each) or refused: the reads stop growing.
    while (Date.now() < deadline) {
      await settle(500);
      peak = Math.max(peak, slowReaders.bufferedBytesOf(slowId) ?? 0);
      if (hub.feedReads === last && Date.now() > deadline - 5000) break;
      last = hub.feedReads;
    }
    const held = retained() - before;
    const served = hub.feedReads - readsBefore;

    // One page at a time, none once half the limit waits: a handful of pages, not one per sync (about 120 MB).
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(12);
    expect(peak).toBeLessThanOrEqual(MAX_BUFFERED);
    expect(held).toBeLessThan(40 * 1024 * 1024);

    // The others in the room go on.
    const position = await hub.appendMessage('archive', 'pendant ce temps');
    await hub.projected(position);
    const head = (await hub.head(room)).head;
    await present.waitForSeq(room, head);

    // Once it reads: the pages served, then the refusals, each a RATE_LIMITED to ask again later.
    slow.resumeReading();
    await until(() => acks.length === SYNCS, 'every sync answered');
    const refused = acks.flatMap((ack): ErrorBody[] => (ack.ok ? [] : [ack.error]));
    expect(acks.filter((ack) => ack.ok)).toHaveLength(served);
    expect(refused).toHaveLength(SYNCS - served);
    for (const error of refused) {
      expect(error).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(
          /^\d+ bytes wait to be sent on this connection, more than 4194304: room:sync room:archive is answered once the client has read them; retry in 1000 ms$/,
        ),
        retryAfterMs: 1000,
      });
    }
    // Read, it is served again.
    expect((await slow.sync(room, { epoch, seq: 0 })).entries).toHaveLength(500);
  });

  it('serves a reading client’s syncs sent together, one after the other', async () => {
    const reader = await hub.connect({ sub: 'cat-reader', role: 'catalyseur' });
    const { epoch } = await reader.join(room);
    const pages = await Promise.all([0, 500, 1000, 1500].map((seq) => reader.sync(room, { epoch, seq })));
    expect(pages.map((page) => page.entries[0]?.seq)).toEqual([1, 501, 1001, 1501]);
    expect(pages.map((page) => page.entries.length)).toEqual([500, 500, 500, 500]);
  });
});

describe('a client that joins again and again without reading', () => {
  const MAX_BUFFERED = 2 * 1024 * 1024;
  const TEXT = 'Relevé de décisions : calendrier validé, budget à confirmer. '.repeat(64);
  const JOINS = 90;
  const room = 'room:rejoin';
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, bufferCheckMs: 600_000, joinAckMaxEntries: 50, snapshotSize: 50 });
    await hub.openRoom('rejoin', 'alice');
    await hub.stageEntries(room, 60, TEXT);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is refused RATE_LIMITED once half the limit waits, each ack judged as it is written', async () => {
    const slowReaders = hub.app.get(SlowReaders);
    const slow = await hub.connect({ sub: 'cat-rejoiner', role: 'catalyseur' });
    await slow.join(room);
    const slowId = slow.socket.id ?? '';
    slow.pauseReading();
    const acks: Ack<unknown>[] = [];
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, slowReaders.bufferedBytesOf(slowId) ?? 0)), 5);
    try {
      // Without since: a snapshot of 50 entries (~200 KB) each.
      for (let i = 0; i < JOINS; i++) slow.untyped.emit(HUB_EVENTS.join, { room }, (ack: Ack<unknown>) => acks.push(ack));
      await settle(3000);
    } finally {
      clearInterval(sampler);
    }
    // Half the limit and one ack at most: 90 acks would be about 18 MB.
    expect(peak).toBeLessThan(MAX_BUFFERED / 2 + 50 * (TEXT.length + 400));
    slow.resumeReading();
    await until(() => acks.length === JOINS, 'every join answered');
    const refused = acks.flatMap((ack): ErrorBody[] => (ack.ok ? [] : [ack.error]));
    expect(refused.length).toBeGreaterThan(JOINS / 2);
    for (const error of refused) expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1000 });
    expect(slowReaders.droppedCount).toBe(0);
  });
});

describe('a person whose sockets stop reading together', () => {
  const MAX_BUFFERED = 8 * 1024 * 1024;
  // Less than one socket may hold (half of MAX_BUFFERED): what the kernel's buffers take does not count.
  const PER_PERSON = 2 * 1024 * 1024;
  const TEXT = 'Compte rendu du comité de pilotage : jalons revus, prochaine étape « diagnostic partagé ». '.repeat(44);
  const SYNCS = 20;
  const room = 'room:archive';
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, maxBufferedBytesPerPerson: PER_PERSON, bufferCheckMs: 600_000 });
    await hub.openRoom('archive', 'alice');
    await hub.stageEntries(room, 2000, TEXT);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is refused large answers on any of them once their bytes together pass maxBufferedBytesPerPerson; others are not', async () => {
    const slowReaders = hub.app.get(SlowReaders);
    const person = { sub: 'cat-many-slow-tabs', role: 'catalyseur' } as const;
    const tabs = [await hub.connect(person), await hub.connect(person)];
    const reading = await hub.connect(person);
    const { epoch } = await reading.join(room);
    const acks: Ack<unknown>[] = [];
    for (const tab of tabs) await tab.join(room);
    for (const tab of tabs) {
      tab.pauseReading();
      for (let i = 0; i < SYNCS; i++) tab.untyped.emit(HUB_EVENTS.sync, { room, since: { epoch, seq: 0 } }, (ack: Ack<unknown>) => acks.push(ack));
    }
    const waiting = (): number => tabs.reduce((sum, tab) => sum + (slowReaders.bufferedBytesOf(tab.socket.id ?? '') ?? 0), 0);
    // Each alone stays under half of MAX_BUFFERED: what waits for both passes PER_PERSON once the kernel's buffers are full.
    await until(() => waiting() > PER_PERSON, 'the pages to pile up');

    // The person's tab that reads, whose own buffer is empty, is refused too; someone else is served.
    const refused = await reading.request(HUB_EVENTS.sync, { room, since: { epoch, seq: 0 } });
    expect(refused.ok ? undefined : refused.error).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(
        /^\d+ bytes wait to be sent on the connections of cat-many-slow-tabs to this hub node, more than 2097152: room:sync room:archive is answered once they have been read; retry in 1000 ms$/,
      ),
      retryAfterMs: 1000,
    });
    const other = await hub.connect({ sub: 'cat-elsewhere', role: 'catalyseur' });
    await other.join(room);
    expect((await other.sync(room, { epoch, seq: 0 })).entries).toHaveLength(500);

    // Read, they are served again.
    for (const tab of tabs) tab.resumeReading();
    await until(() => acks.length === 2 * SYNCS, 'every sync answered');
    expect((await reading.sync(room, { epoch, seq: 0 })).entries).toHaveLength(500);
    expect(slowReaders.droppedCount).toBe(0);
  });
});
