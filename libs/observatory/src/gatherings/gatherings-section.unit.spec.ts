import { gatheringObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { gatheringsSection } from './gatherings-section';

const PROFILES = [
  { territoryId: 'alsace', name: 'Labo régional Alsace', region: 'Grand Est' },
  { territoryId: 'charenton-saint-maurice', name: 'Charenton-le-Pont et Saint-Maurice', region: 'Île-de-France' },
];

const person = (participantId: string, sphere: string, day: string) => ({
  participantId,
  name: `Représentant·e ${participantId}`,
  organisation: `Organisation ${participantId}`,
  sphere,
  registeredAt: at(day),
});

/**
 * A speed dating in Alsace (2014, one registration cancelled, two pairs), a
 * webinaire (January 2016, held and its sheet recorded two weeks late), an
 * atelier in Charenton cancelled (2016), the rencontre of June 2017 scheduled
 * in September 2016.
 */
function history(): EventLog {
  const log = new EventLog();
  const g1 = 'gathering-speed-dating-2014';
  log.record(
    g1,
    'GatheringScheduled',
    {
      gatheringId: 'speed-dating-2014',
      kind: 'speed_dating',
      theme: 'Speed dating',
      date: '2014-03-20',
      place: 'Strasbourg',
      territoryId: 'alsace',
      organisedBy: 'c1',
      scheduledAt: at('2014-02-01'),
    },
    at('2014-02-01'),
  );
  for (const [id, sphere] of [
    ['a1', 'association'],
    ['e1', 'entreprise'],
    ['a2', 'association'],
    ['e2', 'entreprise'],
  ] as const) {
    log.record(g1, 'ParticipantRegistered', person(id, sphere, '2014-03-01'), at('2014-03-01'));
  }
  log.record(g1, 'RegistrationCancelled', { participantId: 'a2', cancelledAt: at('2014-03-15') }, at('2014-03-15'));
  log.record(g1, 'GatheringHeld', { heldOn: '2014-03-20' }, at('2014-03-20', '18:00'));
  log.record(g1, 'AttendanceRecorded', { participantIds: ['a1', 'e1', 'e2'] }, at('2014-03-20', '20:00'));
  log.record(
    g1,
    'SpeedDatingPairsRecorded',
    {
      pairs: [
        { associationId: 'a1', entrepriseId: 'e1' },
        { associationId: 'a1', entrepriseId: 'e2' },
      ],
    },
    at('2014-03-20', '20:00'),
  );

  const g2 = 'gathering-webinaire-2016-01';
  log.record(
    g2,
    'GatheringScheduled',
    {
      gatheringId: 'webinaire-2016-01',
      kind: 'webinaire',
      theme: 'Les solutions',
      date: '2016-01-21',
      link: 'https://w.example/1',
      organisedBy: 'ops',
      scheduledAt: at('2015-12-20'),
    },
    at('2015-12-20'),
  );
  for (const [id, sphere] of [
    ['c1', 'collectivite'],
    ['c2', 'association'],
    ['c3', 'fondation'],
  ] as const) {
    log.record(g2, 'ParticipantRegistered', person(id, sphere, '2016-01-10'), at('2016-01-10'));
  }
  const g3 = 'gathering-atelier-charenton';
  log.record(
    g3,
    'GatheringScheduled',
    {
      gatheringId: 'atelier-charenton',
      kind: 'atelier',
      theme: 'Handicap',
      date: '2016-06-09',
      place: 'Charenton',
      territoryId: 'charenton-saint-maurice',
      organisedBy: 'c9',
      scheduledAt: at('2016-05-01'),
    },
    at('2016-05-01'),
  );
  // Held on 21 January, written on 5 February with its sheet.
  log.record(g2, 'GatheringHeld', { heldOn: '2016-01-21' }, at('2016-02-05'));
  log.record(g2, 'AttendanceRecorded', { participantIds: ['c1', 'c2'] }, at('2016-02-05'));
  log.record(g3, 'GatheringCancelled', { reason: 'trop peu d’inscrits', cancelledAt: at('2016-06-01') }, at('2016-06-01'));

  const g4 = 'gathering-rencontre-2017';
  log.record(
    g4,
    'GatheringScheduled',
    {
      gatheringId: 'rencontre-2017',
      kind: 'rencontre_annuelle',
      theme: 'Rencontre',
      date: '2017-06-12',
      place: 'Paris',
      organisedBy: 'ops',
      scheduledAt: at('2016-09-01'),
    },
    at('2016-09-01'),
  );
  for (const [id, sphere] of [
    ['r1', 'entreprise'],
    ['r2', 'academique'],
    ['r3', 'association'],
  ] as const) {
    log.record(g4, 'ParticipantRegistered', person(id, sphere, '2017-05-15'), at('2017-05-15'));
  }
  log.record(g4, 'GatheringHeld', { heldOn: '2017-06-12' }, at('2017-06-12'));
  log.record(g4, 'AttendanceRecorded', { participantIds: ['r1', 'r2'] }, at('2017-06-12'));
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(gatheringsSection, docsOf(gatheringObservations, history().events), query, PROFILES);
const KIND_COLUMNS = ['held', 'share', 'registered', 'present', 'attendance_rate', 'mean_present', 'pairs'];

describe('the gatherings section', () => {
  it('keeps no name, organisation, theme or reason', () => {
    expect(JSON.stringify(docsOf(gatheringObservations, history().events))).not.toMatch(/Représentant|Organisation|Speed dating|Handicap|inscrits|Strasbourg/);
  });

  it('counts gatherings by status, those held by kind with registrations, presence and pairs, attendance by sphere, by territory and year', () => {
    const a = answer();
    expect(a.subjects).toBe(4);
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['label', 'count', 'share'])).toEqual({
      scheduled: ['Programmée', 0, 0],
      held: ['Tenue', 3, 75],
      cancelled: ['Annulée', 1, 25],
    });
    expect(rowsBy(tableOf(a, 'held_by_kind'), 'kind', KIND_COLUMNS)).toEqual({
      rencontre_annuelle: [1, 33.3, 3, 2, 66.7, 2, 0],
      webinaire: [1, 33.3, 3, 2, 66.7, 2, 0],
      atelier: [0, 0, 0, 0, null, null, 0],
      conference: [0, 0, 0, 0, null, null, 0],
      speed_dating: [1, 33.3, 3, 3, 100, 3, 2],
    });
    expect(rowsBy(tableOf(a, 'attendance_by_sphere'), 'sphere', ['count', 'share'])).toEqual({
      entreprise: [3, 42.9],
      association: [2, 28.6],
      academique: [1, 14.3],
      collectivite: [1, 14.3],
    });
    expect(tableOf(a, 'held_by_territory').rows).toEqual([
      { territory: 'reseau', label: 'Tout le réseau', region: null, held: 2, present: 4 },
      { territory: 'alsace', label: 'Labo régional Alsace', region: 'Grand Est', held: 1, present: 3 },
    ]);
    expect(tableOf(a, 'held_by_territory').columns.map((c) => c.key)).toEqual(['territory', 'label', 'region', 'held', 'present']);
    expect(tableOf(a, 'held_by_year').rows).toEqual([
      { year: '2014', held: 1, present: 3 },
      { year: '2016', held: 1, present: 2 },
      { year: '2017', held: 1, present: 2 },
    ]);
  });

  it('counts a conférence in a row of its own, not with the ateliers; a kind it does not know (a newer process’s) in one under its code', () => {
    const log = new EventLog();
    const gathering = (id: string, kind: string, date: string, present: readonly string[]): void => {
      const stream = `gathering-${id}`;
      const data = { gatheringId: id, kind, theme: 'Thème', date, place: 'Mulhouse', territoryId: 'alsace', organisedBy: 'c1', scheduledAt: at('2014-01-02') };
      log.record(stream, 'GatheringScheduled', data, at('2014-01-02'));
      for (const participant of ['a1', 'e1', 'a2'])
        log.record(
          stream,
          'ParticipantRegistered',
          person(participant, participant.startsWith('a') ? 'association' : 'entreprise', '2014-01-05'),
          at('2014-01-05'),
        );
      log.record(stream, 'GatheringHeld', { heldOn: date }, at(date));
      log.record(stream, 'AttendanceRecorded', { participantIds: present }, at(date));
    };
    gathering('belles-histoires-2014', 'conference', '2014-01-15', ['a1', 'e1', 'a2']);
    gathering('strategie-2014', 'atelier', '2014-02-19', ['a1']);
    gathering('colloque-2014', 'colloque', '2014-03-26', ['e1', 'a2']);
    const table = tableOf(answerOf(gatheringsSection, docsOf(gatheringObservations, log.events), {}, PROFILES), 'held_by_kind');
    expect(rowsBy(table, 'kind', ['label', 'held', 'registered', 'present'])).toEqual({
      rencontre_annuelle: ['Rencontre annuelle', 0, 0, 0],
      webinaire: ['Webinaire', 0, 0, 0],
      atelier: ['Atelier', 1, 3, 1],
      conference: ['Conférence', 1, 3, 3],
      speed_dating: ['Speed dating', 0, 0, 0],
      colloque: ['colloque', 1, 3, 2],
    });
    expect(table.rows.map((row) => row['kind'])).toEqual(['rencontre_annuelle', 'webinaire', 'atelier', 'conference', 'speed_dating', 'colloque']);
  });

  it('names the territories in French beside their ids: the whole network « Tout le réseau », a territory with no profile its id', () => {
    const docs = docsOf(gatheringObservations, history().events);
    expect(rowsBy(tableOf(answer(), 'held_by_territory'), 'territory', ['label', 'held'])).toEqual({
      reseau: ['Tout le réseau', 2],
      alsace: ['Labo régional Alsace', 1],
    });
    const unnamed = answerOf(gatheringsSection, docs, {}, [{ territoryId: 'alsace', region: 'Grand Est' }]);
    expect(rowsBy(tableOf(unnamed, 'held_by_territory'), 'territory', ['label', 'region'])).toEqual({
      reseau: ['Tout le réseau', null],
      alsace: ['alsace', 'Grand Est'],
    });
  });

  it('as of a day: gatherings not scheduled yet are not counted, the others stand as they were', () => {
    const a = answer({ asOf: '2016-12-31' });
    expect(a.subjects).toBe(4);
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ scheduled: [1], held: [2], cancelled: [1] });
    expect(answer({ asOf: '2016-08-31' }).subjects).toBe(3);
    expect(rowsBy(tableOf(answer({ asOf: '2015-01-01' }), 'held_by_kind'), 'kind', ['held'])).toMatchObject({ speed_dating: [1], webinaire: [0] });
  });

  it('over a period: the gatherings alive in it, those held in it', () => {
    const a = answer({ from: '2016-01-01', to: '2016-12-31' });
    expect(a.subjects).toBe(3); // the speed dating of 2014 is over
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ scheduled: [1], held: [1], cancelled: [1] });
    expect(rowsBy(tableOf(a, 'held_by_kind'), 'kind', ['held', 'present'])).toMatchObject({
      webinaire: [1, 2],
      speed_dating: [0, 0],
      rencontre_annuelle: [0, 0],
    });
    expect(tableOf(a, 'held_by_year').rows).toEqual([{ year: '2016', held: 1, present: 2 }]);
  });

  it('a gathering recorded late is held on its day (happened clock); its sheet counts once it is written', () => {
    const happened = answer({ asOf: '2016-01-31' });
    expect(rowsBy(tableOf(happened, 'held_by_kind'), 'kind', ['held', 'registered', 'present'])).toMatchObject({ webinaire: [1, 3, 0] });
    expect(rowsBy(tableOf(answer({ asOf: '2016-02-05' }), 'held_by_kind'), 'kind', ['held', 'present'])).toMatchObject({ webinaire: [1, 2] });
    const recorded = answer({ asOf: '2016-01-31', clock: 'recorded' });
    expect(rowsBy(tableOf(recorded, 'by_status'), 'status', ['count'])).toEqual({ scheduled: [1], held: [1], cancelled: [0] });
    expect(rowsBy(tableOf(recorded, 'held_by_kind'), 'kind', ['held'])).toMatchObject({ webinaire: [0] });
  });

  it('filters by territory and region: gatherings of the whole network have no place', () => {
    const alsace = answer({ territory: 'alsace' });
    expect(alsace.subjects).toBe(1);
    expect(rowsBy(tableOf(alsace, 'attendance_by_sphere'), 'sphere', ['count', 'share'])).toEqual({ entreprise: [2, 66.7], association: [1, 33.3] });
    const idf = answer({ region: 'Île-de-France' });
    expect(rowsBy(tableOf(idf, 'by_status'), 'status', ['count'])).toEqual({ scheduled: [0], held: [0], cancelled: [1] });
  });
});
