import { EVENT_SCHEMAS } from '@catalyse/domain';
import { type RecordedEvent, upcastRecorded } from '@catalyse/event-store';
import type { ObservationDoc } from './observatory/observation-model';
import { partnershipObservations } from './observatory/partnership-observations';
import { type PartnershipBoard, partnershipBoards } from './partnership-board/partnership-board';
import { foldEvent } from './projection';
import { EventLog, SILVER_GEEK } from './testing/fixtures';
import { foldModel } from './testing/fold-model';

/** What the upcasting event store hands the projector: each event at its type's current version, or marked unreadable. */
const asRead = (events: readonly RecordedEvent[]): RecordedEvent[] => events.map((event) => upcastRecorded(event, EVENT_SCHEMAS).event);
const STREAM = 'partnership-silver-geek';

function history(impact: { data: unknown; schemaVersion: number }): RecordedEvent[] {
  const log = new EventLog();
  log.record(STREAM, 'PartnershipProposed', SILVER_GEEK);
  log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
  const assessed = log.record(STREAM, 'ImpactAssessed', impact.data);
  log.events[log.events.length - 1] = { ...assessed, metadata: { ...assessed.metadata, schemaVersion: impact.schemaVersion } };
  return log.events;
}

describe('the read models over the events as the upcasting store reads them', () => {
  it('a version 1 assessment: the board and the observations keep its score, with both sub-dimensions at it', () => {
    const events = asRead(history({ data: { dimension: 'confiance', score: 4, evidence: 'Entretiens croisés' }, schemaVersion: 1 }));
    const board = foldModel<PartnershipBoard>(partnershipBoards, events);
    expect(board.doc?.impact).toEqual({ confiance: { score: 4, scores: { collective_trust: 4, individual_trust: 4 }, evidence: 'Entretiens croisés' } });
    expect(board.entries.at(-1)?.data).toMatchObject({ partnershipId: 'silver-geek', dimension: 'confiance', score: 4 });
    const observed = foldModel<ObservationDoc>(partnershipObservations, events).doc?.observations.at(-1);
    expect(observed).toMatchObject({
      type: 'ImpactAssessed',
      data: { dimension: 'confiance', score: 4, scores: { collective_trust: 4, individual_trust: 4 } },
    });
  });

  it('an assessment newer than this code is left out of every model with the reason (the projector reports it), the others fold', () => {
    const events = asRead(
      history({ data: { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 5 }, weighting: 'v3', evidence: 'x' }, schemaVersion: 3 }),
    );
    const unreadable = events[2] as RecordedEvent;
    for (const model of [partnershipBoards, partnershipObservations]) {
      expect(foldEvent(model, undefined, unreadable)).toEqual({
        ok: false,
        reason: 'ImpactAssessed is at schema version 3, written by a newer version of Catalyse: this one reads up to version 2',
      });
    }
    const board = foldModel<PartnershipBoard>(partnershipBoards, events);
    expect(board.doc).toMatchObject({ phase: 'evaluation', impact: {}, revision: '1' });
    expect(board.entries.map((e) => e.kind)).not.toContain('ImpactAssessed');
    expect(foldModel<ObservationDoc>(partnershipObservations, events).doc?.observations.map((o) => o.type)).toEqual([
      'PartnershipProposed',
      'EvaluationOpened',
    ]);
  });
});
