import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteProjectionStore } from './sqlite-projection-store';

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

  it('rejects invalid paging instead of guessing', async () => {
    const store = SqliteProjectionStore.open({ file });
    await expect(store.findDocs('room', {}, { limit: -2 })).rejects.toThrow(RangeError);
    await expect(store.readFeed('room:r', 0, 1.5)).rejects.toThrow(RangeError);
    await store.close();
  });
});
