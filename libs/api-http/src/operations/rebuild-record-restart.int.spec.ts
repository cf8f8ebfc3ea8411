import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import type { JobQueue } from '@catalyse/jobs';
import { frenchRebuildFailure, PROJECTION_STORE, type ProjectionStore, REBUILD_INTERRUPTED_REASON } from '@catalyse/projections';
import { ProjectorModule, RebuildJobModule } from '@catalyse/projector';
import type { ErrorBody } from '@catalyse/protocol';
import { createJobQueue, loadConfig } from '@catalyse/runtime';
import { type ApiHarness, startApi } from '../test-support/api-harness';

jest.setTimeout(60_000);

/**
 * A rebuild’s record outlives its service (the outside tester: after SIGTERM or kill -9 of the all-in-one,
 * `GET /api/operations/rebuilds/{id}` answered 404 « no rebuild … », and the same Idempotency-Key started a second
 * rebuild). The api composed as the all-in-one has it, on a real data folder: the job queue of the configuration
 * (in process, its records in `DATA_DIR/jobs.sqlite`), the projector and its rebuild worker; each test stops the
 * service and starts a new one on the same folder.
 */
describe('a rebuild’s record across a restart of the service (real SQLite files, real HTTP)', () => {
  let dataDir: string;
  let running: { api: ApiHarness; jobs: JobQueue } | undefined;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-rebuild-record-'));
  });
  afterEach(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The service on `dataDir`: with its rebuild worker, or an api whose queue has none (its rebuilds stay waiting). */
  const start = async (worker: boolean): Promise<ApiHarness> => {
    const jobs = createJobQueue(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
    const api = await startApi({ dir: dataDir, jobs, ...(worker ? { imports: [RebuildJobModule.forProjector(ProjectorModule)] } : {}) });
    running = { api, jobs };
    return api;
  };
  async function stop(): Promise<void> {
    if (!running) return;
    const { api, jobs } = running;
    running = undefined;
    await api.close();
    await jobs.close();
  }

  const ask = (api: ApiHarness, key: string, body: unknown = {}) =>
    api.request<{ id: string; status: string } & Partial<ErrorBody>>('POST', '/api/operations/rebuilds', {
      token: api.token({ sub: 'op-1', role: 'operator' }),
      body,
      headers: { 'Idempotency-Key': key },
    });
  const read = (api: ApiHarness, id: string) =>
    api.request<Record<string, unknown>>('GET', `/api/operations/rebuilds/${id}`, { token: api.token({ sub: 'op-1', role: 'operator' }) });
  const finished = async (api: ApiHarness, id: string): Promise<Record<string, unknown>> => {
    for (let i = 0; i < 1000; i++) {
      const { body } = await read(api, id);
      if (body['status'] === 'completed' || body['status'] === 'failed') return body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`rebuild ${id} never finished`);
  };

  it('answers a completed rebuild with its figures after a restart, and its Idempotency-Key as a replay that rebuilds nothing', async () => {
    const first = await start(true);
    const asked = await ask(first, 'rb-restart-1', { batchSize: 50 });
    expect(asked.status).toBe(202);
    const done = await finished(first, asked.body.id);
    expect(done).toMatchObject({ status: 'completed', result: { epoch: 2, previousEpoch: 1 } });
    await stop();

    const second = await start(true);
    const after = await read(second, asked.body.id);
    expect([after.status, after.body]).toEqual([200, done]);
    const again = await ask(second, 'rb-restart-1', { batchSize: 50 });
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([202, asked.body.id, 'true']);
    // Still the one rebuild: no epoch 3 comes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await second.app.get<ProjectionStore>(PROJECTION_STORE).epochs()).toEqual({ current: 2, others: [] });
    expect((await read(second, asked.body.id)).body).toEqual(done);
    // The key still belongs to that rebuild: another batch size is a conflict, as before the restart.
    expect((await ask(second, 'rb-restart-1', { batchSize: 60 })).status).toBe(409);
  });

  it('shows a rebuild the stop cut before it ran as interrupted, in French, and its key as a replay', async () => {
    const first = await start(false);
    const asked = await ask(first, 'rb-restart-2');
    expect(asked.status).toBe(202);
    expect((await read(first, asked.body.id)).body).toMatchObject({ status: 'waiting' });
    await stop();

    const second = await start(true);
    const after = await read(second, asked.body.id);
    expect([after.status, after.body]).toEqual([200, { id: asked.body.id, status: 'failed', attemptsMade: 0, failedReason: REBUILD_INTERRUPTED_REASON }]);
    const again = await ask(second, 'rb-restart-2');
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([202, asked.body.id, 'true']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await second.app.get<ProjectionStore>(PROJECTION_STORE).epochs()).toEqual({ current: 1, others: [] });
  });

  it('shows a rebuild its service stopped mid-run (SIGTERM) as failed with the French reason the stop gave it, after the restart', async () => {
    const first = await start(true);
    // Events no read model knows (left out, but folded one by one): a rebuild of a batch each takes a while.
    const events = first.app.get<EventStore>(EVENT_STORE);
    let last = 0n;
    // 10,000 of them: a rebuild of one event per batch lasts long enough to be stopped mid-run on a loaded machine (1,500
    // were rebuilt whole between two polls of a CI run).
    for (let i = 0; i < 5; i++) {
      const batch = Array.from({ length: 2000 }, (_, n) => ({
        id: randomUUID(),
        type: 'NothingKnown',
        data: { n },
        metadata: { correlationId: `c-${i}-${n}`, causationId: `c-${i}-${n}`, actor: 'test', occurredAt: '2026-03-01T10:00:00.000Z', schemaVersion: 1 },
      }));
      last = (await events.append(`misc-${i}`, batch, { expectedRevision: 'any' })).position;
    }
    await first.projected(last, 20_000);
    const asked = await ask(first, 'rb-restart-3', { batchSize: 1 });
    for (let i = 0; i < 1000; i++) {
      const { body } = await read(first, asked.body.id);
      if (body['status'] === 'active' && ((body['progress'] as { percent?: number } | undefined)?.percent ?? 0) >= 1) break;
      if (body['status'] === 'completed' || body['status'] === 'failed') throw new Error(`the rebuild ended before the stop: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await stop();

    const second = await start(true);
    const after = await read(second, asked.body.id);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ status: 'failed', attemptsMade: 1, failedReason: frenchRebuildFailure({ name: 'AbortError' }) });
    expect((after.body['progress'] as { percent: number }).percent).toBeGreaterThanOrEqual(1);
    const again = await ask(second, 'rb-restart-3', { batchSize: 1 });
    expect([again.status, again.body.id, again.headers.get('idempotent-replayed')]).toEqual([202, asked.body.id, 'true']);
  });
});
