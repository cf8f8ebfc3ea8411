import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { InProcessFeedNotifier } from './in-process-feed-notifier';
import { PollingFeedNotifier } from './polling-feed-notifier';
import { waitForFeedEntry } from './wait-for-feed-entry';

const entry = (position: bigint) => ({
  position: position.toString(),
  at: '2026-03-01T10:00:00.000Z',
  kind: 'MessagePosted',
  data: { messageId: `m${position}` },
});

describe('waitForFeedEntry', () => {
  let dir: string;
  let store: SqliteProjectionStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-wait-'));
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns an entry that is already there', async () => {
    await store.transaction(async (tx) => tx.appendFeedEntry('room:r', entry(5n)));
    const notifier = new InProcessFeedNotifier();
    expect(await waitForFeedEntry(store, notifier, 'room:r', 5n)).toMatchObject({ room: 'room:r', seq: 1, position: '5' });
  });

  it('is woken by the in-process notifier when the projector commits the entry', async () => {
    const notifier = new InProcessFeedNotifier();
    await store.transaction(async (tx) => tx.appendFeedEntry('room:r', entry(1n)));
    const waiting = waitForFeedEntry(store, notifier, 'room:r', 7n, { recheckMs: 60_000 });
    const started = Date.now();
    setTimeout(() => {
      void store
        .transaction(async (tx) => tx.appendFeedEntry('room:r', entry(7n)))
        .then((appended) => notifier.publish([{ room: 'room:r', epoch: appended.epoch, head: appended.seq }]));
    }, 20);
    expect(await waiting).toMatchObject({ seq: 2, position: '7', data: { messageId: 'm7' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('works across processes with the polling notifier, and heals a lost notification by rechecking', async () => {
    const peer = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), readOnly: true });
    const polling = new PollingFeedNotifier(peer, 10);
    const silent = new InProcessFeedNotifier(); // never published to: a lost notification
    try {
      const viaPolling = waitForFeedEntry(peer, polling, 'room:r', 3n, { recheckMs: 60_000 });
      const viaRecheck = waitForFeedEntry(peer, silent, 'room:r', 3n, { recheckMs: 20 });
      await new Promise((resolve) => setTimeout(resolve, 30));
      await store.transaction(async (tx) => tx.appendFeedEntry('room:r', entry(3n)));
      expect(await viaPolling).toMatchObject({ seq: 1, position: '3' });
      expect(await viaRecheck).toMatchObject({ seq: 1, position: '3' });
    } finally {
      await polling.close();
      await peer.close();
    }
  });

  it('resolves undefined after the timeout, and unsubscribes', async () => {
    const notifier = new InProcessFeedNotifier();
    let listeners = 0;
    const counting = {
      subscribe: (listener: Parameters<InProcessFeedNotifier['subscribe']>[0]) => {
        listeners++;
        const off = notifier.subscribe(listener);
        return () => {
          listeners--;
          off();
        };
      },
    };
    expect(await waitForFeedEntry(store, counting, 'room:r', 99n, { timeoutMs: 50, recheckMs: 10 })).toBeUndefined();
    expect(listeners).toBe(0);
  });
});
