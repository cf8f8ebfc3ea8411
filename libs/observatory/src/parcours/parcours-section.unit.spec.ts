import { parcoursObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { parcoursSection } from './parcours-section';

// Creuse has no profile: its tables show its id.
const PROFILES = [
  { territoryId: 'alsace', name: 'Labo régional Alsace', region: 'Grand Est' },
  { territoryId: 'ardeche', name: 'Ardèche', region: 'Auvergne-Rhône-Alpes' },
  { territoryId: 'grand-lyon', name: 'Métropole de Lyon', region: 'Auvergne-Rhône-Alpes' },
];

/**
 * A 2018 parcours of three pilots (a fourth withdrew before the start), three
 * sessions, progress — one pilot's first record written in September — and
 * completed; a 2019 parcours still enrolling.
 */
function history(): EventLog {
  const log = new EventLog();
  const p1 = (type: string, data: object, day: string, recordedOn = day) => log.record('parcours-pc1', type, data, at(recordedOn));
  p1(
    'ParcoursOpened',
    { parcoursId: 'pc1', title: 'Co-construction', startMonth: '2018-04', durationMonths: 9, endMonth: '2018-12', openedOn: '2018-02-01' },
    '2018-02-01',
  );
  for (const territoryId of ['alsace', 'ardeche', 'creuse', 'pays-de-la-loire']) {
    p1('PilotTerritoryEnrolled', { territoryId, name: `Territoire ${territoryId}`, enrolledOn: '2018-03-01' }, '2018-03-01');
  }
  p1('PilotTerritoryWithdrawn', { territoryId: 'pays-de-la-loire', reason: 'élections', withdrawnOn: '2018-03-20' }, '2018-03-20');
  p1('ParcoursStarted', { startedOn: '2018-04-03', territoryIds: ['alsace', 'ardeche', 'creuse'] }, '2018-04-03');
  const session = (sessionNumber: number, heldOn: string, territoriesPresent: string[]) =>
    p1('ParcoursSessionHeld', { sessionNumber, heldOn, theme: `Séance ${sessionNumber}`, territoriesPresent }, heldOn);
  const progress = (territoryId: string, step: string, recordedOn: string, writtenOn = recordedOn) =>
    p1('PilotProgressRecorded', { territoryId, step, note: 'travaux entre pairs', recordedOn }, recordedOn, writtenOn);
  session(1, '2018-04-03', ['alsace', 'ardeche', 'creuse']);
  session(2, '2018-05-24', ['alsace', 'ardeche']);
  progress('alsace', 'solutions', '2018-05-24');
  progress('ardeche', 'solutions', '2018-05-24');
  session(3, '2018-07-05', ['alsace', 'ardeche', 'creuse']);
  progress('alsace', 'chaine_de_valeur', '2018-07-05');
  progress('ardeche', 'solutions', '2018-07-05');
  progress('creuse', 'solutions', '2018-05-24', '2018-09-01'); // written in September
  p1('ParcoursCompleted', { completedOn: '2018-12-20', summary: 'socle commun', outcomes: [] }, '2018-12-20');

  const p2 = (type: string, data: object, day: string) => log.record('parcours-pc2', type, data, at(day));
  p2(
    'ParcoursOpened',
    { parcoursId: 'pc2', title: 'Deuxième cohorte', startMonth: '2019-04', durationMonths: 9, endMonth: '2019-12', openedOn: '2019-01-10' },
    '2019-01-10',
  );
  for (const territoryId of ['grand-lyon', 'alsace'])
    p2('PilotTerritoryEnrolled', { territoryId, name: `Territoire ${territoryId}`, enrolledOn: '2019-02-01' }, '2019-02-01');
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(parcoursSection, docsOf(parcoursObservations, history().events), query, PROFILES);

describe('the parcours section', () => {
  it('keeps no title, name, theme, note, reason or summary', () => {
    expect(JSON.stringify(docsOf(parcoursObservations, history().events))).not.toMatch(/Co-construction|Territoire |Séance|travaux|élections|socle/);
  });

  it('the pilots’ progress by step (where each works, what each reached), the parcours by status and one row each, the pilots by region', () => {
    const a = answer();
    expect(a.subjects).toBe(2);
    expect(rowsBy(tableOf(a, 'progress_by_step'), 'step', ['current', 'share', 'reached', 'reached_share'])).toEqual({
      solutions: [2, 40, 3, 60],
      chaine_de_valeur: [1, 20, 1, 20],
      modele_economique: [0, 0, 0, 0],
      dispositif: [0, 0, 0, 0],
      non_commencee: [2, 40, null, null],
    });
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ open: [1], started: [0], completed: [1] });
    expect(tableOf(a, 'parcours').rows).toEqual([
      {
        parcours: 'pc1',
        label: 'pc1',
        status: 'completed',
        status_label: 'Terminé',
        pilots: 3,
        withdrawn: 1,
        sessions: 3,
        presence_rate: 88.9,
        completed: '2018-12-20',
      },
      {
        parcours: 'pc2',
        label: 'pc2',
        status: 'open',
        status_label: 'Inscriptions ouvertes',
        pilots: 2,
        withdrawn: 0,
        sessions: 0,
        presence_rate: null,
        completed: null,
      },
    ]);
    expect(rowsBy(tableOf(a, 'pilots_by_region'), 'region', ['count', 'share'])).toEqual({
      'Auvergne-Rhône-Alpes': [2, 40],
      'Grand Est': [2, 40],
      'non renseignée': [1, 20],
    });
    expect(rowsBy(tableOf(a, 'pilots'), 'territory', ['parcours', 'step', 'sessions']).creuse).toEqual(['pc1', 'solutions', 2]);
  });

  it('names each pilot territory in French beside its id, the id when it has no profile', () => {
    const pilots = tableOf(answer(), 'pilots');
    expect(pilots.columns.map((c) => c.key)).toEqual(['territory', 'label', 'parcours', 'parcours_label', 'region', 'step', 'step_label', 'sessions']);
    expect(pilots.rows.map((r) => [r['territory'], r['label'], r['parcours']])).toEqual([
      ['alsace', 'Labo régional Alsace', 'pc1'],
      ['ardeche', 'Ardèche', 'pc1'],
      ['creuse', 'creuse', 'pc1'],
      ['grand-lyon', 'Métropole de Lyon', 'pc2'],
      ['alsace', 'Labo régional Alsace', 'pc2'],
    ]);
  });

  it('gives each parcours its title, its status and each pilot’s step in words beside the codes', () => {
    const titled = answerOf(parcoursSection, docsOf(parcoursObservations, history().events), {}, PROFILES, '2030-01-01', {
      parcours: new Map([['pc1', 'Co-construction territoriale 2018']]),
    });
    expect(rowsBy(tableOf(titled, 'parcours'), 'parcours', ['label', 'status_label'])).toEqual({
      pc1: ['Co-construction territoriale 2018', 'Terminé'],
      pc2: ['pc2', 'Inscriptions ouvertes'],
    });
    const creuse = tableOf(titled, 'pilots').rows.find((r) => r['territory'] === 'creuse');
    expect([creuse?.['parcours_label'], creuse?.['step'], creuse?.['step_label']]).toEqual(['Co-construction territoriale 2018', 'solutions', 'Les solutions']);
  });

  it('as of a day, on either clock: progress written late counts on its day when things happened', () => {
    const happened = answer({ asOf: '2018-06-30' });
    expect(happened.subjects).toBe(1);
    expect(rowsBy(tableOf(happened, 'parcours'), 'parcours', ['status', 'sessions'])).toEqual({ pc1: ['started', 2] });
    expect(rowsBy(tableOf(happened, 'progress_by_step'), 'step', ['current'])).toMatchObject({ solutions: [3], chaine_de_valeur: [0], non_commencee: [0] });
    const recorded = answer({ asOf: '2018-06-30', clock: 'recorded' });
    expect(rowsBy(tableOf(recorded, 'progress_by_step'), 'step', ['current', 'share'])).toMatchObject({ solutions: [2, 66.7], non_commencee: [1, 33.3] });
  });

  it('over a period: the parcours alive in it', () => {
    const a = answer({ from: '2019-01-01' });
    expect(rowsBy(tableOf(a, 'parcours'), 'parcours', ['pilots'])).toEqual({ pc2: [2] });
    expect(answer({ to: '2018-12-31' }).subjects).toBe(1);
  });

  it('a parcours spans several territories: a territory filter leaves it out', () => {
    expect(answer({ territory: 'alsace' }).subjects).toBe(0);
  });
});
