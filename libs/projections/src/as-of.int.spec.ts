/**
 * A read model's document as it was (real SQLite event file): the stream's
 * events inside the cut folded once through the model, cut at a position, an
 * instant or a date, on the happened or the recorded clock.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { readModelAsOf } from './as-of';
import { type PartnershipBoard, partnershipBoards } from './partnership-board/partnership-board';
import { SILVER_GEEK } from './testing/fixtures';
import { foldModel } from './testing/fold-model';

const STREAM = 'partnership-silver-geek';
const TZ = 'Europe/Paris';

/** The Silver Geek partnership, one event a month from January 2026 (occurredAt), with a malformed event in the middle. */
const HISTORY: readonly [string, unknown][] = [
  ['PartnershipProposed', SILVER_GEEK],
  ['ObjectivesAgreed', { orgId: 'asso-silver-geek', objectives: ['innovation'], cycle: 1 }],
  ['MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' }],
  ['MilestoneReached', 'written by hand'],
  ['PilotageStarted', { startedOn: '2026-05-04', cycle: 1 }],
  ['MilestoneReached', { milestoneId: 'm-ateliers', reachedOn: '2026-06-10' }],
];
const occurredAt = (index: number): string => `2026-${String(index + 1).padStart(2, '0')}-15T10:00:00.000Z`;

describe('readModelAsOf (a document as it was)', () => {
  let dir: string;
  let store: EventStore;
  let recorded: RecordedEvent[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-as-of-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    // Another stream first, so that positions and revisions differ.
    await store.append(
      'catalyseur-cat-claire',
      [{ id: randomUUID(), type: 'CatalyseurJoined', data: { catalyseurId: 'cat-claire' }, metadata: meta('2025-12-01T09:00:00.000Z') }],
      { expectedRevision: 'no_stream' },
    );
    let expected: bigint | 'no_stream' = 'no_stream';
    for (const [index, [type, data]] of HISTORY.entries()) {
      await store.append(STREAM, [{ id: randomUUID(), type, data, metadata: meta(occurredAt(index)) }], { expectedRevision: expected });
      expected = BigInt(index);
    }
    recorded = await store.readStream(STREAM, { from: 0n, direction: 'forwards', limit: 100 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cut at an instant: the board as the projector had it then, with the last event folded', async () => {
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { time: '2026-05-20T00:00:00.000Z' }, TZ);
    const prefix = recorded.slice(0, 5);
    expect(asOf).toEqual({ doc: foldModel<PartnershipBoard>(partnershipBoards, prefix).doc, revision: 4n, position: prefix[4]?.position, at: occurredAt(4) });
    expect(asOf.doc).toMatchObject({ phase: 'pilotage', revision: '4', updatedAt: occurredAt(4) });
    expect(asOf.doc?.milestones).toEqual([
      { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15', status: 'planned', cycle: 1, rescheduled: 0 },
    ]);
  });

  it('cut at a position (inclusive); past the end it is the live board', async () => {
    const third = recorded[2];
    if (!third) throw new Error('no third event');
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { position: third.position }, TZ);
    expect(asOf).toMatchObject({
      revision: 2n,
      position: third.position,
      at: occurredAt(2),
      doc: { phase: 'cadrage', nextDueDate: '2026-04-15', revision: '2' },
    });
    const live = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { position: 1_000n }, TZ);
    expect(live.doc).toEqual(foldModel<PartnershipBoard>(partnershipBoards, recorded).doc);
    expect(live.doc).toMatchObject({ phase: 'pilotage', revision: '5' });
    expect(live.doc && 'nextDueDate' in live.doc).toBe(false);
  });

  it('the malformed event is left out as the projector leaves it out, yet it counts as the last event of its prefix', async () => {
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { time: occurredAt(3) }, TZ);
    expect(asOf).toMatchObject({ revision: 3n, at: occurredAt(3), doc: { revision: '2', phase: 'cadrage' } });
  });

  it('history recorded late, out of date order: on the happened clock the facts of the period count wherever they were recorded', async () => {
    // A reach recorded first, dated in June; then a committee recorded after it, held in May.
    const late = 'partnership-late';
    const events: readonly [string, unknown, string][] = [
      ['PartnershipProposed', { ...SILVER_GEEK, partnershipId: 'late' }, '2026-01-15T10:00:00.000Z'],
      ['PilotageStarted', { startedOn: '2026-02-01', cycle: 1 }, '2026-02-01T10:00:00.000Z'],
      ['SteeringCommitteeHeld', { committeeId: 'copil-2', heldOn: '2026-06-20', attendees: [], decisions: ['deux'] }, '2026-06-20T10:00:00.000Z'],
      ['SteeringCommitteeHeld', { committeeId: 'copil-1', heldOn: '2026-05-10', attendees: [], decisions: ['un'] }, '2026-05-10T10:00:00.000Z'],
    ];
    let expected: bigint | 'no_stream' = 'no_stream';
    for (const [index, [type, data, at]] of events.entries()) {
      await store.append(late, [{ id: randomUUID(), type, data, metadata: meta(at) }], { expectedRevision: expected });
      expected = BigInt(index);
    }
    const committees = async (cut: Parameters<typeof readModelAsOf>[3]) =>
      (await readModelAsOf<PartnershipBoard>(store, partnershipBoards, late, cut, TZ)).doc?.committees.map((c) => c.committeeId);
    // The first fold stopped at copil-2 (June) and never saw copil-1 (May).
    expect(await committees({ time: '2026-05-31' })).toEqual(['copil-1']);
    expect(await committees({ time: '2026-05-10' })).toEqual(['copil-1']);
    expect(await committees({ time: '2026-05-09' })).toEqual([]);
    expect(await committees({ time: '2026-06-30T00:00:00+02:00' })).toEqual(['copil-2', 'copil-1']);
    // On the recorded clock, everything was recorded just now: nothing back then, all of it now.
    expect(await committees({ time: '2020-01-01', clock: 'recorded' })).toBeUndefined();
    expect(await committees({ time: new Date(Date.now() + 60_000).toISOString(), clock: 'recorded' })).toEqual(['copil-2', 'copil-1']);
  });

  it('before the first event, or for a stream that does not exist: no document', async () => {
    expect(await readModelAsOf(store, partnershipBoards, STREAM, { time: '2025-12-31T23:59:59.000Z' }, TZ)).toEqual({
      doc: undefined,
      revision: -1n,
      position: 0n,
    });
    expect(await readModelAsOf(store, partnershipBoards, 'partnership-ghost', {}, TZ)).toEqual({ doc: undefined, revision: -1n, position: 0n });
  });
});

function meta(at: string) {
  return { correlationId: randomUUID(), causationId: randomUUID(), actor: 'test', occurredAt: at, schemaVersion: 1 };
}
