/**
 * Rebuilding the read models into a new epoch while the live projector and
 * writers go on (real SQLite files): the switch loses and doubles nothing, and
 * the result equals a projection made from scratch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import {
  COLLECTIONS,
  describeRebuildProgress,
  type FeedUpdate,
  type PartnershipBoard,
  ProjectionRebuild,
  type ProjectionRebuildOptions,
  type ProjectionStore,
  RebuildBusyError,
  type RebuildProgress,
} from '@catalyse/projections';
import type { FeedEntry } from '@catalyse/protocol';
import { Projector, type ProjectorLogger } from './projector';
import { appendAll, scenario, toAppend } from './testing/scenario';

jest.setTimeout(60_000);

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Every document of every collection, and every feed entry without its epoch: what readers can see. */
async function snapshot(store: ProjectionStore): Promise<{ docs: Record<string, unknown[]>; feeds: Record<string, Omit<FeedEntry, 'epoch'>[]> }> {
  const docs: Record<string, unknown[]> = {};
  for (const collection of Object.values(COLLECTIONS)) docs[collection] = await store.findDocs(collection, {});
  const feeds: Record<string, Omit<FeedEntry, 'epoch'>[]> = {};
  const rooms = (await store.feedChangesSince(0)).changes.map((c) => c.room).sort();
  for (const room of rooms) {
    const entries = await store.readFeed(room, 0, 1_000_000);
    if (entries.length > 0) feeds[room] = entries.map(({ epoch: _epoch, ...entry }) => entry);
  }
  return { docs, feeds };
}

describe('ProjectionRebuild (SQLite event store and read models, live projector running)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let notifier: InProcessFeedNotifier;
  let live: Projector;
  const closers: (() => Promise<void>)[] = [];

  const rebuild = (options: Partial<ProjectionRebuildOptions> = {}) =>
    new ProjectionRebuild(events, store, notifier, { holder: 'test-rebuild', batchSize: 40, ...options });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-rebuild-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    notifier = new InProcessFeedNotifier();
    live = new Projector(events, store, notifier, { logger: silent, maxBatchSize: 50 });
    await live.start();
    const last = await appendAll(events, scenario({ partnerships: 12, rooms: 4, messagesPerRoom: 25, catalyseurs: 8 }));
    expect(await live.waitForPosition(last, 10_000)).toBe(true);
  });

  afterEach(async () => {
    await live.stop();
    for (const close of closers.splice(0)) await close();
    await notifier.close();
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same log projected from scratch into a store of its own. */
  async function fromScratch(): Promise<Awaited<ReturnType<typeof snapshot>>> {
    const fresh = SqliteProjectionStore.open({ file: join(dir, 'fresh.db') });
    const projector = new Projector(events, fresh, { publish: async () => undefined }, { logger: silent });
    await projector.start();
    expect(await projector.waitForPosition(await events.headPosition(), 10_000)).toBe(true);
    await projector.stop();
    const result = await snapshot(fresh);
    await fresh.close();
    return result;
  }

  it('rebuilds beside the live read models while writers and the projector go on, then switches with nothing lost or doubled', async () => {
    const published: FeedUpdate[] = [];
    notifier.subscribe((updates) => published.push(...updates));
    const before = await snapshot(store);
    const progress: RebuildProgress[] = [];

    // Writers keep posting to a room during the whole rebuild.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await events.append(
          'room-room-0',
          [
            toAppend({
              stream: 'room-room-0',
              type: 'MessagePosted',
              data: {
                messageId: `during-${written}`,
                clientMsgId: `c-during-${written}`,
                authorId: 'cat-0',
                text: `pendant la reconstruction ${written}`,
                postedAt: '2026-03-02T10:00:00.000Z',
              },
            }),
          ],
          { expectedRevision: 'any' },
        );
        written++;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const result = await rebuild({ onProgress: (p) => void progress.push(p) }).run();
    writing = false;
    await writer;
    expect(await live.waitForPosition(await events.headPosition(), 10_000)).toBe(true);

    expect(result).toMatchObject({ epoch: 2, previousEpoch: 1 });
    expect(written).toBeGreaterThan(0);
    expect(await store.epochs()).toEqual({ current: 2, others: [] });
    // Everything readers see equals a projection from scratch of the same log, in the new epoch.
    expect(await snapshot(store)).toEqual(await fromScratch());
    expect((await store.feedHead('room:room-0')).epoch).toBe(2);
    expect((await snapshot(store)).feeds['room:room-0']?.length).toBe((before.feeds['room:room-0']?.length ?? 0) + written);

    // Progress: batches while rebuilding, then the switch, then done; positions never go back.
    const phases = progress.map((p) => p.phase);
    expect(phases.filter((p) => p === 'rebuilding').length).toBeGreaterThan(3);
    expect(phases.slice(-2)).toEqual(['switched', 'done']);
    const positions = progress.map((p) => p.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(progress.at(-1)).toMatchObject({ position: result.position, events: result.events });
    expect(describeRebuildProgress(progress.at(-1) as RebuildProgress).percent).toBe(100);

    // Hubs are told every room's head in the new epoch (they reset those rooms).
    const switched = published.filter((u) => u.epoch === 2 && u.head <= (before.feeds[u.room]?.length ?? 0) + written);
    expect(new Set(switched.map((u) => u.room))).toEqual(new Set(Object.keys(before.feeds)));
    expect(result.rooms).toBe(Object.keys(before.feeds).length);
  });

  it('repairs a damaged read model', async () => {
    const board = (await store.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, {}))[0];
    if (!board) throw new Error('the scenario has partnerships');
    await store.transaction(async (tx) => {
      await tx.putDoc(COLLECTIONS.partnerships, board.id, { ...board, title: 'abîmé', phase: 'closed' }, { phase: 'closed' });
      await tx.appendFeedEntry('room:room-1', { position: '1', at: '2026-01-01T00:00:00Z', kind: 'Bogus', data: {} });
    });
    expect(await store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, board.id)).toMatchObject({ title: 'abîmé' });

    await rebuild().run();
    expect(await store.getDoc(COLLECTIONS.partnerships, board.id)).toEqual(board);
    expect(await store.findDocs(COLLECTIONS.partnerships, { phase: 'closed' })).not.toContainEqual(expect.objectContaining({ title: 'abîmé' }));
    expect((await store.readFeed('room:room-1', 0, 10_000)).map((e) => e.kind)).not.toContain('Bogus');
    expect(await snapshot(store)).toEqual(await fromScratch());
  });

  it('one rebuild at a time: a second one is refused while the first runs, the next goes on to epoch 3', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const hasStarted = new Promise<void>((resolve) => (started = resolve));
    const first = rebuild({
      holder: 'first',
      onProgress: async (p) => {
        if (p.phase !== 'rebuilding') return;
        started();
        await gate;
      },
    }).run();
    await hasStarted;
    await expect(rebuild({ holder: 'second' }).run()).rejects.toBeInstanceOf(RebuildBusyError);
    release();
    expect(await first).toMatchObject({ epoch: 2 });
    expect(await rebuild({ holder: 'third' }).run()).toMatchObject({ epoch: 3, previousEpoch: 2 });
    expect(await store.epochs()).toEqual({ current: 3, others: [] });
  });

  it('an aborted rebuild leaves the live read models as they were; the next one drops its partial epoch', async () => {
    const before = await snapshot(store);
    const abort = new AbortController();
    const aborted = rebuild({
      signal: abort.signal,
      onProgress: (p) => {
        if (p.phase === 'rebuilding') abort.abort();
      },
    }).run();
    await expect(aborted).rejects.toThrow(/abort/i);
    expect(await store.epochs()).toEqual({ current: 1, others: [2] });
    expect(await snapshot(store)).toEqual(before);

    expect(await rebuild().run()).toMatchObject({ epoch: 2, previousEpoch: 1 });
    expect(await store.epochs()).toEqual({ current: 2, others: [] });
    expect(await snapshot(store)).toEqual(before);
  });

  it('on a read side whose projector never ran, builds everything up to the head; a projector started after goes on from there', async () => {
    const never = SqliteProjectionStore.open({ file: join(dir, 'never.db') });
    closers.push(() => never.close());
    const head = await events.headPosition();
    const result = await new ProjectionRebuild(events, never, notifier, { holder: 'ops', batchSize: 40 }).run();
    expect(result.position).toBe(head);
    expect(result.events).toBeGreaterThan(100);
    expect(await never.getCheckpoint('main')).toBe(head);
    expect(await snapshot(never)).toEqual(await fromScratch());

    // The projector starts after the rebuild: nothing folded twice, what comes next folded once.
    const projector = new Projector(events, never, { publish: async () => undefined }, { logger: silent });
    await projector.start();
    closers.unshift(() => projector.stop());
    const posted = await events.append(
      'room-room-2',
      [
        toAppend({
          stream: 'room-room-2',
          type: 'MessagePosted',
          data: { messageId: 'after', clientMsgId: 'c-after', authorId: 'cat-0', text: 'après', postedAt: '2026-03-03T10:00:00.000Z' },
        }),
      ],
      { expectedRevision: 'any' },
    );
    expect(await projector.waitForPosition(posted.position, 10_000)).toBe(true);
    expect(await snapshot(never)).toEqual(await fromScratch());
  });

  it('folds past a live projector that is behind; the projector then skips what the rebuild folded', async () => {
    await live.stop();
    const behind: bigint[] = [];
    for (let i = 0; i < 30; i++) {
      const appended = await events.append(
        'room-room-1',
        [
          toAppend({
            stream: 'room-room-1',
            type: 'MessagePosted',
            data: { messageId: `late-${i}`, clientMsgId: `c-late-${i}`, authorId: 'cat-1', text: `en retard ${i}`, postedAt: '2026-03-03T11:00:00.000Z' },
          }),
        ],
        { expectedRevision: 'any' },
      );
      behind.push(appended.position);
    }
    const result = await rebuild().run();
    expect(result.position).toBe(behind.at(-1));
    await live.start();
    expect(await live.waitForPosition(await events.headPosition(), 10_000)).toBe(true);
    expect((await live.status()).checkpoint).toBe(behind.at(-1));
    expect(await snapshot(store)).toEqual(await fromScratch());
  });

  it('refuses a batch size that is not a positive integer', () => {
    for (const batchSize of [0, -5, 2.5, Number.NaN]) expect(() => rebuild({ batchSize })).toThrow(RangeError);
  });
});
