import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BeforeApplicationShutdown, Global, type INestApplicationContext, Inject, Injectable, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_SCHEMAS, partnershipDecider, partnershipStream, reportDecider, type ReportState, reportStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore, withUpcasting } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import { PROJECTION_STORE } from '@catalyse/projections';
import { countTurns } from '@catalyse/test-servers';
import { REPORT_STORE } from '../store/report-store';
import { MemoryReportStore } from '../testing/memory-report-store';
import { OPS_REPORT_SILENT_MS, recoverOrphanedReports } from './orphaned-reports';
import { REPORT_JOB, reportJobHandler } from './report-job';
import { ReportWorker, ReportWorkerModule } from './report-worker.module';

jest.setTimeout(60_000);

const AT = '2026-01-01T10:00:00.000Z';
const meta = (id: string, at = AT) => ({ actor: 'op-1', correlationId: id, occurredAt: at });

/** A batch's build and a report a stopped process left unfinished, on a real SQLite log. */
describe('the report job, its event loop and the reports a stopped process left', () => {
  let dir: string;
  let raw: SqliteEventStore;
  let events: EventStore;
  let commands: CommandHandler;
  let reports: MemoryReportStore;
  /** The partnership boards and report cards the read models would hold. */
  let boards: { id: string; proposedAt: string; phase: string }[];
  const cards = new Map<string, string>();
  const readModels = {
    findDocs: async <T>(collection: string, filter: Readonly<Record<string, string>>, page?: { limit: number; offset: number }): Promise<T[]> => {
      const all =
        collection === 'partnership'
          ? boards
          : collection === 'report'
            ? [...cards].filter(([, status]) => status === filter['status']).map(([reportId, status]) => ({ reportId, status }))
            : [];
      return all.slice(page?.offset ?? 0, (page?.offset ?? 0) + (page?.limit ?? all.length)) as T[];
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-report-recovery-'));
    raw = SqliteEventStore.open({ file: join(dir, 'events.db') });
    events = withUpcasting(raw, EVENT_SCHEMAS);
    commands = new CommandHandler(events);
    reports = new MemoryReportStore();
    boards = [];
    cards.clear();
  });
  afterEach(async () => {
    await raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function propose(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const id = `p-${String(i).padStart(3, '0')}`;
      await commands.handle(
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
        meta(`c-${id}`),
      );
      boards.push({ id, proposedAt: '2025-01-06T09:00:00.000Z', phase: 'proposed' });
    }
  }

  async function request(reportId: string, requestedBy = 'op-1', at = AT): Promise<void> {
    await commands.handle(
      reportDecider,
      reportStream(reportId),
      { type: 'RequestReport', data: { reportId, kind: 'partnership', selection: { scope: 'batch', year: 2025 }, requestedBy, requestedAt: at } },
      meta(reportId, at),
    );
    cards.set(reportId, 'requested');
  }

  /** As a process killed mid-build leaves it: requested, some progress, no end. */
  async function leftRunning(reportId: string, requestedBy = 'op-1', at = AT): Promise<void> {
    await request(reportId, requestedBy, at);
    await commands.handle(
      reportDecider,
      reportStream(reportId),
      { type: 'RecordReportProgress', data: { done: 1, total: 4, message: 'rapport 1 sur 3', at } },
      meta(reportId, at),
    );
    cards.set(reportId, 'running');
  }

  const stateOf = async (reportId: string): Promise<ReportState> => (await commands.load(reportDecider, reportStream(reportId))).state;

  it('gives the event loop a turn between partnerships and between their files, though the stores answer at once', async () => {
    await propose(200);
    await request('r-turns');
    const run = reportJobHandler({ events, readModels, commands, reports, timeZone: 'Europe/Paris' });
    const turns = countTurns();
    const result = await run({ id: 'r-turns', name: REPORT_JOB, data: { reportId: 'r-turns' }, attempt: 1, progress: async () => undefined });
    const counted = turns.stop();
    expect(result).toMatchObject({ status: 'completed', items: 200 });
    // A turn before each partnership and before each of its 3 files: 800 at least (without them, a handful).
    expect(counted).toBeGreaterThanOrEqual(800);
  });

  /** The all-in-one (or a projector) as it starts: the report worker on the stores, an in-process queue. */
  async function start(): Promise<{ app: INestApplicationContext; jobs: InProcessJobQueue }> {
    const jobs = new InProcessJobQueue();
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: PROJECTION_STORE, useValue: readModels },
        { provide: CommandHandler, useValue: commands },
        { provide: JOB_QUEUE, useValue: jobs },
        { provide: REPORT_STORE, useValue: reports },
      ],
      exports: [EVENT_STORE, PROJECTION_STORE, CommandHandler, JOB_QUEUE, REPORT_STORE],
    })
    class Stores {}
    @Module({ imports: [Stores, ReportWorkerModule.forRoot({ timeZone: 'Europe/Paris' })] })
    class App {}
    const app = await NestFactory.createApplicationContext(App, { logger: false });
    await app.init();
    await app.get(ReportWorker).recovered;
    return { app, jobs };
  }

  async function ended(reportId: string): Promise<ReportState> {
    for (let i = 0; i < 500; i++) {
      const state = await stateOf(reportId);
      if (state.status === 'completed' || state.status === 'failed') return state;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return stateOf(reportId);
  }

  it('builds again, when the module starts, a report a killed process left running (and one left requested)', async () => {
    await propose(3);
    await leftRunning('r-killed');
    await request('r-queued');
    const { app, jobs } = await start();
    try {
      expect(await ended('r-killed')).toMatchObject({ status: 'completed', items: expect.arrayContaining([{ item: 'p-000', title: 'Partenariat p-000' }]) });
      expect(await ended('r-queued')).toMatchObject({ status: 'completed' });
      expect((await reports.list('r-killed')).map((file) => file.item)).toContain('@index');
    } finally {
      await app.close();
      await jobs.close();
    }
  });

  it('leaves an `ops report` heard from lately to its CLI, and builds it once silent for long', async () => {
    await propose(1);
    const now = Date.parse(AT) + 60_000;
    await leftRunning('ops-recent', 'ops-cli/host');
    const jobs = new InProcessJobQueue();
    try {
      const first = await recoverOrphanedReports({ readModels, commands, jobs, now: () => new Date(now) });
      expect(first).toEqual({ resumed: [], failed: [], recheckInMs: OPS_REPORT_SILENT_MS - 60_000 });
      const later = await recoverOrphanedReports({ readModels, commands, jobs, now: () => new Date(now + OPS_REPORT_SILENT_MS) });
      expect(later).toEqual({ resumed: ['ops-recent'], failed: [] });
      expect((await jobs.state(REPORT_JOB, 'ops-recent'))?.status).toBe('waiting');
    } finally {
      await jobs.close();
    }
  });

  it('fails with a French reason a report whose job failed for good (BullMQ: stalled twice) and leaves one whose job still waits', async () => {
    await leftRunning('r-stalled');
    await leftRunning('r-waiting');
    const jobs = new InProcessJobQueue();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      jobs.work(REPORT_JOB, async (job) => {
        if ((job.data as { reportId: string }).reportId === 'r-stalled') throw new Error('job stalled more than allowable limit');
        await held;
      });
      await jobs.enqueue(REPORT_JOB, { reportId: 'r-stalled' }, { jobId: 'r-stalled' });
      await jobs.enqueue(REPORT_JOB, { reportId: 'r-waiting' }, { jobId: 'r-waiting' });
      while ((await jobs.state(REPORT_JOB, 'r-stalled'))?.status !== 'failed') await new Promise((resolve) => setTimeout(resolve, 5));
      const logged: string[] = [];
      expect(await recoverOrphanedReports({ readModels, commands, jobs, log: (line) => logged.push(line) })).toEqual({ resumed: [], failed: ['r-stalled'] });
      // BullMQ's words, in English, in the log; the operator reads French.
      expect(await stateOf('r-stalled')).toMatchObject({
        status: 'failed',
        reason: 'le rapport n’a pas pu être établi : sa tâche a été abandonnée après plusieurs arrêts de son processus ; demandez-le de nouveau',
      });
      expect(logged).toEqual(['report r-stalled: its job failed for good: job stalled more than allowable limit']);
      expect((await stateOf('r-waiting')).status).toBe('running');
    } finally {
      release();
      await jobs.close();
    }
  });

  it('leaves out of the French reason what the queue says in English of an unexpected error', async () => {
    await leftRunning('r-broken');
    const jobs = new InProcessJobQueue();
    try {
      jobs.work(REPORT_JOB, () => Promise.reject(new Error('Connection is closed.')));
      await jobs.enqueue(REPORT_JOB, { reportId: 'r-broken' }, { jobId: 'r-broken' });
      while ((await jobs.state(REPORT_JOB, 'r-broken'))?.status !== 'failed') await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await recoverOrphanedReports({ readModels, commands, jobs })).toEqual({ resumed: [], failed: ['r-broken'] });
      expect(await stateOf('r-broken')).toMatchObject({
        status: 'failed',
        reason: 'le rapport n’a pas pu être établi : sa tâche a échoué sans l’achever ; demandez-le de nouveau',
      });
    } finally {
      await jobs.close();
    }
  });

  /**
   * The all-in-one started and closed at once, its read model answering in 200 ms (the recovery still runs when the
   * shutdown begins), the queue closed by a global module's `beforeApplicationShutdown` as the runtime's `JobsLifecycle`.
   */
  async function startAndCloseAtOnce(): Promise<{ order: string[]; logged: { level: string; message: string }[]; longTimers: unknown[] }> {
    const jobs = new InProcessJobQueue();
    const order: string[] = [];
    const slowReadModels = {
      findDocs: async <T>(collection: string, filter: Readonly<Record<string, string>>, page?: { limit: number; offset: number }): Promise<T[]> => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return readModels.findDocs<T>(collection, filter, page);
      },
    };
    @Injectable()
    class QueueLifecycle implements BeforeApplicationShutdown {
      constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueue) {}
      async beforeApplicationShutdown(): Promise<void> {
        order.push('queue closed');
        await this.queue.close();
      }
    }
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: PROJECTION_STORE, useValue: slowReadModels },
        { provide: CommandHandler, useValue: commands },
        { provide: JOB_QUEUE, useValue: jobs },
        { provide: REPORT_STORE, useValue: reports },
        QueueLifecycle,
      ],
      exports: [EVENT_STORE, PROJECTION_STORE, CommandHandler, JOB_QUEUE, REPORT_STORE],
    })
    class Stores {}
    @Module({ imports: [Stores, ReportWorkerModule.forRoot({ timeZone: 'Europe/Paris' })] })
    class App {}
    const logged: { level: string; message: string }[] = [];
    const logger = Object.fromEntries(
      ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'].map((level) => [level, (message: unknown) => logged.push({ level, message: String(message) })]),
    ) as unknown as LoggerService;
    // A recheck of an `ops report` heard from lately is due in minutes: the only timer of a minute or more.
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      const app = await NestFactory.createApplicationContext(App, { logger });
      await app.init();
      const worker = app.get(ReportWorker);
      void worker.recovered.then(() => order.push('recovery ended'));
      await app.close();
      await worker.recovered;
      return { order, logged, longTimers: timers.mock.calls.filter(([, ms]) => (ms ?? 0) >= 60_000) };
    } finally {
      timers.mockRestore();
    }
  }

  it('ends its recovery before the queue closes when the application shuts down as it starts, enqueuing nothing', async () => {
    await propose(1);
    await request('r-left');
    const { order, logged } = await startAndCloseAtOnce();
    expect(order).toEqual(['recovery ended', 'queue closed']);
    expect(logged.filter(({ level }) => level === 'error' || level === 'warn')).toEqual([]);
    // Left for the next start.
    expect((await stateOf('r-left')).status).toBe('requested');
  });

  it('arms no recheck once the application shuts down', async () => {
    await leftRunning('ops-heard', 'ops-cli/host', new Date(Date.now() - 60_000).toISOString());
    const { order, longTimers } = await startAndCloseAtOnce();
    expect(order).toEqual(['recovery ended', 'queue closed']);
    expect(longTimers).toEqual([]);
    expect((await stateOf('ops-heard')).status).toBe('running');
  });
});
