/**
 * The observatory's memory on real SQLite stores, a real projector and a real
 * rebuild: read whole once, then only the documents of the streams that
 * changed; read whole again after a rebuild (a new epoch) or too many new
 * events. The store is counted, not mocked: every call goes to SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { partnershipDecider, partnershipStream } from '@catalyse/domain';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { PARTNERSHIP_OBSERVATIONS, ProjectionRebuild, type ProjectionStore } from '@catalyse/projections';
import { Projector } from '@catalyse/projector';
import { ObservationMemory } from './observation-memory';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('ObservationMemory (SQLite, projector, rebuild)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let notifier: InProcessFeedNotifier;
  let projector: Projector;
  const calls = { findDocs: 0, getDoc: 0 };
  /** The real store, its reads counted. */
  let counted: ProjectionStore;

  const propose = async (id: string): Promise<void> => {
    await new CommandHandler(events).handle(
      partnershipDecider,
      partnershipStream(id),
      {
        type: 'ProposePartnership',
        data: {
          partnershipId: id,
          title: `Partenariat ${id}`,
          territory: { id: 'drome', name: 'Drôme', scale: 'departemental' },
          partners: [
            { orgId: `a-${id}`, name: 'Association', sphere: 'association' },
            { orgId: `e-${id}`, name: 'Entreprise', sphere: 'entreprise' },
          ],
          modes: ['mecenat'],
          proposedAt: '2025-01-06T09:00:00.000Z',
        },
      },
      { actor: 'cat-1', correlationId: `c-${id}`, occurredAt: '2025-01-06T09:00:00.000Z' },
    );
  };
  const caughtUp = async (): Promise<void> => expect(await projector.waitForPosition(await events.headPosition(), 10_000)).toBe(true);
  const ids = async (memory: ObservationMemory): Promise<string[]> => [...(await memory.docs(PARTNERSHIP_OBSERVATIONS, 'partnership'))].map((d) => d.id).sort();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-observation-memory-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), pollIntervalMs: 10 });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    notifier = new InProcessFeedNotifier();
    projector = new Projector(events, store, notifier, { logger: quiet });
    await projector.start();
    calls.findDocs = 0;
    calls.getDoc = 0;
    counted = new Proxy(store, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === 'findDocs' || key === 'getDoc') {
          return (...args: unknown[]) => {
            calls[key] += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  });
  afterEach(async () => {
    await projector.stop();
    await notifier.close();
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads whole once, then only the documents of the streams that changed', async () => {
    await propose('a');
    await propose('b');
    await caughtUp();
    const memory = new ObservationMemory(counted, events, { timeZone: 'Europe/Paris' });
    expect(await ids(memory)).toEqual(['a', 'b']);
    expect(calls).toEqual({ findDocs: 1, getDoc: 0 });
    expect(await ids(memory)).toEqual(['a', 'b']);
    expect(calls).toEqual({ findDocs: 1, getDoc: 0 });
    await propose('c');
    await caughtUp();
    expect(await ids(memory)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual({ findDocs: 1, getDoc: 1 });
    // Every observation is dated once, in the network's zone.
    const [first] = [...(await memory.docs(PARTNERSHIP_OBSERVATIONS, 'partnership'))];
    expect(first?.observations[0]).toMatchObject({ type: 'PartnershipProposed', day: '2025-01-06', onTime: '2025-01-06T09:00:00.000Z' });
  });

  it('reads whole again after a rebuild (a new epoch), and past too many new events', async () => {
    await propose('a');
    await caughtUp();
    const memory = new ObservationMemory(counted, events, { timeZone: 'Europe/Paris', wholeReadAfter: 2 });
    expect(await ids(memory)).toEqual(['a']);
    await new ProjectionRebuild(events, store, notifier, { holder: 'test-rebuild' }).run();
    await propose('b');
    await caughtUp();
    expect(await ids(memory)).toEqual(['a', 'b']);
    expect(calls.findDocs).toBe(2);
    for (const id of ['c', 'd', 'e']) await propose(id);
    await caughtUp();
    expect(await ids(memory)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls).toEqual({ findDocs: 3, getDoc: 0 });
  });

  it('concurrent answers share one refresh', async () => {
    await propose('a');
    await caughtUp();
    const memory = new ObservationMemory(counted, events, { timeZone: 'Europe/Paris' });
    const answers = await Promise.all([ids(memory), ids(memory), ids(memory)]);
    expect(answers).toEqual([['a'], ['a'], ['a']]);
    expect(calls.findDocs).toBe(1);
  });
});
