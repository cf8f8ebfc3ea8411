import { experimentationObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { experimentationsSection } from './experimentations-section';

const PROFILES = [
  { territoryId: 'charenton-saint-maurice', region: 'Île-de-France' },
  { territoryId: 'ardeche', region: 'Auvergne-Rhône-Alpes' },
];
const org = (orgId: string, sphere: string) => ({ orgId, name: `Structure ${orgId}`, sphere });

/**
 * Charenton-like (an expérimentation collective: two groups, meetings written group by group, the second group's two
 * weeks late, the restitution of 118 dirigeants, a follow-up meeting), Silver Geek-like (a co-innovation), and one
 * abandoned, launched before categories were recorded.
 */
function history(): EventLog {
  const log = new EventLog();
  const x1 = (type: string, data: object, day: string) => log.record('experimentation-x1', type, data, at(day));
  x1(
    'ExperimentationLaunched',
    {
      experimentationId: 'x1',
      title: 'Agir ensemble',
      territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
      conveners: [org('cc', 'collectivite')],
      catalyseurs: ['c1'],
      launchedOn: '2012-01-16',
      category: 'experimentation_collective',
    },
    '2012-01-16',
  );
  x1(
    'DirigeantsInvited',
    { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 71, entreprise: 43, collectivite: 28 }, volunteers: 40 },
    '2012-10-02',
  );
  for (const groupId of ['g1', 'g2']) x1('WorkingGroupFormed', { groupId, theme: `Thème ${groupId}`, formedOn: '2012-10-02' }, '2012-10-02');
  for (const [groupId, participantId, sphere] of [
    ['g1', 'p1', 'association'],
    ['g1', 'p2', 'entreprise'],
    ['g1', 'p3', 'collectivite'],
    ['g2', 'p4', 'association'],
    ['g2', 'p5', 'entreprise'],
  ] as const) {
    x1('WorkingGroupJoined', { groupId, participantId, organisation: `Structure ${participantId}`, sphere, joinedOn: '2012-11-15' }, '2012-11-15');
  }
  x1('StageAdvanced', { stage: 'co_construction', previousStage: 'emergence_besoins', advancedOn: '2012-12-03' }, '2012-12-03');
  const meet = (groupId: string, step: string, heldOn: string, recordedOn = heldOn) =>
    log.record('experimentation-x1', 'GroupMeetingHeld', { groupId, step, heldOn, attendees: ['p1', 'p2'], notes: 'compte rendu' }, at(recordedOn));
  meet('g1', 'etat_des_lieux', '2012-12-10');
  meet('g1', 'propositions', '2013-01-14');
  x1('WorkingGroupLeft', { groupId: 'g2', participantId: 'p5', reason: 'mutation', leftOn: '2013-01-20' }, '2013-01-20');
  meet('g1', 'plan_action', '2013-02-11');
  // The second group's meetings, written on 20 February: dates go back within the stream.
  meet('g2', 'etat_des_lieux', '2012-12-12', '2013-02-20');
  meet('g2', 'propositions', '2013-01-16', '2013-02-20');
  meet('g2', 'plan_action', '2013-02-13', '2013-02-20');
  const adopt = (actionId: string, groupIds: string[], carriers: object[]) =>
    x1('ActionAdopted', { actionId, title: `Action ${actionId}`, groupIds, carriers, adoptedOn: '2013-06-05' }, '2013-06-05');
  adopt('a1', ['g1'], [org('tremplin', 'association'), org('gravelle', 'entreprise')]);
  adopt('a2', ['g2'], [org('essilor', 'entreprise'), org('cc', 'collectivite')]);
  adopt('a3', ['g1', 'g2'], [org('cc', 'collectivite')]);
  x1('StageAdvanced', { stage: 'restitution', previousStage: 'co_construction', advancedOn: '2013-06-01' }, '2013-06-01');
  // The restitution des travaux: 118 dirigeants, 40 % associations, 40 % entreprises, 20 % from outside the territory.
  x1(
    'RestitutionHeld',
    { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24, notes: 'salle comble' },
    '2013-06-05',
  );
  x1('StageAdvanced', { stage: 'mise_en_oeuvre', previousStage: 'restitution', advancedOn: '2013-06-06' }, '2013-06-06');
  x1('FollowUpMeetingHeld', { groupId: 'g1', heldOn: '2013-10-14', attendees: ['p1', 'p2', 'p3'], notes: 'point d’étape' }, '2013-10-14');
  x1('FollowUpMeetingHeld', { groupId: 'g2', heldOn: '2014-01-20', attendees: ['p4'] }, '2014-01-20');
  x1('StageAdvanced', { stage: 'evaluation_resultats', previousStage: 'mise_en_oeuvre', advancedOn: '2015-09-01' }, '2015-09-01');
  x1('ResultsEvaluated', { actionId: 'a1', outcome: 'concluante', summary: 'évalué', indicators: [], evaluatedOn: '2016-02-15' }, '2016-02-15');
  x1('ResultsEvaluated', { actionId: 'a2', outcome: 'mitigee', summary: 'évalué', indicators: [], evaluatedOn: '2016-02-15' }, '2016-02-15');
  // An earlier evaluation of a2, dated October 2015, found in the archives and written on 1 March 2016: the February one stays the latest.
  log.record(
    'experimentation-x1',
    'ResultsEvaluated',
    { actionId: 'a2', outcome: 'non_concluante', summary: 'évalué', indicators: [], evaluatedOn: '2015-10-01' },
    at('2016-03-01'),
  );
  x1('EssaimageDecided', { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' }, '2016-03-15');

  const x2 = (type: string, data: object, day: string) => log.record('experimentation-x2', type, data, at(day));
  x2(
    'ExperimentationLaunched',
    {
      experimentationId: 'x2',
      title: 'Silver Geek',
      territory: { id: 'poitou-charentes', name: 'Poitou-Charentes', scale: 'regional' },
      conveners: [org('la-poste', 'entreprise')],
      catalyseurs: [],
      launchedOn: '2013-01-15',
      category: 'co_innovation',
    },
    '2013-01-15',
  );
  x2('DirigeantsInvited', { invitedOn: '2013-03-12', dirigeants: 20, bySphere: { association: 11, entreprise: 8, collectivite: 1 } }, '2013-03-12');
  x2('WorkingGroupFormed', { groupId: 'numerique', theme: 'Fracture numérique', formedOn: '2013-03-12' }, '2013-03-12');
  x2(
    'WorkingGroupJoined',
    { groupId: 'numerique', participantId: 'q1', organisation: 'Unis-Cité', sphere: 'association', joinedOn: '2013-05-14' },
    '2013-05-14',
  );
  x2('WorkingGroupJoined', { groupId: 'numerique', participantId: 'q2', organisation: 'Orange', sphere: 'entreprise', joinedOn: '2013-05-14' }, '2013-05-14');
  x2('StageAdvanced', { stage: 'co_construction', previousStage: 'emergence_besoins', advancedOn: '2013-06-03' }, '2013-06-03');
  x2('GroupMeetingHeld', { groupId: 'numerique', step: 'etat_des_lieux', heldOn: '2013-06-10', attendees: ['q1'] }, '2013-06-10');
  x2(
    'ActionAdopted',
    {
      actionId: 's1',
      title: 'Silver Geek',
      groupIds: ['numerique'],
      carriers: [org('orange', 'entreprise'), org('unis-cite', 'association'), org('cg', 'collectivite')],
      adoptedOn: '2014-06-20',
      hostPlaces: 15,
    },
    '2014-06-20',
  );
  x2('StageAdvanced', { stage: 'evaluation_resultats', previousStage: 'co_construction', advancedOn: '2015-05-04' }, '2015-05-04');
  x2('ResultsEvaluated', { actionId: 's1', outcome: 'concluante', summary: 'très positif', indicators: [], evaluatedOn: '2015-06-15' }, '2015-06-15');
  x2('EssaimageDecided', { essaimer: false, reason: 'pas de financement', decidedOn: '2015-06-30' }, '2015-06-30');

  const x3 = (type: string, data: object, day: string) => log.record('experimentation-x3', type, data, at(day));
  x3(
    'ExperimentationLaunched',
    {
      experimentationId: 'x3',
      title: 'Ardèche',
      territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
      conveners: [org('cg07', 'collectivite')],
      catalyseurs: [],
      launchedOn: '2014-03-01',
    },
    '2014-03-01',
  );
  x3('ExperimentationAbandoned', { reason: 'départ du porteur', abandonedOn: '2014-09-01' }, '2014-09-01');
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(experimentationsSection, docsOf(experimentationObservations, history().events), query, PROFILES);
const NEW_ROW = ['category', 'restitution', 'follow_ups'];
const ROW = ['dirigeants', 'volunteers', 'groups', 'participants', 'meetings', 'actions', 'evaluated', 'essaimage', 'stage', 'status'];

describe('the experimentations section', () => {
  it('gives each experimentation its title and each code its word beside it (JSON and CSV keep the codes); its id without a title', () => {
    const titled = answerOf(experimentationsSection, docsOf(experimentationObservations, history().events), {}, PROFILES, '2030-01-01', {
      experimentation: new Map([['x1', 'Agir ensemble']]),
    });
    const table = tableOf(titled, 'experimentations');
    const keys = table.columns.map((c) => c.key);
    expect(keys.slice(0, 2)).toEqual(['experimentation', 'label']);
    for (const code of ['category', 'stage', 'status', 'essaimage']) expect(keys.indexOf(`${code}_label`)).toBe(keys.indexOf(code) + 1);
    expect(rowsBy(table, 'experimentation', ['label', 'stage', 'stage_label', 'status', 'status_label'])['x1']).toEqual([
      'Agir ensemble',
      'evaluation_resultats',
      'Évaluation des résultats',
      'concluded',
      'Conclue',
    ]);
    expect(rowsBy(table, 'experimentation', ['label'])['x2']).toEqual(['x2']);
    expect(table.rows.every((r) => typeof r['category_label'] === 'string' && typeof r['essaimage_label'] === 'string')).toBe(true);
  });

  it('keeps no title, theme, organisation, note, summary or reason', () => {
    expect(JSON.stringify(docsOf(experimentationObservations, history().events))).not.toMatch(
      /Agir|Thème|Structure|Unis-Cité|compte rendu|évalué|mutation|financement|salle comble|point d’étape/,
    );
  });

  it('counts experimentations by stage and status, one row each, dirigeants and participants by sphere, actions, essaimage, activity per year', () => {
    const a = answer();
    expect(a.subjects).toBe(3);
    expect(rowsBy(tableOf(a, 'by_stage'), 'stage', ['label', 'count', 'share'])).toEqual({
      emergence_besoins: ['Émergence des besoins', 1, 33.3],
      co_construction: ['Co-construction', 0, 0],
      restitution: ['Restitution des travaux', 0, 0],
      mise_en_oeuvre: ['Mise en œuvre des actions', 0, 0],
      evaluation_resultats: ['Évaluation des résultats', 2, 66.7],
    });
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ running: [0], concluded: [2], abandoned: [1] });
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', ROW)).toEqual({
      x1: [142, 40, 2, 4, 6, 3, 2, 'essaimer', 'evaluation_resultats', 'concluded'],
      x2: [20, null, 1, 2, 1, 1, 1, 'ne_pas_essaimer', 'evaluation_resultats', 'concluded'],
      x3: [null, null, 0, 0, 0, 0, 0, 'non_decide', 'emergence_besoins', 'abandoned'],
    });
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', ['region'])).toEqual({
      x1: ['Île-de-France'],
      x2: ['Poitou-Charentes'],
      x3: ['Auvergne-Rhône-Alpes'],
    });
    expect(rowsBy(tableOf(a, 'dirigeants_by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      association: [82, 50.6],
      entreprise: [51, 31.5],
      collectivite: [29, 17.9],
    });
    expect(rowsBy(tableOf(a, 'participants_by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      association: [3, 50],
      entreprise: [2, 33.3],
      collectivite: [1, 16.7],
    });
    expect(rowsBy(tableOf(a, 'meetings_by_step'), 'step', ['count', 'share'])).toEqual({
      etat_des_lieux: [3, 42.9],
      propositions: [2, 28.6],
      plan_action: [2, 28.6],
    });
    expect(rowsBy(tableOf(a, 'actions_by_outcome'), 'outcome', ['count', 'share'])).toEqual({
      concluante: [2, 50],
      mitigee: [1, 25],
      non_concluante: [0, 0],
      non_evaluee: [1, 25],
    });
    // An action has several carriers: the shares add up to 200 %.
    const carriers = tableOf(a, 'actions_by_carrier_sphere');
    expect(rowsBy(carriers, 'sphere', ['count', 'share'])).toEqual({ collectivite: [3, 75], entreprise: [3, 75], association: [2, 50] });
    expect(carriers.rows.reduce((sum, r) => sum + Number(r['share']), 0)).toBe(200);
    expect(rowsBy(tableOf(a, 'essaimage'), 'decision', ['count'])).toEqual({ essaimer: [1], ne_pas_essaimer: [1], non_decide: [1] });
    expect(tableOf(a, 'activity_by_year').rows).toEqual([
      { year: '2012', launched: 1, meetings: 2, restitutions: 0, follow_ups: 0, actions: 0, evaluations: 0, essaimages: 0 },
      { year: '2013', launched: 1, meetings: 5, restitutions: 1, follow_ups: 1, actions: 3, evaluations: 0, essaimages: 0 },
      { year: '2014', launched: 1, meetings: 0, restitutions: 0, follow_ups: 1, actions: 1, evaluations: 0, essaimages: 0 },
      { year: '2015', launched: 0, meetings: 0, restitutions: 0, follow_ups: 0, actions: 0, evaluations: 2, essaimages: 1 },
      { year: '2016', launched: 0, meetings: 0, restitutions: 0, follow_ups: 0, actions: 0, evaluations: 2, essaimages: 1 },
    ]);
  });

  it('counts experimentations by category (those launched before categories as non renseignée), restitutions and follow-ups', () => {
    const a = answer();
    expect(rowsBy(tableOf(a, 'by_category'), 'category', ['label', 'count', 'share'])).toEqual({
      impulsion_acteurs: ['Impulsion d’acteurs territoriaux', 0, 0],
      experimentation_collective: ['Expérimentation collective', 1, 33.3],
      co_innovation: ['Co-innovation territoriale', 1, 33.3],
      non_renseignee: ['Non renseignée', 1, 33.3],
    });
    expect(tableOf(a, 'by_category').rows.map((r) => r['category'])).toEqual([
      'impulsion_acteurs',
      'experimentation_collective',
      'co_innovation',
      'non_renseignee',
    ]);
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', NEW_ROW)).toEqual({
      x1: ['experimentation_collective', 118, 2],
      x2: ['co_innovation', null, 0],
      x3: ['non_renseignee', null, 0],
    });
    expect(tableOf(a, 'experimentations').columns.filter((c) => NEW_ROW.includes(c.key))).toEqual([
      { key: 'category', label: 'Catégorie' },
      { key: 'restitution', label: 'Dirigeants à la restitution' },
      { key: 'follow_ups', label: 'Réunions de suivi' },
    ]);
    // 47 / 47 / 24 of 118: the document's 40 / 40 / 20, from outside the territory being the third share.
    const restitution = tableOf(a, 'restitution_by_sphere');
    expect(restitution.title).toBe('Dirigeants à la restitution par sphère');
    expect(rowsBy(restitution, 'sphere', ['label', 'count', 'share'])).toEqual({
      association: ['Association', 47, 39.8],
      entreprise: ['Entreprise', 47, 39.8],
      hors_territoire: ['Hors du territoire', 24, 20.3],
    });
    expect(tableOf(a, 'activity_by_year').columns.map((c) => c.label)).toEqual([
      'Année',
      'Lancées',
      'Réunions',
      'Restitutions',
      'Réunions de suivi',
      'Actions adoptées',
      'Évaluations',
      'Décisions d’essaimage',
    ]);
  });

  it('as of the day before the restitution: none held yet, no follow-up, nothing by sphere', () => {
    const a = answer({ asOf: '2013-06-04' });
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', [...NEW_ROW, 'stage'])).toEqual({
      x1: ['experimentation_collective', null, 0, 'restitution'],
      x2: ['co_innovation', null, 0, 'co_construction'],
    });
    expect(tableOf(a, 'restitution_by_sphere').rows).toEqual([]);
    expect(tableOf(a, 'activity_by_year').rows.map((r) => [r['year'], r['restitutions'], r['follow_ups']])).toEqual([
      ['2012', 0, 0],
      ['2013', 0, 0],
    ]);
    // On the day: held, its follow-ups to come.
    expect(rowsBy(tableOf(answer({ asOf: '2013-06-05' }), 'experimentations'), 'experimentation', NEW_ROW)['x1']).toEqual([
      'experimentation_collective',
      118,
      0,
    ]);
  });

  it('over 2014: the restitution of 2013 still stands, only the follow-up of the period is counted in the year', () => {
    const a = answer({ from: '2014-01-01', to: '2014-12-31' });
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', NEW_ROW)).toEqual({
      x1: ['experimentation_collective', 118, 2],
      x2: ['co_innovation', null, 0],
      x3: ['non_renseignee', null, 0],
    });
    expect(rowsBy(tableOf(a, 'restitution_by_sphere'), 'sphere', ['count'])).toEqual({ association: [47], entreprise: [47], hors_territoire: [24] });
    expect(tableOf(a, 'activity_by_year').rows.map((r) => [r['year'], r['restitutions'], r['follow_ups']])).toEqual([['2014', 0, 1]]);
  });

  it('a restitution held twice: the latest by the period’s last day, as it happened', () => {
    const log = new EventLog();
    const launch = {
      experimentationId: 'x9',
      title: 'Deux fois',
      territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
      conveners: [],
      catalyseurs: [],
    };
    log.record('experimentation-x9', 'ExperimentationLaunched', { ...launch, launchedOn: '2020-01-06' }, at('2020-01-06'));
    log.record('experimentation-x9', 'RestitutionHeld', { heldOn: '2020-09-01', dirigeants: 60, bySphere: { entreprise: 60 } }, at('2020-09-01'));
    // An earlier one, written afterwards.
    log.record('experimentation-x9', 'RestitutionHeld', { heldOn: '2020-06-01', dirigeants: 40, bySphere: { association: 40 } }, at('2020-09-02'));
    const x9 = (query: ObservatoryQuery) => answerOf(experimentationsSection, docsOf(experimentationObservations, log.events), query, PROFILES);
    expect(rowsBy(tableOf(x9({}), 'restitution_by_sphere'), 'sphere', ['count'])).toEqual({ entreprise: [60] });
    expect(rowsBy(tableOf(x9({}), 'experimentations'), 'experimentation', ['restitution'])).toEqual({ x9: [60] });
    expect(rowsBy(tableOf(x9({ asOf: '2020-07-01' }), 'restitution_by_sphere'), 'sphere', ['count'])).toEqual({ association: [40] });
    expect(rowsBy(tableOf(x9({ asOf: '2020-07-01', clock: 'recorded' }), 'experimentations'), 'experimentation', ['restitution'])).toEqual({ x9: [null] });
  });

  it('as of 2013-01-01: one experimentation, in co-construction, its first two meetings held although written later', () => {
    const a = answer({ asOf: '2013-01-01' });
    expect(a.subjects).toBe(1);
    expect(rowsBy(tableOf(a, 'experimentations'), 'experimentation', ROW)).toEqual({
      x1: [142, 40, 2, 5, 2, 0, 0, 'non_decide', 'co_construction', 'running'],
    });
  });

  it('meetings recorded late: on the happened clock on their days, on the recorded clock once written', () => {
    const happened = answer({ asOf: '2013-01-31' });
    expect(rowsBy(tableOf(happened, 'meetings_by_step'), 'step', ['count'])).toEqual({ etat_des_lieux: [2], propositions: [2], plan_action: [0] });
    const recorded = answer({ asOf: '2013-01-31', clock: 'recorded' });
    expect(rowsBy(tableOf(recorded, 'meetings_by_step'), 'step', ['count'])).toEqual({ etat_des_lieux: [1], propositions: [1], plan_action: [0] });
    const written = answer({ asOf: '2013-02-20', clock: 'recorded' });
    expect(rowsBy(tableOf(written, 'meetings_by_step'), 'step', ['count'])).toEqual({ etat_des_lieux: [2], propositions: [2], plan_action: [2] });
  });

  it('over a period: the experimentations alive in it, standing on its last day, its events', () => {
    const a = answer({ from: '2015-01-01', to: '2015-12-31' });
    expect(a.subjects).toBe(2);
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ running: [1], concluded: [1], abandoned: [0] });
    // a2's October evaluation, written in March 2016, stands on the period's last day (happened clock), not on the recorded clock.
    expect(rowsBy(tableOf(a, 'actions_by_outcome'), 'outcome', ['count'])).toEqual({ concluante: [1], mitigee: [0], non_concluante: [1], non_evaluee: [2] });
    const recorded = answer({ from: '2015-01-01', to: '2015-12-31', asOf: '2015-12-31', clock: 'recorded' });
    expect(rowsBy(tableOf(recorded, 'actions_by_outcome'), 'outcome', ['count'])).toEqual({
      concluante: [1],
      mitigee: [0],
      non_concluante: [0],
      non_evaluee: [3],
    });
    expect(rowsBy(tableOf(a, 'meetings_by_step'), 'step', ['count'])).toEqual({ etat_des_lieux: [0], propositions: [0], plan_action: [0] });
    expect(tableOf(a, 'activity_by_year').rows).toEqual([
      { year: '2015', launched: 0, meetings: 0, restitutions: 0, follow_ups: 0, actions: 0, evaluations: 2, essaimages: 1 },
    ]);
  });

  it('filters by territory and by region (a regional territory without a profile is its own region)', () => {
    expect(rowsBy(tableOf(answer({ territory: 'charenton-saint-maurice' }), 'experimentations'), 'experimentation', ['participants'])).toEqual({ x1: [4] });
    expect(rowsBy(tableOf(answer({ region: 'poitou-charentes' }), 'experimentations'), 'experimentation', ['dirigeants'])).toEqual({ x2: [20] });
  });
});
