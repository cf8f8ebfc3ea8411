import { countTurns } from '@catalyse/test-servers';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PAGE_SIZE, SqliteProjectionStore } from './sqlite-projection-store';

describe('SqliteProjectionStore (adapter specifics)', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-projections-'));
    file = join(dir, 'read-models.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps everything across a close and a reopen, and the seq goes on', async () => {
    const first = SqliteProjectionStore.open({ file });
    await first.transaction(async (tx) => {
      await tx.putDoc('room', 'r', { id: 'r' }, { member: ['a', 'b'] });
      await tx.appendFeedEntry('room:r', { position: '3', at: '2026-01-01T00:00:00Z', kind: 'RoomOpened', data: {} });
      await tx.setCheckpoint('main', 3n);
    });
    const cursor = (await first.feedChangesSince(0)).cursor;
    await first.close();

    const second = SqliteProjectionStore.open({ file });
    expect(await second.getDoc('room', 'r')).toEqual({ id: 'r' });
    expect(await second.findDocs('room', { member: 'b' })).toEqual([{ id: 'r' }]);
    expect(await second.getCheckpoint('main')).toBe(3n);
    const next = await second.transaction(async (tx) =>
      tx.appendFeedEntry('room:r', { position: '4', at: '2026-01-01T00:01:00Z', kind: 'MemberAdded', data: {} }),
    );
    expect(next.seq).toBe(2);
    expect((await second.feedChangesSince(cursor)).changes).toEqual([{ room: 'room:r', epoch: 1, head: 2 }]);
    await second.close();
  });

  it('after redact and compact, no byte of the file or of its WAL holds the value (documents, tags, feed entries, two epochs)', async () => {
    const VALUE = 'Zoé Quintard-Ömer';
    const store = SqliteProjectionStore.open({ file });
    const peer = SqliteProjectionStore.open({ file, readOnly: true }); // another process reading the same file
    const filler = 'x'.repeat(200);
    // Random text does not shrink: the big document spans overflow pages.
    const big = `${VALUE} ${randomBytes(12_000).toString('base64')} ${VALUE} ${randomBytes(12_000).toString('base64')} ${VALUE}`;
    const at = '2026-01-01T00:00:00Z';
    const write = async (epoch: number) =>
      store.transaction(
        async (tx) => {
          // Enough rows for b-trees with interior pages, the value's rows in the middle.
          for (let i = 0; i < 300; i++) {
            await tx.putDoc('person', `f${String(i).padStart(3, '0')}`, { filler }, { member: [`m${i}`, filler] });
            await tx.appendFeedEntry(`room:r${i % 7}`, { position: String(i + 1), at, kind: 'Filler', data: { filler } });
            if (i !== 150) continue;
            await tx.putDoc('person', 'p', { name: VALUE, visits: 1 }, { name: VALUE, member: [VALUE, 'Léa'] });
            await tx.putDoc('room', 'r', { title: `Atelier de ${VALUE}` }, { title: `Atelier de ${VALUE}` });
            await tx.putDoc('report', 'big', { text: big });
            await tx.appendFeedEntry('room:r1', { position: '1000', at, kind: 'MessagePosted', data: { author: VALUE, text: `Bonjour, ici ${VALUE}` } });
          }
          // An older version of the document was written over: it must not linger either.
          await tx.putDoc('person', 'p', { name: VALUE, visits: 2 }, { name: VALUE, member: [VALUE] });
        },
        { epoch },
      );
    await write(1);
    await write(2);
    const bytes = (): Buffer => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
    const needles = [VALUE, 'Quintard'].map((text) => Buffer.from(text, 'utf8'));
    expect(needles.map((needle) => bytes().includes(needle))).toEqual([true, true]);

    const result = await store.transaction(async (tx) => tx.redact([{ value: VALUE, match: 'within', replacement: '[effacé]' }]));
    expect(result.docs).toBe(6);
    expect(result.entries.map((e) => [e.room, e.epoch])).toEqual([
      ['room:r1', 1],
      ['room:r1', 2],
    ]);
    // Committed, but the WAL still holds the former pages.
    expect(bytes().includes(Buffer.from(VALUE, 'utf8'))).toBe(true);

    await store.compact();
    if (existsSync(`${file}-wal`)) expect(statSync(`${file}-wal`).size).toBe(0);
    expect(needles.map((needle) => bytes().includes(needle))).toEqual([false, false]);

    expect(await peer.getDoc('person', 'p')).toEqual({ name: '[effacé]', visits: 2 });
    expect(await peer.findDocs('person', { member: '[effacé]' })).toEqual([{ name: '[effacé]', visits: 2 }]);
    expect(await peer.getDoc('report', 'big')).toEqual({ text: big.split(VALUE).join('[effacé]') });
    expect((await peer.findFeedEntryByPosition('room:r1', 1000n))?.data).toEqual({ author: '[effacé]', text: 'Bonjour, ici [effacé]' });
    await peer.close();
    await store.close();
    expect(needles.map((needle) => bytes().includes(needle))).toEqual([false, false]);
  });

  it('an erasure searches a chunk of rows at a time, the event loop turning between chunks, even when no row holds the value', async () => {
    const store = SqliteProjectionStore.open({ file, redactScanRows: 10 });
    const at = '2026-01-01T00:00:00Z';
    await store.transaction(async (tx) => {
      for (let i = 0; i < 100; i++) {
        await tx.putDoc('person', `p${i}`, { name: `Personne ${i}` });
        await tx.appendFeedEntry(`room:r${i % 3}`, { position: String(i + 1), at, kind: 'MessagePosted', data: { text: `message ${i}` } });
      }
      await tx.appendFeedEntry('room:r1', { position: '101', at, kind: 'MessagePosted', data: { author: 'Zoé Quintard', text: 'Bonjour' } });
    });
    // Turns of the event loop taken while the erasure runs: before chunks, it ran the whole search in one.
    const turns = countTurns();
    const missing = await store.transaction(async (tx) => tx.redact([{ value: 'Personne Absente', match: 'within', replacement: '[effacé]' }]));
    const turnsWhileMissing = turns.stop();
    const found = await store.transaction(async (tx) => tx.redact([{ value: 'Zoé Quintard', match: 'exact', replacement: '[effacé]' }]));
    expect(missing).toEqual({ docs: 0, entries: [] });
    // 100 documents and 101 entries by chunks of 10: about 20 chunks, a turn between two.
    expect(turnsWhileMissing).toBeGreaterThanOrEqual(18);
    expect(found).toEqual({ docs: 0, entries: [expect.objectContaining({ room: 'room:r1', seq: 34, data: { author: '[effacé]', text: 'Bonjour' } })] });
    expect((await store.readFeed('room:r1', 33, 1))[0]?.data).toEqual({ author: '[effacé]', text: 'Bonjour' });
    await store.close();
  });

  it('sets secure_delete on both of its connections; compact refuses a read-only store', async () => {
    const store = SqliteProjectionStore.open({ file });
    const reader = SqliteProjectionStore.open({ file, readOnly: true });
    const connections = store as unknown as Record<'reader' | 'writer', Database.Database>;
    expect(connections.writer.pragma('secure_delete', { simple: true })).toBe(1n);
    expect(connections.reader.pragma('secure_delete', { simple: true })).toBe(1n);
    await expect(reader.compact()).rejects.toThrow(/read-only/);
    await reader.close();
    await store.close();
  });

  it('runs in WAL mode with synchronous FULL by default, and records its schema version', async () => {
    const store = SqliteProjectionStore.open({ file });
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(3);
      const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['checkpoints', 'doc_tags', 'docs', 'epochs', 'feed_entries', 'feeds', 'leases', 'meta']));
    } finally {
      raw.close();
      await store.close();
    }
  });

  it('creates a new file with 8 KB pages, where a 1.5 KB document needs no overflow page; a 4 KB file keeps its pages', async () => {
    const board = { id: 'p', history: 'x'.repeat(1500) };
    const store = SqliteProjectionStore.open({ file });
    await store.transaction(async (tx) => tx.putDoc('partnership', 'p', board));
    await store.close();
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
      // Without overflow pages: one root page per table and index, a leaf holding the document whole.
      const overflow = raw.prepare("SELECT count(*) FROM dbstat WHERE name = 'docs' AND pagetype = 'overflow'").pluck().get();
      expect(overflow).toBe(0);
    } finally {
      raw.close();
    }

    const older = join(dir, 'older.db');
    const made = new Database(older);
    made.pragma('page_size = 4096');
    made.pragma('journal_mode = WAL');
    made.close();
    const kept = SqliteProjectionStore.open({ file: older });
    try {
      await kept.transaction(async (tx) => tx.putDoc('partnership', 'p', board));
      expect(await kept.getDoc('partnership', 'p')).toEqual(board);
    } finally {
      await kept.close();
    }
    const check = new Database(older, { readonly: true });
    try {
      expect(check.pragma('page_size', { simple: true })).toBe(4096);
      expect(check.prepare("SELECT count(*) FROM dbstat WHERE name = 'docs' AND pagetype = 'overflow'").pluck().get()).toBe(1);
    } finally {
      check.close();
    }
  });

  it('upgrades a file of schema 1 (no leases, documents without epochs) in place, keeping its data', async () => {
    const first = SqliteProjectionStore.open({ file });
    await first.transaction(async (tx) => {
      await tx.setCheckpoint('main', 42n);
      await tx.appendFeedEntry('room:r', { position: '42', at: '2026-01-01T00:00:00Z', kind: 'RoomOpened', data: {} });
    });
    await first.close();
    // Schema 1 as it was written: documents and tags keyed without an epoch, no leases.
    const raw = new Database(file);
    raw.exec(`
      DROP TABLE leases; DROP TABLE epochs; DROP TABLE docs; DROP TABLE doc_tags;
      CREATE TABLE docs (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (collection, id)) WITHOUT ROWID;
      CREATE TABLE doc_tags (collection TEXT NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (collection, tag, value, id)) WITHOUT ROWID;
      CREATE INDEX doc_tags_by_doc ON doc_tags (collection, id);
      INSERT INTO docs VALUES ('room', 'r', '{"id":"r"}', '{"member":["a"]}');
      INSERT INTO doc_tags VALUES ('room', 'member', 'a', 'r');
    `);
    raw.pragma('user_version = 1');
    raw.close();

    const upgraded = SqliteProjectionStore.open({ file });
    try {
      expect(await upgraded.getCheckpoint('main')).toBe(42n);
      expect(await upgraded.claimLease('main', 'node-a', 1000)).toBe(true);
      expect(await upgraded.getDoc('room', 'r')).toEqual({ id: 'r' });
      expect(await upgraded.findDocs('room', { member: 'a' })).toEqual([{ id: 'r' }]);
      expect(await upgraded.epochs()).toEqual({ current: 1, others: [] });
      expect(await upgraded.feedHead('room:r')).toEqual({ epoch: 1, head: 1 });
      // Tags are kept per epoch: rewriting the document replaces them.
      await upgraded.transaction(async (tx) => tx.putDoc('room', 'r', { id: 'r', v: 2 }, { member: ['b'] }));
      expect(await upgraded.findDocs('room', { member: 'a' })).toEqual([]);
      expect(await upgraded.findDocs('room', { member: 'b' })).toEqual([{ id: 'r', v: 2 }]);
    } finally {
      await upgraded.close();
    }
    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(3);
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'doc_tags'").pluck().all();
      expect(indexes).toContain('doc_tags_by_doc');
    } finally {
      check.close();
    }
  });

  it('a read-only store reads but refuses to write; two stores may open a new file at once', async () => {
    const [a, b] = [SqliteProjectionStore.open({ file }), SqliteProjectionStore.open({ file, readOnly: true })];
    await expect(b.transaction(async () => 1)).rejects.toThrow(/read-only/);
    await expect(b.claimLease('main', 'node-b', 1000)).rejects.toThrow(/read-only/);
    await a.transaction(async (tx) => tx.setCheckpoint('main', 1n));
    expect(await b.getCheckpoint('main')).toBe(1n);
    await a.close();
    await b.close();
  });

  it('refuses a file written by a newer schema', async () => {
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => SqliteProjectionStore.open({ file })).toThrow(/newer/);
  });

  it('a transaction object cannot be used after its transaction ended; a closed store refuses reads', async () => {
    const store = SqliteProjectionStore.open({ file });
    let leaked: Parameters<Parameters<SqliteProjectionStore['transaction']>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.setCheckpoint('main', 5n)).rejects.toThrow(/ended/);
    expect(await store.getCheckpoint('main')).toBe(0n);
    await store.close();
    await expect(store.getDoc('room', 'r')).rejects.toThrow(/closed/);
  });

  it('waits for another connection’s write without blocking the event loop, then writes; gives up with SQLITE_BUSY after busyTimeoutMs', async () => {
    // Two writers on one file, as the service and a rebuild's worker thread (or another process).
    const first = SqliteProjectionStore.open({ file });
    const second = SqliteProjectionStore.open({ file, busyTimeoutMs: 30_000 });
    const impatient = SqliteProjectionStore.open({ file, busyTimeoutMs: 50 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let long: Promise<void> | undefined;
    let waiting: Promise<void> | undefined;
    try {
      let holding!: () => void;
      const isHolding = new Promise<void>((resolve) => (holding = resolve));
      long = first.transaction(async (tx) => {
        await tx.putDoc('room', 'first', { by: 'first' });
        holding();
        await held;
      });
      await isHolding;
      waiting = second.transaction(async (tx) => tx.putDoc('room', 'second', { by: 'second' }));
      // The event loop turns while the second writer waits: timers fire.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      await new Promise((resolve) => setTimeout(resolve, 120));
      await expect(impatient.transaction(async (tx) => tx.putDoc('room', 'impatient', {}))).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(2);
      expect(await second.getDoc('room', 'second')).toBeUndefined();
      release();
      await long;
      await waiting;
      expect(await second.getDoc('room', 'first')).toEqual({ by: 'first' });
      expect(await first.getDoc('room', 'second')).toEqual({ by: 'second' });
      expect(await first.getDoc('room', 'impatient')).toBeUndefined();
      // Leases and compaction go through the same wait.
      expect(await second.claimLease('main', 'b', 1000)).toBe(true);
      await second.compact();
    } finally {
      // Whatever failed above, the first transaction ends, so that every store can close.
      release();
      await long?.catch(() => undefined);
      await waiting?.catch(() => undefined);
      await impatient.close();
      await second.close();
      await first.close();
    }
  });

  it('rejects invalid paging instead of guessing', async () => {
    const store = SqliteProjectionStore.open({ file });
    await expect(store.findDocs('room', {}, { limit: -2 })).rejects.toThrow(RangeError);
    await expect(store.readFeed('room:r', 0, 1.5)).rejects.toThrow(RangeError);
    await store.close();
  });
});
