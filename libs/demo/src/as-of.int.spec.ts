/**
 * As-of on history recorded late (real SQLite event store): Charenton's
 * stream of the demo, its meetings recorded group by group as a catalyseur
 * catching up would (each group's three meetings in a row: the three états des
 * lieux were held on 10, 12 and 14 December 2012), so the meeting dates go
 * back within the stream — the demo itself writes them in time order. As of
 * 2013-01-01 on the happened clock the three were held; on the recorded clock,
 * Catalyse had recorded nothing of it then, and, at any instant of the load,
 * exactly what the log held.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandHandler, foldAsOf } from '@catalyse/commands';
import { AGGREGATES, type ExperimentationState, experimentationStream, fold, type HistoryCut } from '@catalyse/domain';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { loadScript, Script, type ScriptStep } from '@catalyse/operations';
import { type ExperimentationBoard, experimentationBoards, readModelAsOf } from '@catalyse/projections';
import { demoScript } from './network/demo';

jest.setTimeout(60_000);

const TZ = 'Europe/Paris';
const CHARENTON = 'agir-ensemble-charenton';
const STREAM = experimentationStream(CHARENTON);

describe('as-of on the history of Charenton, recorded out of date order', () => {
  let dir: string;
  let events: SqliteEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-as-of-'));
    events = SqliteEventStore.open({ file: join(dir, 'events.db') });
    // Charenton's stream of the demo, its meetings recorded group by group, through the users' command path.
    const charenton = new Script();
    for (const stream of demoScript().streams.filter((s) => s.stream === STREAM)) {
      const groupOf = (step: ScriptStep): string => (step.command.data as { groupId: string }).groupId;
      const isMeeting = (step: ScriptStep): boolean => step.command.type === 'HoldGroupMeeting';
      const meetings = stream.steps.filter(isMeeting);
      const groups = [...new Set(meetings.map(groupOf))];
      const groupByGroup = groups.flatMap((group) => meetings.filter((m) => groupOf(m) === group));
      let next = 0;
      for (const step of stream.steps) {
        const written = isMeeting(step) ? groupByGroup[next++] : step;
        if (written) charenton.add(stream.decider, stream.stream, written.command, written.at, written.actor);
      }
    }
    const report = await loadScript(events, new CommandHandler(events), charenton.plan(), { source: 'demo' });
    expect(report.diverged).toEqual([]);
  });
  afterAll(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stateAsOf = async (cut: HistoryCut) => (await foldAsOf(events, AGGREGATES.experimentation.decider, STREAM, cut, TZ)).state;
  const meetingsOf = (state: ExperimentationState): string[] =>
    state.status === 'none' ? [] : state.groups.flatMap((g) => g.meetings.map((m) => `${g.groupId} ${m.heldOn}`)).sort();

  it('the stream does go back in time: a meeting of January is recorded before one of December', async () => {
    const stored = await events.readStream(STREAM, { from: 0n, direction: 'forwards', limit: 1000 });
    const held = stored.filter((e) => e.type === 'GroupMeetingHeld').map((e) => (e.data as { heldOn: string }).heldOn);
    expect(held.indexOf('2013-01-14')).toBeLessThan(held.indexOf('2012-12-12'));
  });

  it('happened clock, 2013-01-01: the three états des lieux were held (the first-past-the-date fold saw one)', async () => {
    const state = await stateAsOf({ time: '2013-01-01' });
    expect(meetingsOf(state)).toEqual(['handicap 2012-12-12', 'insertion-jeunes 2012-12-10', 'precarite 2012-12-14']);
    expect(state).toMatchObject({ stage: 'co_construction', invitation: { dirigeants: 142 } });
    if (state.status === 'none') throw new Error('not launched');
    expect(state.actions).toEqual([]);
    // The same through the board's read model, and as an instant of that night in Paris.
    const board = await readModelAsOf<ExperimentationBoard>(events, experimentationBoards, STREAM, { time: '2012-12-31T23:59:59+01:00' }, TZ);
    expect(board.doc).toMatchObject({ meetingsHeld: 3, actionsAdopted: 0 });
    expect(board.doc?.groupSummaries.map((g) => g.meetingDates)).toEqual([
      { etat_des_lieux: '2012-12-10' },
      { etat_des_lieux: '2012-12-12' },
      { etat_des_lieux: '2012-12-14' },
    ]);
  });

  it('happened clock at day precision: on 12 December two were held, by the end of February all nine', async () => {
    expect(meetingsOf(await stateAsOf({ time: '2012-12-12' }))).toEqual(['handicap 2012-12-12', 'insertion-jeunes 2012-12-10']);
    expect(meetingsOf(await stateAsOf({ time: '2013-02-28' }))).toHaveLength(9);
    expect(await stateAsOf({ time: '2012-01-15' })).toEqual({ status: 'none' });
  });

  it('recorded clock: nothing was recorded by 2013-01-01; at any instant of the load, exactly the events recorded by then', async () => {
    expect(await stateAsOf({ time: '2013-01-01', clock: 'recorded' })).toEqual({ status: 'none' });
    const stored = await events.readStream(STREAM, { from: 0n, direction: 'forwards', limit: 1000 });
    const middle = stored[Math.floor(stored.length / 2)];
    if (!middle) throw new Error('empty stream');
    const recordedBy = stored.filter((e) => Date.parse(e.recordedAt) <= Date.parse(middle.recordedAt));
    const folded = await foldAsOf(events, AGGREGATES.experimentation.decider, STREAM, { time: middle.recordedAt, clock: 'recorded' }, TZ);
    expect(folded.folded).toBe(recordedBy.length);
    expect(folded.state).toEqual(
      fold(
        AGGREGATES.experimentation.decider,
        recordedBy.map((e) => ({ type: e.type, data: e.data }) as never),
      ),
    );
    // Now, everything: the live state.
    const now = await stateAsOf({ time: new Date(Date.now() + 1000).toISOString(), clock: 'recorded' });
    expect(now).toMatchObject({ status: 'concluded' });
    expect(meetingsOf(now)).toHaveLength(9);
  });
});
