import type { PartnershipEvent } from '@catalyse/domain';
import { batchIndexDocument, batchIndexLine, describeSelection } from './batch-index';
import type { ReportContext } from '../document/context';
import { buildPartnershipReport } from '../partnership/partnership-report';
import { renderHtml } from '../render/html';
import { history } from '../testing/events';

const e = (event: PartnershipEvent, at: string) => ({ ...event, at: `${at}T10:00:00.000Z` });
/** Carijou × Clestra: one milestone due 21 December 2013, still planned; one reached a week late. */
const carijou = [
  e(
    {
      type: 'PartnershipProposed',
      data: {
        partnershipId: 'carijou-clestra',
        title: 'Carijou × Clestra',
        territory: { id: 'alsace', name: 'Alsace', scale: 'regional' },
        partners: [
          { orgId: 'carijou', name: 'Carijou', sphere: 'association' },
          { orgId: 'clestra', name: 'Clestra', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: '2013-05-01T10:00:00.000Z',
      },
    },
    '2013-05-01',
  ),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'atelier', title: 'Atelier', dueDate: '2013-09-01' } }, '2013-05-02'),
  e({ type: 'MilestonePlanned', data: { milestoneId: 'bilan', title: 'Bilan', dueDate: '2013-12-21' } }, '2013-05-02'),
  e({ type: 'PilotageStarted', data: { startedOn: '2013-06-01', cycle: 1 } }, '2013-06-01'),
  e({ type: 'MilestoneReached', data: { milestoneId: 'atelier', reachedOn: '2013-09-08' } }, '2013-09-08'),
] as const;

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
      milestonesReachedLate: 0,
      committees: 2,
      indicatorsReached: 1,
      indicatorsWithTarget: 2,
    };
    const context: ReportContext = { generatedAt: '2026-12-04T10:00:00.000Z', timeZone: 'Europe/Paris' };
    const document = batchIndexDocument({ selection: { territory: 'ardeche' }, lines: [line], absent: [] }, context);
    expect(document.title).toBe('Rapports d’évaluation des partenariats du territoire « Ardèche »');
    expect(document.subtitle).toBe('1 rapport');
    // For people: the console; the API and the CLI in a note (smaller, not printed).
    expect(document.sections[0]?.paragraphs).toEqual([
      'Chaque rapport du lot se télécharge à part dans la console : Opérations, « Rapports du lot » sur la ligne du lot.',
    ]);
    expect(document.sections[0]?.notes?.[0]).toContain('GET /api/reports/{rapport}/download?item={identifiant}');
    expect(document.sections[0]?.notes?.[0]).toContain('--out-dir <dossier>');
    const html = renderHtml(document);
    expect(html).toContain('<p class="note">Par l’API : GET /api/reports/');
    expect(html).toMatch(/@media print\{[^@]*\.note\{display:none\}/);
    const empty = batchIndexDocument({ selection: { territory: 'ardeche' }, lines: [], absent: ['x'] }, context);
    expect(empty.title).toBe('Rapports d’évaluation des partenariats du territoire ardeche');
    expect(empty.subtitle).toBe('Aucun rapport');
    // An empty batch: nothing to download, so no word about downloading.
    expect(empty.sections[0]?.paragraphs).toEqual(['Sans rapport (n’existaient pas à la date demandée) : x.']);
    expect(empty.sections[0]?.notes ?? []).toEqual([]);
    expect(renderHtml(empty)).not.toMatch(/télécharge|\/api\/|npm run/);
    // An empty batch of a registered territory: its name, as the job read it from the territory's profile.
    const named = batchIndexDocument({ selection: { territory: 'ardeche', year: 2005 }, lines: [], absent: [], territoryName: 'Ardèche' }, context);
    expect(named.title).toBe('Rapports d’évaluation des partenariats du territoire « Ardèche », actifs en 2005');
  });

  it('counts as « en retard » what the board calls late (due before the report’s day, still planned), apart from those reached late', () => {
    const report = buildPartnershipReport(history([...carijou]), '2014-12-31');
    if (!report) throw new Error('no report');
    const line = batchIndexLine('carijou-clestra', report);
    expect(line).toMatchObject({ milestonesPlanned: 2, milestonesReached: 1, milestonesLate: 1, milestonesReachedLate: 1 });
    // Before its due date, the open milestone is not late yet.
    const before = buildPartnershipReport(history([...carijou]), '2013-12-01');
    if (!before) throw new Error('no report');
    expect(batchIndexLine('carijou-clestra', before).milestonesLate).toBe(0);
    const table = batchIndexDocument(
      { selection: { territory: 'alsace', year: 2014 }, lines: [line], absent: [] },
      {
        generatedAt: '2026-12-04T10:00:00.000Z',
        timeZone: 'Europe/Paris',
      },
    ).sections[0]?.tables?.[0];
    const cell = (column: string) => table?.rows[0]?.[table.columns.indexOf(column)];
    expect(cell('Jalons en retard (non atteints)')).toBe(1);
    expect(cell('Jalons atteints en retard')).toBe(1);
  });

  it('counts nothing late of a closed partnership, as the board', () => {
    const closed = history([
      ...carijou,
      e({ type: 'EvaluationOpened', data: { openedOn: '2014-01-10', cycle: 1 } }, '2014-01-10'),
      e({ type: 'EvaluationConcluded', data: { decision: 'clore', concludedOn: '2014-02-01', cycle: 1 } }, '2014-02-01'),
      e({ type: 'PartnershipClosed', data: { decision: 'clore', closedOn: '2014-02-01' } }, '2014-02-01'),
    ]);
    const report = buildPartnershipReport(closed, '2014-12-31');
    expect(report?.phase).toBe('closed');
    expect(report && batchIndexLine('carijou-clestra', report).milestonesLate).toBe(0);
  });
});
