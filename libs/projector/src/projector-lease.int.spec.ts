/**
 * Two projectors on one projection store (as two processes would be): exactly
 * one is active, every event is projected once, and the standby takes over
 * when the active one stops or stops renewing its lease, or at once when it is
 * named dead (`takeOverFrom`, as the all-in-one does holding its data folder).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roomDecider, roomStream } from '@catalyse/domain';
import { CommandHandler } from '@catalyse/commands';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { InProcessFeedNotifier } from '@catalyse/notifier';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { Projector, type ProjectorLogger } from './projector';

jest.setTimeout(30_000);

const quiet: ProjectorLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Projector leadership (lease in the projection store)', () => {
  let dir: string;
  let events: SqliteEventStore;
  const stores: SqliteProjectionStore[] = [];
  const projectors: Projector[] = [];
  let commands: CommandHandler;
  let posted = 0;

  const projector = (holder: string, ttlMs = 300, takeOverFrom?: readonly string[]): Projector => {
    const store = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    stores.push(store);
    const lease = { holder, ttlMs, ...(takeOverFrom ? { takeOverFrom } : {}) };
    const created = new Projector(events, store, new InProcessFeedNotifier(), { lease, logger: quiet });
    projectors.push(created);
    return created;
  };

  const post = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      posted++;
      await commands.handle(
        roomDecider,
        roomStream('agora'),
        {
          type: 'PostMessage',
          data: { messageId: `m-${posted}`, clientMsgId: `c-${posted}`, authorId: 'amelie', text: `message ${posted}`, postedAt: '2026-03-01T10:00:00Z' },
        },
        { actor: 'amelie', correlationId: `corr-${posted}`, occurredAt: '2026-03-01T10:00:00Z' },
      );
    }
  };

  const feedSeqs = async (): Promise<number[]> => (await (stores[0] as SqliteProjectionStore).readFeed('room:agora', 0, 10_000)).map((entry) => entry.seq);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-lease-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db'), synchronous: 'NORMAL', pollIntervalMs: 10 });
    commands = new CommandHandler(events);
    posted = 0;
    await commands.handle(
      roomDecider,
      roomStream('agora'),
      {
        type: 'OpenRoom',
        data: { roomId: 'agora', kind: 'theme', subject: 'agora', title: 'Agora', access: 'open', openedBy: 'amelie', openedAt: '2026-03-01T09:00:00Z' },
      },
      { actor: 'amelie', correlationId: 'open', occurredAt: '2026-03-01T09:00:00Z' },
    );
  });

  afterEach(async () => {
    for (const created of projectors.splice(0)) await created.stop();
    for (const store of stores.splice(0)) await store.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets exactly one of two projectors project; each event lands once', async () => {
    const [a, b] = [projector('node-a'), projector('node-b')];
    await Promise.all([a.start(), b.start()]);
    await post(30);
    await until(async () => (await feedSeqs()).length === 31, 'all 31 entries');
    const roles = [(await a.status()).role, (await b.status()).role].sort();
    expect(roles).toEqual(['active', 'standby']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // time for a wrong second projection to show
    expect(await feedSeqs()).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });

  it('hands over at once when the active one stops, and the standby goes on from the checkpoint', async () => {
    const [a, b] = [projector('node-a', 5_000), projector('node-b', 5_000)];
    await a.start();
    await until(async () => (await a.status()).role === 'active', 'a active');
    await b.start();
    await post(10);
    await until(async () => (await feedSeqs()).length === 11, 'the first 11 entries');
    expect((await b.status()).role).toBe('standby');

    await a.stop(); // releases the lease: no need to wait 5 s
    await post(10);
    await until(async () => (await feedSeqs()).length === 21, 'the next 10 entries, by b', 3_000);
    expect((await b.status()).role).toBe('active');
    expect(await feedSeqs()).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
  });

  it('takes over from an active projector that stopped renewing (a frozen or dead process)', async () => {
    const a = projector('node-a', 300);
    await a.start();
    await until(async () => (await a.status()).role === 'active', 'a active');
    await post(5);
    await until(async () => (await feedSeqs()).length === 6, 'the first entries');
    // Freeze a: its store refuses everything from now on, as a dead process would do nothing.
    const frozen = stores[0] as SqliteProjectionStore;
    jest.spyOn(frozen, 'claimLease').mockRejectedValue(new Error('frozen'));
    jest.spyOn(frozen, 'transaction').mockRejectedValue(new Error('frozen'));

    const b = projector('node-b', 300);
    await b.start();
    await until(async () => (await b.status()).role === 'active', 'b to take over after the lease expired', 5_000);
    await post(5);
    const reader = stores[1] as SqliteProjectionStore;
    await until(async () => (await reader.readFeed('room:agora', 0, 100)).length === 11, 'b projecting');
    expect((await reader.readFeed('room:agora', 0, 100)).map((entry) => entry.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('takes over at once from a holder named dead, and only from that one', async () => {
    // A dead run left a 10 s lease behind (it claimed, then never renewed nor released).
    const leftBehind = SqliteProjectionStore.open({ file: join(dir, 'read-models.db'), synchronous: 'NORMAL' });
    stores.push(leftBehind);
    expect(await leftBehind.claimLease('main', 'dead-run', 10_000)).toBe(true);

    // Naming someone else dead changes nothing: the lease is still held.
    const unrelated = projector('node-b', 10_000, ['another-run']);
    await unrelated.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(unrelated.active).toBe(false);
    await unrelated.stop();

    const started = Date.now();
    const heir = projector('node-c', 10_000, ['dead-run']);
    await heir.start();
    await until(() => heir.active, 'the heir to take the lease', 1_000);
    expect(Date.now() - started).toBeLessThan(1_000); // not the 10 s of the dead run's lease
    await post(3);
    await until(async () => (await feedSeqs()).length === 4, 'the heir projecting');
    expect(await feedSeqs()).toEqual([1, 2, 3, 4]);
  });
});
