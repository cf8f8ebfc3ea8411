/**
 * An event appended after an erasure's `PersonalDataErased` and before the projector carries it through, that
 * copies a text naming the person (a reminder copying its milestone's title, decided from the log not rewritten
 * yet), folded in the same read of the log as the erasure (docs/adr/0006-personal-data.md, amendment « cached
 * states »). Real SQLite event, key and projection stores, the personal-data layer as the services open it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import {
  catalyseurDecider,
  catalyseurStream,
  EVENT_SCHEMAS,
  type PartnershipCommand,
  partnershipDecider,
  partnershipStream,
  personDecider,
  personStream,
} from '@catalyse/domain';
import { type EventStore, withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { SqliteKeyStore } from '@catalyse/key-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { KeyStoreErasures, PersonalDataEventStore } from '@catalyse/personal-data';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { COLLECTIONS } from '@catalyse/projections';
import { Projector, type ProjectorLogger } from './projector';

jest.setTimeout(30_000);

const silent: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const NAME = 'Jeanne Martin';
const AT = '2026-03-02T09:00:00.000Z';
const context = (actor: string) => ({ actor, correlationId: `c-${actor}`, occurredAt: AT });

describe('Projector: what is appended while an erasure is under way is folded as the log is rewritten (real SQLite)', () => {
  let dir: string;
  let personal: PersonalDataEventStore;
  let events: EventStore;
  let store: SqliteProjectionStore;
  let projector: Projector;
  let commands: CommandHandler;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-projector-erasure-'));
    personal = new PersonalDataEventStore(
      SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 10 }),
      SqliteKeyStore.open({ file: join(dir, 'keys.sqlite') }),
    );
    events = withUpcasting(personal, EVENT_SCHEMAS);
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    // As `ProjectorModule` composes it: the names rewritten in the log through the personal-data layer.
    const erasures = new KeyStoreErasures(personal.inner, personal.keys, [], { log: personal });
    projector = new Projector(events, store, new InProcessFeedNotifier(), { logger: silent, erasures });
    commands = new CommandHandler(events);
  });

  afterEach(async () => {
    await projector.stop();
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Jeanne Martin joins the network as catalyseur `cat-jm`. */
  const joinNetwork = () =>
    commands.handle(
      catalyseurDecider,
      catalyseurStream('cat-jm'),
      {
        type: 'JoinNetwork',
        data: { catalyseurId: 'cat-jm', name: NAME, sphere: 'collectivite', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2016-03-10' },
      },
      context('op-1'),
    );
  /** Her erasure begun and recorded, as `POST /api/people/cat-jm/erase` does it. */
  const erase = async () => {
    await personal.keys.beginErasure('cat-jm', AT);
    await commands.handle(
      personDecider,
      personStream('cat-jm'),
      { type: 'ErasePersonalData', data: { subject: 'cat-jm', reason: 'request_of_the_person', requestedBy: 'op-1', erasedAt: AT } },
      context('op-1'),
    );
  };

  it('a reminder copying « Réunion avec Jeanne Martin » after her erasure reaches the board and the feed as « Réunion avec [effacé] »', async () => {
    await joinNetwork();
    const partnership = (command: PartnershipCommand) => commands.handle(partnershipDecider, partnershipStream('silver-geek'), command, context('cat-1'));
    await partnership({
      type: 'ProposePartnership',
      data: {
        partnershipId: 'silver-geek',
        title: 'Silver Geek',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
          { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
        ],
        modes: ['innovation_societale'],
        proposedAt: '2026-02-02T09:00:00.000Z',
      },
    });
    const planned = await partnership({ type: 'PlanMilestone', data: { milestoneId: 'reunion', title: `Réunion avec ${NAME}`, dueDate: '2026-03-15' } });
    await projector.start();
    expect(await projector.waitForPosition(planned.position, 5000)).toBe(true);
    // Held back (busy, or its process restarting): the erasure and the reminder come in one read of the log.
    await projector.stop();

    await erase();
    const reminded = await partnership({ type: 'RemindMilestone', data: { milestoneId: 'reunion', today: '2026-03-10', withinDays: 7 } });
    // Decided from the log as it still read: her name copied into a new event, after the erasure's.
    expect(reminded.events).toEqual([expect.objectContaining({ data: expect.objectContaining({ title: `Réunion avec ${NAME}` }) })]);

    await projector.start();
    expect(await projector.waitForPosition(reminded.position, 5000)).toBe(true);
    expect((await personal.keys.record('cat-jm')).status).toBe('erased');

    const [board] = await store.findDocs(COLLECTIONS.partnerships, {});
    expect(JSON.stringify(board)).toContain(`Réunion avec [effacé]`);
    const feed = await store.readFeed('partnership:silver-geek', 0, 1000);
    expect(feed.filter((entry) => entry.kind === 'MilestoneDueSoon').map((entry) => (entry.data as { title?: unknown }).title)).toEqual([
      'Réunion avec [effacé]',
    ]);
    expect(JSON.stringify({ board, feed })).not.toContain('Martin');
    expect(JSON.stringify((await personal.inner.readStream(partnershipStream('silver-geek'))).map((e) => e.data))).not.toContain('Martin');
  });
  it('stops while it folds the batch that ends at an erasure (it does not follow the log again once stopped)', async () => {
    await joinNetwork();
    await erase();
    // The real store, its first transaction held until the projector is asked to stop: the batch ending at the erasure.
    let folding!: () => void;
    const entered = new Promise<void>((resolve) => (folding = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.transaction.bind(store);
    let first = true;
    store.transaction = (async (work: Parameters<typeof transaction>[0], options?: Parameters<typeof transaction>[1]) => {
      if (first) {
        first = false;
        folding();
        await held;
      }
      return transaction(work, options);
    }) as typeof store.transaction;
    await projector.start();
    await entered;
    const stopped = projector.stop().then(() => 'stopped');
    release();
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000).unref());
    expect(await Promise.race([stopped, timeout])).toBe('stopped');
  });
});
