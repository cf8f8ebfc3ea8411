/**
 * A service stopped while it drops the epoch an unfinished rebuild left behind (in the background, under the rebuild
 * lease, as its projector takes the lead): the stores closed under the clean-up, its lease was never released, and
 * every rebuild was refused for the lease's 30 s after the restart. Composed as the all-in-one composes it (real SQLite
 * files, the in-process job queue), in process.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { PROJECTION_REBUILD_JOB, PROJECTION_STORE, type DocWrite, type ProjectionRebuildJobData, type ProjectionStore } from '@catalyse/projections';
import { type CatalyseConfig, loadConfig, openProjectionStore } from '@catalyse/runtime';
import { startRebuildApp, until } from './testing/rebuild-app';

jest.setTimeout(120_000);

describe('the clean-up of an unfinished rebuild, stopped with its service', () => {
  let dataDir: string;
  let config: CatalyseConfig;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-clean-up-stop-'));
    config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL' });
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const start = (): Promise<INestApplicationContext> => startRebuildApp(config);

  it('stops between two chunks, lets go of the lease, and the restart drops the rest and rebuilds at once', async () => {
    // An abandoned epoch 2 with many documents (and their tags): dropped 5,000 rows at a time, it takes seconds.
    const seeding = await openProjectionStore(config, 'write');
    try {
      for (let batch = 0; batch < 40; batch++) {
        const docs: DocWrite[] = Array.from({ length: 5_000 }, (_, i) => ({
          collection: 'leftover',
          id: `${batch}-${i}`,
          doc: { batch, i, text: 'x'.repeat(200) },
          tags: { batch: String(batch), parity: String(i % 2) },
        }));
        await seeding.transaction((tx) => tx.putDocs(docs), { epoch: 2 });
      }
      expect(await seeding.epochs()).toEqual({ current: 1, others: [2] });
    } finally {
      await seeding.close();
    }

    const first = await start();
    const store = first.get<ProjectionStore>(PROJECTION_STORE, { strict: false });
    // The clean-up is under way: it holds the rebuild lease.
    const lease = await until(
      () => store.readLease('main:rebuild'),
      (held) => held?.holder.endsWith('/clean-up') === true,
    );
    expect(lease?.holder).toMatch(/\/clean-up$/);
    const stopping = Date.now();
    await first.close();
    // Stopped between two chunks, well before the end of the drop.
    expect(Date.now() - stopping).toBeLessThan(1_000);

    // The lease was released on the way out (not left to expire 30 s later), and the epoch is only partly dropped.
    const after = await openProjectionStore(config, 'write');
    try {
      expect(await after.readLease('main:rebuild')).toBeUndefined();
      expect(await after.epochs()).toEqual({ current: 1, others: [2] });
    } finally {
      await after.close();
    }

    const second = await start();
    try {
      // A rebuild asked at once runs once the clean-up the restart resumed is done, rather than « another rebuild is under way ».
      const jobs = second.get<JobQueue>(JOB_QUEUE, { strict: false });
      const { id } = await jobs.enqueue(PROJECTION_REBUILD_JOB, { requestedBy: 'op-1' } satisfies ProjectionRebuildJobData);
      const done = await until(
        () => jobs.state(PROJECTION_REBUILD_JOB, id),
        (s) => s?.status === 'completed' || s?.status === 'failed',
        60_000,
      );
      expect(done).toMatchObject({ status: 'completed', result: { epoch: 2, previousEpoch: 1 } });
      expect(await second.get<ProjectionStore>(PROJECTION_STORE, { strict: false }).epochs()).toEqual({ current: 2, others: [] });
    } finally {
      await second.close();
    }
  });
});
