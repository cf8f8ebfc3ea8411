/**
 * `MeteredEventStore` over the real engines with group commit (SQLite files, a
 * throwaway PostgreSQL): append latency and size by outcome, and the size of
 * each write transaction, read from a real registry's text as Prometheus would.
 * And the store gauges, read when scraped, when a store is gone.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { EventStore, EventToAppend } from '@catalyse/event-store';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { postgresForThisFile } from '@catalyse/test-servers';
import { EventStoreMetrics, MeteredEventStore } from './event-store-metrics';
import { StoreGauges } from './store-gauges';
import { parseScrape, type Scrape } from './testing';

jest.setTimeout(120_000);

const postgres = postgresForThisFile();

const event = (n: number): EventToAppend => ({
  id: randomUUID(),
  type: 'Noted',
  data: { n },
  metadata: { correlationId: 'c', causationId: 'c', actor: 'test', occurredAt: new Date().toISOString(), schemaVersion: 1 },
});

const engines: { readonly name: string; open(): Promise<{ store: EventStore; close(): Promise<void> }> }[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'catalyse-metered-'));
      const store = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
      return {
        store,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const schema = postgres.freshSchema('metered');
      const store = await PostgresEventStore.open({ connectionString: postgres.url, schema });
      return {
        store,
        close: async () => {
          await store.close();
          await postgres.dropSchema(schema);
        },
      };
    },
  },
];

describe.each(engines)('MeteredEventStore on $name', (engine) => {
  let registry: Registry;
  let metered: MeteredEventStore;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const opened = await engine.open();
    registry = new Registry();
    metered = new MeteredEventStore(opened.store, new EventStoreMetrics(registry));
    close = opened.close;
  });

  afterEach(async () => {
    await close?.();
  });

  const scrape = async (): Promise<Scrape> => parseScrape(await registry.metrics());

  it('counts the appends issued together as one write transaction, and times each append', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => metered.append(`note-${i}`, [event(i)], { expectedRevision: 'no_stream' })));
    const metrics = await scrape();
    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBe(20);
    expect(metrics.value('catalyse_event_store_append_events_sum')).toBe(20);
    expect(metrics.value('catalyse_event_store_commit_appends_count')).toBe(1);
    expect(metrics.value('catalyse_event_store_commit_appends_sum')).toBe(20);
    expect(metrics.value('catalyse_event_store_commit_events_sum')).toBe(20);
    // The histogram's buckets are cumulative: the group of 20 is above 10, within 25.
    expect(metrics.value('catalyse_event_store_commit_appends_bucket', { le: '10' })).toBe(0);
    expect(metrics.value('catalyse_event_store_commit_appends_bucket', { le: '25' })).toBe(1);
  });

  it('tells conflicts apart, and counts what each write transaction acknowledged and wrote', async () => {
    await metered.append('note-a', [event(1)], { expectedRevision: 'no_stream' });
    // One tick: a batch of three events and a stale expected revision.
    const [batch, stale] = await Promise.allSettled([
      metered.append('note-b', [event(2), event(3), event(4)], { expectedRevision: 'no_stream' }),
      metered.append('note-a', [event(5)], { expectedRevision: 'no_stream' }),
    ]);
    expect(batch.status).toBe('fulfilled');
    expect(stale.status).toBe('rejected');
    const metrics = await scrape();
    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'conflict' })).toBe(1);
    expect(metrics.value('catalyse_event_store_append_events_sum')).toBe(5);
    // Two transactions: the first append alone, then the batch (the refused append acknowledged nothing).
    expect(metrics.value('catalyse_event_store_commit_appends_count')).toBe(2);
    expect(metrics.value('catalyse_event_store_commit_appends_sum')).toBe(2);
    expect(metrics.value('catalyse_event_store_commit_events_sum')).toBe(4);
  });

  it('reads through the engine untouched', async () => {
    const { position } = await metered.append('note-c', [event(7)], { expectedRevision: 'any' });
    expect(await metered.headPosition()).toBe(position);
    expect((await metered.readStream('note-c')).map((e) => e.data)).toEqual([{ n: 7 }]);
    expect((await metered.readAll()).map((e) => e.stream)).toEqual(['note-c']);
  });
});

describe('StoreGauges', () => {
  it('reads the head and the stored lag when scraped; a store gone reads NaN and the rest of the scrape still answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-gauges-'));
    const events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL' });
    const readModels = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    const registry = new Registry();
    try {
      const metrics = new EventStoreMetrics(registry);
      new StoreGauges(registry).watch({ events, readModels });
      await events.append('note-1', [event(1)], { expectedRevision: 'no_stream' });
      const { position } = await events.append('note-1', [event(2)], { expectedRevision: 0n });
      const live = parseScrape(await registry.metrics());
      expect(live.value('catalyse_event_store_head_position')).toBe(Number(position));
      expect(live.value('catalyse_projection_lag_events')).toBe(Number(position)); // nothing projected: the whole log

      metrics.appendEvents.observe(2);
      await events.close();
      const gone = parseScrape(await registry.metrics());
      expect(gone.value('catalyse_event_store_head_position')).toBeNaN();
      expect(gone.value('catalyse_projection_lag_events')).toBeNaN();
      expect(gone.value('catalyse_event_store_append_events_count')).toBe(1);
    } finally {
      await events.close();
      await readModels.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
