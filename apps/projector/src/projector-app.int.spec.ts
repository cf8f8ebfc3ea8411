/**
 * Two projector apps (as apps/projector composes them) on one DATA_DIR and one
 * real Redis (BullMQ jobs, feed notifications): one holds the projector lease,
 * the other waits as standby. Every `projection-rebuild` job runs on the active
 * one; when it stops, the standby takes the lead and runs the next job. Each
 * serves `/api/metrics`, where the projector's role and batches show.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandHandler } from '@catalyse/commands';
import { partnershipDecider, partnershipStream } from '@catalyse/domain';
import { type JobState } from '@catalyse/jobs';
import { BullMqJobQueue } from '@catalyse/jobs-bullmq';
import { parseScrape, type Scrape } from '@catalyse/metrics/testing';
import { Projector } from '@catalyse/projector';
import { PROJECTION_REBUILD_JOB } from '@catalyse/projections';
import { loadConfig } from '@catalyse/runtime';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { ProjectorAppModule } from './app.module';

jest.setTimeout(120_000);

interface RunningProjector {
  readonly app: INestApplication;
  readonly url: string;
  readonly projector: Projector;
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const METRICS_TOKEN = 'the-scrape-token-of-the-projector-app-test';

describe('the projector app: rebuild jobs on the active projector only, metrics of its role and batches', () => {
  let redis: RunningRedis;
  let dataDir: string;
  const running: RunningProjector[] = [];
  let producer: BullMqJobQueue;

  const start = async (): Promise<RunningProjector> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      PROJECTOR_LEASE_MS: '1500', // two apps share this process's event loop: a start of one must not starve the other's renewals
      LOG_LEVEL: 'silent',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      HOST: '127.0.0.1',
      METRICS_TOKEN,
    });
    const app = await NestFactory.create(ProjectorAppModule.register(config, 'a-signing-secret-for-the-projector-app-test'), { logger: false });
    app.setGlobalPrefix('api'); // as its main.ts
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const started = { app, url: `http://127.0.0.1:${port}`, projector: app.get(Projector) };
    running.push(started);
    return started;
  };

  const scrape = async (node: RunningProjector): Promise<Scrape> => {
    // Not public: the scrape token (or an operator's token) only.
    const anonymous = await fetch(`${node.url}/api/metrics`);
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'UNAUTHORIZED']);
    const response = await fetch(`${node.url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    return parseScrape(await response.text());
  };

  const finished = async (id: string): Promise<JobState> => {
    let state: JobState | undefined;
    await until(async () => {
      state = await producer.state(PROJECTION_REBUILD_JOB, id);
      return state?.status === 'completed' || state?.status === 'failed';
    }, `rebuild job ${id}`);
    return state as JobState;
  };

  const ranBy = (state: JobState): string => {
    expect(state).toMatchObject({ status: 'completed' });
    const by = (state.result as { ranBy?: unknown } | undefined)?.ranBy;
    if (typeof by !== 'string') throw new Error(`the job's result names no process: ${JSON.stringify(state.result)}`);
    return by;
  };

  beforeAll(async () => {
    redis = await startRedis();
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-projector-app-'));
  });

  afterAll(async () => {
    await producer?.close();
    for (const node of running.reverse()) await node.app.close().catch(() => undefined);
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs every rebuild job on the active projector; the standby takes the lead and the next job when it stops', async () => {
    const a = await start();
    await until(() => a.projector.active, 'the first projector to take the lease');
    const b = await start();
    await until(async () => (await b.projector.status()).running, 'the second projector to run');
    await new Promise((resolve) => setTimeout(resolve, 600)); // more than a standby's look at the lease: b is standby, not merely late
    expect([a.projector.active, b.projector.active]).toEqual([true, false]);

    // Something to fold and rebuild: a partnership proposed through the command path.
    const commands = a.app.get(CommandHandler);
    const id = `p-${randomUUID().slice(0, 8)}`;
    const { position } = await commands.handle(
      partnershipDecider,
      partnershipStream(id),
      {
        type: 'ProposePartnership',
        data: {
          partnershipId: id,
          title: 'Silver Geek',
          territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
          partners: [
            { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
            { orgId: 'fondation-x', name: 'Fondation X', sphere: 'fondation' },
          ],
          modes: ['innovation_societale'],
          proposedAt: new Date().toISOString(),
        },
      },
      { actor: 'test', correlationId: randomUUID(), occurredAt: new Date().toISOString() },
    );
    expect(await a.projector.waitForPosition(position, 10_000)).toBe(true);

    // Metrics: the active projector says so and has committed a batch; the standby says it waits.
    const activeMetrics = await scrape(a);
    expect(activeMetrics.value('catalyse_projector_active')).toBe(1);
    expect(activeMetrics.value('catalyse_projector_batch_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(activeMetrics.value('catalyse_projector_batch_events_sum')).toBeGreaterThanOrEqual(1);
    expect(activeMetrics.value('catalyse_projector_checkpoint_position')).toBe(Number(position));
    expect(activeMetrics.value('catalyse_projector_lag_events')).toBe(0);
    expect(activeMetrics.sum('catalyse_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect((await scrape(b)).value('catalyse_projector_active')).toBe(0);

    // Three jobs at once: a standby taking jobs would have its share of them.
    producer = new BullMqJobQueue({ url: redis.url });
    const jobs = await Promise.all([1, 2, 3].map(() => producer.enqueue(PROJECTION_REBUILD_JOB, { requestedBy: 'ops-alice' }, { jobId: randomUUID() })));
    const firstRunners = [];
    for (const job of jobs) firstRunners.push(ranBy(await finished(job.id)));
    expect(new Set(firstRunners).size).toBe(1);

    // The active one stops (a clean stop hands the lease over at once): the standby leads and takes the next job.
    await a.app.close();
    running.splice(running.indexOf(a), 1);
    await until(() => b.projector.active, 'the standby to take the lease');
    expect((await scrape(b)).value('catalyse_projector_active')).toBe(1);
    const next = await producer.enqueue(PROJECTION_REBUILD_JOB, { requestedBy: 'ops-alice' }, { jobId: randomUUID() });
    const nextRunner = ranBy(await finished(next.id));
    // Only b runs now: the three before ran elsewhere, on a, which was active then.
    expect(nextRunner).not.toBe(firstRunners[0]);
    expect((await b.projector.status()).checkpoint).toBe(position);
  });
});
