/**
 * A rebuild job asked while `ops rebuild` runs (its `failedReason` in English on the console's Opérations page), and a
 * service stopped while it runs one (the outside tester's SIGTERM during an api rebuild with batchSize 1: the shutdown
 * was forced after 10 s, the half-built epoch stayed, and every rebuild was refused for 30 s after the restart). Composed as the all-in-one composes it (real SQLite files, the in-process job queue), in process.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { JOB_QUEUE, type JobQueue, type JobState } from '@catalyse/jobs';
import { PROJECTION_REBUILD_JOB, PROJECTION_STORE, type ProjectionRebuildJobData, type ProjectionStore } from '@catalyse/projections';
import { loadConfig } from '@catalyse/runtime';
import { Projector } from './index';
import { startRebuildApp, until } from './testing/rebuild-app';
import { appendAll, scenario } from './testing/scenario';

jest.setTimeout(60_000);

describe('a rebuild job as operators read it: refused while another runs, stopped with its service', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-rebuild-stop-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = (): Promise<INestApplicationContext> => startRebuildApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL' }));

  it('fails in French while another rebuild (`ops rebuild`) holds the lease, as a report job fails', async () => {
    const app = await start();
    try {
      const store = app.get<ProjectionStore>(PROJECTION_STORE, { strict: false });
      expect(await store.claimLease('main:rebuild', 'ops-cli/host/42', 60_000)).toBe(true);
      const jobs = app.get<JobQueue>(JOB_QUEUE, { strict: false });
      const { id } = await jobs.enqueue(PROJECTION_REBUILD_JOB, { requestedBy: 'op-1' } satisfies ProjectionRebuildJobData);
      const failed = await until(
        () => jobs.state(PROJECTION_REBUILD_JOB, id),
        (s) => s?.status === 'completed' || s?.status === 'failed',
      );
      expect(failed).toMatchObject({
        status: 'failed',
        failedReason: 'une autre reconstruction des modèles de lecture est en cours : celle-ci n’a rien fait ; relancez-la quand l’autre sera terminée',
      });
      expect(await store.epochs()).toEqual({ current: 1, others: [] });
    } finally {
      await app.close();
    }
  });

  it('stops between two batches and fails in French; the restart drops the partial epoch and rebuilds at once', async () => {
    const first = await start();
    const events = first.get<EventStore>(EVENT_STORE, { strict: false });
    const last = await appendAll(events, scenario({ partnerships: 20, rooms: 4, messagesPerRoom: 600, catalyseurs: 8 }));
    expect(await first.get(Projector, { strict: false }).waitForPosition(last, 20_000)).toBe(true);
    const jobs = first.get<JobQueue>(JOB_QUEUE, { strict: false });
    const data: ProjectionRebuildJobData = { requestedBy: 'op-1', batchSize: 1 };
    const { id } = await jobs.enqueue(PROJECTION_REBUILD_JOB, data);
    const state = () => jobs.state(PROJECTION_REBUILD_JOB, id);
    const running = await until(state, (s) => (s?.progress?.percent ?? 0) >= 1);
    expect(running).toMatchObject({ status: 'active' });

    const stopping = Date.now();
    await first.close();
    // Stopped between two batches, well before its end (it folds one event at a time, over 2,400 of them).
    expect(Date.now() - stopping).toBeLessThan(3_000);
    expect(await state()).toMatchObject<Partial<JobState>>({
      status: 'failed',
      failedReason: 'reconstruction interrompue par l’arrêt du service, avant la bascule : les lecteurs sont restés sur l’époque en service ; relancez-la',
    });

    const second = await start();
    try {
      const store = second.get<ProjectionStore>(PROJECTION_STORE, { strict: false });
      // The partial epoch the stop left is dropped as the projector takes the lead again; epoch 1 stayed in service.
      expect(
        await until(
          () => store.epochs(),
          (e) => e.others.length === 0,
        ),
      ).toEqual({ current: 1, others: [] });
      // The lease was released on the way out: a rebuild asked at once runs, rather than « another rebuild is under way ».
      const again = second.get<JobQueue>(JOB_QUEUE, { strict: false });
      const { id: next } = await again.enqueue(PROJECTION_REBUILD_JOB, { requestedBy: 'op-1' } satisfies ProjectionRebuildJobData);
      const done = await until(
        () => again.state(PROJECTION_REBUILD_JOB, next),
        (s) => s?.status === 'completed' || s?.status === 'failed',
      );
      expect(done).toMatchObject({ status: 'completed', result: { epoch: 2, previousEpoch: 1 } });
    } finally {
      await second.close();
    }
  });
});
