/**
 * Error acks count against the outgoing-buffer limits as every other answer does: a client that stops reading and
 * keeps sending requests the hub refuses (invalid payloads, unknown events) piles up acks it never takes. They used to
 * be written without any check: with the periodic check out of reach (as between two of its runs), such sockets grew
 * past `maxBufferedBytes`, and a person's many sockets past `maxBufferedBytesPerPerson`, without bound. Real socket.io
 * clients against a real app, reading paused at the TCP socket.
 */
import { SlowReaders } from './backpressure/slow-readers';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

jest.setTimeout(120_000);

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A join the hub refuses VALIDATION (an error ack of a few hundred bytes), and an event it does not know (another). */
function sendRefused(client: TestClient, count: number): void {
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) client.untyped.emit('room:join', { room: `pas une salle ${i}` }, () => undefined);
    else client.untyped.emit('inconnu', { i }, () => undefined);
  }
}

/** What may wait beyond a limit when it is judged: the ack just written. */
const ONE_ACK = 4 * 1024;
/** Far more acks than the kernel's buffers and the limits hold together (each ack is a few hundred bytes). */
const MAX_REQUESTS = 120_000;
/** The periodic check out of reach (the answers' own bound is tested), and the request budget lifted (the acks are the refusals asked for). */
const UNCHECKED = { bufferCheckMs: 600_000, requestsPerSecond: 1_000_000, requestsPerMinute: 100_000_000 } as const;

describe('a client that stops reading and keeps sending refused requests', () => {
  const MAX_BUFFERED = 256 * 1024;
  const BATCH = 2000;
  let hub: HubHarness;
  let slowReaders: SlowReaders;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, ...UNCHECKED });
    slowReaders = hub.app.get(SlowReaders);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is disconnected once what waits for it passes maxBufferedBytes, never holding much more', async () => {
    const slow = await hub.connect({ sub: 'cat-errors', role: 'catalyseur' });
    const id = slow.socket.id ?? '';
    slow.pauseReading();
    const droppedBefore = slowReaders.droppedCount;
    let peak = 0;
    let sent = 0;
    while (sent < MAX_REQUESTS && slowReaders.bufferedBytesOf(id) !== undefined) {
      sendRefused(slow, BATCH);
      sent += BATCH;
      await settle(30);
      peak = Math.max(peak, slowReaders.bufferedBytesOf(id) ?? 0);
    }
    await settle(200);
    expect({ connected: slowReaders.bufferedBytesOf(id) !== undefined, peakWithinLimit: peak <= MAX_BUFFERED + ONE_ACK }).toEqual({
      connected: false,
      peakWithinLimit: true,
    });
    expect(slowReaders.droppedCount).toBe(droppedBefore + 1);
    expect(slowReaders.lastDroppedBytes).toBeLessThanOrEqual(MAX_BUFFERED + ONE_ACK);
    // Someone else is served.
    const other = await hub.connect({ sub: 'cat-reads', role: 'catalyseur' });
    expect((await other.requestRaw('inconnu', [{}])).ok).toBe(false);
  });
});

describe('a person whose sockets all stop reading and keep sending refused requests', () => {
  // Each socket alone may hold far more than the person's sockets together.
  const MAX_BUFFERED = 1024 * 1024;
  const PER_PERSON = 256 * 1024;
  const TABS = 4;
  let hub: HubHarness;
  let slowReaders: SlowReaders;

  beforeAll(async () => {
    hub = await HubHarness.start({ maxBufferedBytes: MAX_BUFFERED, maxBufferedBytesPerPerson: PER_PERSON, ...UNCHECKED });
    slowReaders = hub.app.get(SlowReaders);
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('the largest are dropped once they hold past maxBufferedBytesPerPerson and one socket’s limit', async () => {
    const person = { sub: 'cat-many-tabs', role: 'catalyseur' } as const;
    const tabs: TestClient[] = [];
    for (let i = 0; i < TABS; i++) tabs.push(await hub.connect(person));
    const reading = await hub.connect(person);
    const ids = tabs.map((tab) => tab.socket.id ?? '');
    for (const tab of tabs) tab.pauseReading();
    const waiting = (): number => ids.reduce((sum, id) => sum + (slowReaders.bufferedBytesOf(id) ?? 0), 0);
    let peak = 0;
    let sent = 0;
    // Each in turn, a little at a time: none of them alone passes its own limit before the person's does.
    while (sent < MAX_REQUESTS * 2 && ids.some((id) => slowReaders.bufferedBytesOf(id) !== undefined)) {
      for (const tab of tabs) if (tab.connected) sendRefused(tab, 250);
      sent += 250 * tabs.length;
      await settle(30);
      peak = Math.max(peak, waiting());
      if (ids.filter((id) => slowReaders.bufferedBytesOf(id) === undefined).length >= 2) break;
    }
    expect(ids.filter((id) => slowReaders.bufferedBytesOf(id) === undefined).length).toBeGreaterThanOrEqual(2);
    expect(peak).toBeLessThanOrEqual(PER_PERSON + MAX_BUFFERED + ONE_ACK);
    // Dropped for what the person's sockets held together, each below its own limit.
    expect(slowReaders.lastDroppedBytes).toBeLessThan(MAX_BUFFERED);
    // The person's tab that reads keeps its connection and is answered.
    expect(slowReaders.bufferedBytesOf(reading.socket.id ?? '')).toBe(0);
    const answer = await reading.requestRaw('inconnu', [{}]);
    expect(answer.ok ? undefined : answer.error.code).toBe('VALIDATION');
  });
});
