/**
 * Loading histories through the users' command path, on a real SQLite event
 * store: the demo of the documents and a generated history are accepted by
 * every rule, load once whatever the number of runs, resume after an
 * interruption, find loaded a stream the system or users added to since and
 * leave alone one that differs within the script's length; the demo's
 * written log is in time order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler } from '@catalyse/commands';
import { AGGREGATES, anyAggregate, fold, type PartnershipCommand, type PartnershipMode, partnershipStream } from '@catalyse/domain';
import { readAllEvents, type RecordedEvent } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { loadScript, Script, verifyLog } from '@catalyse/operations';
import { generateHistory } from './history/generate';
import { demoScript } from './network/demo';
import { timeOrderProblemsOf } from './time-order';

jest.setTimeout(60_000);

describe('loading scripts through the commands (real SQLite event store)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let commands: CommandHandler;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-script-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
    commands = new CommandHandler(events);
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async (): Promise<number> => {
    let n = 0;
    for await (const _ of readAllEvents(events)) n++;
    return n;
  };

  it('loads the demo once: every command accepted, a second run writes nothing, the log re-folds cleanly', async () => {
    const script = demoScript();
    const first = await loadScript(events, commands, script.plan(), { source: 'demo' });
    expect(first).toMatchObject({ streams: script.streams.length, commands: script.commands, applied: script.commands, alreadyDone: 0, diverged: [] });
    const written = await count();
    expect(written).toBeGreaterThanOrEqual(script.commands);

    const second = await loadScript(events, new CommandHandler(events), demoScript().plan(), { source: 'demo' });
    expect(second).toMatchObject({ applied: 0, alreadyDone: script.commands, diverged: [] });
    expect(await count()).toBe(written);
    expect(await verifyLog(events)).toMatchObject({ events: written, problems: [] });

    // The written log is in time order: no stream goes back, nothing is dated before what it refers to exists.
    const byStream = new Map<string, RecordedEvent[]>();
    for await (const event of readAllEvents(events)) {
      const stored = byStream.get(event.stream) ?? [];
      stored.push(event);
      byStream.set(event.stream, stored);
    }
    expect(byStream.size).toBe(script.streams.length);
    expect(timeOrderProblemsOf([...byStream].map(([stream, stored]) => ({ stream, events: stored })))).toEqual([]);

    // The documents' figures, folded from the log by the deciders.
    const state = async (category: keyof typeof AGGREGATES, id: string) => {
      const stored = await events.readStream(`${category}-${id}`, { from: 0n, direction: 'forwards', limit: 10_000 });
      return fold(
        anyAggregate(category).decider,
        stored.map((e) => ({ type: e.type, data: e.data })),
      ) as Record<string, unknown>;
    };
    expect(await state('partnership', 'flda-cg-ardeche')).toMatchObject({ phase: 'pilotage', cycle: 2 });
    expect(await state('experimentation', 'agir-ensemble-charenton')).toMatchObject({ status: 'concluded', invitation: { dirigeants: 142 } });
    expect(await state('parcours', 'co-construction-territoriale-2018')).toMatchObject({ status: 'completed', durationMonths: 9 });
    const catalyseurs = (await events.readAll({ limit: 100_000 })).filter((e) => e.type === 'CatalyseurJoined');
    expect(catalyseurs).toHaveLength(350);
    const alsace = (await events.readAll({ limit: 100_000 })).filter(
      (e) => e.type === 'PartnershipProposed' && (e.data as { territory: { id: string } }).territory.id === 'alsace',
    );
    expect(alsace).toHaveLength(70);
    // The territory's catalyseur proposes each of the demo's partnerships, and so accompanies it (docs/adr/0025-who-accompanies-a-partnership.md).
    const logged = await events.readAll({ limit: 100_000 });
    const accompanied = new Set(logged.filter((e) => e.type === 'CatalyseurAssigned').map((e) => e.stream));
    // All but seven of the Labo's: 63 of its 70 accompanied (README, the documents' conflicts).
    const alone = logged.filter((e) => e.type === 'PartnershipProposed' && !accompanied.has(e.stream)).map((e) => e.stream);
    expect(alone).toEqual([64, 65, 66, 67, 68, 69, 70].map((n) => partnershipStream(`labo-alsace-partenariat-${String(n).padStart(3, '0')}`)));
    expect((await state('partnership', 'flda-cg-ardeche'))['catalyseurs']).toHaveLength(1);
  });

  it('resumes a load stopped half way, command by command', async () => {
    const full = demoScript();
    // What an interrupted run left: the first half of each stream's commands.
    const half = new Script();
    for (const stream of full.streams) {
      for (const step of stream.steps.slice(0, Math.ceil(stream.steps.length / 2))) half.add(stream.decider, stream.stream, step.command, step.at, step.actor);
    }
    const interrupted = await loadScript(events, commands, half.plan(), { source: 'demo' });
    expect(interrupted.applied).toBe(half.commands);

    const resumed = await loadScript(events, new CommandHandler(events), full.plan(), { source: 'demo' });
    expect(resumed).toMatchObject({ applied: full.commands - half.commands, alreadyDone: half.commands, diverged: [] });
    expect(await verifyLog(events)).toMatchObject({ problems: [] });
  });

  it('finds loaded a stream the system or users added to since (a reminder, a command), and leaves alone one that differs within the demo’s length', async () => {
    const script = demoScript();
    // Before the demo: partnership 070 proposed by someone else, on another day (the demo's own command otherwise).
    const other = partnershipStream('labo-alsace-partenariat-070');
    const proposal = script.streams.find((s) => s.stream === other)?.steps[0];
    if (!proposal) throw new Error('the demo proposes labo-alsace-partenariat-070');
    await commands.handle(AGGREGATES.partnership.decider, other, proposal.command as PartnershipCommand, {
      actor: 'ops-other',
      correlationId: 'user',
      occurredAt: '2013-02-01T09:00:00.000Z',
    });
    const otherReason = `son événement 0 (PartnershipProposed) est de ops-other le 2013-02-01T09:00:00.000Z, celui du script de ${proposal.actor} le ${proposal.at}`;

    const first = await loadScript(events, commands, script.plan(), { source: 'demo' });
    expect(first.diverged).toEqual([{ stream: other, reason: otherReason }]);
    expect(await events.readStream(other, { from: 0n, direction: 'forwards', limit: 1000 })).toHaveLength(1);

    // Later: the reminders job reminds a milestone of 003 late by years, a catalyseur opens the FLDA's evaluation.
    const late = partnershipStream('labo-alsace-partenariat-003');
    const folded = fold(
      anyAggregate('partnership').decider,
      (await events.readStream(late, { from: 0n, direction: 'forwards', limit: 1000 })).map((e) => ({ type: e.type, data: e.data })),
    ) as { milestones: readonly { milestoneId: string; status: string }[] };
    const planned = folded.milestones.find((m) => m.status === 'planned');
    if (!planned) throw new Error('partnership 003 has a planned milestone');
    const reminded = await commands.handle(
      AGGREGATES.partnership.decider,
      late,
      { type: 'RemindMilestone', data: { milestoneId: planned.milestoneId, today: '2026-03-11', withinDays: 7 } },
      { actor: 'system:reminders', correlationId: 'reminder', occurredAt: '2026-03-11T08:00:00.000Z' },
    );
    expect(reminded.events.map((e) => e.type)).toEqual(['MilestoneDueSoon']);
    const flda = partnershipStream('flda-cg-ardeche');
    await commands.handle(
      AGGREGATES.partnership.decider,
      flda,
      { type: 'OpenEvaluation', data: { openedOn: '2015-09-01' } },
      { actor: 'cat-ardeche', correlationId: 'user', occurredAt: '2015-09-01T09:00:00.000Z' },
    );
    const written = await count();

    const again = await loadScript(events, new CommandHandler(events), demoScript().plan(), { source: 'demo' });
    expect(again).toMatchObject({ applied: 0, diverged: [{ stream: other, reason: otherReason }] });
    expect(await count()).toBe(written);
  });

  it('generates a history at any scale whose modes follow the documents’ shares, once', async () => {
    const n = 400;
    const first = await loadScript(events, commands, generateHistory({ partnerships: n, seed: 7 }), { source: 'gen', concurrency: 16 });
    expect(first).toMatchObject({ streams: n, diverged: [] });
    expect(first.applied).toBe(first.commands);
    const proposed = (await events.readAll({ limit: 100_000 })).filter((e) => e.type === 'PartnershipProposed');
    expect(proposed).toHaveLength(n);
    // Each accompanied by the catalyseur who proposed it.
    expect((await events.readAll({ limit: 100_000 })).filter((e) => e.type === 'CatalyseurAssigned')).toHaveLength(n);
    const share = (mode: PartnershipMode): number => proposed.filter((e) => (e.data as { modes: string[] }).modes.includes(mode)).length / n;
    expect(Math.abs(share('pratiques_responsables') - 0.42)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(share('mecenat') - 0.3)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(share('cooperation_economique') - 0.25)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(share('innovation_societale') - 0.16)).toBeLessThanOrEqual(0.01);
    const phases = new Set(
      await Promise.all(
        proposed.slice(0, 80).map(async (e) => {
          const stored = await events.readStream(e.stream, { from: 0n, direction: 'forwards', limit: 100 });
          return (
            fold(
              anyAggregate('partnership').decider,
              stored.map((x) => ({ type: x.type, data: x.data })),
            ) as { phase: string }
          ).phase;
        }),
      ),
    );
    expect([...phases].sort()).toEqual(['cadrage', 'closed', 'evaluation', 'pilotage']);

    const again = await loadScript(events, new CommandHandler(events), generateHistory({ partnerships: n, seed: 7 }), { source: 'gen' });
    expect(again).toMatchObject({ applied: 0, diverged: [] });
    expect(() => generateHistory({ partnerships: 0 })).toThrow(RangeError);
  });
});
