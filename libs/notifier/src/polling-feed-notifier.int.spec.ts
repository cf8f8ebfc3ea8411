import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import type { FeedUpdate } from './notifier';
import { PollingFeedNotifier } from './polling-feed-notifier';

const entry = (position: bigint) => ({ position: position.toString(), at: '2026-03-01T10:00:00.000Z', kind: 'MessagePosted', data: { text: 'Bonjour' } });

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('PollingFeedNotifier (over a real SQLite projection store)', () => {
  let dir: string;
  let writer: SqliteProjectionStore;
  let reader: SqliteProjectionStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-notifier-'));
    const file = join(dir, 'read-models.db');
    writer = SqliteProjectionStore.open({ file });
    // The hub's own store on the same file, as in a separate process.
    reader = SqliteProjectionStore.open({ file, readOnly: true });
  });
  afterEach(async () => {
    await writer.close();
    await reader.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the store only while someone listens, and starts again from where the feeds are when someone does', async () => {
    let reads = 0;
    const counted = new Proxy(reader, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== 'feedChangesSince' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          reads++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const notifier = new PollingFeedNotifier(counted, 10);
    const seen: FeedUpdate[][] = [];
    const stop = notifier.subscribe((updates) => seen.push([...updates]));
    await until(() => reads >= 3);
    stop();
    await new Promise((resolve) => setTimeout(resolve, 30)); // a poll in flight ends
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(reads).toBe(after);
    // What was written meanwhile is not announced to the next listener (it starts from where the feeds are), what
    // comes after is.
    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('room:meanwhile', entry(1n));
    });
    notifier.subscribe((updates) => seen.push([...updates]));
    await until(() => reads > after);
    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('room:later', entry(2n));
    });
    await until(() => seen.length > 0);
    expect(seen.flat().map((update) => update.room)).toEqual(['room:later']);
    await notifier.close();
  });

  it('announces the rooms whose feeds grew after it started, once per room with the latest head', async () => {
    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('room:old', entry(1n));
    });
    const notifier = new PollingFeedNotifier(reader, 10);
    const seen: FeedUpdate[][] = [];
    notifier.subscribe((updates) => seen.push([...updates]));
    await notifier.pollNow(); // establishes the cursor: history is not announced
    expect(seen).toEqual([]);

    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('room:copil', entry(2n));
      await tx.appendFeedEntry('territory:charenton', entry(2n));
      await tx.appendFeedEntry('room:copil', entry(3n));
    });
    await until(() => seen.length > 0);
    expect([...(seen[0] ?? [])].sort((a, b) => a.room.localeCompare(b.room))).toEqual([
      { room: 'room:copil', epoch: 1, head: 2 },
      { room: 'territory:charenton', epoch: 1, head: 1 },
    ]);

    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('room:old', entry(4n));
    });
    await until(() => seen.length > 1);
    expect(seen[1]).toEqual([{ room: 'room:old', epoch: 1, head: 2 }]);
    await notifier.close();
  });

  it('publish is a no-op; nothing is announced when nothing changed', async () => {
    const notifier = new PollingFeedNotifier(reader, 5);
    const seen: FeedUpdate[][] = [];
    notifier.subscribe((updates) => seen.push([...updates]));
    await notifier.publish([{ room: 'room:x', epoch: 1, head: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen).toEqual([]);
    await notifier.close();
  });

  it('reports a failing poll and a failing listener, and keeps polling', async () => {
    const errors: string[] = [];
    let failNext = true;
    const flaky = {
      feedChangesSince: async (cursor: number) => {
        if (failNext) {
          failNext = false;
          throw new Error('database is locked');
        }
        return reader.feedChangesSince(cursor);
      },
    };
    const notifier = new PollingFeedNotifier(flaky, 5, { onError: (error) => errors.push(error instanceof Error ? error.message : String(error)) });
    const seen: FeedUpdate[][] = [];
    notifier.subscribe(() => {
      throw new Error('listener bug');
    });
    notifier.subscribe((updates) => seen.push([...updates]));
    await until(() => errors.length > 0);
    await notifier.pollNow();
    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('ops', entry(9n));
    });
    await until(() => seen.length > 0);
    expect(seen[0]).toEqual([{ room: 'ops', epoch: 1, head: 1 }]);
    expect(errors).toEqual(['database is locked', 'listener bug']);
    await notifier.close();
  });

  it('with a log, says an outage once and its end once, however many polls fail', async () => {
    let failures = 4;
    const flaky = {
      feedChangesSince: async (cursor: number) => {
        if (failures > 0) {
          failures--;
          throw new Error('Connection terminated unexpectedly');
        }
        return reader.feedChangesSince(cursor);
      },
    };
    const lines: string[] = [];
    const errors: unknown[] = [];
    const notifier = new PollingFeedNotifier(flaky, 5, {
      onError: (error) => errors.push(error),
      log: { warn: (line) => lines.push(`warn ${line}`), log: (line) => lines.push(`log ${line}`) },
    });
    const seen: FeedUpdate[][] = [];
    notifier.subscribe((updates) => seen.push([...updates]));
    await until(() => failures === 0 && lines.length === 2);
    await writer.transaction(async (tx) => {
      await tx.appendFeedEntry('ops', entry(10n));
    });
    await until(() => seen.length > 0);
    expect(lines).toEqual([
      'warn feed polling: the read models do not answer (Connection terminated unexpectedly), retrying every 5 ms',
      'log feed polling: the read models answer again',
    ]);
    expect(errors).toEqual([]);
    expect(seen.flat().map((update) => update.room)).toEqual(['ops']);
    await notifier.close();
  });

  it('does not poll without subscribers, nor after close', async () => {
    let polls = 0;
    const counting = {
      feedChangesSince: async (cursor: number) => {
        polls++;
        return reader.feedChangesSince(cursor);
      },
    };
    const notifier = new PollingFeedNotifier(counting, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(polls).toBe(0);
    notifier.subscribe(() => undefined);
    await until(() => polls >= 2);
    await notifier.close();
    const after = polls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(polls).toBe(after);
  });
});
