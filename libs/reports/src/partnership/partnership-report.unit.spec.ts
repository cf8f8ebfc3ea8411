import { inCut, type PartnershipEvent } from '@catalyse/domain';
import { renderCsv } from '../render/csv';
import { history } from '../testing/events';
import { indicatorsReachedText, partnershipDocument } from './partnership-document';
import { buildPartnershipReport, targetReached } from './partnership-report';

const flda = { orgId: 'flda', name: 'FLDA', sphere: 'fondation' as const };
const cg = { orgId: 'cg', name: 'Conseil général', sphere: 'collectivite' as const };
const e = (event: PartnershipEvent, at: string) => ({ ...event, at: `${at}T10:00:00.000Z` });

/** Two cycles: one milestone on time, one late, one rescheduled twice then reached, one dropped; an indicator with a target. */
const life = history([
  e(
    {
      type: 'PartnershipProposed',
      data: {
        partnershipId: 'flda-cg',
        title: 'Maintien à domicile',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [flda, cg],
        modes: ['mecenat'],
        proposedAt: '2009-11-16T10:00:00.000Z',
      },
    },
    '2009-11-16',
  ),
  e({ type: 'ObjectivesAgreed', data: { orgId: 'flda', objectives: ['innovation'], cycle: 1 } }, '2009-12-01'),
  e({ type: 'ObjectivesAgreed', data: { orgId: 'cg', objectives: ['parties_prenantes'], cycle: 1 } }, '2009-12-01'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'convention', title: 'Convention signée', dueDate: '2010-01-29' } }, '2009-12-01'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'coordination', title: 'Structures coordonnées', dueDate: '2011-06-30' } }, '2009-12-01'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'guide', title: 'Guide publié', dueDate: '2010-06-30' } }, '2009-12-01'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'colloque', title: 'Colloque', dueDate: '2011-03-01' } }, '2009-12-01'),
  e({ type: 'PilotageStarted', data: { startedOn: '2010-01-04', cycle: 1 } }, '2010-01-04'),
  e({ type: 'MilestoneReached', data: { milestoneId: 'convention', reachedOn: '2010-01-29' } }, '2010-01-29'),
  e(
    { type: 'MilestoneRescheduled', data: { milestoneId: 'guide', previousDueDate: '2010-06-30', dueDate: '2010-12-31', reason: 'imprimeur en retard' } },
    '2010-06-01',
  ),
  e(
    { type: 'MilestoneRescheduled', data: { milestoneId: 'guide', previousDueDate: '2010-12-31', dueDate: '2011-03-31', reason: 'relecture du CG' } },
    '2010-12-01',
  ),
  e({ type: 'MilestoneReached', data: { milestoneId: 'guide', reachedOn: '2011-03-15' } }, '2011-03-15'),
  e({ type: 'MilestoneDropped', data: { milestoneId: 'colloque', reason: 'budget réaffecté' } }, '2011-01-10'),
  e(
    {
      type: 'SteeringCommitteeHeld',
      data: { committeeId: 'copil-2010', heldOn: '2010-10-12', attendees: ['flda', 'cg'], decisions: ['s’appuyer sur le projet'] },
    },
    '2010-10-12',
  ),
  e({ type: 'MilestoneReached', data: { milestoneId: 'coordination', reachedOn: '2011-09-15' } }, '2011-09-15'),
  e(
    {
      type: 'IndicatorRecorded',
      data: {
        indicatorId: 'beneficiaires',
        name: 'Personnes accompagnées',
        value: 400,
        unit: 'personnes',
        measuredOn: '2010-12-31',
        target: 600,
        direction: 'increase',
      },
    },
    '2011-01-15',
  ),
  e(
    {
      type: 'IndicatorRecorded',
      data: { indicatorId: 'beneficiaires', name: 'Personnes accompagnées', value: 640, unit: 'personnes', measuredOn: '2011-12-31' },
    },
    '2012-01-15',
  ),
  e(
    {
      type: 'IndicatorRecorded',
      data: { indicatorId: 'delai', name: 'Délai de prise en charge', value: 12, unit: 'jours', measuredOn: '2011-12-31', target: 10, direction: 'decrease' },
    },
    '2012-01-15',
  ),
  e({ type: 'EvaluationOpened', data: { openedOn: '2012-09-03', cycle: 1 } }, '2012-09-03'),
  e(
    {
      type: 'ImpactAssessed',
      data: { dimension: 'innovation_societale', scores: { growth_and_jobs: 4, fewer_fragilities: 4 }, score: 4, evidence: 'un dispositif coordonné' },
    },
    '2012-10-15',
  ),
  e(
    {
      type: 'ImpactAssessed',
      data: {
        dimension: 'performance_organisations',
        scores: { association_performance: 3, company_performance: 2 },
        score: 2.5,
        evidence: 'des structures coopèrent',
      },
    },
    '2012-10-15',
  ),
  e(
    {
      type: 'ImpactAssessed',
      data: { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 5 }, score: 5, evidence: 'le CG s’en inspire' },
    },
    '2012-10-15',
  ),
  e({ type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2012-12-14', cycle: 1 } }, '2012-12-14'),
  e({ type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2012-12-14' } }, '2012-12-14'),
  e({ type: 'ObjectivesAgreed', data: { orgId: 'flda', objectives: ['innovation', 'parties_prenantes'], cycle: 2 } }, '2013-01-10'),
  e({ type: 'ObjectivesAgreed', data: { orgId: 'cg', objectives: ['economique'], cycle: 2 } }, '2013-01-10'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'convention-2013', title: 'Convention 2013', dueDate: '2013-02-28' } }, '2013-01-10'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'bilan', title: 'Bilan à mi-parcours', dueDate: '2014-06-30' } }, '2013-01-10'),
  e({ type: 'PilotageStarted', data: { startedOn: '2013-03-01', cycle: 2 } }, '2013-03-01'),
  e({ type: 'MilestoneReached', data: { milestoneId: 'convention-2013', reachedOn: '2013-03-05' } }, '2013-03-05'),
  e(
    { type: 'IndicatorRecorded', data: { indicatorId: 'delai', name: 'Délai de prise en charge', value: 9, unit: 'jours', measuredOn: '2013-12-31' } },
    '2014-01-10',
  ),
]);

describe('buildPartnershipReport', () => {
  const report = buildPartnershipReport(life, '2015-01-01');

  it('is undefined for a stream without a proposal', () => {
    expect(buildPartnershipReport([], '2015-01-01')).toBeUndefined();
  });

  it('splits the life into cycles: start, pilotage, evaluation, conclusion', () => {
    expect(report?.cycles.map((c) => [c.cycle, c.startedOn.slice(0, 10), c.pilotageStartedOn, c.evaluationOpenedOn, c.conclusion?.decision])).toEqual([
      [1, '2009-11-16', '2010-01-04', '2012-09-03', 'renouveler'],
      [2, '2012-12-14', '2013-03-01', undefined, undefined],
    ]);
    expect(report?.life.outcome).toBe('renouvele');
    expect(report?.life.conclusions).toEqual([{ cycle: 1, decision: 'renouveler', concludedOn: '2012-12-14' }]);
  });

  it('keeps each cycle’s objectives, though the state forgets them at renewal', () => {
    expect(report?.cycles[0]?.objectives).toEqual([
      { orgId: 'flda', name: 'FLDA', objectives: ['innovation'] },
      { orgId: 'cg', name: 'Conseil général', objectives: ['parties_prenantes'] },
    ]);
    expect(report?.cycles[1]?.objectives.map((o) => o.objectives)).toEqual([['innovation', 'parties_prenantes'], ['economique']]);
  });

  it('counts milestones on time, late, rescheduled, dropped, open and overdue, per cycle and for the whole life', () => {
    expect(report?.cycles[0]?.counts).toEqual({ planned: 4, reached: 3, onTime: 2, late: 1, rescheduled: 1, dropped: 1, open: 0, overdue: 0 });
    expect(report?.cycles[1]?.counts).toEqual({ planned: 2, reached: 1, onTime: 0, late: 1, rescheduled: 0, dropped: 0, open: 1, overdue: 1 });
    expect(report?.life.counts).toEqual({ planned: 6, reached: 4, onTime: 2, late: 2, rescheduled: 1, dropped: 1, open: 1, overdue: 1 });
  });

  it('says when each milestone was first planned, its reschedules with their reasons, its delay and the reason it was dropped', () => {
    const guide = report?.cycles[0]?.milestones.find((m) => m.milestoneId === 'guide');
    expect(guide).toMatchObject({ plannedFor: '2010-06-30', dueDate: '2011-03-31', reachedOn: '2011-03-15', late: false, daysAfterPlan: 258 });
    expect(guide?.reschedules).toEqual([
      { from: '2010-06-30', to: '2010-12-31', reason: 'imprimeur en retard' },
      { from: '2010-12-31', to: '2011-03-31', reason: 'relecture du CG' },
    ]);
    expect(report?.cycles[0]?.milestones.find((m) => m.milestoneId === 'coordination')).toMatchObject({ late: true, daysAfterPlan: 77 });
    expect(report?.cycles[0]?.milestones.find((m) => m.milestoneId === 'colloque')).toMatchObject({ status: 'dropped', dropReason: 'budget réaffecté' });
  });

  it('lists committees with the names of those present and their decisions', () => {
    expect(report?.cycles[0]?.committees).toEqual([
      { committeeId: 'copil-2010', heldOn: '2010-10-12', attendees: ['FLDA', 'Conseil général'], decisions: ['s’appuyer sur le projet'] },
    ]);
    expect(report?.life).toMatchObject({ committees: 1, decisions: 1 });
  });

  it('follows indicators over time against their targets, by direction, per cycle and for the whole life', () => {
    const [beneficiaires, delai] = report?.cycles[0]?.indicators ?? [];
    expect(beneficiaires).toMatchObject({
      measures: [
        { measuredOn: '2010-12-31', value: 400, target: 600 },
        { measuredOn: '2011-12-31', value: 640, target: 600 },
      ],
      target: 600,
      direction: 'increase',
      reached: true,
    });
    expect(delai).toMatchObject({ latest: { value: 12, target: 10 }, direction: 'decrease', reached: false });
    // In cycle 2 the délai fell to 9 days: below its target, going down, it is reached.
    expect(report?.cycles[1]?.indicators).toEqual([
      expect.objectContaining({ indicatorId: 'delai', measures: [{ measuredOn: '2013-12-31', value: 9, target: 10 }], reached: true }),
    ]);
    expect(report?.life.indicators.find((i) => i.indicatorId === 'delai')?.measures.map((m) => m.value)).toEqual([12, 9]);
    expect(report?.life).toMatchObject({ indicatorsReached: 2, indicatorsWithTarget: 2 });
  });

  it('says "reached" by direction, the target itself included', () => {
    expect([
      targetReached(600, 600, 'increase'),
      targetReached(599, 600, 'increase'),
      targetReached(10, 10, 'decrease'),
      targetReached(11, 10, 'decrease'),
    ]).toEqual([true, false, true, false]);
  });

  it('gives the impact by dimension, with its sub-dimensions and its evidence, per cycle', () => {
    expect(report?.cycles[0]?.impact).toEqual([
      { dimension: 'innovation_societale', score: 4, scores: { growth_and_jobs: 4, fewer_fragilities: 4 }, evidence: 'un dispositif coordonné' },
      {
        dimension: 'performance_organisations',
        score: 2.5,
        scores: { association_performance: 3, company_performance: 2 },
        evidence: 'des structures coopèrent',
      },
      { dimension: 'confiance', score: 5, scores: { collective_trust: 5, individual_trust: 5 }, evidence: 'le CG s’en inspire' },
    ]);
    expect(report?.cycles[1]?.impact).toEqual([]);
  });

  it('as of a date: the end of the first cycle knows nothing of the second', () => {
    const cut = buildPartnershipReport(life.filter(inCut('partnership', { time: '2012-12-31' }, 'Europe/Paris')), '2012-12-31');
    expect(cut?.cycles.map((c) => c.cycle)).toEqual([1, 2]);
    expect(cut?.cycles[1]).toMatchObject({ objectives: [], milestones: [] });
    expect(cut?.cycles[1]).not.toHaveProperty('pilotageStartedOn');
    expect(cut?.life.counts.planned).toBe(4);
    const before = buildPartnershipReport(life.filter(inCut('partnership', { time: '2012-06-30' }, 'Europe/Paris')), '2012-06-30');
    expect(before).toMatchObject({ phase: 'pilotage', cycle: 1 });
    expect(before?.life.outcome).toBe('en_cours');
    expect(before?.cycles[0]?.impact).toEqual([]);
  });

  it('a closed partnership ends "clos" or "essaimé"', () => {
    const closed = history([
      ...life.slice(0, 22).map((event) => ({ ...event, at: event.recordedAt })),
      { type: 'EvaluationConcluded', data: { decision: 'essaimer', concludedOn: '2012-12-14', cycle: 1 } },
      { type: 'PartnershipClosed', data: { decision: 'essaimer', closedOn: '2012-12-14' } },
    ]);
    expect(buildPartnershipReport(closed, '2013-01-01')?.life.outcome).toBe('essaime');
  });
});

describe('the impact in the partnership document', () => {
  const report = buildPartnershipReport(life, '2015-01-01');
  if (!report) throw new Error('no report');
  const document = partnershipDocument(report, { generatedAt: '2015-01-01T08:00:00.000Z', timeZone: 'Europe/Paris' });
  const sections = [...document.sections, ...document.sections.flatMap((s) => s.sections ?? [])];
  /** A table by its title, or the first table of a section by the section's. */
  const tableTitled = (title: string) =>
    sections.flatMap((s) => s.tables ?? []).find((t) => t.title === title) ?? sections.find((s) => s.title === title)?.tables?.[0];

  it('gives each dimension’s score, then each of its sub-dimensions’, over the cycles', () => {
    expect(tableTitled('Évaluation de l’impact par dimension et sous-dimension, par cycle (note sur 5)')?.rows).toEqual([
      ['Innovation sociétale', 4, null],
      ['dont croissance économique et emplois', 4, null],
      ['dont réduction des fragilités', 4, null],
      ['Performance des organisations', 2.5, null],
      ['dont performance des associations', 3, null],
      ['dont performance des entreprises', 2, null],
      ['Confiance', 5, null],
      ['dont confiance collective', 5, null],
      ['dont confiance individuelle', 5, null],
    ]);
  });

  it('in the cycle’s evaluation: the dimension with its evidence, then its sub-dimensions', () => {
    expect(tableTitled('Évaluation : impact par dimension et sous-dimension')?.rows.slice(0, 3)).toEqual([
      ['Innovation sociétale', 4, 'un dispositif coordonné'],
      ['dont croissance économique et emplois', 4, ''],
      ['dont réduction des fragilités', 4, ''],
    ]);
  });
});

describe('the conclusions in the partnership document', () => {
  const report = buildPartnershipReport(life, '2015-01-01');
  if (!report) throw new Error('no report');
  const document = partnershipDocument(report, { generatedAt: '2015-01-01T08:00:00.000Z', timeZone: 'Europe/Paris' });

  it('names the decision as the console does (« Renouvellement »), and the cycle’s conclusion by what it made of it, never the verb', () => {
    const life = document.sections.find((s) => s.title === 'Sur toute la vie du partenariat');
    expect(life?.tables?.find((t) => t.title === 'Conclusions')?.rows[0]).toEqual([1, 'Renouvellement', '14 décembre 2012']);
    const cycle = document.sections.find((s) => s.title === 'Cycle 1');
    expect(cycle?.facts?.find((f) => f.label === 'Conclusion')?.value).toBe('renouvelé le 14 décembre 2012');
    expect(renderCsv(document)).not.toMatch(/renouveler/);
  });
});

describe('the indicators reaching their target, in words', () => {
  it('says « aucun indicateur ciblé » rather than « 0 sur 0 », and agrees the noun with its count', () => {
    expect(indicatorsReachedText(0, 0)).toBe('aucun indicateur ciblé');
    expect(indicatorsReachedText(0, 1)).toBe('0 sur 1 indicateur ciblé');
    expect(indicatorsReachedText(1, 2)).toBe('1 sur 2 indicateurs ciblés');
  });
});
