import { batchIndexDocument, describeSelection } from './batch-index';
import type { ReportContext } from '../document/context';

describe('a batch index, as its evaluator reads it', () => {
  it('names the territory by its name once its partnerships give it, by its id before', () => {
    expect(describeSelection({ territory: 'ardeche', year: 2012 }, 'Ardèche')).toBe('du territoire « Ardèche », actifs en 2012');
    expect(describeSelection({ territory: 'ardeche' })).toBe('du territoire ardeche');
    expect(describeSelection({ year: 2015 })).toBe('actifs en 2015');
  });

  it('titles the index with the name its lines carry, and says how to fetch each report', () => {
    const line = {
      item: 'flda-cg-ardeche',
      title: 'Maintien à domicile',
      territory: 'Ardèche',
      modes: ['mecenat'],
      phase: 'pilotage',
      cycle: 2,
      outcome: 'renouvele',
      milestonesReached: 3,
      milestonesPlanned: 4,
      milestonesLate: 1,
      committees: 2,
      indicatorsReached: 1,
      indicatorsWithTarget: 2,
    };
    const context: ReportContext = { generatedAt: '2026-12-04T10:00:00.000Z', timeZone: 'Europe/Paris' };
    const document = batchIndexDocument({ selection: { territory: 'ardeche' }, lines: [line], absent: [] }, context);
    expect(document.title).toBe('Rapports d’évaluation des partenariats du territoire « Ardèche »');
    expect(document.sections[0]?.paragraphs?.[0]).toContain('--out-dir <dossier>');
    const empty = batchIndexDocument({ selection: { territory: 'ardeche' }, lines: [], absent: ['x'] }, context);
    expect(empty.title).toBe('Rapports d’évaluation des partenariats du territoire ardeche');
    expect(empty.sections[0]?.paragraphs?.[1]).toBe('Sans rapport (n’existaient pas à la date demandée) : x.');
  });
});
