/**
 * The erasure watch of a process composed as the projector app is (`StorageModule`, its command handler shared by
 * the reminders and the report jobs, no api), on real SQLite files, while another process on the same files asks
 * for an erasure and carries it through (docs/adr/0006-personal-data.md, amendment « cached states »). The reviewer's
 * case: a reminder copies its milestone's title from the cached state into a new `MilestoneDueSoon`; the title named
 * the erased person, so her name went back into the log after its rewrite, then into the board and the feeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandHandler } from '@catalyse/commands';
import {
  catalyseurDecider,
  catalyseurStream,
  type PartnershipCommand,
  partnershipDecider,
  partnershipStream,
  personDecider,
  personStream,
} from '@catalyse/domain';
import { ERASURE_WATCH, ErasureWatch, KeyStoreErasures, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { type CatalyseConfig, loadConfig } from './config';
import { openEventStores, type OpenedEventStore } from './open-event-store';
import { openKeyStore } from './open-key-store';
import { StorageModule } from './storage.module';

jest.setTimeout(30_000);

const ERASED = '[effacé]';
const NAME = 'Jeanne Martin';
const AT = '2026-03-02T09:00:00.000Z';
const context = (actor: string) => ({ actor, correlationId: `c-${actor}`, occurredAt: AT });
const remind = { type: 'RemindMilestone', data: { milestoneId: 'reunion', today: '2026-03-10', withinDays: 7 } } as const satisfies PartnershipCommand;

describe('a projector-like process forgets its cached states on an erasure another process carries through (real SQLite)', () => {
  let dir: string;
  let config: CatalyseConfig;
  let app: INestApplicationContext;
  /** The projector-like process's handler: the one its reminders and report jobs share. */
  let handler: CommandHandler;
  /** The other process (an api, `ops erase`, the all-in-one): its own stores on the same files. */
  let other: OpenedEventStore;
  let otherCommands: CommandHandler;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-erasure-watch-'));
    config = loadConfig({ DATA_DIR: dir, POLL_INTERVAL_MS: '10' });
    @Module({ imports: [StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' })] })
    class ProjectorLikeModule {}
    app = await NestFactory.createApplicationContext(ProjectorLikeModule, { logger: ['error'] });
    await app.init();
    handler = app.get(CommandHandler);
    other = await openEventStores(config);
    otherCommands = new CommandHandler(other.events);

    // Jeanne Martin joins; a partnership plans « Réunion avec Jeanne Martin », due within the reminders' window.
    await otherCommands.handle(
      catalyseurDecider,
      catalyseurStream('cat-jm'),
      {
        type: 'JoinNetwork',
        data: { catalyseurId: 'cat-jm', name: NAME, sphere: 'collectivite', territory: 'ardeche', skills: ['mise_en_relation'], joinedAt: '2016-03-10' },
      },
      context('op-1'),
    );
    const partnership = (command: PartnershipCommand) => otherCommands.handle(partnershipDecider, partnershipStream('silver-geek'), command, context('cat-1'));
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
    await partnership({ type: 'PlanMilestone', data: { milestoneId: 'reunion', title: `Réunion avec ${NAME}`, dueDate: '2026-03-15' } });
    await partnership({ type: 'PlanMilestone', data: { milestoneId: 'bilan', title: 'Bilan', dueDate: '2026-06-30' } });
  });

  afterEach(async () => {
    await app?.close();
    await other?.events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The partnership's state as this process decides from it (its cache, or the log). */
  const milestoneTitles = async (): Promise<string[]> => {
    const { state } = await handler.load(partnershipDecider, partnershipStream('silver-geek'));
    return state.status === 'none' ? [] : state.milestones.map((milestone) => milestone.title);
  };

  /** As an api or `ops erase` asks it: the key unreadable, then `PersonalDataErased` recorded. */
  const askErasure = async (): Promise<bigint> => {
    await other.personal.keys.beginErasure('cat-jm', AT);
    const erased = await otherCommands.handle(
      personDecider,
      personStream('cat-jm'),
      { type: 'ErasePersonalData', data: { subject: 'cat-jm', reason: 'request_of_the_person', requestedBy: 'op-1', erasedAt: AT } },
      context('op-1'),
    );
    return erased.position;
  };

  /** As the projector holding the lease completes it, in the other process: the log's texts rewritten, the key destroyed. */
  const completeErasure = (): Promise<void> => new KeyStoreErasures(other.personal.inner, other.personal.keys, [], { log: other.personal }).complete('cat-jm');

  /** Until `check` holds (the watch follows the log by polling it), 5 s at most. */
  const eventually = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 250; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('not reached in 5 s');
  };

  const reminderTitles = async (events: { readStream: OpenedEventStore['events']['readStream'] }): Promise<unknown[]> =>
    (await events.readStream(partnershipStream('silver-geek'))).filter((e) => e.type === 'MilestoneDueSoon').map((e) => (e.data as { title?: unknown }).title);

  it('its cached partnership is forgotten: a reminder written after the erasure carries « Réunion avec [effacé] »', async () => {
    // Cached here, as the reminders' first scan would: the title as written.
    expect(await milestoneTitles()).toEqual([`Réunion avec ${NAME}`, 'Bilan']);

    await askErasure();
    await completeErasure();
    // The other process rewrote the partnership's texts in place: nothing was appended to its stream.
    expect((await other.events.readStream(partnershipStream('silver-geek'))).map((e) => (e.data as { title?: unknown }).title)).toContain(
      `Réunion avec ${ERASED}`,
    );

    // This process learns of it from the log (its `PersonalDataErased`), then from the key store (completed).
    await eventually(async () => (await milestoneTitles())[0] === `Réunion avec ${ERASED}`);
    const reminded = await handler.handle(partnershipDecider, partnershipStream('silver-geek'), remind, context('system:reminders'));
    expect(reminded.events).toEqual([
      expect.objectContaining({ type: 'MilestoneDueSoon', data: expect.objectContaining({ title: `Réunion avec ${ERASED}` }) }),
    ]);
    // As every process reads the log now: no name came back into it.
    expect(await reminderTitles(other.events)).toEqual([`Réunion avec ${ERASED}`]);
    expect(JSON.stringify((await other.personal.inner.readStream(partnershipStream('silver-geek'))).map((e) => e.data))).not.toContain('Martin');
  });

  it('a reminder decided while the erasure is under way (the log not rewritten yet) is rewritten with the rest', async () => {
    expect(await milestoneTitles()).toEqual([`Réunion avec ${NAME}`, 'Bilan']);
    const erasedAt = await askErasure();

    // Decided between the erasure's event and the log's rewrite: from the log, which still names her (the window).
    const reminded = await handler.handle(partnershipDecider, partnershipStream('silver-geek'), remind, context('system:reminders'));
    expect(reminded.events).toEqual([expect.objectContaining({ data: expect.objectContaining({ title: `Réunion avec ${NAME}` }) })]);
    expect(reminded.position).toBeGreaterThan(erasedAt);

    await completeErasure();
    // After the erasure's event, rewritten all the same: the projector folds it after the rewrite (it reads the log again).
    expect(await reminderTitles(other.events)).toEqual([`Réunion avec ${ERASED}`]);
    expect(JSON.stringify((await other.personal.inner.readStream(partnershipStream('silver-geek'))).map((e) => e.data))).not.toContain('Martin');
    await eventually(async () => (await milestoneTitles())[0] === `Réunion avec ${ERASED}`);
  });

  it('an erasure asked here whose command failed is asked about no more once settled (no key store query at each read)', async () => {
    const watch = app.get<ErasureWatch>(ERASURE_WATCH);
    // Counted on this process's key store, answering as it does.
    const keysHere = jest.spyOn(app.get<PersonalDataEventStore>(PERSONAL_DATA).keys, 'pendingErasures');
    // Begun, its `PersonalDataErased` never recorded (the command failed): the person stays `erasing`.
    await other.personal.keys.beginErasure('cat-jm', AT);
    watch.erasing('cat-jm');
    await milestoneTitles();
    await milestoneTitles();
    expect(keysHere).toHaveBeenCalledTimes(2);

    await watch.settled('cat-jm');
    await milestoneTitles();
    await milestoneTitles();
    expect(keysHere).toHaveBeenCalledTimes(2);
    keysHere.mockRestore();
  });

  it('while the key store does not answer, each read forgets the cache, and one warning is written per interval', async () => {
    const keys = await openKeyStore(config);
    await keys.close(); // as a key store down: every query fails
    const warnings: string[] = [];
    const watch = new ErasureWatch(other.personal, keys, { warnEveryMs: 200, logger: { log: () => undefined, warn: (message) => warnings.push(message) } });
    let forgotten = 0;
    watch.onChange(() => forgotten++);
    watch.erasing('cat-jm');
    for (let i = 0; i < 10; i++) await watch.beforeRead();
    // Nothing trusted while not told (every read forgets), written once.
    expect(forgotten).toBe(1 + 10);
    expect(warnings).toEqual([expect.stringMatching(/^reading the erasures under way failed: .+; cached states forgotten$/)]);

    // Past the interval, the next one, counting those held back.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await watch.beforeRead();
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/; cached states forgotten \(9 more like it since the last warning\)$/);
  });
});
