import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import type { FeedEntry } from '@catalyse/protocol';
import { COLLECTIONS, type ProjectionStore } from '@catalyse/projections';
import { Projector } from './projector';
import { appendAll, scenario } from './testing/scenario';

const WORKSPACE = resolve(__dirname, '../../..');
const CHILD = join(__dirname, 'testing', 'crash-child.ts');
const KILLS = 6;

interface Child {
  readonly process: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the child has written `count` batch lines (or exits first). */
  batches(count: number): Promise<void>;
  stderr(): string;
}

function spawnProjector(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD], {
    cwd: WORKSPACE,
    env: { ...process.env, ...env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = 0;
  let err = '';
  const waiters: { count: number; resolve: () => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.resolve();
      done({ code, signal });
    }),
  );
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line === 'batch') seen++;
    for (const w of [...waiters]) {
      if (seen >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    process: child,
    exited,
    batches: (count) => new Promise<void>((resolve) => (seen >= count || child.exitCode !== null ? resolve() : waiters.push({ count, resolve }))),
    stderr: () => err,
  };
}

async function allFeeds(store: ProjectionStore): Promise<Map<string, FeedEntry[]>> {
  const feeds = new Map<string, FeedEntry[]>();
  for (const { room } of (await store.feedChangesSince(0)).changes) feeds.set(room, await store.readFeed(room, 0, 1_000_000));
  return feeds;
}

describe('Projector crash safety (SIGKILL at random moments)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after repeated kill -9 and restarts, every feed holds exactly one entry per routed event, contiguous, and the checkpoint is the head', async () => {
    const eventsFile = join(dir, 'events.db');
    const readModelsFile = join(dir, 'read-models.db');
    const events = SqliteEventStore.open({ file: eventsFile });
    const log = scenario({ partnerships: 60, rooms: 12, messagesPerRoom: 80, catalyseurs: 80, seed: 2026 });
    const head = await appendAll(events, log);
    expect(log.length).toBeGreaterThan(2000);

    const env = { EVENTS_FILE: eventsFile, READ_MODELS_FILE: readModelsFile, TARGET_POSITION: head.toString(), MAX_BATCH: '5' };
    const checkpoints: bigint[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const child = spawnProjector(env);
      // Kill after a random number of committed batches, plus a random sub-batch delay:
      // the child is then anywhere inside its next transaction.
      await child.batches(1 + Math.floor(Math.random() * 40));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      child.process.kill('SIGKILL');
      const { signal, code } = await child.exited;
      if (code !== null) throw new Error(`the child ended by itself (code ${code}) before the kill:\n${child.stderr()}`);
      expect(signal).toBe('SIGKILL');
      const peek = SqliteProjectionStore.open({ file: readModelsFile, readOnly: true });
      checkpoints.push(await peek.getCheckpoint('main'));
      await peek.close();
    }
    // Each run made progress, none reached the end: the kills landed mid-log.
    for (let i = 1; i < checkpoints.length; i++) expect((checkpoints[i] ?? 0n) > (checkpoints[i - 1] ?? 0n)).toBe(true);
    expect((checkpoints[checkpoints.length - 1] ?? 0n) < head).toBe(true);

    const last = spawnProjector({ ...env, MAX_BATCH: '500' });
    const outcome = await last.exited;
    expect({ ...outcome, stderr: last.stderr() }).toEqual({ code: 0, signal: null, stderr: '' });

    // The reference: the same log projected once, without interruption.
    const referenceStore = SqliteProjectionStore.open({ file: join(dir, 'reference.db') });
    const reference = new Projector(events, referenceStore, new InProcessFeedNotifier(), {
      logger: { log: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await reference.start();
    expect(await reference.waitForPosition(head, 60_000)).toBe(true);
    await reference.stop();

    const store = SqliteProjectionStore.open({ file: readModelsFile, readOnly: true });
    try {
      expect(await store.getCheckpoint('main')).toBe(head);
      const feeds = await allFeeds(store);
      const expected = await allFeeds(referenceStore);
      expect([...feeds.keys()].sort()).toEqual([...expected.keys()].sort());
      let total = 0;
      for (const [room, entries] of expected) {
        const got = feeds.get(room) ?? [];
        // Exactly one entry per routed event: same positions, same order, contiguous seqs from 1.
        expect({ room, seqs: got.map((e) => e.seq) }).toEqual({ room, seqs: entries.map((_, i) => i + 1) });
        expect(got).toEqual(entries);
        expect(new Set(got.map((e) => e.position)).size).toBe(got.length);
        total += got.length;
      }
      expect(total).toBeGreaterThan(log.length);
      for (const collection of Object.values(COLLECTIONS)) {
        expect(await store.findDocs(collection, {})).toEqual(await referenceStore.findDocs(collection, {}));
      }
    } finally {
      await store.close();
      await referenceStore.close();
      await events.close();
    }
  }, 180_000);
});
