import { fold as foldState, partnershipDecider, type PartnershipEvent } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { foldEvent } from '../projection';
import { EventLog, SILVER_GEEK } from '../testing/fixtures';
import { boardTags, nextDueDateOf, type PartnershipBoard, partnershipBoards } from './partnership-board';

const STREAM = 'partnership-silver-geek';

/** The board model's own evolve, with the board's type. */
const evolveBoard = (board: PartnershipBoard | undefined, event: RecordedEvent): PartnershipBoard | undefined =>
  partnershipBoards.evolve(board, event) as PartnershipBoard | undefined;

function fold(events: readonly RecordedEvent[]): PartnershipBoard | undefined {
  return events.reduce<PartnershipBoard | undefined>(evolveBoard, undefined);
}

function proposedAndFramed(log: EventLog): void {
  log.record(STREAM, 'PartnershipProposed', SILVER_GEEK, '2026-01-12T10:00:00.000Z');
  log.record(STREAM, 'ObjectivesAgreed', { orgId: 'asso-silver-geek', objectives: ['parties_prenantes', 'innovation'], cycle: 1 });
  log.record(STREAM, 'ObjectivesAgreed', { orgId: 'ent-groupe-vyv', objectives: ['ressources_humaines'], cycle: 1 });
  log.record(STREAM, 'MilestonePlanned', { milestoneId: 'm-tournoi', title: 'Tournoi intergénérationnel', dueDate: '2026-06-20' });
  log.record(STREAM, 'MilestonePlanned', { milestoneId: 'm-ateliers', title: 'Ateliers tablettes en EHPAD', dueDate: '2026-04-15' });
}

describe('partnership board (the partnership decider’s state under the board’s names)', () => {
  it('creates the board in cadrage from PartnershipProposed, with its version', () => {
    const log = new EventLog();
    const board = evolveBoard(undefined, log.record(STREAM, 'PartnershipProposed', SILVER_GEEK, '2026-01-12T10:00:00.000Z'));
    expect(board).toEqual({
      id: 'silver-geek',
      title: SILVER_GEEK.title,
      territory: SILVER_GEEK.territory,
      partners: SILVER_GEEK.partners,
      modes: ['mecenat', 'innovation_societale'],
      phase: 'cadrage',
      cycle: 1,
      objectives: {},
      milestones: [],
      committees: [],
      indicators: [],
      impact: {},
      conclusions: [],
      proposedAt: '2026-01-12T10:00:00.000Z',
      catalyseurs: [],
      revision: '0',
      position: '1',
      updatedAt: '2026-01-12T10:00:00.000Z',
    });
  });

  it('records agreed objectives per partner and planned milestones; nextDueDate is the earliest open one', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    const board = fold(log.events);
    expect(board?.objectives).toEqual({ 'asso-silver-geek': ['parties_prenantes', 'innovation'], 'ent-groupe-vyv': ['ressources_humaines'] });
    expect(board?.milestones.map((m) => [m.milestoneId, m.status, m.cycle, m.rescheduled])).toEqual([
      ['m-tournoi', 'planned', 1, 0],
      ['m-ateliers', 'planned', 1, 0],
    ]);
    expect(board?.nextDueDate).toBe('2026-04-15');
    expect(board).toMatchObject({ revision: '4', position: '5' });
  });

  it('steers the pilotage: reached, rescheduled (count and last reason), dropped milestones move nextDueDate', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'MilestoneRescheduled', {
      milestoneId: 'm-ateliers',
      previousDueDate: '2026-04-15',
      dueDate: '2026-05-10',
      reason: 'EHPAD fermé pour travaux',
    });
    log.record(STREAM, 'MilestoneRescheduled', {
      milestoneId: 'm-ateliers',
      previousDueDate: '2026-05-10',
      dueDate: '2026-05-30',
      reason: 'Tablettes livrées en retard',
    });
    let board = fold(log.events);
    expect(board?.phase).toBe('pilotage');
    expect(board?.milestones.find((m) => m.milestoneId === 'm-ateliers')).toEqual({
      milestoneId: 'm-ateliers',
      title: 'Ateliers tablettes en EHPAD',
      dueDate: '2026-05-30',
      status: 'planned',
      cycle: 1,
      rescheduled: 2,
      lastRescheduleReason: 'Tablettes livrées en retard',
    });
    expect(board?.nextDueDate).toBe('2026-05-30');

    board = evolveBoard(
      board,
      log.record(STREAM, 'MilestoneDueSoon', {
        milestoneId: 'm-ateliers',
        title: 'Ateliers tablettes en EHPAD',
        dueDate: '2026-05-30',
        daysLeft: 7,
        remindedOn: '2026-05-23',
      }),
    );
    expect(board?.milestones.find((m) => m.milestoneId === 'm-ateliers')).toMatchObject({ remindedOn: '2026-05-23', status: 'planned' });
    const rescheduled = evolveBoard(
      board,
      new EventLog().record(STREAM, 'MilestoneRescheduled', {
        milestoneId: 'm-ateliers',
        previousDueDate: '2026-05-30',
        dueDate: '2026-06-10',
        reason: 'COPIL déplacé',
      }),
    );
    expect(rescheduled?.milestones.find((m) => m.milestoneId === 'm-ateliers')).not.toHaveProperty('remindedOn'); // a reminder was for the old date

    board = evolveBoard(board, log.record(STREAM, 'MilestoneReached', { milestoneId: 'm-ateliers', reachedOn: '2026-05-28' }));
    expect(board?.milestones.find((m) => m.milestoneId === 'm-ateliers')).toMatchObject({ status: 'reached', reachedOn: '2026-05-28' });
    expect(board?.nextDueDate).toBe('2026-06-20');

    board = evolveBoard(board, log.record(STREAM, 'MilestoneDropped', { milestoneId: 'm-tournoi', reason: 'Salle indisponible' }));
    expect(board?.milestones.find((m) => m.milestoneId === 'm-tournoi')).toMatchObject({ status: 'dropped', dropReason: 'Salle indisponible' });
    expect(board?.nextDueDate).toBeUndefined();
    expect(board && 'nextDueDate' in board).toBe(false);
  });

  it('keeps committees (COPIL), indicators (latest value per indicator) and impact', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'SteeringCommitteeHeld', {
      committeeId: 'copil-1',
      heldOn: '2026-03-10',
      attendees: ['asso-silver-geek', 'ent-groupe-vyv'],
      decisions: ['Étendre aux résidences autonomie', 'Recruter 10 bénévoles'],
    });
    log.record(STREAM, 'IndicatorRecorded', { indicatorId: 'i-seniors', name: 'Seniors formés', value: 42, unit: 'personnes', measuredOn: '2026-03-31' });
    log.record(STREAM, 'IndicatorRecorded', { indicatorId: 'i-seniors', name: 'Seniors formés', value: 87, unit: 'personnes', measuredOn: '2026-05-31' });
    log.record(STREAM, 'IndicatorRecorded', { indicatorId: 'i-benevoles', name: 'Bénévoles salariés', value: 12, measuredOn: '2026-05-31' });
    log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
    log.record(STREAM, 'ImpactAssessed', {
      dimension: 'confiance',
      scores: { collective_trust: 4, individual_trust: 4 },
      score: 4,
      evidence: 'Entretiens croisés',
    });
    log.record(STREAM, 'ImpactAssessed', {
      dimension: 'innovation_societale',
      scores: { growth_and_jobs: 5, fewer_fragilities: 4 },
      score: 4.5,
      evidence: 'Essaimage demandé par 3 villes',
    });
    const board = fold(log.events);
    expect(board?.phase).toBe('evaluation');
    expect(board?.committees).toEqual([
      {
        committeeId: 'copil-1',
        heldOn: '2026-03-10',
        attendees: ['asso-silver-geek', 'ent-groupe-vyv'],
        decisions: ['Étendre aux résidences autonomie', 'Recruter 10 bénévoles'],
      },
    ]);
    expect(board?.indicators).toEqual([
      { indicatorId: 'i-seniors', name: 'Seniors formés', value: 87, unit: 'personnes', measuredOn: '2026-05-31' },
      { indicatorId: 'i-benevoles', name: 'Bénévoles salariés', value: 12, measuredOn: '2026-05-31' },
    ]);
    expect(board?.impact).toEqual({
      confiance: { score: 4, scores: { collective_trust: 4, individual_trust: 4 }, evidence: 'Entretiens croisés' },
      innovation_societale: { score: 4.5, scores: { growth_and_jobs: 5, fewer_fragilities: 4 }, evidence: 'Essaimage demandé par 3 villes' },
    });
  });

  it('renewal starts a new cycle in cadrage (objectives and impact of the new cycle), conclusions keep history', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
    log.record(STREAM, 'ImpactAssessed', { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 4 }, score: 4, evidence: 'Entretiens' });
    log.record(STREAM, 'EvaluationConcluded', { decision: 'renouveler', concludedOn: '2026-09-30', cycle: 1 });
    log.record(STREAM, 'PartnershipRenewed', { cycle: 2, renewedOn: '2026-09-30' });
    let board = fold(log.events);
    expect(board).toMatchObject({ phase: 'cadrage', cycle: 2, objectives: {}, impact: {} });
    expect(board?.conclusions).toEqual([
      {
        cycle: 1,
        decision: 'renouveler',
        concludedOn: '2026-09-30',
        impact: { confiance: { score: 4, scores: { collective_trust: 4, individual_trust: 4 }, evidence: 'Entretiens' } },
      },
    ]);

    board = evolveBoard(board, log.record(STREAM, 'MilestonePlanned', { milestoneId: 'm-essaimage', title: 'Essaimage à Vincennes', dueDate: '2027-01-15' }));
    expect(board?.milestones.find((m) => m.milestoneId === 'm-essaimage')?.cycle).toBe(2);
  });

  it('closes after essaimer', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
    log.record(STREAM, 'EvaluationConcluded', { decision: 'essaimer', concludedOn: '2026-10-02', cycle: 1 });
    const closing = log.record(STREAM, 'PartnershipClosed', { decision: 'essaimer', closedOn: '2026-10-02' }, '2026-10-02T16:00:00.000Z');
    const board = fold(log.events);
    expect(board).toMatchObject({
      phase: 'closed',
      revision: closing.revision.toString(),
      position: closing.position.toString(),
      updatedAt: '2026-10-02T16:00:00.000Z',
    });
    expect(board?.conclusions).toEqual([{ cycle: 1, decision: 'essaimer', concludedOn: '2026-10-02', impact: {} }]);
  });

  it('keeps each concluded cycle’s impact in its conclusion: a renewal empties the current impact, not the scores of cycle 1 (the tester’s repro)', () => {
    const log = new EventLog();
    const confiance = (score: number, evidence: string): Record<string, unknown> => ({
      dimension: 'confiance',
      scores: { collective_trust: score, individual_trust: score },
      score,
      evidence,
    });
    const innovation = { dimension: 'innovation_societale', scores: { growth_and_jobs: 3, fewer_fragilities: 5 }, score: 4, evidence: 'Bilan des ateliers' };
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
    log.record(STREAM, 'ImpactAssessed', confiance(4, 'Entretiens'));
    log.record(STREAM, 'ImpactAssessed', innovation);
    log.record(STREAM, 'EvaluationConcluded', { decision: 'renouveler', concludedOn: '2026-09-30', cycle: 1 });
    let board = fold(log.events);
    const cycle1 = {
      confiance: { score: 4, scores: { collective_trust: 4, individual_trust: 4 }, evidence: 'Entretiens' },
      innovation_societale: { score: 4, scores: { growth_and_jobs: 3, fewer_fragilities: 5 }, evidence: 'Bilan des ateliers' },
    };
    // Concluded: the conclusion holds the cycle's impact, the board's impact is still the same.
    expect(board?.conclusions).toEqual([{ cycle: 1, decision: 'renouveler', concludedOn: '2026-09-30', impact: cycle1 }]);
    expect(board?.impact).toEqual(cycle1);

    // Renewed, then a whole second cycle: cycle 1's scores stay in its conclusion, whatever cycle 2 assesses.
    for (const [type, data] of [
      ['PartnershipRenewed', { cycle: 2, renewedOn: '2026-09-30' }],
      ['MilestonePlanned', { milestoneId: 'm-essaimage', title: 'Essaimage à Vincennes', dueDate: '2027-01-15' }],
      ['PilotageStarted', { startedOn: '2026-10-15', cycle: 2 }],
      ['EvaluationOpened', { openedOn: '2027-03-01', cycle: 2 }],
      ['ImpactAssessed', confiance(2, 'Moins de bénévoles')],
    ] as const) {
      board = evolveBoard(board, log.record(STREAM, type, data));
      expect(board?.conclusions[0]).toEqual({ cycle: 1, decision: 'renouveler', concludedOn: '2026-09-30', impact: cycle1 });
    }
    expect(board).toMatchObject({ cycle: 2, impact: { confiance: { score: 2 } } });

    board = evolveBoard(board, log.record(STREAM, 'EvaluationConcluded', { decision: 'clore', concludedOn: '2027-03-20', cycle: 2 }));
    board = evolveBoard(board, log.record(STREAM, 'PartnershipClosed', { decision: 'clore', closedOn: '2027-03-20' }));
    expect(board?.conclusions).toEqual([
      { cycle: 1, decision: 'renouveler', concludedOn: '2026-09-30', impact: cycle1 },
      {
        cycle: 2,
        decision: 'clore',
        concludedOn: '2027-03-20',
        impact: { confiance: { score: 2, scores: { collective_trust: 2, individual_trust: 2 }, evidence: 'Moins de bénévoles' } },
      },
    ]);
    // Folded in one go (a rebuild, a replay, an as-of read) it is the same board.
    expect(fold(log.events)).toEqual(board);
  });

  it('a board folded before conclusions kept their impact gets it back from the events only (a rebuild): the next event adds none for an earlier cycle', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'EvaluationOpened', { openedOn: '2026-09-01', cycle: 1 });
    log.record(STREAM, 'ImpactAssessed', { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 4 }, score: 4, evidence: 'Entretiens' });
    log.record(STREAM, 'EvaluationConcluded', { decision: 'renouveler', concludedOn: '2026-09-30', cycle: 1 });
    log.record(STREAM, 'PartnershipRenewed', { cycle: 2, renewedOn: '2026-09-30' });
    const rebuilt = fold(log.events) as PartnershipBoard;
    const old: PartnershipBoard = { ...rebuilt, conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2026-09-30' }] };
    const next = evolveBoard(old, log.record(STREAM, 'MilestonePlanned', { milestoneId: 'm-2', title: 'Suite', dueDate: '2027-01-15' }));
    expect(next?.conclusions).toEqual([{ cycle: 1, decision: 'renouveler', concludedOn: '2026-09-30' }]);
    expect(fold(log.events)?.conclusions[0]?.impact).toMatchObject({ confiance: { score: 4 } });
  });

  it('ignores unknown event types (board untouched) and events before the proposal', () => {
    const log = new EventLog();
    const board = evolveBoard(undefined, log.record(STREAM, 'PartnershipProposed', SILVER_GEEK));
    expect(evolveBoard(board, log.record(STREAM, 'SomethingFromTheFuture', { x: 1 }))).toBe(board);
    expect(evolveBoard(undefined, log.record(STREAM, 'MilestonePlanned', { milestoneId: 'm', title: 't', dueDate: '2026-01-01' }))).toBeUndefined();
    expect(evolveBoard(undefined, log.record(STREAM, 'Nope', null))).toBeUndefined();
  });

  it('refuses an event whose data is not an object: Projection leaves it out (and reports it), the board stays as it is', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    const before = fold(log.events);
    for (const data of [null, 'not an object', ['m-tournoi'], undefined]) {
      const odd = log.record(STREAM, 'MilestoneReached', data);
      expect(foldEvent(partnershipBoards, before, odd)).toEqual({ ok: false, reason: 'the data of MilestoneReached is not an object' });
      expect(evolveBoard(before, odd)).toBe(before);
      expect(partnershipBoards.feeds(odd, { before, after: before })).toEqual([]);
    }
    expect(foldEvent(partnershipBoards, undefined, log.record('partnership-bad', 'PartnershipProposed', null))).toMatchObject({ ok: false });
  });

  it('is the decider’s own state: id for partnershipId, no status, plus nextDueDate and the version', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record(STREAM, 'PilotageStarted', { startedOn: '2026-02-01', cycle: 1 });
    log.record(STREAM, 'MilestoneDueSoon', {
      milestoneId: 'm-ateliers',
      title: 'Ateliers tablettes en EHPAD',
      dueDate: '2026-04-15',
      daysLeft: 7,
      remindedOn: '2026-04-08',
    });
    log.record(STREAM, 'SteeringCommitteeHeld', {
      committeeId: 'copil-1',
      heldOn: '2026-03-10',
      attendees: ['asso-silver-geek'],
      decisions: ['Recruter 10 bénévoles'],
    });
    const state = foldState(
      partnershipDecider,
      log.events.map((e) => ({ type: e.type, data: e.data }) as PartnershipEvent),
    );
    if (state.status !== 'active') throw new Error('expected a proposed partnership');
    const { status: _active, partnershipId, ...rest } = state;
    const last = log.events[log.events.length - 1];
    expect(fold(log.events)).toEqual({
      id: partnershipId,
      ...rest,
      nextDueDate: '2026-04-15',
      revision: last?.revision.toString(),
      position: last?.position.toString(),
      updatedAt: last?.metadata.occurredAt,
    });
  });

  it('an event about an unknown milestone only moves the version', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    const before = fold(log.events);
    const after = evolveBoard(before, log.record(STREAM, 'MilestoneReached', { milestoneId: 'ghost', reachedOn: '2026-05-01' }));
    expect(after?.milestones).toEqual(before?.milestones);
    expect(after?.position).toBe('6');
  });

  it('tags the board by territory, phase, modes, partner organisations and the catalyseurs who accompany it', () => {
    const log = new EventLog();
    proposedAndFramed(log);
    log.record('partnership-silver-geek', 'CatalyseurAssigned', { catalyseurId: 'cat-1', assignedOn: '2026-01-12' });
    log.record('partnership-silver-geek', 'CatalyseurAssigned', { catalyseurId: 'cat-2', assignedOn: '2026-01-13' });
    log.record('partnership-silver-geek', 'CatalyseurReleased', { catalyseurId: 'cat-1', releasedOn: '2026-01-14' });
    const board = fold(log.events);
    expect(board?.catalyseurs).toEqual(['cat-2']);
    expect(board && boardTags(board)).toEqual({
      territory: 'charenton',
      phase: 'cadrage',
      mode: ['mecenat', 'innovation_societale'],
      org: ['asso-silver-geek', 'ent-groupe-vyv', 'ville-charenton'],
      catalyseur: ['cat-2'],
    });
  });

  it('reads a board written before assignments existed as accompanied by nobody, and folds the next assignment into it', () => {
    const log = new EventLog();
    const proposed = log.record('partnership-silver-geek', 'PartnershipProposed', SILVER_GEEK);
    const { catalyseurs: _none, ...older } = fold([proposed]) as PartnershipBoard;
    const assigned = log.record('partnership-silver-geek', 'CatalyseurAssigned', { catalyseurId: 'cat-1', assignedOn: '2026-01-12' });
    expect((partnershipBoards.evolve(older, assigned) as PartnershipBoard).catalyseurs).toEqual(['cat-1']);
  });

  it('nextDueDateOf ignores reached and dropped milestones', () => {
    const m = (milestoneId: string, dueDate: string, status: 'planned' | 'reached' | 'dropped') => ({
      milestoneId,
      title: milestoneId,
      dueDate,
      status,
      cycle: 1,
      rescheduled: 0,
    });
    expect(
      nextDueDateOf([m('a', '2026-01-01', 'reached'), m('b', '2026-03-01', 'planned'), m('c', '2026-02-01', 'planned'), m('d', '2025-01-01', 'dropped')]),
    ).toBe('2026-02-01');
    expect(nextDueDateOf([])).toBeUndefined();
  });
});
