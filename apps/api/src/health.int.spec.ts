/**
 * The api app alone (as its main.ts composes it), beside a projector in another Nest application on the same
 * DATA_DIR (as the projector app runs it: the lease in the shared read models): its `/api/health` says whether a
 * projector runs anywhere by its lease. Up while a projector holds it; 503 with a clear message once none does (a
 * clean stop released it) or its holder was killed (the lease expired, unrenewed, for longer than the grace:
 * `PROJECTOR_LEASE_MS`), never the holder's id.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@catalyse/api-http';
import { loadOrCreateSecret } from '@catalyse/auth';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { ProjectorModule } from '@catalyse/projector';
import { type CatalyseConfig, loadConfig, READ_MODELS_FILE, StorageModule } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';
import { ApiAppModule } from './app.module';

jest.setTimeout(60_000);

const LEASE_MS = 600;

interface Health {
  status: string;
  info?: Record<string, Record<string, unknown>>;
  error?: Record<string, { status: string; message?: string }>;
}

/** The projector app's projector and stores (its HTTP routes, jobs and reports left out). */
@Module({})
class ProjectorOnly {
  static register(config: CatalyseConfig): DynamicModule {
    return {
      module: ProjectorOnly,
      imports: [
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'write' }),
        ProjectorModule.forRoot({ lease: { holder: 'projector-of-the-test', ttlMs: config.projectorLeaseMs } }),
      ],
    };
  }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the api app’s /api/health beside a projector in another process (its lease in the shared store)', () => {
  let dataDir: string;
  let api: INestApplication | undefined;
  let projector: INestApplication | undefined;
  let url: string;

  const health = async (): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`${url}/health`);
    return { status: response.status, body: (await response.json()) as Health };
  };

  afterAll(async () => {
    await projector?.close();
    await api?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is up while a projector holds the lease, 503 once its holder was killed (expired past the grace) or none runs', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-api-health-'));
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'silent',
      SQLITE_SYNCHRONOUS: 'NORMAL',
      PROJECTOR_LEASE_MS: String(LEASE_MS),
    };
    const config = loadConfig(env);
    api = await NestFactory.create(ApiAppModule.register(config, loadOrCreateSecret(config.dataDir, undefined)), { logger: false });
    configureHttpApp(api, { consoleDir: false });
    await api.listen(config.port, config.host);
    url = `http://127.0.0.1:${port}/api`;

    // No projector has ever run: down.
    const none = await health();
    expect(none.status).toBe(503);
    expect(none.body.error?.['projector:main']).toEqual({
      status: 'down',
      message: expect.stringMatching(/^the projector stopped: no projector holds its lease/),
    });

    // A projector holds the lease, then is killed (it never renews nor releases it): up until it has expired for longer
    // than the grace (PROJECTOR_LEASE_MS), then down, saying so.
    const store = SqliteProjectionStore.open({ file: join(dataDir, READ_MODELS_FILE) });
    try {
      expect(await store.claimLease('main', 'killed-projector-host-4242', LEASE_MS)).toBe(true);
    } finally {
      await store.close();
    }
    const held = await health();
    expect(held.status).toBe(200);
    expect(held.body.info?.['projector:main']).toEqual({ status: 'up', lease: 'held' });
    const killed = await until(health, (h) => h.status === 503, 'the killed projector reported down');
    expect(killed.body.error?.['projector:main']).toEqual({
      status: 'down',
      message: expect.stringMatching(/^the projector stopped: its lease expired \d+ ms ago, unrenewed \(more than 600 ms\) and not taken over$/),
    });
    expect(JSON.stringify(killed.body)).not.toContain('killed-projector-host');

    // A projector (another process's, as the projector app runs it) takes the expired lease over: up.
    projector = await NestFactory.create(ProjectorOnly.register(loadConfig({ ...env, PORT: '0' })), { logger: false });
    await projector.init();
    const running = await until(health, (h) => h.status === 200, 'the running projector reported up');
    expect(running.body.info?.['projector:main']).toEqual({ status: 'up', lease: 'held' });
    expect(running.body.info?.['checkpoint:main']).toMatchObject({ status: 'up' });

    // A clean stop releases the lease: down at once.
    await projector.close();
    projector = undefined;
    const stopped = await health();
    expect(stopped.status).toBe(503);
    expect(stopped.body.error?.['projector:main']).toEqual({
      status: 'down',
      message: expect.stringMatching(/^the projector stopped: no projector holds its lease/),
    });
    // Its readiness (the probes'): the api still records commands, its stores answer.
    const ready = await fetch(`${url}/health/ready`);
    const readyBody = (await ready.json()) as Health;
    expect(ready.status).toBe(200);
    expect(Object.keys(readyBody.info ?? {}).sort()).toEqual(['eventStore', 'projectionStore']);
  });
});
