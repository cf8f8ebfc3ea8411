/**
 * Milestone reminders on the real embedded stores, with the projector folding
 * the events: one `MilestoneDueSoon` per milestone and due date, in the
 * partnership's feed, whatever the number of scans, jobs and restarts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { type PartnershipCommand, partnershipDecider, partnershipStream } from '@catalyse/domain';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector } from '@catalyse/projector';
import { MILESTONE_REMINDER_JOB, MilestoneReminders, reminderJobId } from './milestone-reminders';
import { ReminderScans } from './reminder-scans';

jest.setTimeout(30_000);

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
// 2026-03-10 at 23:30 UTC is already the 11th in Paris: "today" is read in the network's zone.
const NOW = new Date('2026-03-10T23:30:00Z');

describe('MilestoneReminders (SQLite stores, projector, in-process jobs)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let projector: Projector;
  let commands: CommandHandler;
  let jobs: InProcessJobQueue;
  let now: Date;

  const run = (command: PartnershipCommand) =>
    commands.handle(partnershipDecider, partnershipStream('silver-geek'), command, { actor: 'cat-1', correlationId: 'c', occurredAt: now.toISOString() });
  const reminders = (queue = jobs) => new MilestoneReminders(store, queue, commands, { windowDays: 7, timeZone: 'Europe/Paris', now: () => now });
  const caughtUp = async () => expect(await projector.waitForPosition(await events.headPosition(), 5000)).toBe(true);
  const reminderEntries = async () => (await store.readFeed('partnership:silver-geek', 0, 1000)).filter((entry) => entry.kind === 'MilestoneDueSoon');

  beforeEach(async () => {
    now = NOW;
    dir = mkdtempSync(join(tmpdir(), 'catalyse-reminders-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 10 });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    projector = new Projector(events, store, new InProcessFeedNotifier(), { logger: quiet });
    await projector.start();
    commands = new CommandHandler(events);
    jobs = new InProcessJobQueue();
    await run({
      type: 'ProposePartnership',
      data: {
        partnershipId: 'silver-geek',
        title: 'Silver Geek',
        territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
        partners: [
          { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
          { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
        ],
        modes: ['innovation_societale'],
        proposedAt: '2026-02-02T09:00:00.000Z', // before its milestones' due dates, the late one included
      },
    });
    // Due in 4 days (Paris), in 30 days, late by 5 days (within the window), and late by 29 days (beyond it).
    for (const [milestoneId, dueDate] of [
      ['ateliers', '2026-03-15'],
      ['trophee', '2026-04-10'],
      ['diagnostic', '2026-03-06'],
      ['archives', '2026-02-10'],
    ] as const) {
      await run({ type: 'PlanMilestone', data: { milestoneId, title: `Jalon ${milestoneId}`, dueDate } });
    }
    await caughtUp();
  });

  afterEach(async () => {
    await jobs.close();
    await projector.stop();
    await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reminds the milestones due within the window (and the one late by at most the window) once each, in the partnership’s feed', async () => {
    const service = reminders();
    service.work();
    expect(await service.scan()).toEqual({ due: 2, enqueued: 2 });
    expect(await service.scan()).toEqual({ due: 2, enqueued: 0 }); // same job ids: added once

    const ids = ['ateliers', 'diagnostic'].map((milestoneId) => {
      const dueDate = milestoneId === 'ateliers' ? '2026-03-15' : '2026-03-06';
      return reminderJobId({ partnershipId: 'silver-geek', milestoneId, dueDate });
    });
    for (const id of ids) {
      for (let i = 0; i < 200 && (await jobs.state(MILESTONE_REMINDER_JOB, id))?.status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await jobs.state(MILESTONE_REMINDER_JOB, id)).toMatchObject({ status: 'completed', result: { reminded: true } });
    }
    await caughtUp();

    const entries = await reminderEntries();
    expect(entries.map((entry) => entry.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ partnershipId: 'silver-geek', milestoneId: 'ateliers', dueDate: '2026-03-15', daysLeft: 4, remindedOn: '2026-03-11' }),
        expect.objectContaining({ milestoneId: 'diagnostic', dueDate: '2026-03-06', daysLeft: -5 }),
      ]),
    );
    expect(entries).toHaveLength(2);
    expect(await service.scan()).toEqual({ due: 0, enqueued: 0 }); // the board knows they were reminded
  });

  it('does not remind a milestone late by more than the window (a history loaded on a first start), even from a job enqueued earlier', async () => {
    const service = reminders();
    const archives = { partnershipId: 'silver-geek', milestoneId: 'archives', dueDate: '2026-02-10' } as const;
    expect(await service.scan()).toEqual({ due: 2, enqueued: 2 });
    expect(await jobs.state(MILESTONE_REMINDER_JOB, reminderJobId(archives))).toBeUndefined();
    // A job left in a queue by an earlier scan, run now: the milestone is 29 days late.
    expect(await service.remind({ data: archives })).toEqual({ reminded: false, reason: 'overdue by 29 days, beyond the reminder window of 7 days' });
    // Still in the window the day before it leaves it (late by 7 days, window 7): reminded.
    now = new Date('2026-02-17T09:00:00Z');
    expect(await service.remind({ data: archives })).toMatchObject({ reminded: true });
    await caughtUp();
    expect((await reminderEntries()).map((entry) => entry.data)).toEqual([expect.objectContaining({ milestoneId: 'archives', daysLeft: -7 })]);
  });

  it('survives a restart: a new queue and scan remind nobody twice, and a forced job writes nothing', async () => {
    const first = reminders();
    first.work();
    await first.scan();
    for (let i = 0; i < 200 && (await reminderEntries()).length < 2; i++) {
      await caughtUp();
      await new Promise((r) => setTimeout(r, 10));
    }
    await jobs.close();

    // "Restart": a fresh in-process queue (the old one's memory is gone), scanning before the projector caught up.
    const restarted = new InProcessJobQueue();
    try {
      const again = reminders(restarted);
      again.work();
      expect(await again.remind({ data: { partnershipId: 'silver-geek', milestoneId: 'ateliers', dueDate: '2026-03-15' } })).toEqual({
        reminded: false,
        reason: 'already reminded for this due date',
      });
      await caughtUp();
      expect(await reminderEntries()).toHaveLength(2);
    } finally {
      await restarted.close();
    }
  });

  it('reminds again after a reschedule, and skips (without failing) what can no longer be reminded', async () => {
    const service = reminders();
    expect(await service.remind({ data: { partnershipId: 'silver-geek', milestoneId: 'ateliers', dueDate: '2026-03-15' } })).toMatchObject({ reminded: true });
    await run({ type: 'RescheduleMilestone', data: { milestoneId: 'ateliers', dueDate: '2026-03-17', reason: 'salle indisponible' } });
    expect(await service.remind({ data: { partnershipId: 'silver-geek', milestoneId: 'ateliers', dueDate: '2026-03-17' } })).toMatchObject({ reminded: true });

    expect(await service.remind({ data: { partnershipId: 'silver-geek', milestoneId: 'trophee', dueDate: '2026-04-10' } })).toEqual({
      reminded: false,
      reason: 'milestone "trophee" is due in 30 days, beyond the reminder window of 7 days',
    });
    expect(await service.remind({ data: { partnershipId: 'nope', milestoneId: 'x', dueDate: '2026-03-15' } })).toEqual({
      reminded: false,
      reason: 'partnership not found',
    });
    await caughtUp();
    expect((await reminderEntries()).map((entry) => (entry.data as { dueDate: string }).dueDate)).toEqual(['2026-03-15', '2026-03-17']);
  });

  it('scans the boards on the leading projector’s process only, and at once when it takes the lead', async () => {
    await projector.stop(); // two projectors sharing a lease instead, as two projector processes do
    const leased = (holder: string) => new Projector(events, store, new InProcessFeedNotifier(), { lease: { holder, ttlMs: 5000 }, logger: quiet });
    const leader = leased('projector-a');
    const follower = leased('projector-b');
    const ateliers = reminderJobId({ partnershipId: 'silver-geek', milestoneId: 'ateliers', dueDate: '2026-03-15' });
    const diagnostic = reminderJobId({ partnershipId: 'silver-geek', milestoneId: 'diagnostic', dueDate: '2026-03-06' });
    const completed = async (id: string) => (await jobs.state(MILESTONE_REMINDER_JOB, id))?.status === 'completed';
    const service = reminders();
    service.work();
    const scans = new ReminderScans(service, { everyMs: 3_600_000, windowDays: 7 }, follower);
    try {
      await leader.start();
      for (let i = 0; i < 200 && !leader.active; i++) await new Promise((r) => setTimeout(r, 10));
      await follower.start();
      expect([leader.active, follower.active]).toEqual([true, false]);

      // The follower's process leaves the scan to the leader's: nothing is enqueued.
      scans.start();
      expect(await scans.tick()).toBe('standby');
      expect([await jobs.state(MILESTONE_REMINDER_JOB, ateliers), await jobs.state(MILESTONE_REMINDER_JOB, diagnostic)]).toEqual([undefined, undefined]);

      // The leader stops (its lease released): the follower takes the lead and its process scans at once.
      await leader.stop();
      for (let i = 0; i < 500 && !((await completed(ateliers)) && (await completed(diagnostic))); i++) await new Promise((r) => setTimeout(r, 10));
      expect(follower.active).toBe(true);
      for (const id of [ateliers, diagnostic]) {
        expect(await jobs.state(MILESTONE_REMINDER_JOB, id)).toMatchObject({ status: 'completed', result: { reminded: true } });
      }
      expect(await follower.waitForPosition(await events.headPosition(), 5000)).toBe(true);
      expect(await reminderEntries()).toHaveLength(2);
      expect(await scans.tick()).toBe('scanned');
    } finally {
      await scans.stop();
      await follower.stop();
      await leader.stop();
    }
  });
});
