/**
 * A read model's document as it was (real SQLite event file): the stream's
 * prefix folded once through the model, cut at a position or an instant.
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
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { time: '2026-05-20T00:00:00.000Z' });
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
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { position: third.position });
    expect(asOf).toMatchObject({
      revision: 2n,
      position: third.position,
      at: occurredAt(2),
      doc: { phase: 'cadrage', nextDueDate: '2026-04-15', revision: '2' },
    });
    const live = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { position: 1_000n });
    expect(live.doc).toEqual(foldModel<PartnershipBoard>(partnershipBoards, recorded).doc);
    expect(live.doc).toMatchObject({ phase: 'pilotage', revision: '5' });
    expect(live.doc && 'nextDueDate' in live.doc).toBe(false);
  });

  it('the malformed event is left out as the projector leaves it out, yet it counts as the last event of its prefix', async () => {
    const asOf = await readModelAsOf<PartnershipBoard>(store, partnershipBoards, STREAM, { time: occurredAt(3) });
    expect(asOf).toMatchObject({ revision: 3n, at: occurredAt(3), doc: { revision: '2', phase: 'cadrage' } });
  });

  it('before the first event, or for a stream that does not exist: no document', async () => {
    expect(await readModelAsOf(store, partnershipBoards, STREAM, { time: '2025-12-31T23:59:59.000Z' })).toEqual({
      doc: undefined,
      revision: -1n,
      position: 0n,
    });
    expect(await readModelAsOf(store, partnershipBoards, 'partnership-ghost', {})).toEqual({ doc: undefined, revision: -1n, position: 0n });
  });
});

function meta(at: string) {
  return { correlationId: randomUUID(), causationId: randomUUID(), actor: 'test', occurredAt: at, schemaVersion: 1 };
}
