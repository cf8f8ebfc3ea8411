/**
 * The script loader on a small hand-written history (real SQLite event store):
 * once over two runs, resumed after an interruption, events appended after
 * the script's own left alone (loaded), a changed stream and another script's
 * stream left alone (diverged, not thrown), a wrong script refused. The demo and the generated histories are
 * loaded by the specs of `libs/demo`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { type CatalyseurCommand, catalyseurDecider, catalyseurStream, partnershipDecider } from '@catalyse/domain';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { bulkLoadScript } from './decided-events';
import { loadScript } from './load-script';
import { Script } from './script';

const joinNetwork = (id: string): CatalyseurCommand => ({
  type: 'JoinNetwork',
  data: {
    catalyseurId: id,
    name: `Catalyseur ${id}`,
    sphere: 'association',
    territory: 'alsace',
    skills: ['mise_en_relation'],
    joinedAt: '2016-03-10T09:00:00.000Z',
  },
});
const moveTo = (territory: string): CatalyseurCommand => ({ type: 'UpdateProfile', data: { territory } });

/** Three catalyseurs: join, move, move again to the same place (writes nothing), leave. */
function smallScript(steps = 4): Script {
  const script = new Script();
  for (const id of ['c1', 'c2', 'c3']) {
    const send = script.on(catalyseurDecider, catalyseurStream(id));
    const commands: CatalyseurCommand[] = [
      joinNetwork(id),
      moveTo('drome'),
      moveTo('drome'),
      { type: 'LeaveNetwork', data: { leftAt: '2019-07-01T09:00:00.000Z' } },
    ];
    for (const command of commands.slice(0, steps)) send(command, '2016-03-10T09:00:00.000Z', id);
  }
  return script;
}

describe('loadScript (real SQLite event store)', () => {
  let dir: string;
  let events: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-load-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (id: string): Promise<string[]> =>
    (await events.readStream(catalyseurStream(id), { from: 0n, direction: 'forwards', limit: 100 })).map((e) => e.type);

  it('loads a script once: a second run writes nothing', async () => {
    const script = smallScript();
    const first = await loadScript(events, new CommandHandler(events), script.plan(), { source: 'small' });
    expect(first).toMatchObject({ streams: 3, commands: 12, applied: 9, alreadyDone: 3, diverged: [] });
    expect(await stored('c2')).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'CatalyseurLeft']);

    const second = await loadScript(events, new CommandHandler(events), smallScript().plan(), { source: 'small' });
    expect(second).toMatchObject({ applied: 0, alreadyDone: 12, diverged: [] });
    expect(await stored('c2')).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'CatalyseurLeft']);
  });

  it('resumes where an interrupted run stopped, skipping the commands that write nothing', async () => {
    const progress: number[] = [];
    await loadScript(events, new CommandHandler(events), smallScript(2).plan(), { source: 'small' });
    const resumed = await loadScript(events, new CommandHandler(events), smallScript().plan(), {
      source: 'small',
      concurrency: 1,
      onProgress: (p) => progress.push(p.streams),
    });
    expect(resumed).toMatchObject({ applied: 3, alreadyDone: 9, diverged: [] });
    expect(progress.at(-1)).toBe(3);
    for (const id of ['c1', 'c2', 'c3']) expect(await stored(id)).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'CatalyseurLeft']);
  });

  it('leaves alone a stream changed by users since, and says why', async () => {
    const commands = new CommandHandler(events);
    await loadScript(events, commands, smallScript(2).plan(), { source: 'small' });
    for (const territory of ['ardeche', 'creuse']) {
      await commands.handle(catalyseurDecider, catalyseurStream('c1'), moveTo(territory), {
        actor: 'c1',
        correlationId: 'user',
        occurredAt: '2017-01-01T09:00:00.000Z',
      });
    }

    const again = await loadScript(events, new CommandHandler(events), smallScript().plan(), { source: 'small' });
    expect(again.diverged).toEqual([{ stream: catalyseurStream('c1'), reason: 'son événement 2 est ProfileUpdated, celui du script est CatalyseurLeft' }]);
    expect(await stored('c1')).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'ProfileUpdated', 'ProfileUpdated']);
    expect(await stored('c3')).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'CatalyseurLeft']);
  });

  it('finds a stream loaded when later events follow the script’s (a reminder, a user’s command): nothing written, not diverged', async () => {
    const commands = new CommandHandler(events);
    const script = () => smallScript(3); // join, move, move again to the same place (writes nothing)
    await loadScript(events, commands, smallScript(1).plan(), { source: 'small' });
    // c1 loaded to its end, then changed by its user; c2 and c3 stopped half way.
    await loadScript(events, commands, { streams: script().plan().streams.slice(0, 1), streamCount: 1 }, { source: 'small' });
    await commands.handle(catalyseurDecider, catalyseurStream('c1'), moveTo('creuse'), {
      actor: 'c1',
      correlationId: 'user',
      occurredAt: '2020-01-01T09:00:00.000Z',
    });

    const again = await loadScript(events, new CommandHandler(events), script().plan(), { source: 'small' });
    expect(again).toMatchObject({ commands: 9, applied: 2, alreadyDone: 7, diverged: [] }); // c2 and c3 finished, c1 untouched
    expect(await stored('c1')).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'ProfileUpdated']);
    expect(await stored('c2')).toEqual(['CatalyseurJoined', 'ProfileUpdated']);

    const head = await events.headPosition();
    expect(await loadScript(events, new CommandHandler(events), script().plan(), { source: 'small' })).toMatchObject({
      applied: 0,
      alreadyDone: 9,
      diverged: [],
    });
    expect(await events.headPosition()).toBe(head);
  });

  it('reports as diverged, without throwing, a stream another script wrote (another seed), whatever its lengths', async () => {
    // One seed: c1 and c2 join in 2018. The other: they join in 2016 and leave in 2017, refused on the first one's state.
    const seed = (joined: string, leave: boolean): Script => {
      const script = new Script();
      for (const id of ['c1', 'c2']) {
        const send = script.on(catalyseurDecider, catalyseurStream(id));
        // c1's commands are dated as they happen (the generators' way), c2's all on one day: only its data differ.
        const at = id === 'c1' ? joined : '2015-01-01T09:00:00.000Z';
        send({ ...joinNetwork(id), data: { ...joinNetwork(id).data, joinedAt: joined } } as CatalyseurCommand, at, id);
        if (leave) send({ type: 'LeaveNetwork', data: { leftAt: '2017-01-01T09:00:00.000Z' } }, id === 'c1' ? '2017-01-01T09:00:00.000Z' : at, id);
      }
      return script;
    };
    await loadScript(events, new CommandHandler(events), seed('2018-01-01T09:00:00.000Z', false).plan(), { source: 'gen' });

    const other = await loadScript(events, new CommandHandler(events), seed('2016-01-01T09:00:00.000Z', true).plan(), { source: 'gen' });
    expect(other).toMatchObject({ applied: 0 });
    expect(other.diverged).toEqual(
      expect.arrayContaining([
        {
          stream: catalyseurStream('c1'),
          reason: 'son événement 0 (CatalyseurJoined) est de c1 le 2018-01-01T09:00:00.000Z, celui du script de c1 le 2016-01-01T09:00:00.000Z',
        },
        { stream: catalyseurStream('c2'), reason: 'sa commande 1 (LeaveNetwork) est refusée sur ce qu’il contient (RULE_VIOLATED)' },
      ]),
    );
    expect(other.diverged).toHaveLength(2);
    for (const id of ['c1', 'c2']) expect(await stored(id)).toEqual(['CatalyseurJoined']);
  });

  it('refuses a script whose commands the decider refuses, and a stream given two aggregates', async () => {
    await loadScript(events, new CommandHandler(events), smallScript(1).plan(), { source: 'small' });
    // c1 holds its JoinNetwork; a script that starts it with an UpdateProfile cannot be what wrote it.
    const wrong = new Script().add(catalyseurDecider, catalyseurStream('c1'), moveTo('drome'), '2016-03-10T09:00:00.000Z', 'c1');
    await expect(loadScript(events, new CommandHandler(events), wrong.plan(), { source: 'small' })).rejects.toThrow(
      /the script is wrong: command 0 \(UpdateProfile\) of catalyseur-c1 is refused/,
    );

    expect(() =>
      new Script()
        .add(catalyseurDecider, 'catalyseur-x', joinNetwork('x'), '2016-03-10T09:00:00.000Z', 'x')
        .add(partnershipDecider, 'catalyseur-x', { type: 'StartPilotage', data: { startedOn: '2016-04-01' } }, '2016-04-01T09:00:00.000Z', 'x'),
    ).toThrow('stream catalyseur-x is given commands of two different aggregates');
  });
});

describe('bulkLoadScript (real SQLite event stores)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'catalyse-bulk-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each stream in one append, the very events loadScript writes through the commands (ids, data, metadata)', async () => {
    const viaCommands = SqliteEventStore.open({ file: join(dir, 'commands.db') });
    const bulk = SqliteEventStore.open({ file: join(dir, 'bulk.db') });
    try {
      await loadScript(viaCommands, new CommandHandler(viaCommands), smallScript().plan(), { source: 'small' });
      const written: number[] = [];
      const report = await bulkLoadScript(bulk, smallScript().plan(), { source: 'small', concurrency: 2, onProgress: (n) => written.push(n) });
      expect(report).toEqual({ streams: 3, events: 9 });
      expect(written.at(-1)).toBe(9);
      for (const id of ['c1', 'c2', 'c3']) {
        const read = async (store: SqliteEventStore) =>
          (await store.readStream(catalyseurStream(id), { from: 0n, direction: 'forwards', limit: 100 })).map(
            ({ id: eventId, type, data, metadata, revision }) => ({
              eventId,
              type,
              data,
              metadata,
              revision,
            }),
          );
        expect(await read(bulk)).toEqual(await read(viaCommands));
      }
      // A second bulk load is an idempotent retry of the same event ids: the store writes nothing.
      const head = await bulk.headPosition();
      expect(await bulkLoadScript(bulk, smallScript().plan(), { source: 'small' })).toEqual({ streams: 3, events: 9 });
      expect(await bulk.headPosition()).toBe(head);
      // loadScript over the bulk-loaded store finds everything done.
      expect(await loadScript(bulk, new CommandHandler(bulk), smallScript().plan(), { source: 'small' })).toMatchObject({ applied: 0, alreadyDone: 12 });
    } finally {
      await bulk.close();
      await viaCommands.close();
    }
  });
});
