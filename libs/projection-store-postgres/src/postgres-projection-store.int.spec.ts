import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { LeaseLostError, type ProjectionTx, searchText } from '@catalyse/projections';
import { type ProjectionStoreHarness, projectionStoreContract, projectionStoreFieldsContract } from '@catalyse/projections/testing';
import { pgDump, postgresForThisFile } from '@catalyse/test-servers';
import { PostgresProjectionStore, type PostgresProjectionStoreOptions } from './postgres-projection-store';
import { SCHEMA_VERSION } from './schema';

jest.setTimeout(120_000);

const postgres = postgresForThisFile();
const freshSchema = (): string => postgres.freshSchema('ps');
const dropSchema = (schema: string): Promise<void> => postgres.dropSchema(schema);
const entry = (position: number, kind = 'MessagePosted') => ({ position: String(position), at: '2026-01-01T00:00:00.000Z', kind, data: { position } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const freshStore = async (): Promise<ProjectionStoreHarness> => {
  // A fresh schema per test: an empty store each time; the peer is another pool on it (another process).
  const schema = freshSchema();
  return {
    store: await PostgresProjectionStore.open({ connectionString: postgres.url, schema }),
    openPeer: () => PostgresProjectionStore.open({ connectionString: postgres.url, schema, readOnly: true }),
    dispose: async () => {
      await dropSchema(schema);
    },
  };
};

projectionStoreContract('postgres', freshStore);
projectionStoreFieldsContract('postgres', freshStore);

describe('PostgresProjectionStore (adapter specifics)', () => {
  let schema: string;
  const opened: PostgresProjectionStore[] = [];
  const open = async (options: Partial<PostgresProjectionStoreOptions> = {}): Promise<PostgresProjectionStore> => {
    const store = await PostgresProjectionStore.open({ connectionString: postgres.url, schema, ...options });
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

  describe('the schema', () => {
    it('is created when absent, with its version; reopening keeps everything and the seq and cursor go on', async () => {
      const first = await open();
      await first.transaction(async (tx) => {
        await tx.putDoc('room', 'r', { id: 'r' }, { member: ['a', 'b'] });
        await tx.appendFeedEntry('room:r', entry(3, 'RoomOpened'));
        await tx.setCheckpoint('main', 3n);
      });
      const cursor = (await first.feedChangesSince(0)).cursor;
      await first.close();

      const second = await open();
      expect(await second.getDoc('room', 'r')).toEqual({ id: 'r' });
      expect(await second.findDocs('room', { member: 'b' })).toEqual([{ id: 'r' }]);
      expect(await second.getCheckpoint('main')).toBe(3n);
      const next = await second.transaction(async (tx) => tx.appendFeedEntry('room:r', entry(4, 'MemberAdded')));
      expect(next.seq).toBe(2);
      expect((await second.feedChangesSince(cursor)).changes).toEqual([{ room: 'room:r', epoch: 1, head: 2 }]);

      const { rows } = await postgres.admin.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual(['checkpoints', 'docs', 'epochs', 'feed_entries', 'feeds', 'leases', 'meta']);
      const version = await postgres.admin.query<{ value: string }>(`SELECT value::text AS value FROM "${schema}".meta WHERE key = 'schema_version'`);
      expect(version.rows[0]?.value).toBe(String(SCHEMA_VERSION));
    });

    it('migrates a schema of version 1 (documents without epochs), keeping its data', async () => {
      const first = await open();
      await first.transaction(async (tx) => {
        await tx.putDoc('room', 'r', { id: 'r' }, { member: ['a'] });
        await tx.setCheckpoint('main', 7n);
      });
      await first.close();
      const s = `"${schema}"`;
      await postgres.admin.query(`
        DROP TABLE ${s}.epochs;
        ALTER TABLE ${s}.docs DROP CONSTRAINT docs_pkey;
        ALTER TABLE ${s}.docs DROP COLUMN epoch;
        ALTER TABLE ${s}.docs ADD PRIMARY KEY (collection, id);
        UPDATE ${s}.meta SET value = 1 WHERE key = 'schema_version';
      `);

      const migrated = await open();
      expect(await migrated.getDoc('room', 'r')).toEqual({ id: 'r' });
      expect(await migrated.findDocs('room', { member: 'a' })).toEqual([{ id: 'r' }]);
      expect(await migrated.getCheckpoint('main')).toBe(7n);
      expect(await migrated.epochs()).toEqual({ current: 1, others: [] });
      await migrated.transaction(async (tx) => tx.putDoc('room', 'r2', { id: 'r2' }, { member: ['a'] }), { epoch: 2 });
      expect(await migrated.epochs()).toEqual({ current: 1, others: [2] });
      const key = await postgres.admin.query<{ columns: string }>(
        `SELECT string_agg(a.attname, ',' ORDER BY array_position(i.indkey, a.attnum)) AS columns
           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = '${s}.docs'::regclass AND i.indisprimary`,
      );
      expect(key.rows[0]?.columns).toBe('epoch,collection,id');
      const version = await postgres.admin.query<{ value: string }>(`SELECT value::text AS value FROM ${s}.meta WHERE key = 'schema_version'`);
      expect(version.rows[0]?.value).toBe('2');
    });

    it('concurrent openers of one new schema do not trip over each other', async () => {
      const stores = await Promise.all(Array.from({ length: 5 }, (_, i) => open({ readOnly: i % 2 === 1 })));
      await stores[0]?.transaction(async (tx) => tx.setCheckpoint('main', 1n));
      for (const store of stores) expect(await store.getCheckpoint('main')).toBe(1n);
    });

    it('refuses a schema written by a newer version', async () => {
      await (await open()).close();
      await postgres.admin.query(`UPDATE "${schema}".meta SET value = 99 WHERE key = 'schema_version'`);
      await expect(PostgresProjectionStore.open({ connectionString: postgres.url, schema })).rejects.toThrow(/newer/);
    });

    it('orders documents by id byte-wise, whatever the database collation', async () => {
      const store = await open();
      const ids = ['b', 'B', 'a-2', 'a10', 'a2', 'É', 'e'];
      await store.transaction(async (tx) => {
        for (const id of ids) await tx.putDoc('c', id, { id }, { t: 'x' });
      });
      const expected = [...ids].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect((await store.findDocs<{ id: string }>('c', { t: 'x' })).map((d) => d.id)).toEqual(expected);
      expect((await store.findDocs<{ id: string }>('c', {})).map((d) => d.id)).toEqual(expected);
    });
  });

  describe('documents and feeds', () => {
    it('tag values and filters holding JSON syntax are matched literally', async () => {
      const store = await open();
      const odd = ['"quoted"', '[1]', '{"a":1}', 'back\\slash', 'ünï'];
      await store.transaction(async (tx) => {
        await tx.putDoc('c', 'odd', { ok: true }, { v: odd, 'k"ey': 'x' });
        await tx.putDoc('c', 'plain', { ok: false }, { v: 'plain' });
      });
      for (const value of odd) expect(await store.findDocs('c', { v: value })).toEqual([{ ok: true }]);
      expect(await store.findDocs('c', { 'k"ey': 'x' })).toEqual([{ ok: true }]);
      expect(await store.findDocs('c', { v: '1' })).toEqual([]);
      expect(await store.findDocs('c', { v: 'plai' })).toEqual([]);
    });

    it('concurrent statements of one transaction, even unawaited, keep seqs contiguous and commit together', async () => {
      const store = await open();
      const entries = await store.transaction(async (tx) => Promise.all(Array.from({ length: 20 }, (_, i) => tx.appendFeedEntry('room:r', entry(i + 1)))));
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

      await store.transaction(async (tx) => {
        void tx.setCheckpoint('main', 7n); // not awaited: still part of the transaction
      });
      expect(await store.getCheckpoint('main')).toBe(7n);
    });

    it('a statement error swallowed by the work still rolls everything back (PostgreSQL aborted the transaction)', async () => {
      const store = await open();
      const attempt = store.transaction(async (tx) => {
        await tx.setCheckpoint('main', 5n);
        // PostgreSQL text cannot hold NUL: the statement fails and aborts the transaction.
        await tx.putDoc('room', 'nul\u0000id', {}).catch(() => undefined);
        return 'done';
      });
      await expect(attempt).rejects.toThrow(/0x00/);
      expect(await store.getCheckpoint('main')).toBe(0n);
      await store.transaction(async (tx) => tx.setCheckpoint('main', 6n));
      expect(await store.getCheckpoint('main')).toBe(6n);
    });

    it('a transaction object cannot be used after its transaction ended; a closed store refuses reads', async () => {
      const store = await open();
      let leaked: ProjectionTx | undefined;
      await store.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked?.setCheckpoint('main', 5n)).rejects.toThrow(/ended/);
      expect(await store.getCheckpoint('main')).toBe(0n);
      await store.close();
      await expect(store.getDoc('room', 'r')).rejects.toThrow(/closed/);
      await expect(store.transaction(async () => 1)).rejects.toThrow(/closed/);
    });

    it('rejects invalid paging and positions instead of guessing', async () => {
      const store = await open();
      await expect(store.findDocs('room', {}, { limit: -2 })).rejects.toThrow(RangeError);
      await expect(store.readFeed('room:r', 0, 1.5)).rejects.toThrow(RangeError);
      await expect(store.transaction(async (tx) => tx.appendFeedEntry('room:r', { ...entry(1), position: 'x' }))).rejects.toThrow(RangeError);
      await expect(store.transaction(async (tx) => tx.setCheckpoint('main', 2n ** 63n))).rejects.toThrow(RangeError);
      expect(await store.findFeedEntryByPosition('room:r', 2n ** 64n)).toBeUndefined();
    });
  });

  describe('erasure (redact and compact)', () => {
    it('jsonb prints tags with the escapes of JSON.stringify, so every character is found in the tags as in the documents', async () => {
      const store = await open();
      const characters = [
        ...Array.from({ length: 0x1f }, (_, i) => String.fromCharCode(i + 1)),
        '"',
        '\\',
        '/',
        '\u007f',
        '\u0080',
        'é',
        'Ö',
        '\u2028',
        '\u2029',
        '\ufeff',
        '🦊',
        '%',
        '_',
      ];
      const values = characters.map((c) => `a${c}b`);
      await store.transaction(async (tx) => {
        for (const [i, value] of values.entries()) await tx.putDoc('c', `d${i}`, { v: `x ${value} y` }, { v: `x ${value} y`, w: value });
      });
      const { rows } = await postgres.admin.query<{ id: string; doc: string; tags: string }>(
        `SELECT id, doc::text AS doc, tags::text AS tags FROM "${schema}".docs ORDER BY id`,
      );
      for (const row of rows) {
        const value = values[Number(row.id.slice(1))] ?? '';
        expect({ value, doc: row.doc.includes(searchText({ value, match: 'within', replacement: '' })) }).toEqual({ value, doc: true });
        expect({ value, tags: row.tags.includes(searchText({ value, match: 'within', replacement: '' })) }).toEqual({ value, tags: true });
        expect({ value, tags: row.tags.includes(searchText({ value, match: 'exact', replacement: '' })) }).toEqual({ value, tags: true });
      }
      const redactions = values.flatMap((value) => [
        { value, match: 'exact' as const, replacement: '[E]' },
        { value, match: 'within' as const, replacement: '[W]' },
      ]);
      expect(await store.transaction(async (tx) => tx.redact(redactions))).toEqual({ docs: values.length, entries: [] });
      for (const [i, value] of values.entries()) {
        expect(await store.getDoc('c', `d${i}`)).toEqual({ v: 'x [W] y' });
        expect(await store.findDocs('c', { w: value })).toEqual([]);
      }
      expect(await store.countDocs('c', { v: 'x [W] y', w: '[E]' })).toBe(values.length);
    });

    it('after redact, pg_dump of the schema holds no value; after compact, neither do the table files', async () => {
      const VALUE = 'Zoé Quintard-Ömer';
      const store = await open();
      // Random text does not compress: the big document goes to TOAST as it is.
      const big = `${VALUE} ${randomBytes(6_000).toString('base64')} ${VALUE}`;
      const at = '2026-01-01T00:00:00Z';
      for (const epoch of [1, 2]) {
        await store.transaction(
          async (tx) => {
            for (let i = 0; i < 50; i++) await tx.putDoc('person', `f${i}`, { filler: 'x'.repeat(200) }, { member: [`m${i}`] });
            await tx.putDoc('person', 'p', { name: VALUE, visits: 1 }, { name: VALUE, member: [VALUE, 'Léa'] });
            await tx.putDoc('person', 'p', { name: VALUE, visits: 2 }, { name: VALUE, member: [VALUE] });
            await tx.putDoc('room', 'r', { title: `Atelier de ${VALUE}` }, { title: `Atelier de ${VALUE}` });
            await tx.putDoc('report', 'big', { text: big });
            await tx.appendFeedEntry('room:r', { position: '1', at, kind: 'MessagePosted', data: { author: VALUE, text: `Bonjour, ici ${VALUE}` } });
          },
          { epoch },
        );
      }
      const dump = async (): Promise<string> => pgDump(postgres.url, schema);
      /** The files of the schema's tables, their TOAST and indexes, as the server wrote them. */
      const tableFiles = async (): Promise<Buffer> => {
        await postgres.admin.query('CHECKPOINT');
        const directory = (await postgres.admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]?.data_directory ?? '';
        const { rows } = await postgres.admin.query<{ path: string }>(
          `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class AS c
            WHERE (c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'i'))
               OR c.oid IN (SELECT reltoastrelid FROM pg_class WHERE relnamespace = $1::regnamespace)`,
          [schema],
        );
        const files = rows.flatMap(({ path }) => [path, `${path}.1`]).map((path) => join(directory, path));
        return Buffer.concat(files.filter((path) => existsSync(path)).map((path) => readFileSync(path)));
      };
      const needle = Buffer.from(VALUE, 'utf8');
      expect(await dump()).toContain(VALUE);
      expect((await tableFiles()).includes(needle)).toBe(true);

      const result = await store.transaction(async (tx) => tx.redact([{ value: VALUE, match: 'within', replacement: '[effacé]' }]));
      expect(result.docs).toBe(6);
      expect(result.entries.map((e) => [e.room, e.epoch])).toEqual([
        ['room:r', 1],
        ['room:r', 2],
      ]);
      expect(await dump()).not.toContain('Quintard');

      await store.compact();
      const after = await dump();
      expect(after).not.toContain('Quintard');
      expect(after).toContain('[effacé]');
      expect((await tableFiles()).includes(needle)).toBe(false);
      expect((await tableFiles()).includes(Buffer.from('Quintard'))).toBe(false);
      expect(await store.getDoc('report', 'big')).toEqual({ text: big.split(VALUE).join('[effacé]') });
      expect(await store.findDocs('person', { member: '[effacé]' })).toEqual([{ name: '[effacé]', visits: 2 }]);
    });

    it('compact is refused by a read-only or closed store', async () => {
      const reader = await open({ readOnly: true });
      await expect(reader.compact()).rejects.toThrow(/read-only/);
      const store = await open();
      await store.close();
      await expect(store.compact()).rejects.toThrow(/closed/);
    });
  });

  describe('several stores on one schema', () => {
    it('a read-only store reads but refuses to write or to claim leases', async () => {
      const writer = await open();
      const reader = await open({ readOnly: true });
      await expect(reader.transaction(async () => 1)).rejects.toThrow(/read-only/);
      await expect(reader.claimLease('main', 'node-b', 1000)).rejects.toThrow(/read-only/);
      await expect(reader.releaseLease('main', 'node-b')).rejects.toThrow(/read-only/);
      await writer.transaction(async (tx) => tx.setCheckpoint('main', 1n));
      expect(await reader.getCheckpoint('main')).toBe(1n);
    });

    it('write transactions of two stores never overlap, so the change cursor follows commit order', async () => {
      const a = await open();
      const b = await open();
      const reader = await open({ readOnly: true });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let inside!: () => void;
      const entered = new Promise<void>((resolve) => (inside = resolve));
      const slow = a.transaction(async (tx) => {
        await tx.appendFeedEntry('room:slow', entry(1));
        inside();
        await gate;
      });
      await entered;
      let bStarted = false;
      const fast = b.transaction(async (tx) => {
        bStarted = true;
        await tx.appendFeedEntry('room:fast', entry(2));
      });
      await sleep(150);
      // b waits for a's lock before its work runs: it has drawn no change id yet.
      expect(bStarted).toBe(false);
      expect(await reader.feedChangesSince(0)).toEqual({ cursor: 0, changes: [] });
      release();
      await Promise.all([slow, fast]);
      const { changes } = await reader.feedChangesSince(0);
      expect(changes.map((c) => c.room)).toEqual(['room:slow', 'room:fast']);
    });

    it('reads 64-bit positions exactly', async () => {
      const store = await open();
      const huge = 2n ** 62n + 1n;
      await store.transaction(async (tx) => {
        await tx.appendFeedEntry('room:r', { ...entry(0), position: huge.toString() });
        await tx.setCheckpoint('main', huge);
      });
      expect(await store.findFeedEntryByPosition('room:r', huge)).toMatchObject({ seq: 1, position: huge.toString() });
      expect(await store.getCheckpoint('main')).toBe(huge);
    });
  });

  describe('leases', () => {
    it('a takeover waits for a fenced transaction under way: the deposed holder commits before the new one leads', async () => {
      const leader = await open();
      const standby = await open({ leaseLockTimeoutMs: 5_000 });
      expect(await leader.claimLease('main', 'node-a', 100)).toBe(true);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let fenced!: () => void;
      const isFenced = new Promise<void>((resolve) => (fenced = resolve));
      const batch = leader.transaction(async (tx) => {
        await tx.assertLease('main', 'node-a');
        fenced();
        await gate;
        await tx.setCheckpoint('main', 10n);
      });
      await isFenced;
      await sleep(200); // the lease has expired, but the batch holds it
      let settled = false;
      const takeover = standby.claimLease('main', 'node-b', 10_000).finally(() => (settled = true));
      await sleep(150);
      expect(settled).toBe(false);
      release();
      await batch;
      expect(await takeover).toBe(true);
      expect(await standby.getCheckpoint('main')).toBe(10n);
      await expect(leader.transaction(async (tx) => tx.assertLease('main', 'node-a'))).rejects.toBeInstanceOf(LeaseLostError);
    });

    it('a claim waiting too long on a fenced transaction answers from the committed holder', async () => {
      const leader = await open({ leaseLockTimeoutMs: 100 });
      const standby = await open({ leaseLockTimeoutMs: 100 });
      expect(await leader.claimLease('main', 'node-a', 10_000)).toBe(true);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let fenced!: () => void;
      const isFenced = new Promise<void>((resolve) => (fenced = resolve));
      const batch = leader.transaction(async (tx) => {
        await tx.assertLease('main', 'node-a');
        fenced();
        await gate;
      });
      await isFenced;
      try {
        expect(await standby.claimLease('main', 'node-b', 10_000)).toBe(false);
        expect(await leader.claimLease('main', 'node-a', 10_000)).toBe(true); // the holder's renewal is not refused
      } finally {
        release();
      }
      await batch;
    });

    it('a lost lease swallowed by the work still commits nothing', async () => {
      const store = await open();
      await store.claimLease('main', 'node-b', 10_000);
      const attempt = store.transaction(async (tx) => {
        await tx.setCheckpoint('main', 3n);
        await tx.assertLease('main', 'node-a').catch(() => undefined);
        return 'ignored';
      });
      await expect(attempt).rejects.toBeInstanceOf(LeaseLostError);
      expect(await store.getCheckpoint('main')).toBe(0n);
    });

    it('uses the server clock and stores who holds it until when', async () => {
      const store = await open();
      expect(await store.claimLease('main', 'node-a', 60_000)).toBe(true);
      const { rows } = await postgres.admin.query<{ holder: string; left_ms: string }>(
        `SELECT holder, (extract(epoch FROM expires_at - now()) * 1000)::bigint::text AS left_ms FROM "${schema}".leases WHERE name = 'main'`,
      );
      expect(rows[0]?.holder).toBe('node-a');
      expect(Number(rows[0]?.left_ms)).toBeGreaterThan(55_000);
      expect(Number(rows[0]?.left_ms)).toBeLessThanOrEqual(60_000);
    });
  });

  describe('pools', () => {
    it('close() of a store on a caller pool leaves the pool open; close is idempotent', async () => {
      const pool = new Pool({ connectionString: postgres.url, max: 3 });
      try {
        const store = await PostgresProjectionStore.open({ pool, schema });
        await store.transaction(async (tx) => tx.setCheckpoint('main', 1n));
        await store.close();
        await store.close();
        await expect(store.getCheckpoint('main')).rejects.toThrow(/closed/);
        expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      } finally {
        await pool.end();
      }
    });

    it('close() waits for the transaction under way', async () => {
      const store = await open();
      const pending = store.transaction(async (tx) => {
        await sleep(50);
        await tx.setCheckpoint('main', 2n);
      });
      await store.close();
      await expect(pending).resolves.toBeUndefined();
      const reopened = await open();
      expect(await reopened.getCheckpoint('main')).toBe(2n);
    });
  });
});
