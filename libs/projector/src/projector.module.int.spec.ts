import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { FEED_NOTIFIER, PROJECTION_STORE } from '@catalyse/projections';
import { Projector } from './projector';
import { PROJECTOR_OPTIONS, ProjectorModule } from './projector.module';
import { toAppend } from './testing/scenario';

describe('ProjectorModule', () => {
  let dir: string;
  let events: SqliteEventStore;
  let store: SqliteProjectionStore;
  let notifier: InProcessFeedNotifier;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-projector-module-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
    store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db') });
    notifier = new InProcessFeedNotifier();
  });
  afterEach(async () => {
    await events.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function storage(): unknown {
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: events },
        { provide: PROJECTION_STORE, useValue: store },
        { provide: FEED_NOTIFIER, useValue: notifier },
      ],
      exports: [EVENT_STORE, PROJECTION_STORE, FEED_NOTIFIER],
    })
    class StorageForTest {}
    return StorageForTest;
  }

  it('starts the projector when the application boots, exports it, and stops it before shutdown', async () => {
    @Module({ imports: [storage() as never, ProjectorModule] })
    class AppForTest {}
    const app = await NestFactory.createApplicationContext(AppForTest, { logger: false });
    await app.init();
    const projector = app.get(Projector);
    const { position } = await events.append(
      'room-atelier',
      [
        toAppend({
          stream: 'room-atelier',
          type: 'RoomOpened',
          data: { roomId: 'atelier', kind: 'gathering', title: 'Atelier', access: 'open', openedBy: 'a', openedAt: '2026-01-01T00:00:00Z' },
        }),
      ],
      { expectedRevision: 'no_stream' },
    );
    expect(await projector.waitForPosition(position, 5000)).toBe(true);
    expect(await store.feedHead('room:atelier')).toEqual({ epoch: 1, head: 1 });
    await app.close();
    expect((await projector.status()).running).toBe(false);
  });

  it('takes options from ProjectorModule.forRoot', async () => {
    @Module({ imports: [storage() as never, ProjectorModule.forRoot({ name: 'secondary' })] })
    class AppForTest {}
    const app = await NestFactory.createApplicationContext(AppForTest, { logger: false });
    await app.init();
    expect((await app.get(Projector).status()).name).toBe('secondary');
    expect(app.get(PROJECTOR_OPTIONS)).toEqual({ name: 'secondary' });
    await app.close();
  });
});
