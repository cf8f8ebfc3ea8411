import { Pool } from 'pg';
import { type AppendResult, type EventStore, PartialDuplicateAppendError, type RecordedEvent, WrongExpectedRevisionError } from '@catalyse/event-store';
import { collect, eventStoreContract, strictlyIncreasing, testEvent, upcastingContract } from '@catalyse/event-store/testing';
import { postgresForThisFile } from '@catalyse/test-servers';
import { LISTENER_APPLICATION_NAME, PostgresEventStore } from './postgres-event-store';
import { LOCK_CLASS } from './schema';

jest.setTimeout(120_000);

const postgres = postgresForThisFile();
const freshSchema = (): string => postgres.freshSchema('es');
const dropSchema = (schema: string): Promise<void> => postgres.dropSchema(schema);
/** Resolves once `check` holds (checked every 20 ms). */
const eventually = async (check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const postgresFactory = {
  rewritesData: true,
  // A fresh schema per test: an empty store each time.
  create: async () => PostgresEventStore.open({ connectionString: postgres.url, schema: freshSchema(), pollIntervalMs: 20 }),
  destroy: async (store: EventStore) => {
    await dropSchema((store as PostgresEventStore).schema);
  },
};
eventStoreContract('postgres', postgresFactory);
upcastingContract('postgres', postgresFactory);

describe('PostgresEventStore', () => {
  let schema: string;
  const opened: PostgresEventStore[] = [];
  const open = async (options: Partial<Parameters<typeof PostgresEventStore.open>[0]> = {}): Promise<PostgresEventStore> => {
    const store = await PostgresEventStore.open({ connectionString: postgres.url, schema, ...options });
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
    // One store writes one group at a time; with several stores on the schema (as several
    // processes), only the advisory lock keeps their transactions from overlapping.
    it.each([1, 4])(
      '20 writers on %i store(s) whose commits are slow and reordered: a live subscriber sees every event exactly once, in position order',
      async (storeCount) => {
        const sleeps: number[] = [];
        // The hook runs after the INSERT drew the positions and before COMMIT: without the
        // serialising lock, a later position would regularly commit before an earlier one.
        const writerStores = await Promise.all(
          Array.from({ length: storeCount }, () =>
            open({
              poolSize: 6,
              beforeCommit: async () => {
                const ms = Math.floor(Math.random() * 8);
                sleeps.push(ms);
                await new Promise((resolve) => setTimeout(resolve, ms));
              },
            }),
          ),
        );
        const writer = writerStores[0] as PostgresEventStore;
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
              await (writerStores[w % storeCount] as PostgresEventStore).append(
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
        for (let after = 0n; ;) {
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
        const { rows } = await postgres.admin.query<{ reordered: string }>(
          `SELECT count(*)::text AS reordered FROM (
           SELECT transaction_id::text::numeric AS xid, lag(transaction_id::text::numeric) OVER (ORDER BY position) AS previous
             FROM "${schema}".events) AS t
          WHERE xid < previous`,
        );
        expect(rows[0]?.reordered).toBe('0');
      },
    );

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

  describe('group commit', () => {
    it('appends issued together are decided in order and written in a few transactions; a refused one fails alone', async () => {
      const store = await open();
      const retried = testEvent('Retried');
      const partial = testEvent('Partial');
      const appends: { label: string; append: () => Promise<AppendResult> }[] = [];
      for (let i = 0; i < 100; i++) {
        appends.push({ label: `s-${i}`, append: () => store.append(`s-${i}`, [testEvent('Single', { i })], { expectedRevision: 'no_stream' }) });
        if (i === 10) {
          appends.push({ label: 'retried', append: () => store.append('r', [retried], { expectedRevision: 'no_stream' }) });
          appends.push({ label: 'multi', append: () => store.append('m', [testEvent(), testEvent(), testEvent()], { expectedRevision: 'no_stream' }) });
          appends.push({ label: 'partial', append: () => store.append('p', [partial], { expectedRevision: 'no_stream' }) });
        }
        if (i === 50) {
          // In the middle: s-3 was created by an append before it in the same group.
          appends.push({ label: 'conflict', append: () => store.append('s-3', [testEvent('Late')], { expectedRevision: 'no_stream' }) });
          // A retry of an append of this group: its result, not a conflict.
          appends.push({ label: 'retry', append: () => store.append('r', [retried], { expectedRevision: 'no_stream' }) });
          appends.push({ label: 'partial-dup', append: () => store.append('p', [partial, testEvent()], { expectedRevision: 'any' }) });
          appends.push({ label: 'multi-next', append: () => store.append('m', [testEvent(), testEvent()], { expectedRevision: 2n }) });
        }
      }
      const before = store.stats;
      const settled = await Promise.allSettled(appends.map(({ append }) => append()));
      const after = store.stats;
      const outcome = new Map(appends.map(({ label }, i) => [label, settled[i] as PromiseSettledResult<AppendResult>]));

      const conflict = outcome.get('conflict');
      expect(conflict?.status).toBe('rejected');
      const reason = (conflict as PromiseRejectedResult).reason as WrongExpectedRevisionError;
      expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect([reason.stream, reason.expected, reason.actual]).toEqual(['s-3', 'no_stream', 0n]);
      const partialDup = outcome.get('partial-dup');
      expect(partialDup?.status).toBe('rejected');
      expect((partialDup as PromiseRejectedResult).reason).toBeInstanceOf(PartialDuplicateAppendError);
      expect(((partialDup as PromiseRejectedResult).reason as PartialDuplicateAppendError).duplicateIds).toEqual([partial.id]);
      expect(settled.filter((result) => result.status === 'rejected')).toHaveLength(2);

      const value = (label: string): AppendResult => (outcome.get(label) as PromiseFulfilledResult<AppendResult>).value;
      expect(value('retry')).toEqual(value('retried'));
      expect(value('multi').nextRevision).toBe(2n);
      expect(value('multi-next').nextRevision).toBe(4n);
      // Decided and written in the order issued: positions follow it.
      const written = appends.map(({ label }) => label).filter((label) => !['conflict', 'retry', 'partial-dup'].includes(label));
      expect(strictlyIncreasing(written.map((label) => value(label).position))).toBe(true);

      const all = await store.readAll({ limit: 1000 });
      expect(all).toHaveLength(100 + 1 + 3 + 1 + 2);
      expect(all.at(-1)?.position).toBe(await store.headPosition());
      expect((await store.readStream('s-3')).map((event) => event.type)).toEqual(['Single']);
      expect((await store.readStream('r')).map((event) => event.id)).toEqual([retried.id]);
      expect(await store.readStream('p')).toHaveLength(1);

      // 104 acknowledged appends (the retry included), 107 events, in a handful of transactions.
      expect(after.appends - before.appends).toBe(105);
      expect(after.events - before.events).toBe(107);
      const commits = after.commits - before.commits;
      expect(commits).toBeGreaterThanOrEqual(1);
      expect(commits).toBeLessThanOrEqual(5);
    });

    it("an append alone is one statement (the schema's function): decided like a group of one, one commit each", async () => {
      const store = await open();
      const first = testEvent('First');
      const commits = (): number => store.stats.commits;
      const one = async <T>(run: () => Promise<T>): Promise<T> => {
        const before = commits();
        try {
          return await run();
        } finally {
          expect(commits() - before).toBe(1);
        }
      };
      const written = await one(() => store.append('solo', [first], { expectedRevision: 'no_stream' }));
      expect(written.nextRevision).toBe(0n);
      // A retry: the original result, whatever the expected revision.
      expect(await one(() => store.append('solo', [first], { expectedRevision: 7n }))).toEqual(written);
      const conflict = await one(() => store.append('solo', [testEvent()], { expectedRevision: 5n }).catch((error: unknown) => error));
      expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
      expect([(conflict as WrongExpectedRevisionError).expected, (conflict as WrongExpectedRevisionError).actual]).toEqual([5n, 0n]);
      const absent = await one(() => store.append('absent', [testEvent()], { expectedRevision: 'stream_exists' }).catch((error: unknown) => error));
      expect((absent as WrongExpectedRevisionError).actual).toBeUndefined();
      const fresh = testEvent();
      const partial = await one(() => store.append('solo', [fresh, first], { expectedRevision: 'any' }).catch((error: unknown) => error));
      expect(partial).toBeInstanceOf(PartialDuplicateAppendError);
      expect((partial as PartialDuplicateAppendError).duplicateIds).toEqual([first.id]);
      const three = await one(() => store.append('solo', [testEvent(), testEvent(), testEvent()], { expectedRevision: 0n }));
      expect(three.nextRevision).toBe(3n);
      // (The refused partial duplicate drew positions before its INSERT failed: holes, as after any rollback.)
      const stored = await store.readStream('solo');
      expect(stored.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n]);
      expect(strictlyIncreasing(stored.map((event) => event.position))).toBe(true);
      expect(stored.at(-1)?.position).toBe(three.position);
      expect(store.stats.appends).toBe(3);
      expect(store.stats.events).toBe(4);
    });

    it('an append alone waits for the lock held by another transaction, and draws its position after it', async () => {
      const store = await open();
      // Another writer holding the store's lock (as another process's group would), its row written, not committed.
      const holder = await postgres.admin.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
        const { rows } = await holder.query<{ position: string }>(
          `INSERT INTO "${schema}".events (stream, revision, id, type, data, metadata) VALUES ('held', 0, 'held-0', 'Held', '{}', '{}') RETURNING position::text`,
        );
        const lone = store.append('lone', [testEvent('Lone')], { expectedRevision: 'no_stream' });
        await eventually(async () => {
          const { rows: waiting } = await postgres.admin.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%append_v1%'`,
          );
          return waiting[0]?.n === '1';
        });
        expect(await store.readAll()).toEqual([]);
        await holder.query('COMMIT');
        const { position } = await lone;
        expect(position).toBeGreaterThan(BigInt(rows[0]?.position ?? 'x'));
        expect((await store.readAll()).map((event) => event.stream)).toEqual(['held', 'lone']);
      } finally {
        holder.release();
      }
    });

    it('many concurrent writers share transactions: far fewer commits than appends', async () => {
      const store = await open();
      const before = store.stats;
      await Promise.all(
        Array.from({ length: 50 }, async (_, w) => {
          for (let i = 0; i < 20; i++) {
            await store.append(`w-${w}`, [testEvent('Written', { w, i })], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
          }
        }),
      );
      const after = store.stats;
      expect(after.appends - before.appends).toBe(1000);
      expect(after.events - before.events).toBe(1000);
      expect(after.commits - before.commits).toBeLessThan(1000 / 10);
      expect(await store.readAll({ limit: 2000 })).toHaveLength(1000);
    });

    it('a transaction failing as a whole rejects every append of its group and writes nothing', async () => {
      const store = await open({
        beforeCommit: async (stream) => {
          if (stream === 'doomed') throw new Error('the commit hook failed');
        },
      });
      const results = await Promise.allSettled([
        store.append('a', [testEvent()], { expectedRevision: 'no_stream' }),
        store.append('doomed', [testEvent()], { expectedRevision: 'no_stream' }),
        store.append('b', [testEvent()], { expectedRevision: 'no_stream' }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(((results[0] as PromiseRejectedResult).reason as Error).message).toMatch(/commit hook failed/);
      expect(await store.readAll()).toEqual([]);
      expect(await store.headPosition()).toBe(0n);
      // The store goes on.
      expect((await store.append('a', [testEvent()], { expectedRevision: 'no_stream' })).nextRevision).toBe(0n);
    });

    it('a row written without the lock (unique violation) fails the group; its appends are then retried one by one', async () => {
      const store = await open();
      // A writer that bypasses the adapter (and its lock): its row of 'y' is not committed yet.
      const intruder = await postgres.admin.connect();
      try {
        await intruder.query('BEGIN');
        await intruder.query(`INSERT INTO "${schema}".events (stream, revision, id, type, data, metadata) VALUES ('y', 0, 'intruder', 'Intruder', '{}', '{}')`);
        const before = store.stats;
        const first = store.append('y', [testEvent('Mine')], { expectedRevision: 'no_stream' });
        const second = store.append('z', [testEvent('Other')], { expectedRevision: 'no_stream' });
        // The group did not see the row, and its INSERT now waits on the row's unique index entry.
        await eventually(async () => {
          const { rows } = await postgres.admin.query<{ n: string }>(
            `SELECT count(*)::text AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO%${schema}%'`,
          );
          return rows[0]?.n === '1';
        });
        await intruder.query('COMMIT');
        const [y, z] = await Promise.allSettled([first, second]);
        expect(y.status).toBe('rejected');
        const conflict = (y as PromiseRejectedResult).reason as WrongExpectedRevisionError;
        expect(conflict).toBeInstanceOf(WrongExpectedRevisionError);
        expect([conflict.stream, conflict.expected, conflict.actual]).toEqual(['y', 'no_stream', 0n]);
        expect(z.status).toBe('fulfilled');
        // The failed group, then one transaction each.
        expect(store.stats.commits - before.commits).toBe(2);
      } finally {
        intruder.release();
      }
      expect((await store.readStream('y')).map((event) => event.type)).toEqual(['Intruder']);
      expect((await store.readStream('z')).map((event) => event.type)).toEqual(['Other']);
    });
  });

  describe('LISTEN/NOTIFY', () => {
    const listeners = async (): Promise<number> => {
      const { rows } = await postgres.admin.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
        [LISTENER_APPLICATION_NAME],
      );
      return Number(rows[0]?.n ?? 0);
    };

    it('a subscriber of another store (another process) that polls only every minute gets a new event at once', async () => {
      const writer = await open();
      const reader = await open({ pollIntervalMs: 60_000 });
      const subscriber = collect(reader);
      await eventually(async () => (await listeners()) === 1);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the subscription is waiting now
      const started = Date.now();
      await writer.append('room-1', [testEvent('First')], { expectedRevision: 'no_stream' });
      // Polling could not deliver it before a minute.
      expect((await subscriber.waitFor(1, 5_000)).map((event) => event.type)).toEqual(['First']);
      expect(Date.now() - started).toBeLessThan(1_000);
      await writer.append('room-1', [testEvent('Second')], { expectedRevision: 0n });
      expect((await subscriber.waitFor(2, 5_000)).map((event) => event.type)).toEqual(['First', 'Second']);
      await subscriber.stop();
    });

    it('one listening connection per store, started by the first subscription and ended by close()', async () => {
      const store = await open({ pollIntervalMs: 60_000 });
      await store.append('room-1', [testEvent()], { expectedRevision: 'no_stream' });
      expect(await listeners()).toBe(0);
      const subscribers = [collect(store), collect(store), collect(store)];
      await Promise.all(subscribers.map((subscriber) => subscriber.waitFor(1)));
      await eventually(async () => (await listeners()) === 1);
      await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
      await store.close();
      await eventually(async () => (await listeners()) === 0);
    });

    it('a lost listening connection is reopened, and nothing is missed meanwhile', async () => {
      const writer = await open();
      const reader = await open({ pollIntervalMs: 60_000 });
      const subscriber = collect(reader);
      await eventually(async () => (await listeners()) === 1);
      await postgres.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [LISTENER_APPLICATION_NAME]);
      // Written while the reader is not listening: found when it reconnects (which wakes its subscriptions).
      await writer.append('room-1', [testEvent('WhileDown')], { expectedRevision: 'no_stream' });
      expect((await subscriber.waitFor(1, 5_000)).map((event) => event.type)).toEqual(['WhileDown']);
      await eventually(async () => (await listeners()) === 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await writer.append('room-1', [testEvent('AfterReconnect')], { expectedRevision: 0n });
      expect((await subscriber.waitFor(2, 5_000)).map((event) => event.type)).toEqual(['WhileDown', 'AfterReconnect']);
      await subscriber.stop();
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
      const { rows } = await postgres.admin.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${schema}".events`);
      expect(rows[0]?.n).toBe('3');
    });

    it('concurrent openers of one new schema do not trip over each other', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, () => open()));
      await Promise.all(stores.map((store, i) => store.append(`s-${i}`, [testEvent()], { expectedRevision: 'no_stream' })));
      expect(await stores[0]?.readAll()).toHaveLength(5);
    });

    it('refuses a position sequence with a cache (positions would not follow commit order)', async () => {
      await (await open()).close();
      await postgres.admin.query(`ALTER SEQUENCE "${schema}".events_position_seq CACHE 20`);
      await expect(PostgresEventStore.open({ connectionString: postgres.url, schema })).rejects.toThrow(/CACHE 20/);
    });

    it('reads positions beyond 2^53 as exact bigints', async () => {
      const store = await open();
      const huge = 2n ** 60n;
      await postgres.admin.query(`ALTER SEQUENCE "${schema}".events_position_seq RESTART WITH ${huge + 1n}`);
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
      const pool = new Pool({ connectionString: postgres.url, max: 3 });
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
