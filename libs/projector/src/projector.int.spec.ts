import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import {
  COLLECTIONS,
  type CatalyseurCard,
  type FeedUpdate,
  type PartnershipBoard,
  type ProjectionStore,
  type ProjectionTx,
  type RoomCard,
} from '@catalyse/projections';
import { Projector, type ProjectorLogger } from './projector';
import { appendAll, scenario, type ScenarioEvent, toAppend } from './testing/scenario';

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

function recordingLogger(): ProjectorLogger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, log: () => undefined, warn: (m) => errors.push(m), error: (m) => errors.push(m) };
}

/** Every feed of the store, entry by entry. */
async function allFeeds(store: ProjectionStore): Promise<Map<string, Awaited<ReturnType<ProjectionStore['readFeed']>>>> {
  const feeds = new Map<string, Awaited<ReturnType<ProjectionStore['readFeed']>>>();
  for (const { room } of (await store.feedChangesSince(0)).changes) feeds.set(room, await store.readFeed(room, 0, 1_000_000));
  return feeds;
}

function expectContiguousAndUnique(feeds: Map<string, { seq: number; position: string }[]>): void {
  for (const [room, entries] of feeds) {
    expect({ room, seqs: entries.map((e) => e.seq) }).toEqual({ room, seqs: entries.map((_, i) => i + 1) });
    const positions = entries.map((e) => BigInt(e.position));
    const ascending = [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect({ room, positions }).toEqual({ room, positions: ascending });
    expect(new Set(positions).size).toBe(positions.length);
  }
}

describe('Projector (SQLite event store → SQLite projection store)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let notifier: InProcessFeedNotifier;
  const projectors: Projector[] = [];

  const projector = (options: ConstructorParameters<typeof Projector>[3] = {}, on: ProjectionStore = store): Projector => {
    const p = new Projector(events, on, notifier, { logger: silent, ...options });
    projectors.push(p);
    return p;
  };
  const append = async (stream: string, type: string, data: unknown): Promise<bigint> =>
    (await events.append(stream, [toAppend({ stream, type, data })], { expectedRevision: 'any' })).position;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-projector-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), pollIntervalMs: 20 });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    notifier = new InProcessFeedNotifier();
  });
  afterEach(async () => {
    for (const p of projectors.splice(0)) await p.stop();
    await notifier.close();
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds appended events into the board, the directory, the room cards and the feeds, and notifies', async () => {
    const published: FeedUpdate[][] = [];
    notifier.subscribe((updates) => published.push([...updates]));
    const p = projector();
    await p.start();

    const P = 'partnership-silver-geek';
    await append('catalyseur-cat-claire', 'CatalyseurJoined', {
      catalyseurId: 'cat-claire',
      name: 'Claire Morvan',
      sphere: 'collectivite',
      territory: 'charenton',
      skills: ['accompagnement_partenariat', 'mise_en_relation'],
      joinedAt: '2026-01-05T08:30:00.000Z',
    });
    await append(P, 'PartnershipProposed', {
      partnershipId: 'silver-geek',
      title: 'Silver Geek',
      territory: { id: 'charenton', name: 'Charenton-le-Pont', scale: 'local' },
      partners: [
        { orgId: 'asso-silver-geek', name: 'Association Silver Geek', sphere: 'association' },
        { orgId: 'ent-vyv', name: 'Groupe VYV', sphere: 'entreprise' },
      ],
      modes: ['mecenat'],
      proposedAt: '2026-01-12T10:00:00.000Z',
    });
    await append(P, 'ObjectivesAgreed', { orgId: 'asso-silver-geek', objectives: ['parties_prenantes'], cycle: 1 });
    await append(P, 'ObjectivesAgreed', { orgId: 'ent-vyv', objectives: ['ressources_humaines'], cycle: 1 });
    await append(P, 'MilestonePlanned', { milestoneId: 'm-1', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' });
    await append(P, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    await append('room-copil', 'RoomOpened', {
      roomId: 'copil',
      kind: 'partnership',
      subject: 'silver-geek',
      title: 'COPIL Silver Geek',
      access: 'members',
      openedBy: 'cat-claire',
      openedAt: '2026-01-20T09:00:00.000Z',
    });
    await append('room-copil', 'MemberAdded', { memberId: 'partner-vyv', addedBy: 'cat-claire' });
    const posted = await append('room-copil', 'MessagePosted', {
      messageId: 'msg-1',
      clientMsgId: 'c-1',
      authorId: 'partner-vyv',
      text: 'Les tablettes sont livrées',
      postedAt: '2026-03-01T10:00:00.000Z',
    });
    const last = await append(P, 'MilestoneReached', { milestoneId: 'm-1', reachedOn: '2026-04-14' });

    expect(await p.waitForPosition(last, 5000)).toBe(true);

    const board = await store.getDoc<PartnershipBoard>(COLLECTIONS.partnerships, 'silver-geek');
    expect(board).toMatchObject({ phase: 'pilotage', cycle: 1, position: last.toString(), revision: '5' });
    expect(board?.milestones).toEqual([
      { milestoneId: 'm-1', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15', status: 'reached', cycle: 1, rescheduled: 0, reachedOn: '2026-04-14' },
    ]);
    expect(board?.nextDueDate).toBeUndefined();
    expect(
      (await store.findDocs<PartnershipBoard>(COLLECTIONS.partnerships, { territory: 'charenton', org: 'ent-vyv', phase: 'pilotage' })).map((b) => b.id),
    ).toEqual(['silver-geek']);
    expect(await store.findDocs(COLLECTIONS.partnerships, { phase: 'cadrage' })).toEqual([]);

    expect((await store.findDocs<CatalyseurCard>(COLLECTIONS.catalyseurs, { skill: 'mise_en_relation', status: 'member' })).map((c) => c.name)).toEqual([
      'Claire Morvan',
    ]);
    expect(await store.getDoc<RoomCard>(COLLECTIONS.rooms, 'copil')).toMatchObject({ members: ['cat-claire', 'partner-vyv'], archived: false });
    expect(
      (await store.findDocs<RoomCard>(COLLECTIONS.rooms, { member: 'partner-vyv', kind: 'partnership', subject: 'silver-geek' })).map((r) => r.id),
    ).toEqual(['copil']);

    const feeds = await allFeeds(store);
    expect([...feeds.keys()].sort()).toEqual([
      'network',
      'ops',
      'organisation:asso-silver-geek',
      'organisation:ent-vyv',
      'partnership:silver-geek',
      'room:copil',
      'territory:charenton',
    ]);
    expect(feeds.get('partnership:silver-geek')?.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'PartnershipProposed'],
      [2, 'ObjectivesAgreed'],
      [3, 'ObjectivesAgreed'],
      [4, 'MilestonePlanned'],
      [5, 'PilotageStarted'],
      [6, 'MilestoneReached'],
    ]);
    expect(feeds.get('territory:charenton')?.map((e) => e.kind)).toEqual(feeds.get('partnership:silver-geek')?.map((e) => e.kind));
    expect(feeds.get('ops')?.map((e) => e.kind)).toEqual(['CatalyseurJoined', 'PartnershipProposed', 'PilotageStarted']);
    // Each partner's organisation hears of its lifecycle milestones.
    expect(feeds.get('organisation:ent-vyv')?.map((e) => e.kind)).toEqual(['PartnershipProposed', 'PilotageStarted']);
    expect(feeds.get('network')?.map((e) => e.data)).toEqual([
      { catalyseurId: 'cat-claire', name: 'Claire Morvan', territory: 'charenton', sphere: 'collectivite' },
    ]);
    expect(feeds.get('room:copil')?.map((e) => e.kind)).toEqual(['RoomOpened', 'MemberAdded', 'MessagePosted']);
    expect(await store.findFeedEntryByPosition('room:copil', posted)).toMatchObject({ seq: 3, data: { roomId: 'copil', text: 'Les tablettes sont livrées' } });

    // What was published tells the hub every room's final head.
    const heads = new Map<string, number>();
    for (const batch of published) for (const u of batch) heads.set(u.room, Math.max(heads.get(u.room) ?? 0, u.head));
    expect(Object.fromEntries(heads)).toEqual({
      network: 1,
      ops: 3,
      'organisation:asso-silver-geek': 2,
      'organisation:ent-vyv': 2,
      'partnership:silver-geek': 6,
      'room:copil': 3,
      'territory:charenton': 6,
    });

    const status = await p.status();
    expect(status).toMatchObject({ running: true, checkpoint: last, head: last, lag: 0n, events: 10 });
    expect(await store.getCheckpoint('main')).toBe(last);
  });

  it('catches up a long log in few large batches and ignores what it does not know', async () => {
    const log = scenario({ partnerships: 40, rooms: 10, messagesPerRoom: 60, catalyseurs: 40, seed: 7 });
    const head = await appendAll(events, log);
    const p = projector();
    await p.start();
    expect(await p.waitForPosition(head, 30_000)).toBe(true);
    const status = await p.status();
    expect(status).toMatchObject({ checkpoint: head, lag: 0n, events: log.length });
    expect(status.batches).toBeLessThanOrEqual(Math.ceil(log.length / 500) + 2);
    expectContiguousAndUnique(await allFeeds(store));
    expect(await store.getDoc(COLLECTIONS.partnerships, 'p-0')).toMatchObject({ id: 'p-0' });
    expect((await store.findDocs(COLLECTIONS.catalyseurs, {})).length).toBe(40);
  }, 60_000);

  it('restarts from its checkpoint: nothing doubled, nothing missed', async () => {
    const log = scenario({ partnerships: 6, rooms: 3, messagesPerRoom: 10, catalyseurs: 6, seed: 3 });
    const half = Math.floor(log.length / 2);
    const firstHead = await appendAll(events, log.slice(0, half));
    const first = projector({ maxBatchSize: 7 });
    await first.start();
    expect(await first.waitForPosition(firstHead)).toBe(true);
    await first.stop();
    const before = await allFeeds(store);

    const secondHead = await appendAll(events, log.slice(half));
    const second = projector({ maxBatchSize: 7 });
    await second.start();
    expect(await second.waitForPosition(secondHead)).toBe(true);
    await second.stop();
    const third = projector();
    await third.start(); // nothing new: must not add anything
    await new Promise((resolve) => setTimeout(resolve, 50));
    await third.stop();

    const after = await allFeeds(store);
    for (const [room, entries] of before) expect(after.get(room)?.slice(0, entries.length)).toEqual(entries);
    expectContiguousAndUnique(after);
    expect(await store.getCheckpoint('main')).toBe(secondHead);

    // Same feeds as one uninterrupted run into another store.
    const reference = SqliteProjectionStore.open({ file: join(dir, 'reference.db') });
    try {
      const once = projector({}, reference);
      await once.start();
      expect(await once.waitForPosition(secondHead)).toBe(true);
      await once.stop();
      expect(await allFeeds(reference)).toEqual(after);
    } finally {
      await reference.close();
    }
  }, 60_000);

  it('on a failing transaction: logs, backs off, resumes from the stored checkpoint without skipping', async () => {
    let failures = 2;
    const flaky: ProjectionStore = Object.assign(Object.create(store) as ProjectionStore, {
      transaction: <T>(work: (tx: ProjectionTx) => Promise<T>): Promise<T> =>
        store.transaction(async (tx) => {
          const result = await work(tx);
          if (failures > 0) {
            failures--;
            throw new Error('disk I/O error');
          }
          return result;
        }),
    });
    const logger = recordingLogger();
    const p = projector({ logger, backoff: { initialMs: 10, maxMs: 20 } }, flaky);
    await p.start();
    const log = scenario({ partnerships: 3, rooms: 2, messagesPerRoom: 5, catalyseurs: 3, seed: 11 });
    const head = await appendAll(events, log);
    expect(await p.waitForPosition(head, 10_000)).toBe(true);
    expect(logger.errors.filter((m) => m.includes('disk I/O error'))).toHaveLength(2);
    expect((await p.status()).lastError).toBeUndefined();
    expectContiguousAndUnique(await allFeeds(store));
    expect((await p.status()).events).toBe(log.length);
  });

  it('ends a failure episode once failures stop, though no batch committed since (its subscription dropped while caught up)', async () => {
    // The event store's subscription fails once, with nothing to fold: no batch commits afterwards to clear the error.
    let drops = 1;
    const flaky: EventStore = Object.assign(Object.create(events) as EventStore, {
      subscribeAll: (...args: Parameters<EventStore['subscribeAll']>) => {
        if (drops-- > 0) throw new Error('connection reset');
        return events.subscribeAll(...args);
      },
    });
    const p = new Projector(flaky, store, notifier, { logger: silent, backoff: { initialMs: 10, maxMs: 20, episodeGapMs: 400 } });
    projectors.push(p);
    await p.start();
    let failing = await p.status();
    for (const deadline = Date.now() + 5000; failing.lastError === undefined && Date.now() < deadline; failing = await p.status()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(failing).toMatchObject({ lastError: 'connection reset', failingSince: expect.any(String) });
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Still the last error (nothing committed), but no longer failing: a health check must not call it stuck when
    // an event comes hours later and the lag is 1 for the time of its batch.
    const over = await p.status();
    expect(over.lastError).toBe('connection reset');
    expect(over.failingSince).toBeUndefined();
    expect(await p.waitForPosition(await append('catalyseur-c9', 'CatalyseurJoined', {}), 5000)).toBe(true);
    expect((await p.status()).lastError).toBeUndefined();
  });

  it('leaves out an event a read model cannot fold (data without the shape its type promises), says so, and goes on', async () => {
    const logger = recordingLogger();
    const p = projector({ logger });
    await p.start();
    await append('partnership-bad', 'PartnershipProposed', null);
    await append('room-bad', 'RoomOpened', 'not an object');
    const last = await append('catalyseur-cat-1', 'CatalyseurJoined', {
      catalyseurId: 'cat-1',
      name: 'Camille Martin',
      sphere: 'association',
      territory: 'alsace',
      skills: ['mise_en_relation'],
      joinedAt: '2026-01-05T08:30:00.000Z',
    });
    expect(await p.waitForPosition(last, 5000)).toBe(true);
    expect(await store.getDoc(COLLECTIONS.partnerships, 'bad')).toBeUndefined();
    expect(await store.getDoc<CatalyseurCard>(COLLECTIONS.catalyseurs, 'cat-1')).toMatchObject({ name: 'Camille Martin' });
    expect(await store.feedHead('network')).toEqual({ epoch: 1, head: 1 });
    expect(logger.errors.filter((m) => m.includes('left out of the read models'))).toEqual([
      expect.stringContaining('(PartnershipProposed on partnership-bad)'),
    ]);
    expect((await p.status()).lastError).toBeUndefined();
  });

  it('a failing notifier or listener does not stop the projection', async () => {
    const logger = recordingLogger();
    const broken = { publish: async () => Promise.reject(new Error('redis down')) };
    const p = new Projector(events, store, broken, { logger });
    projectors.push(p);
    await p.start();
    const pos = await append('room-r', 'RoomOpened', {
      roomId: 'r',
      kind: 'theme',
      title: 'Mobilités',
      access: 'open',
      openedBy: 'a',
      openedAt: '2026-01-01T00:00:00Z',
    });
    const pos2 = await append('room-r', 'MessagePosted', {
      messageId: 'm',
      clientMsgId: 'c',
      authorId: 'a',
      text: 'Bonjour',
      postedAt: '2026-01-01T00:01:00Z',
    });
    expect(await p.waitForPosition(pos2)).toBe(true);
    expect(pos2).toBeGreaterThan(pos);
    expect(logger.errors).toContainEqual(expect.stringContaining('redis down'));
    expect((await store.readFeed('room:r', 0, 10)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('waitForPosition: false after the timeout or when stopped, true at once for a position already projected', async () => {
    const p = projector();
    expect(await p.waitForPosition(1n, 10)).toBe(false); // not started
    await p.start();
    expect(await p.waitForPosition(0n)).toBe(true);
    expect(await p.waitForPosition(999n, 30)).toBe(false);
    const waiting = p.waitForPosition(999n, 60_000);
    await p.stop();
    expect(await waiting).toBe(false);
    expect((await p.status()).running).toBe(false);
  });

  it('a start right after a stop waits for it: never two loops, never a doubled entry', async () => {
    const p = projector({ maxBatchSize: 3 });
    await p.start();
    const log = scenario({ partnerships: 4, rooms: 2, messagesPerRoom: 10, catalyseurs: 4, seed: 5 });
    const appending = appendAll(events, log, 7);
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 3));
      await Promise.all([p.stop(), p.start()]);
    }
    const head = await appending;
    expect(await p.waitForPosition(head, 10_000)).toBe(true);
    expectContiguousAndUnique(await allFeeds(store));
    expect((await store.readFeed('network', 0, 100)).length).toBe(log.filter((e) => e.type === 'CatalyseurJoined' || e.type === 'CatalyseurLeft').length);
  });

  it('follows live appends from another writer process on the same event file (poll)', async () => {
    const other: EventStore = SqliteEventStore.open({ file: join(dir, 'events.db') });
    try {
      const p = projector();
      await p.start();
      const position = (
        await other.append(
          'room-live',
          [
            toAppend({
              stream: 'room-live',
              type: 'RoomOpened',
              data: { roomId: 'live', kind: 'theme', title: 'Live', access: 'open', openedBy: 'a', openedAt: '2026-01-01T00:00:00Z' },
            } as ScenarioEvent),
          ],
          { expectedRevision: 'no_stream' },
        )
      ).position;
      expect(await p.waitForPosition(position, 5000)).toBe(true);
      expect(await store.feedHead('room:live')).toEqual({ epoch: 1, head: 1 });
    } finally {
      await other.close();
    }
  });
});
