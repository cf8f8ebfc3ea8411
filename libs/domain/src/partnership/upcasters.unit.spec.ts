import { fold } from '../kernel/decider';
import { IMPACT_DIMENSIONS, IMPACT_SUB_DIMENSIONS } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { partnershipDecider } from './decider';
import { dimensionScore } from './impact';
import type { PartnershipEvent, ProposedPartnership } from './types';
import { impactAssessedV1ToV2, PARTNERSHIP_EVOLUTIONS } from './upcasters';

const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

/** `ImpactAssessed` as version 1 wrote it: one score for the dimension. */
const v1 = (dimension: string, score: number, evidence = 'constaté en COPIL') => Object.freeze({ dimension, score, evidence });
const upcast = (data: unknown): PartnershipEvent => ({ type: 'ImpactAssessed', data: impactAssessedV1ToV2(data) as never });

const proposedOn = '2012-01-09T09:00:00.000Z';
const inEvaluation: PartnershipEvent[] = [
  {
    type: 'PartnershipProposed',
    data: {
      partnershipId: 'flda-cg-ardeche',
      title: 'Maintien à domicile des personnes âgées en Ardèche',
      territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
      partners: [
        { orgId: 'flda', name: 'FLDA', sphere: 'fondation' },
        { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' },
      ],
      modes: ['mecenat'],
      proposedAt: proposedOn,
    },
  },
  { type: 'ObjectivesAgreed', data: { orgId: 'flda', objectives: ['innovation'], cycle: 1 } },
  { type: 'ObjectivesAgreed', data: { orgId: 'cg-ardeche', objectives: ['parties_prenantes'], cycle: 1 } },
  { type: 'MilestonePlanned', data: { milestoneId: 'convention', title: 'Convention signée', dueDate: '2012-03-01' } },
  { type: 'PilotageStarted', data: { startedOn: '2012-02-01', cycle: 1 } },
  { type: 'EvaluationOpened', data: { openedOn: '2012-09-03', cycle: 1 } },
];

describe('ImpactAssessed 1 → 2', () => {
  it('is the evolution of the partnership’s ImpactAssessed, from version 1 to the current 2', () => {
    expect(PARTNERSHIP_EVOLUTIONS).toEqual({ ImpactAssessed: { version: 2, upcasters: { 1: impactAssessedV1ToV2 } } });
  });

  it.each(IMPACT_DIMENSIONS.flatMap((dimension) => [1, 2, 3, 4, 5].map((score) => [dimension, score] as const)))(
    'reads a %s score of %p as both sub-dimensions at that score, the dimension’s score unchanged',
    (dimension, score) => {
      const [first, second] = IMPACT_SUB_DIMENSIONS[dimension];
      const data = impactAssessedV1ToV2(v1(dimension, score));
      expect(data).toEqual({ dimension, scores: { [first]: score, [second]: score }, score, evidence: 'constaté en COPIL' });
      // The dimension's score of version 2 is the mean of its sub-scores: the version 1 score, exactly.
      expect(dimensionScore((data as { scores: Record<string, number> }).scores)).toBe(score);
    },
  );

  it('writes the fields in version 2’s order (dimension, scores, score, evidence) and keeps any other', () => {
    const data = impactAssessedV1ToV2({ ...v1('confiance', 4), reviewer: 'catalyseur-008' });
    expect(Object.keys(data as object)).toEqual(['dimension', 'scores', 'score', 'evidence', 'reviewer']);
  });

  it('is total: data that is not an object comes back as it is, an unknown dimension gets no sub-scores', () => {
    for (const odd of [null, 'ImpactAssessed', 4, ['confiance', 4], undefined]) expect(impactAssessedV1ToV2(odd)).toBe(odd);
    expect(impactAssessedV1ToV2(v1('rentabilite', 4))).toEqual({ dimension: 'rentabilite', scores: {}, score: 4, evidence: 'constaté en COPIL' });
  });

  it('is pure: the stored data is left as it was (it is frozen here), and the same data gives the same answer', () => {
    const stored = v1('innovation_societale', 3);
    expect(impactAssessedV1ToV2(stored)).toEqual(impactAssessedV1ToV2(stored));
    expect(stored).toEqual({ dimension: 'innovation_societale', score: 3, evidence: 'constaté en COPIL' });
  });

  it('folds to the state version 1 gave, each dimension with the same score, plus its sub-scores', () => {
    const state = fold(partnershipDecider, [...inEvaluation, upcast(v1('innovation_societale', 4)), upcast(v1('confiance', 2)), upcast(v1('confiance', 5))]);
    expect((state as ProposedPartnership).impact).toEqual({
      innovation_societale: { score: 4, scores: { growth_and_jobs: 4, fewer_fragilities: 4 }, evidence: 'constaté en COPIL' },
      confiance: { score: 5, scores: { collective_trust: 5, individual_trust: 5 }, evidence: 'constaté en COPIL' },
    });
  });

  it('a command decided on a version 1 history: the evaluation goes on with version 2 assessments and concludes', () => {
    const history = [...inEvaluation, upcast(v1('innovation_societale', 4)), upcast(v1('performance_organisations', 3))];
    given(history)
      .when({ type: 'AssessImpact', data: { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'le CG s’en inspire' } })
      .then([
        {
          type: 'ImpactAssessed',
          data: { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, score: 4.5, evidence: 'le CG s’en inspire' },
        },
      ]);
    given([
      ...history,
      {
        type: 'ImpactAssessed',
        data: { dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, score: 4.5, evidence: 'le CG s’en inspire' },
      },
    ])
      .when({ type: 'ConcludeEvaluation', data: { decision: 'renouveler', concludedOn: '2012-12-14' } })
      .then([
        { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2012-12-14', cycle: 1 } },
        { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2012-12-14' } },
      ]);
  });

  it('folded raw, without upcasting, a version 1 event keeps its dimension’s score but has no sub-scores: readers upcast first', () => {
    const raw: PartnershipEvent = { type: 'ImpactAssessed', data: v1('confiance', 4) as never };
    expect((fold(partnershipDecider, [...inEvaluation, raw]) as ProposedPartnership).impact).toEqual({
      confiance: { score: 4, scores: {}, evidence: 'constaté en COPIL' },
    });
  });
});
