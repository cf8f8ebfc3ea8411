import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Global, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { FEED_NOTIFIER, PROJECTION_STORE } from '@catalyse/projections';
import { Projector } from '../projector';
import { ProjectorModule } from '../projector.module';
import { toAppend } from '../testing/scenario';
import { ProjectorHealthModule } from './projector-health.controller';

interface Health {
  readonly status: string;
  readonly details: {
    readonly projector: {
      readonly status: string;
      readonly role?: string;
      readonly lag?: string;
      readonly message?: string;
      readonly lastError?: string;
      readonly failingSince?: string;
    };
  };
}

const MAX_FAILING_MS = 1000;

describe('projector /api/health (real HTTP, SQLite)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let app: INestApplication;
  let url: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-projector-health-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: PROJECTION_STORE, useValue: store },
        { provide: FEED_NOTIFIER, useValue: new InProcessFeedNotifier() },
      ],
      exports: [EVENT_STORE, PROJECTION_STORE, FEED_NOTIFIER],
    })
    class StorageForTest {}
    const projector = ProjectorModule.forRoot({ lease: { holder: 'health-spec', ttlMs: 1000 } });
    @Module({ imports: [StorageForTest, projector, ProjectorHealthModule.forProjector(projector, { maxFailingMs: MAX_FAILING_MS })] })
    class AppForTest {}
    app = await NestFactory.create(AppForTest, { logger: false });
    app.setGlobalPrefix('api');
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await app.close();
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const health = async (): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`${url}/api/health`);
    return { status: response.status, body: (await response.json()) as Health };
  };

  it('is 200 with the role and lag while the projector runs, 503 once it has stopped', async () => {
    const { position } = await events.append('catalyseur-c1', [toAppend({ stream: 'catalyseur-c1', type: 'CatalyseurJoined', data: {} })], {
      expectedRevision: 'no_stream',
    });
    expect(await app.get(Projector).waitForPosition(position, 5000)).toBe(true);
    const up = await health();
    expect(up).toMatchObject({ status: 200, body: { status: 'ok', details: { projector: { status: 'up', role: 'active', lag: '0' } } } });

    await app.get(Projector).stop();
    const down = await health();
    expect(down).toMatchObject({ status: 503, body: { details: { projector: { status: 'down', message: 'the projector is not running' } } } });
    // A projector that no longer runs is what a restart mends: its liveness says so.
    const live = await fetch(`${url}/api/health/live`);
    expect({ status: live.status, body: await live.json() }).toMatchObject({ status: 503, body: { message: 'the projector is not running' } });
  });

  it('is 503 once a batch has kept failing for longer than maxFailingMs (stuck), 200 again once it commits', async () => {
    // Every commit of the read models refused (the checkpoint moves in each batch's transaction); reads still answer.
    const onReadModels = (sql: string): void => {
      const raw = new Database(join(dir, 'read-models.db'));
      try {
        raw.exec(sql);
      } finally {
        raw.close();
      }
    };
    onReadModels(`
      CREATE TRIGGER stuck_insert BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END;
      CREATE TRIGGER stuck_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END;
    `);
    const { position } = await events.append('catalyseur-c1', [toAppend({ stream: 'catalyseur-c1', type: 'CatalyseurJoined', data: {} })], {
      expectedRevision: 'no_stream',
    });
    let answer = await health();
    const deadline = Date.now() + 10_000;
    while (answer.status === 200) {
      if (Date.now() > deadline) throw new Error(`/api/health still answers 200: ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await health();
    }
    expect(answer).toMatchObject({
      status: 503,
      body: {
        details: {
          projector: {
            status: 'down',
            role: 'active',
            lag: '1',
            // The projector's own health is no public route: it shows the error.
            lastError: expect.stringContaining('disk full'),
            message: `a batch has been failing for more than ${MAX_FAILING_MS} ms; it is retried`,
          },
        },
      },
    });
    expect(Date.now() - Date.parse(answer.body.details.projector.failingSince ?? '')).toBeGreaterThan(MAX_FAILING_MS);
    // Its liveness stays up: a restart would fail on the same batch (on every replica in turn).
    const live = await fetch(`${url}/api/health/live`);
    expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok', role: 'active' } });

    onReadModels('DROP TRIGGER stuck_insert; DROP TRIGGER stuck_update;');
    expect(await app.get(Projector).waitForPosition(position, 15_000)).toBe(true);
    const healed = await health();
    expect(healed).toMatchObject({ status: 200, body: { status: 'ok', details: { projector: { status: 'up', lag: '0' } } } });
    expect(healed.body.details.projector.failingSince).toBeUndefined();
  }, 30_000);

  it('is 503 when the projection store no longer answers', async () => {
    await store.close();
    const down = await health();
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).toContain('projection store is closed');
  });
});
