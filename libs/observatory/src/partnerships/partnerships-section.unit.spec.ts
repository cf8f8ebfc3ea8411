import { foldModel, EventLog } from '@catalyse/projections/testing';
import { type ObservationDoc, partnershipObservations } from '@catalyse/projections';
import { tableCsv, tablesCsv } from '../core/csv';
import { answerFromDocs } from '../observatory';
import type { ObservatoryQuery } from '../core/section';
import type { Table } from '../core/table';
import { partnershipsSection } from './partnerships-section';

const TZ = 'Europe/Paris';
const at = (day: string): string => `${day}T10:00:00.000Z`;

/** FLDA-like: proposed in 2012, pilotage, two milestones (one late after a reschedule), a committee, an evaluation, renewed. */
function history(): EventLog {
  const log = new EventLog();
  const p1 = 'partnership-p1';
  log.record(
    p1,
    'PartnershipProposed',
    {
      partnershipId: 'p1',
      title: 'FLDA × Département',
      territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
      partners: [
        { orgId: 'flda', name: 'FLDA', sphere: 'association' },
        { orgId: 'edf', name: 'EDF', sphere: 'entreprise' },
      ],
      modes: ['mecenat', 'innovation_societale'],
      proposedAt: at('2012-01-10'),
    },
    at('2012-01-10'),
  );
  log.record(p1, 'PilotageStarted', { startedOn: '2012-03-01', cycle: 1 }, at('2012-03-01'));
  log.record(p1, 'MilestonePlanned', { milestoneId: 'm1', title: 'Premier chantier', dueDate: '2012-06-01' }, at('2012-03-02'));
  log.record(p1, 'MilestoneReached', { milestoneId: 'm1', reachedOn: '2012-05-20' }, at('2012-05-21'));
  log.record(p1, 'MilestonePlanned', { milestoneId: 'm2', title: 'Bilan', dueDate: '2012-09-01' }, at('2012-07-01'));
  log.record(p1, 'MilestoneRescheduled', { milestoneId: 'm2', previousDueDate: '2012-09-01', dueDate: '2012-10-01', reason: 'été' }, at('2012-08-01'));
  log.record(p1, 'MilestoneReached', { milestoneId: 'm2', reachedOn: '2012-10-15' }, at('2012-10-16'));
  log.record(p1, 'EvaluationOpened', { openedOn: '2012-11-01', cycle: 1 }, at('2012-11-01'));
  log.record(p1, 'ImpactAssessed', { dimension: 'confiance', score: 4, evidence: 'entretiens' }, at('2012-11-10'));
  log.record(p1, 'EvaluationConcluded', { decision: 'renouveler', concludedOn: '2012-12-01', cycle: 1 }, at('2012-12-01'));
  log.record(p1, 'PartnershipRenewed', { cycle: 2, renewedOn: '2012-12-01' }, at('2012-12-01'));
  const p2 = 'partnership-p2';
  log.record(
    p2,
    'PartnershipProposed',
    {
      partnershipId: 'p2',
      title: 'Île-de-France',
      territory: { id: 'ile-de-france', name: 'Île-de-France', scale: 'regional' },
      partners: [
        { orgId: 'a2', name: 'Asso', sphere: 'association' },
        { orgId: 'c2', name: 'Région', sphere: 'collectivite' },
      ],
      modes: ['pratiques_responsables'],
      proposedAt: at('2013-02-01'),
    },
    at('2013-02-01'),
  );
  // Held in June 2012, recorded in May 2013: late history.
  log.record(p1, 'SteeringCommitteeHeld', { committeeId: 'c1', heldOn: '2012-06-15', attendees: ['flda'], decisions: [] }, at('2013-05-01'));
  return log;
}

function docsOf(log: EventLog): ObservationDoc[] {
  const streams = [...new Set(log.events.map((e) => e.stream))];
  return streams
    .map(
      (stream) =>
        foldModel<ObservationDoc>(
          partnershipObservations,
          log.events.filter((e) => e.stream === stream),
        ).doc,
    )
    .filter((d) => d !== undefined);
}

const PROFILES = [{ territoryId: 'ardeche', region: 'Auvergne-Rhône-Alpes' }];
const answer = (query: ObservatoryQuery = {}) =>
  answerFromDocs(partnershipsSection, docsOf(history()), PROFILES, query, { timeZone: TZ, now: new Date(at('2014-01-01')) });
const table = (tables: readonly Table[], name: string): Table => {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
};
const rows = (tables: readonly Table[], name: string, key: string, measure = 'count') =>
  Object.fromEntries(table(tables, name).rows.map((r) => [String(r[key]), r[measure]]));

describe('the partnerships section of the observatory', () => {
  it('counts modes with shares that may sum above 100 %, phases, cycles, spheres, places', () => {
    const { tables, subjects } = answer();
    expect(subjects).toBe(2);
    expect(rows(tables, 'by_mode', 'mode', 'share')).toEqual({ pratiques_responsables: 50, mecenat: 50, cooperation_economique: 0, innovation_societale: 50 });
    expect(rows(tables, 'by_mode', 'mode')).toMatchObject({ cooperation_economique: 0 });
    expect(rows(tables, 'by_phase', 'phase')).toEqual({ cadrage: 2, pilotage: 0, evaluation: 0, closed: 0 });
    expect(rows(tables, 'by_cycle', 'cycle')).toEqual({ '1': 1, '2': 1 });
    expect(rows(tables, 'by_sphere_pair', 'spheres')).toEqual({ 'association + entreprise': 1, 'association + collectivite': 1 });
    expect(rows(tables, 'by_region', 'region')).toEqual({ 'Auvergne-Rhône-Alpes': 1, 'Île-de-France': 1 });
    expect(rows(tables, 'by_scale', 'scale')).toMatchObject({ departemental: 1, regional: 1, local: 0 });
  });

  it('as one long CSV: a region’s rows labelled with its name, as the other keyed rows with their words', () => {
    const lines = tablesCsv(answer().tables)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('tableau;groupe;mesure;valeur;clé');
    expect(lines).toContain('Partenariats par région;Auvergne-Rhône-Alpes;Nombre;1;Auvergne-Rhône-Alpes');
    expect(lines).toContain('Partenariats par région;Île-de-France;Part (%);50;Île-de-France');
    expect(lines.filter((line) => line.startsWith('Partenariats par région;')).every((line) => line.split(';')[1] !== '')).toBe(true);
    // Every group in French words (the keys last): « Clos », « Atteints à temps », « Croissance économique et emplois ».
    const groups = new Set(lines.slice(1, -1).map((line) => line.split(';')[1]));
    expect(
      [...groups].filter((group) => /^[a-z]+(_[a-z]+)+$|^(closed|spread|renewed|held|late|overdue|pending|dropped|rescheduled)$/.test(group ?? '')),
    ).toEqual([]);
  });

  it('labels sphere pairs and scales in French beside their machine keys', () => {
    const { tables } = answer();
    expect(table(tables, 'by_sphere_pair').columns.map((c) => c.key)).toEqual(['spheres', 'label', 'count', 'share']);
    expect(rows(tables, 'by_sphere_pair', 'spheres', 'label')).toEqual({
      'association + entreprise': 'Association + Entreprise',
      'association + collectivite': 'Association + Collectivité',
    });
    expect(table(tables, 'by_scale').columns.map((c) => c.key)).toEqual(['scale', 'label', 'count', 'share']);
    expect(rows(tables, 'by_scale', 'scale', 'label')).toMatchObject({ departemental: 'Départemental', regional: 'Régional', local: 'Local' });
  });

  it('names each territory beside its id: its profile’s name, else the name the partnership gives it', () => {
    expect(table(answer().tables, 'by_territory').columns.map((c) => c.key)).toEqual(['territory', 'label', 'count', 'share']);
    expect(rows(answer().tables, 'by_territory', 'territory', 'label')).toEqual({ ardeche: 'Ardèche', 'ile-de-france': 'Île-de-France' });
    const named = answerFromDocs(
      partnershipsSection,
      docsOf(history()),
      [{ territoryId: 'ardeche', name: 'Département de l’Ardèche', region: 'Auvergne-Rhône-Alpes' }],
      {},
      { timeZone: TZ, now: new Date(at('2014-01-01')) },
    );
    expect(rows(named.tables, 'by_territory', 'territory', 'label')).toEqual({ ardeche: 'Département de l’Ardèche', 'ile-de-france': 'Île-de-France' });
  });

  it('counts flows per year, the renewal rate, time in each phase, milestones, committees and impacts', () => {
    const { tables } = answer();
    expect(table(tables, 'per_year').rows).toEqual([
      { year: '2012', proposed: 1, renewed: 1, closed: 0 },
      { year: '2013', proposed: 1, renewed: 0, closed: 0 },
    ]);
    expect(rows(tables, 'renewal', 'measure', 'value')).toEqual({ evaluations_concluded: 1, renewed: 1, spread: 0, closed: 0, renewal_rate_percent: 100 });
    const durations = Object.fromEntries(table(tables, 'phase_durations').rows.map((r) => [r['phase'], r]));
    expect(durations['cadrage']).toMatchObject({ completed: 1, mean_days: 51, ongoing: 2 });
    expect(durations['pilotage']).toMatchObject({ completed: 1, mean_days: 245, ongoing: 0 });
    expect(durations['evaluation']).toMatchObject({ completed: 1, mean_days: 30 });
    expect(rows(tables, 'milestones', 'status')).toEqual({ on_time: 1, late: 1, overdue: 0, pending: 0, dropped: 0, rescheduled: 1 });
    expect(rows(tables, 'steering_committees', 'measure', 'value')).toEqual({ held: 1, partnerships_with_one: 1, mean_per_partnership: 0.5 });
    expect(table(tables, 'impacts').rows.find((r) => r['dimension'] === 'confiance')).toMatchObject({ assessments: 1, mean: 4, score_4: null });
    expect(table(tables, 'impacts').rows.find((r) => r['dimension'] === 'collective_trust')).toMatchObject({ assessments: 1, mean: 4, score_4: 1, score_5: 0 });
  });

  it('as of a date: only what had happened by then, history recorded late included on the happened clock', () => {
    const { tables, subjects, period } = answer({ asOf: '2012-06-30' });
    expect(period.until).toBe('2012-06-30');
    expect(subjects).toBe(1);
    expect(rows(tables, 'by_phase', 'phase')).toMatchObject({ pilotage: 1, cadrage: 0 });
    expect(rows(tables, 'milestones', 'status')).toMatchObject({ on_time: 1, late: 0 });
    expect(rows(tables, 'steering_committees', 'measure', 'value')).toMatchObject({ held: 1 });
  });

  it('on the recorded clock, what Catalyse knew then: the committee recorded in 2013 is not known in 2012', () => {
    const { tables, clock } = answer({ asOf: '2012-06-30', clock: 'recorded' });
    expect(clock).toBe('recorded');
    expect(rows(tables, 'steering_committees', 'measure', 'value')).toMatchObject({ held: 0 });
    expect(rows(answer({ asOf: '2013-05-01', clock: 'recorded' }).tables, 'steering_committees', 'measure', 'value')).toMatchObject({ held: 1 });
  });

  it('an overdue milestone is late before it is reached', () => {
    const { tables } = answer({ asOf: '2012-09-15' });
    expect(rows(tables, 'milestones', 'status')).toMatchObject({ on_time: 1, pending: 1, overdue: 0 });
    expect(rows(answer({ asOf: '2012-10-10' }).tables, 'milestones', 'status')).toMatchObject({ overdue: 1, rescheduled: 1 });
  });

  it('counts every year from the first to the last, a quiet one with zeros', () => {
    const log = history();
    log.record(
      'partnership-p3',
      'PartnershipProposed',
      {
        partnershipId: 'p3',
        title: 'Plus tard',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'a3', name: 'Asso', sphere: 'association' },
          { orgId: 'e3', name: 'Entreprise', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: at('2015-03-01'),
      },
      at('2015-03-01'),
    );
    const { tables } = answerFromDocs(partnershipsSection, docsOf(log), PROFILES, {}, { timeZone: TZ, now: new Date(at('2016-01-01')) });
    expect(table(tables, 'per_year').rows).toEqual([
      { year: '2012', proposed: 1, renewed: 1, closed: 0 },
      { year: '2013', proposed: 1, renewed: 0, closed: 0 },
      { year: '2014', proposed: 0, renewed: 0, closed: 0 },
      { year: '2015', proposed: 1, renewed: 0, closed: 0 },
    ]);
  });

  it('filters by territory, by region (name or slug) and by period', () => {
    expect(answer({ territory: 'ardeche' }).subjects).toBe(1);
    expect(answer({ region: 'ile-de-france' }).subjects).toBe(1);
    expect(answer({ region: 'Auvergne-Rhône-Alpes' }).subjects).toBe(1);
    expect(answer({ region: 'bretagne' }).subjects).toBe(0);
    const { tables, subjects } = answer({ from: '2013-01-01', to: '2013-12-31' });
    expect(subjects).toBe(2);
    expect(table(tables, 'per_year').rows).toEqual([{ year: '2013', proposed: 1, renewed: 0, closed: 0 }]);
    expect(answer({ from: '2011-01-01', to: '2011-12-31' }).subjects).toBe(0);
  });

  it('over a period, counts the stays that ended and the milestones reached or dropped in it, and what is under way at its end', () => {
    // p1's phases and milestones all ended in 2012: in 2013 only its cadrage of cycle 2 (and p2's) is under way.
    const in2013 = answer({ from: '2013-01-01', to: '2013-12-31' }).tables;
    const durations = Object.fromEntries(table(in2013, 'phase_durations').rows.map((r) => [r['phase'], r]));
    expect(durations['cadrage']).toMatchObject({ completed: 0, ongoing: 2 });
    expect(durations['pilotage']).toMatchObject({ completed: 0, ongoing: 0 });
    expect(durations['evaluation']).toMatchObject({ completed: 0 });
    expect(rows(in2013, 'milestones', 'status')).toEqual({ on_time: 0, late: 0, overdue: 0, pending: 0, dropped: 0, rescheduled: 0 });
    // In 2012 they all count, as without a period.
    const in2012 = answer({ from: '2012-01-01', to: '2012-12-31' }).tables;
    expect(rows(in2012, 'milestones', 'status')).toEqual({ on_time: 1, late: 1, overdue: 0, pending: 0, dropped: 0, rescheduled: 1 });
    expect(Object.fromEntries(table(in2012, 'phase_durations').rows.map((r) => [r['phase'], r]))['pilotage']).toMatchObject({ completed: 1, mean_days: 245 });
  });
});

describe('the impacts table: each dimension, then its two sub-dimensions', () => {
  /** p1: an observation kept before sub-dimensions (confiance 4); p3: version 2 assessments with sub-scores that differ. */
  function withSubDimensions(): EventLog {
    const log = history();
    const p3 = 'partnership-p3';
    log.record(
      p3,
      'PartnershipProposed',
      {
        partnershipId: 'p3',
        title: 'Silver Geek',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'sg', name: 'Silver Geek', sphere: 'association' },
          { orgId: 'vyv', name: 'VYV', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: at('2013-03-01'),
      },
      at('2013-03-01'),
    );
    log.record(p3, 'EvaluationOpened', { openedOn: '2013-09-01', cycle: 1 }, at('2013-09-01'));
    const assess = (dimension: string, scores: Record<string, number>, score: number) =>
      log.record(p3, 'ImpactAssessed', { dimension, scores, score, evidence: 'bilan' }, at('2013-09-10'));
    assess('confiance', { collective_trust: 3, individual_trust: 4 }, 3.5);
    assess('innovation_societale', { growth_and_jobs: 5, fewer_fragilities: 5 }, 5);
    return log;
  }
  const impacts = () =>
    table(answerFromDocs(partnershipsSection, docsOf(withSubDimensions()), PROFILES, {}, { timeZone: TZ, now: new Date(at('2014-01-01')) }).tables, 'impacts');

  it('lays out each dimension followed by its sub-dimensions, named in English, labelled in French beside each key', () => {
    const t = impacts();
    expect(t.rows.map((r) => [r['dimension'], r['label'], r['part_of'] ?? null, r['part_of_label'] ?? null])).toEqual([
      ['innovation_societale', 'Innovation sociétale', null, null],
      ['growth_and_jobs', 'Croissance économique et emplois', 'innovation_societale', 'Innovation sociétale'],
      ['fewer_fragilities', 'Réduction des fragilités', 'innovation_societale', 'Innovation sociétale'],
      ['performance_organisations', 'Performance des organisations', null, null],
      ['association_performance', 'Performance des associations', 'performance_organisations', 'Performance des organisations'],
      ['company_performance', 'Performance des entreprises', 'performance_organisations', 'Performance des organisations'],
      ['confiance', 'Confiance', null, null],
      ['collective_trust', 'Confiance collective', 'confiance', 'Confiance'],
      ['individual_trust', 'Confiance individuelle', 'confiance', 'Confiance'],
    ]);
    // The README's promise: a `label` column after the key, `<column>_label` after another coded column.
    expect(t.columns.map((c) => c.key)).toEqual([
      'dimension',
      'label',
      'part_of',
      'part_of_label',
      'assessments',
      'mean',
      'score_1',
      'score_2',
      'score_3',
      'score_4',
      'score_5',
    ]);
  });

  it('as CSV, a French spreadsheet reads each key in words beside it: `;` between cells, decimal commas', () => {
    const csv = tableCsv(impacts())
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(csv[0]).toBe('Dimension;Libellé;Sous-dimension de;Sous-dimension de (libellé);Évaluations;Note moyenne;Note 1;Note 2;Note 3;Note 4;Note 5');
    expect(csv).toContain('confiance;Confiance;;;2;3,75;;;;;');
    expect(csv).toContain('collective_trust;Confiance collective;confiance;Confiance;2;3,5;0;0;1;1;0');
    expect(csv).toContain('growth_and_jobs;Croissance économique et emplois;innovation_societale;Innovation sociétale;1;5;0;0;0;0;1');
  });

  it('a dimension: the mean of its scores; its notes are counted, whole, in its sub-dimensions (an old observation as both at its score)', () => {
    const byKey = Object.fromEntries(impacts().rows.map((r) => [String(r['dimension']), r]));
    // confiance: p1 at 4 (kept before sub-dimensions), p3 at 3 and 4 (3.5).
    expect(byKey['confiance']).toEqual({
      dimension: 'confiance',
      label: 'Confiance',
      assessments: 2,
      mean: 3.75,
      score_1: null,
      score_2: null,
      score_3: null,
      score_4: null,
      score_5: null,
    });
    // Every count of notes is a whole number.
    const counts = impacts().rows.flatMap((row) => [1, 2, 3, 4, 5].map((score) => row[`score_${score}`] ?? 0));
    expect(counts.filter((count) => !Number.isInteger(count))).toEqual([]);
    expect(byKey['collective_trust']).toMatchObject({ assessments: 2, mean: 3.5, score_3: 1, score_4: 1 });
    expect(byKey['individual_trust']).toMatchObject({ assessments: 2, mean: 4, score_3: 0, score_4: 2 });
    expect(byKey['innovation_societale']).toMatchObject({ assessments: 1, mean: 5, score_5: null });
    expect(byKey['growth_and_jobs']).toMatchObject({ assessments: 1, mean: 5, score_5: 1 });
    expect(byKey['association_performance']).toMatchObject({ assessments: 0, mean: null, score_1: 0 });
  });
});
