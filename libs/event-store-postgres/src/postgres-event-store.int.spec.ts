import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '@catalyse/event-store';
import { collect, eventStoreContract, strictlyIncreasing, testEvent } from '@catalyse/event-store/testing';
import { type RunningPostgres, startPostgres } from '@catalyse/test-servers';
import { PostgresEventStore } from './postgres-event-store';

jest.setTimeout(120_000);

let server: RunningPostgres;
/** Drops the schemas of the tests (the stores' own pools are ended by `close()`). */
let admin: Pool;

beforeAll(async () => {
  server = await startPostgres();
  admin = new Pool({ connectionString: server.url, max: 2 });
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

const freshSchema = (): string => `es_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const dropSchema = (schema: string): Promise<unknown> => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

eventStoreContract('postgres', {
  // A fresh schema per test: an empty store each time.
  create: async () => PostgresEventStore.open({ connectionString: server.url, schema: freshSchema(), pollIntervalMs: 20 }),
  destroy: async (store: EventStore) => {
    await dropSchema((store as PostgresEventStore).schema);
  },
});

describe('PostgresEventStore', () => {
  let schema: string;
  const opened: PostgresEventStore[] = [];
  const open = async (options: Partial<Parameters<typeof PostgresEventStore.open>[0]> = {}): Promise<PostgresEventStore> => {
    const store = await PostgresEventStore.open({ connectionString: server.url, schema, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    schema = freshSchema();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await dropSchema(schema);
  });

  describe('the sequence-gap problem', () => {
    it('20 writers whose commits are slow and reordered: a live subscriber sees every event exactly once, in position order', async () => {
      const sleeps: number[] = [];
      // The hook runs after the INSERT drew the positions and before COMMIT: without the
      // serialising lock, a later position would regularly commit before an earlier one.
      const writer = await open({
        poolSize: 24,
        beforeCommit: async () => {
          const ms = Math.floor(Math.random() * 8);
          sleeps.push(ms);
          await new Promise((resolve) => setTimeout(resolve, ms));
        },
      });
      // Another store on the same schema (another pool, as another process): it only polls, and fast.
      const reader = await open({ pollIntervalMs: 1 });
      const polling = collect(reader, { batchSize: 7 });
      const woken = collect(writer);

      const writers = 20;
      const appendsEach = 10;
      let expected = 0;
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < appendsEach; i++) {
            const size = 1 + ((w + i) % 3);
            expected += size;
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
            await writer.append(
              `writer-${w}`,
              Array.from({ length: size }, (_, part) => testEvent('Written', { w, i, part })),
              { expectedRevision: 'any' },
            );
          }
        }),
      );
      const sentinel = await writer.append('sentinel', [testEvent('Sentinel')], { expectedRevision: 'no_stream' });
      expected += 1;

      const [fromPolling, fromWoken] = await Promise.all([polling.waitFor(expected, 30_000), woken.waitFor(expected, 30_000)]);
      await new Promise((resolve) => setTimeout(resolve, 50)); // nothing more may come
      await Promise.all([polling.stop(), woken.stop()]);

      const reread: RecordedEvent[] = [];
      for (let after = 0n; ; ) {
        const page = await reader.readAll({ after, limit: 100 });
        reread.push(...page);
        const last = page.at(-1);
        if (!last || page.length < 100) break;
        after = last.position;
      }
      expect(reread).toHaveLength(expected);
      expect(reread.at(-1)?.position).toBe(sentinel.position);
      for (const received of [fromPolling, fromWoken, [...polling.received], [...woken.received]]) {
        expect(received).toHaveLength(expected);
        expect(strictlyIncreasing(received.map((event) => event.position))).toBe(true);
        expect(new Set(received.map((event) => `${event.stream}/${event.id}`)).size).toBe(expected);
        expect(received).toEqual(reread);
      }
      expect(sleeps.length).toBe(writers * appendsEach + 1);

      // The writing transactions, in position order, are in xid order: commit order is position order.
      const { rows } = await admin.query<{ reordered: string }>(
        `SELECT count(*)::text AS reordered FROM (
           SELECT transaction_id::text::numeric AS xid, lag(transaction_id::text::numeric) OVER (ORDER BY position) AS previous
             FROM "${schema}".events) AS t
          WHERE xid < previous`,
      );
      expect(rows[0]?.reordered).toBe('0');
    });

    it('a reader never sees a position while a smaller one is still being written', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const slow = await open({
        beforeCommit: async (stream) => {
          if (stream !== 'slow') return;
          entered();
          await held;
        },
      });
      const fast = await open();
      const slowAppend = slow.append('slow', [testEvent('Slow')], { expectedRevision: 'no_stream' });
      await inside; // the slow append has drawn its position and not committed
      const fastAppend = fast.append('fast', [testEvent('Fast')], { expectedRevision: 'no_stream' });
      try {
        await new Promise((resolve) => setTimeout(resolve, 100));
        // The fast append waits for the lock: nothing is visible yet, the head did not move.
        expect(await fast.readAll()).toEqual([]);
        expect(await fast.headPosition()).toBe(0n);
      } finally {
        release();
      }
      const [s, f] = await Promise.all([slowAppend, fastAppend]);
      expect(f.position).toBeGreaterThan(s.position);
      expect((await fast.readAll()).map((event) => event.stream)).toEqual(['slow', 'fast']);
    });
  });

  describe('the schema', () => {
    it('is created when absent; reopening keeps everything', async () => {
      const first = await open();
      await first.append('partnership-1', [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })], { expectedRevision: 'no_stream' });
      const before = await first.readAll();
      await first.close();
      const second = await open();
      expect(await second.readAll()).toEqual(before);
      expect((await second.append('partnership-1', [testEvent('C')], { expectedRevision: 1n })).nextRevision).toBe(2n);
      const { rows } = await admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schema}".events`);
      expect(rows[0]?.n).toBe('3');
    });

    it('concurrent openers of one new schema do not trip over each other', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => open()));
      await Promise.all(stores.map((store, i) => store.append(`s-${i}`, [testEvent()], { expectedRevision: 'no_stream' })));
      expect(await stores[0]?.readAll()).toHaveLength(5);
    });

    it('refuses a position sequence with a cache (positions would not follow commit order)', async () => {
      await (await open()).close();
      await admin.query(`ALTER SEQUENCE "${schema}".events_position_seq CACHE 20`);
      await expect(PostgresEventStore.open({ connectionString: server.url, schema })).rejects.toThrow(/CACHE 20/);
    });

    it('reads positions beyond 2^53 as exact bigints', async () => {
      const store = await open();
      const huge = 2n ** 60n;
      await admin.query(`ALTER SEQUENCE "${schema}".events_position_seq RESTART WITH ${huge + 1n}`);
      const result = await store.append('room-1', [testEvent(), testEvent()], { expectedRevision: 'no_stream' });
      expect(result.position).toBe(huge + 2n);
      expect(await store.headPosition()).toBe(huge + 2n);
      expect((await store.readAll({ after: huge + 1n })).map((event) => event.position)).toEqual([huge + 2n]);
      const subscriber = collect(store, { after: huge });
      expect((await subscriber.waitFor(2)).map((event) => event.position)).toEqual([huge + 1n, huge + 2n]);
      await subscriber.stop();
    });
  });

  describe('pools', () => {
    it('close() of a store on a caller pool leaves the pool open', async () => {
      const pool = new Pool({ connectionString: server.url, max: 3 });
      try {
        const store = await PostgresEventStore.open({ pool, schema });
        await store.append('s', [testEvent()], { expectedRevision: 'no_stream' });
        await store.close();
        await expect(store.readAll()).rejects.toThrow(/closed/);
        expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await pool.end();
      }
    });
  });

  describe('close', () => {
    it('waits for appends under way, ends live subscriptions and refuses further calls', async () => {
      const store = await open();
      const subscriber = collect(store);
      const pending = store.append('room-1', [testEvent('LastWords')], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextRevision: 0n });
      await subscriber.waitForEnd(1_000);
      await expect(store.append('room-1', [testEvent()], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
      const reopened = await open();
      expect((await reopened.readAll()).map((event) => event.type)).toEqual(['LastWords']);
    });
  });
});
