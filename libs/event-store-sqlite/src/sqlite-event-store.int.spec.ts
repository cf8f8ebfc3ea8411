import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  InvalidAppendError,
  type RecordedEvent,
  PartialDuplicateAppendError,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';
import { collect, eventStoreContract, settleAll, testEvent, upcastingContract } from '@catalyse/event-store/testing';
import { SqliteEventStore } from './sqlite-event-store';
import type { Acknowledgement } from './test-support/append-child';

const ROOT = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'test-support', 'append-child.ts');

const dir = mkdtempSync(join(tmpdir(), 'catalyse-event-store-sqlite-'));
let files = 0;
const tempFile = (): string => join(dir, `events-${++files}.db`);
const storeFiles = new WeakMap<EventStore, string>();

const removeDatabase = (file: string): void => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sqliteFactory = {
  rewritesData: true,
  async create() {
    const file = tempFile();
    const store = SqliteEventStore.open({ file, pollIntervalMs: 20 });
    storeFiles.set(store, file);
    return store;
  },
  async destroy(store: EventStore) {
    const file = storeFiles.get(store);
    if (file) removeDatabase(file);
  },
};
eventStoreContract('sqlite', sqliteFactory);
upcastingContract('sqlite', sqliteFactory);

describe('SqliteEventStore', () => {
  let file: string;
  const opened: SqliteEventStore[] = [];
  const open = (options: { pollIntervalMs?: number; synchronous?: 'FULL' | 'NORMAL' } = {}): SqliteEventStore => {
    const store = SqliteEventStore.open({ file, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    file = tempFile();
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    removeDatabase(file);
  });

  describe('the file', () => {
    it('is created in WAL mode with the schema, and reopening it keeps everything', async () => {
      const first = open();
      const appended: AppendResult[] = [];
      appended.push(await first.append('partnership-1', [testEvent('A', { n: 1 }), testEvent('B', { n: 2 })], { expectedRevision: 'no_stream' }));
      appended.push(await first.append('room-1', [testEvent('C', { n: 3 })], { expectedRevision: 'no_stream' }));
      appended.push(await first.append('partnership-1', [testEvent('D', { n: 4 })], { expectedRevision: 1n }));
      const before = await first.readAll();
      await first.close();

      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(1);
      expect(raw.prepare('SELECT COUNT(*) AS n FROM events').get()).toEqual({ n: 4 });
      raw.close();

      const second = open();
      expect(await second.readAll()).toEqual(before);
      expect(await second.headPosition()).toBe(appended[2]?.position);
      expect(await second.readStream('partnership-1')).toEqual(before.filter((event) => event.stream === 'partnership-1'));
      const next = await second.append('partnership-1', [testEvent('E')], { expectedRevision: 2n });
      expect(next.nextRevision).toBe(3n);
      expect(next.position).toBeGreaterThan(appended[2]?.position ?? 0n);
      await expect(second.append('room-1', [testEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    });

    it('zeroes what it frees: secure_delete is on for its connection', () => {
      const store = open();
      const { db } = store as unknown as { db: Database.Database };
      expect(Number(db.pragma('secure_delete', { simple: true }))).toBe(1);
    });

    it('refuses a file written by a newer schema', () => {
      const raw = new Database(file);
      raw.pragma('user_version = 99');
      raw.close();
      expect(() => SqliteEventStore.open({ file })).toThrow(/schema 99/);
    });

    it('reads positions beyond 2^53 as exact bigints', async () => {
      const seed = open();
      await seed.close();
      const huge = 2n ** 60n;
      const raw = new Database(file);
      raw.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)").run(huge);
      raw.close();

      const store = open();
      const result = await store.append('room-1', [testEvent(), testEvent()], { expectedRevision: 'no_stream' });
      expect(result.position).toBe(huge + 2n);
      expect(await store.headPosition()).toBe(huge + 2n);
      expect((await store.readAll({ after: huge + 1n })).map((event) => event.position)).toEqual([huge + 2n]);
      const subscriber = collect(store, { after: huge });
      expect((await subscriber.waitFor(2)).map((event) => event.position)).toEqual([huge + 1n, huge + 2n]);
      await subscriber.stop();
    });
  });

  describe('group commit', () => {
    it('writes the appends of one tick in one transaction, in call order', async () => {
      const store = open();
      const commits = store.stats.commits;
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => store.append(`room-${i}`, [testEvent('Posted', { i })], { expectedRevision: 'no_stream' })),
      );
      expect(store.stats.commits).toBe(commits + 1);
      const positions = results.map((result) => result.position);
      expect(positions).toEqual(positions.map((_, i) => (positions[0] ?? 0n) + BigInt(i)));
      expect(new Set((await store.readAll()).map((event) => event.recordedAt)).size).toBe(1);
    });

    it('checks each append against the state left by the ones before it; a refused one fails alone', async () => {
      const store = open();
      const [a, b, c, d] = [testEvent(), testEvent(), testEvent(), testEvent()];
      const commits = store.stats.commits;
      const { fulfilled, rejected } = await settleAll([
        store.append('s', [a], { expectedRevision: 'no_stream' }), // 0: creates s
        store.append('s', [b], { expectedRevision: 0n }), // 1: sees a
        store.append('s', [c], { expectedRevision: 0n }), // 2: stale
        store.append('s', [b, d], { expectedRevision: 'any' }), // 3: partial duplicate
        store.append('s', [a], { expectedRevision: 'no_stream' }), // 4: retry of 0
        store.append('t', [{ ...d, data: { huge: 1n } }], { expectedRevision: 'any' }), // 5: not JSON
        store.append('t', [d], { expectedRevision: 'no_stream' }), // 6: fine
      ]);
      expect(store.stats.commits).toBe(commits + 1);
      expect(fulfilled.map(({ index }) => index)).toEqual([0, 1, 4, 6]);
      expect(fulfilled[2]?.value).toEqual(fulfilled[0]?.value);
      expect(rejected.map(({ index }) => index)).toEqual([2, 3, 5]);
      expect(rejected[0]?.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((rejected[0]?.reason as WrongExpectedRevisionError).actual).toBe(1n);
      expect(rejected[1]?.reason).toBeInstanceOf(PartialDuplicateAppendError);
      expect(rejected[2]?.reason).toBeInstanceOf(InvalidAppendError);
      expect((await store.readStream('s')).map((event) => event.id)).toEqual([a.id, b.id]);
      expect((await store.readStream('t')).map((event) => event.id)).toEqual([d.id]);
    });

    it('rolls back a multi-event append that fails while writing, and commits the rest of the group', async () => {
      const store = open();
      await store.append('seed', [testEvent()], { expectedRevision: 'no_stream' });
      const raw = new Database(file);
      raw.exec("CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END");
      raw.close();

      const { fulfilled, rejected } = await settleAll([
        store.append('a', [testEvent('Fine')], { expectedRevision: 'no_stream' }),
        store.append('b', [testEvent('Fine'), testEvent('Fine'), testEvent('Poison')], { expectedRevision: 'no_stream' }),
        store.append('c', [testEvent('Fine'), testEvent('Fine')], { expectedRevision: 'no_stream' }),
      ]);
      expect(fulfilled.map(({ index }) => index)).toEqual([0, 2]);
      expect(String(rejected[0]?.reason)).toMatch(/poisoned/);
      expect(await store.readStream('b')).toEqual([]);
      expect(await store.readStream('c')).toHaveLength(2);
      expect((await store.readAll()).map((event) => event.stream)).toEqual(['seed', 'a', 'c', 'c']);
    });

    it('writes a long append in several statements, all or nothing', async () => {
      const store = open();
      const events = Array.from({ length: 150 }, (_, i) => testEvent('Posted', { i }));
      const result = await store.append('long', events, { expectedRevision: 'no_stream' });
      const stored = await store.readStream('long', { limit: 1000 });
      expect(stored.map((event) => [event.id, event.revision])).toEqual(events.map((event, i) => [event.id, BigInt(i)]));
      expect(result).toEqual({ nextRevision: 149n, position: stored.at(-1)?.position });

      const more = Array.from({ length: 140 }, () => testEvent());
      const partial = [...more, events[100] as EventToAppend]; // the duplicate id in the third statement
      await expect(store.append('long', partial, { expectedRevision: 149n })).rejects.toBeInstanceOf(PartialDuplicateAppendError);
      expect(await store.readStream('long', { from: 150n })).toEqual([]);
      await expect(store.append('long', more, { expectedRevision: 149n })).resolves.toMatchObject({ nextRevision: 289n });
    });

    it('answers a retry with success whatever revision it expects (idempotency comes first)', async () => {
      const store = open();
      const a = testEvent();
      const first = await store.append('s', [a], { expectedRevision: 'no_stream' });
      await store.append('s', [testEvent()], { expectedRevision: 0n });
      expect(await store.append('s', [a], { expectedRevision: 7n })).toEqual(first);
      expect(await store.append('s', [a], { expectedRevision: 'stream_exists' })).toEqual(first);
      expect(await store.readStream('s')).toHaveLength(2);
    });
  });

  describe('two connections on one file', () => {
    it('each sees the revisions the other wrote (cached revisions do not outlive a foreign commit)', async () => {
      const a = open();
      const b = open(); // a second connection on the same file
      await a.append('s', [testEvent()], { expectedRevision: 'no_stream' }); // a now knows s is at 0
      await b.append('s', [testEvent()], { expectedRevision: 0n });

      await expect(a.append('s', [testEvent()], { expectedRevision: 0n })).rejects.toMatchObject({
        name: WrongExpectedRevisionError.name,
        actual: 1n,
      });
      expect((await a.append('s', [testEvent()], { expectedRevision: 1n })).nextRevision).toBe(2n);
      await expect(b.append('s', [testEvent()], { expectedRevision: 1n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(b.append('t', [testEvent()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextRevision: 0n });
      await expect(a.append('t', [testEvent()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await b.readStream('s')).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
    });
  });

  describe('subscriptions', () => {
    it('are woken at once by appends of this process, without waiting for the poll interval', async () => {
      const store = open({ pollIntervalMs: 60_000 });
      const subscriber = collect(store);
      await new Promise((resolve) => setTimeout(resolve, 20)); // idle, waiting
      const started = Date.now();
      for (let i = 0; i < 3; i++) {
        await store.append('room-1', [testEvent('Posted', { i })], { expectedRevision: 'any' });
        await subscriber.waitFor(i + 1, 2_000);
      }
      expect(Date.now() - started).toBeLessThan(2_000);
      await subscriber.stop(500);
    });
  });

  describe('close', () => {
    it('writes queued appends, ends live subscriptions and refuses further calls', async () => {
      const store = open();
      const subscriber = collect(store);
      const pending = store.append('room-1', [testEvent('LastWords')], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toEqual({ nextRevision: 0n, position: 1n });
      await subscriber.waitForEnd(1_000);
      await expect(store.append('room-1', [testEvent()], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
      await expect(store.readAll()).rejects.toThrow(/closed/);

      const reopened = open();
      expect((await reopened.readAll()).map((event) => event.type)).toEqual(['LastWords']);
    });
  });

  describe('other processes on the same file', () => {
    it('every acknowledged append survives a kill -9 of the writer, and nothing is half-written', async () => {
      await open().close(); // create the file before the child and this process race to do it
      const child = spawnChild(['stress', file, 'durable', '12']);
      const acknowledged: Acknowledgement[] = [];
      let killedAt = -1;
      const exited = exitOf(child);
      for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
        acknowledged.push(JSON.parse(line) as Acknowledgement);
        if (acknowledged.length === 400 && killedAt < 0) {
          killedAt = acknowledged.length;
          child.kill('SIGKILL');
        }
      }
      expect((await exited).signal).toBe('SIGKILL');
      expect(acknowledged.length).toBeGreaterThanOrEqual(killedAt);

      const store = open();
      for (const ack of acknowledged) {
        const revision = BigInt(ack.nextRevision);
        const stored = await store.readStream(ack.stream, { from: revision - 2n, limit: 3 });
        expect(stored.map((event) => event.id)).toEqual(ack.ids);
        expect(stored.at(-1)?.position).toBe(BigInt(ack.position));
      }
      const all = await store.readAll({ limit: 10_000 });
      expect(all.length).toBeGreaterThanOrEqual(acknowledged.length * 3);
      const byStream = new Map<string, RecordedEvent[]>();
      for (const event of all) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
      expect(byStream.size).toBe(12);
      for (const events of byStream.values()) {
        expect(events.length % 3).toBe(0); // appends of 3 events: all or nothing
        events.forEach((event, i) => {
          expect(event.revision).toBe(BigInt(i));
          expect(event.data).toMatchObject({ batch: Math.floor(i / 3), part: i % 3 });
        });
      }
      // The file is healthy: writing goes on.
      const stream = acknowledged[0]?.stream as string;
      const last = (await store.readStream(stream, { direction: 'backwards', limit: 1 }))[0];
      const next = await store.append(stream, [testEvent()], { expectedRevision: last?.revision ?? 'no_stream' });
      expect(next.nextRevision).toBe((last?.revision ?? -1n) + 1n);
      expect(next.position).toBeGreaterThan(last?.position ?? 0n);
    }, 60_000);

    it('a live subscriber sees the appends of another process (by polling), alone and interleaved with its own', async () => {
      const store = open({ pollIntervalMs: 25 });
      const subscriber = collect(store);

      // Only the other process writes: nothing in this process wakes the subscriber.
      const alone = await runChild(['append', file, 'remote', '20', '2']);
      const first = await subscriber.waitFor(20, 15_000);
      expect(first.map((event) => event.id)).toEqual(alone.flatMap((ack) => ack.ids));

      // Both write at the same time.
      const child = runChild(['append', file, 'remote', '30', '3']);
      for (let i = 0; i < 30; i++) {
        await store.append('local', [testEvent('LocalWritten', { i })], { expectedRevision: 'any' });
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      const remote = [...alone, ...(await child)];

      const received = await subscriber.waitFor(80, 15_000);
      await subscriber.stop();
      expect(received).toEqual(await store.readAll());
      expect(received.filter((event) => event.stream === 'remote').map((event) => event.id)).toEqual(remote.flatMap((ack) => ack.ids));
      expect(received.filter((event) => event.stream === 'local').map((event) => (event.data as { i: number }).i)).toEqual(
        Array.from({ length: 30 }, (_, i) => i),
      );
      expect(store.stats.appends).toBe(30);
    }, 60_000);

    it('two processes racing on one stream: no lost update, revisions stay contiguous', async () => {
      const store = open();
      await store.append('shared', [testEvent()], { expectedRevision: 'no_stream' });
      const child = runChild(['append', file, 'shared', '60', '0']);
      for (let written = 0; written < 60;) {
        const [last] = await store.readStream('shared', { direction: 'backwards', limit: 1 });
        try {
          await store.append('shared', [testEvent('Local')], { expectedRevision: last?.revision ?? 'no_stream' });
          written++;
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError)) throw error; // raced: read again
        }
      }
      await child;
      const stored = await store.readStream('shared', { limit: 1000 });
      expect(stored).toHaveLength(121);
      expect(stored.map((event) => event.revision)).toEqual(stored.map((_, i) => BigInt(i)));
      expect(stored.filter((event) => event.type === 'Local')).toHaveLength(60);
      expect(stored.filter((event) => event.type === 'RemoteWritten')).toHaveLength(60);
    }, 60_000);
  });
});

function spawnChild(args: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, ...args], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`append-child failed (${code}): ${errors}\n`);
  });
  return child;
}

/** Runs the child to completion; resolves with its acknowledgements, rejects if it fails. */
async function runChild(args: readonly string[]): Promise<Acknowledgement[]> {
  const child = spawnChild(args);
  const exited = exitOf(child);
  const acknowledged: Acknowledgement[] = [];
  for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    acknowledged.push(JSON.parse(line) as Acknowledgement);
  }
  const { code, signal } = await exited;
  if (code !== 0) throw new Error(`append-child ${args.join(' ')} ended with ${code ?? signal}`);
  return acknowledged;
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
