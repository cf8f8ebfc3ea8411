/**
 * An export of 200,000 events over HTTP (real SQLite files, real HTTP): every
 * line arrives, in order, while the serving process's memory stays bounded
 * far below the export's size; a reader that pauses makes the server stop
 * reading the log instead of buffering it (backpressure), and one that goes
 * away stops the export.
 */
import { randomUUID } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, startApi } from '../test-support/api-harness';

jest.setTimeout(180_000);

const EVENTS = 200_000;
const BATCH = 2_000;
const MB = 1024 * 1024;

// A full collection before each measure: what is measured is what is kept, not garbage not yet collected.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const heldMemory = (): number => {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('exporting 200,000 events over HTTP with bounded memory', () => {
  let api: ApiHarness;
  let store: EventStore;
  let operator: string;
  let readsOfTheLog = 0;

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    store = api.app.get<EventStore>(EVENT_STORE);
    // Straight through the port, in big batches: a category no read model folds, so the projector only passes by.
    const metadata = { correlationId: 'bulk', causationId: 'bulk', actor: 'op-1', occurredAt: '2025-01-06T09:00:00.000Z', schemaVersion: 1 };
    let last = 0n;
    for (let b = 0; b < EVENTS / BATCH; b++) {
      const events = Array.from({ length: BATCH }, (_, i) => ({
        id: randomUUID(),
        type: 'BulkRecorded',
        data: { n: b * BATCH + i, note: 'une ligne de journal assez longue pour peser son poids dans un export' },
        metadata,
      }));
      last = (await store.append(`bulk-${b}`, events, { expectedRevision: 'no_stream' })).position;
    }
    // 200,000 events to pass by: on a busy CI machine that takes more than the harness's usual 10 s.
    await api.projected(last, 120_000);
    // Counting the events the export reads from the log (a jest spy would keep every page it returned).
    const readAll = store.readAll.bind(store);
    Object.assign(store, {
      readAll: async (options: Parameters<EventStore['readAll']>[0]) => {
        const page = await readAll(options);
        readsOfTheLog += page.length;
        return page;
      },
    });
  });
  afterAll(async () => {
    await api.close();
  });

  /** Opens the export; the answer is paused until `read` is called. */
  const open = (): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const request = get(`${api.url}/api/exports/events`, { headers: { authorization: `Bearer ${operator}` } }, (res) => {
        res.pause();
        resolve(res);
      });
      request.on('error', reject);
    });

  it('every line arrives in order; a pause stops the reads; the held memory stays far below the export size', async () => {
    const baseline = heldMemory();
    let peak = 0;
    const res = await open();
    expect(res.statusCode).toBe(200);

    // A reader that does not read: the server fills the socket's buffers, then waits.
    await sleep(1500);
    const readWhilePaused = readsOfTheLog;
    await sleep(1500);
    expect(readsOfTheLog).toBe(readWhilePaused);
    expect(readWhilePaused).toBeLessThan(EVENTS / 4);
    peak = Math.max(peak, heldMemory() - baseline);

    // Then it reads everything, pausing now and then; nothing is kept but the count and the last position.
    let lines = 0;
    let bytes = 0;
    let previous = 0n;
    let rest = '';
    let inOrder = true;
    let chunks = 0;
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: string) => {
        bytes += chunk.length;
        const parts = (rest + chunk).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) {
          const position = BigInt((JSON.parse(line) as { position: string }).position);
          if (position <= previous) inOrder = false;
          previous = position;
          lines++;
        }
        if (++chunks % 200 === 0) {
          res.pause();
          peak = Math.max(peak, heldMemory() - baseline);
          setTimeout(() => res.resume(), 20);
        }
      });
      res.on('end', () => resolve());
      res.on('error', reject);
      res.resume();
    });

    expect(rest).toBe('');
    expect(lines).toBe(EVENTS);
    expect(inOrder).toBe(true);
    expect(bytes).toBeGreaterThan(40 * MB);
    // The export is over 40 MB; the server held at most a few pages and a socket's buffers at any time.
    expect(peak).toBeLessThan(24 * MB);
  });

  it('a client that goes away stops the export: the log is no longer read', async () => {
    const before = readsOfTheLog;
    const res = await open();
    res.resume();
    await sleep(100);
    res.destroy();
    await sleep(500);
    const after = readsOfTheLog;
    await sleep(1000);
    expect(readsOfTheLog).toBe(after);
    expect(after - before).toBeLessThan(EVENTS);
  });
});
