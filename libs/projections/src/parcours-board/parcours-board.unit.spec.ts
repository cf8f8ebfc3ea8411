import { PARCOURS_STEPS, type ParcoursCommand, parcoursDecider, type ParcoursState } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type ParcoursBoard, parcoursBoards } from './parcours-board';

/** Histories written by the real decider, so the read model sees the events users' commands make. */
class History {
  readonly log = new EventLog();
  private state: ParcoursState = parcoursDecider.initialState();
  constructor(readonly stream: string) {}

  send(command: ParcoursCommand): RecordedEvent[] {
    const events = parcoursDecider.decide(command, this.state);
    this.state = events.reduce(parcoursDecider.evolve, this.state);
    return events.map((e) => this.log.record(this.stream, e.type, e.data));
  }

  fold() {
    return foldModel<ParcoursBoard>(parcoursBoards, this.log.events);
  }
}

const ID = 'co-construction-territoriale-2018';
/** The 12 pilot territories (002 names the Pays de la Loire; the others are the demo's). */
const PILOTS: readonly (readonly [string, string])[] = [
  ['pays-de-la-loire', 'Pays de la Loire'],
  ['alsace', 'Alsace'],
  ['ardeche', 'Ardèche'],
  ['centre-val-de-loire', 'Centre-Val de Loire'],
  ['pays-de-morlaix', 'Pays de Morlaix'],
  ['clichy-montfermeil', 'Clichy-sous-Bois – Montfermeil'],
  ['pays-basque', 'Pays basque'],
  ['drome', 'Drôme'],
  ['grenoble-alpes', 'Grenoble-Alpes Métropole'],
  ['creuse', 'Creuse'],
  ['montpellier', 'Montpellier Méditerranée Métropole'],
  ['lille-metropole', 'Métropole européenne de Lille'],
];
const SESSIONS = [
  ['2018-04-03', 'Embarquement : les enjeux de la co-construction territoriale'],
  ['2018-05-24', 'Les solutions'],
  ['2018-07-05', 'La chaîne de valeur'],
  ['2018-09-27', 'Le modèle économique'],
  ['2018-11-22', 'Le dispositif et sa gouvernance'],
  ['2018-12-13', 'Carnet de bord et socle commun'],
] as const;

/** The parcours « Co-construction territoriale » with the CGET: 12 pilots, April to December 2018, 6 sessions, the four questions of the method. */
function coConstruction(until: 'enrolled' | 'started' | 'sessions' | 'completed'): History {
  const h = new History(`parcours-${ID}`);
  h.send({
    type: 'OpenParcours',
    data: { parcoursId: ID, title: 'Parcours d’expérience « Co-construction territoriale »', startMonth: '2018-04', durationMonths: 9, openedOn: '2018-02-01' },
  });
  for (const [territoryId, name] of PILOTS) h.send({ type: 'EnrolPilotTerritory', data: { territoryId, name, enrolledOn: '2018-03-01' } });
  if (until === 'enrolled') return h;
  h.send({ type: 'StartParcours', data: { startedOn: '2018-04-03' } });
  if (until === 'started') return h;
  SESSIONS.forEach(([heldOn, theme], n) => {
    h.send({
      type: 'HoldParcoursSession',
      data: { sessionNumber: n + 1, heldOn, theme, territoriesPresent: PILOTS.filter((_, k) => (k + n) % 6 !== 5).map(([id]) => id) },
    });
    if (n === 0) return;
    PILOTS.forEach(([territoryId], k) => {
      const reached = Math.min(n - 1, PARCOURS_STEPS.length - 1) - (k % 4 === 3 && n > 1 ? 1 : 0);
      const step = PARCOURS_STEPS[Math.max(0, reached)] ?? 'solutions';
      h.send({ type: 'RecordPilotProgress', data: { territoryId, step, note: `${theme} : travaux entre pairs`, recordedOn: heldOn } });
    });
  });
  if (until === 'sessions') return h;
  h.send({
    type: 'CompleteParcours',
    data: {
      completedOn: '2018-12-20',
      summary: 'Un socle commun de méthodes de co-développement entre pairs, partagé dans un carnet de bord',
      outcomes: PILOTS.map(([territoryId]) => ({
        territoryId,
        outcome: territoryId === 'creuse' ? 'une feuille de route à consolider' : 'méthode appropriée et feuille de route de co-construction',
      })),
    },
  });
  return h;
}

describe('parcours board (read model)', () => {
  it('12 pilot territories over 9 months: months, sessions with presence, where each pilot stands and how many records it has, outcomes', () => {
    const h = coConstruction('completed');
    const { doc } = h.fold();
    expect(doc).toMatchObject({
      parcoursId: ID,
      title: 'Parcours d’expérience « Co-construction territoriale »',
      status: 'completed',
      startMonth: '2018-04',
      durationMonths: 9,
      endMonth: '2018-12',
      openedOn: '2018-02-01',
      startedOn: '2018-04-03',
      completedOn: '2018-12-20',
      summary: 'Un socle commun de méthodes de co-développement entre pairs, partagé dans un carnet de bord',
      pilots: 12,
      withdrawn: 0,
      sessionsHeld: 6,
      byStep: { modele_economique: 3, dispositif: 9 },
      averagePresence: 10,
      revision: String(h.log.events.length - 1),
    });
    expect(doc?.sessions.map((s) => [s.sessionNumber, s.heldOn, s.theme, s.territoriesPresent.length])).toEqual(
      SESSIONS.map(([heldOn, theme], n) => [n + 1, heldOn, theme, 10]),
    );
    expect(doc?.pilotSummaries.slice(0, 4)).toEqual([
      { territoryId: 'pays-de-la-loire', name: 'Pays de la Loire', status: 'enrolled', step: 'dispositif', progressRecords: 5, sessionsAttended: 5 },
      { territoryId: 'alsace', name: 'Alsace', status: 'enrolled', step: 'dispositif', progressRecords: 5, sessionsAttended: 5 },
      { territoryId: 'ardeche', name: 'Ardèche', status: 'enrolled', step: 'dispositif', progressRecords: 5, sessionsAttended: 5 },
      {
        territoryId: 'centre-val-de-loire',
        name: 'Centre-Val de Loire',
        status: 'enrolled',
        step: 'modele_economique',
        progressRecords: 5,
        sessionsAttended: 5,
      },
    ]);
    expect(doc?.territories.find((t) => t.territoryId === 'creuse')).toMatchObject({ outcome: 'une feuille de route à consolider', step: 'dispositif' });
    expect(parcoursBoards.tags(doc)).toEqual({ status: 'completed', territory: PILOTS.map(([id]) => id) });
  });

  it('a withdrawal before the start: still tagged by its territory, no longer a pilot; the board before any session has no presence figure', () => {
    const h = coConstruction('enrolled');
    h.send({ type: 'WithdrawPilotTerritory', data: { territoryId: 'drome', reason: 'changement d’équipe au département', withdrawnOn: '2018-03-20' } });
    h.send({ type: 'StartParcours', data: { startedOn: '2018-04-03' } });
    const { doc, entries } = h.fold();
    expect(doc).toMatchObject({ status: 'started', pilots: 11, withdrawn: 1, sessionsHeld: 0, byStep: {} });
    expect(doc).not.toHaveProperty('averagePresence');
    expect(doc?.pilotSummaries.find((p) => p.territoryId === 'drome')).toEqual({
      territoryId: 'drome',
      name: 'Drôme',
      status: 'withdrawn',
      progressRecords: 0,
      sessionsAttended: 0,
    });
    expect(parcoursBoards.tags(doc)).toMatchObject({ status: 'started', territory: expect.arrayContaining(['drome']) });
    expect(entries.filter((e) => e.kind === 'PilotTerritoryWithdrawn').map((e) => [e.room, e.data])).toEqual([
      [
        'ops',
        {
          parcoursId: ID,
          title: 'Parcours d’expérience « Co-construction territoriale »',
          status: 'open',
          territoryId: 'drome',
          territoryName: 'Drôme',
          reason: 'changement d’équipe au département',
          withdrawnOn: '2018-03-20',
        },
      ],
      [
        'territory:drome',
        {
          parcoursId: ID,
          title: 'Parcours d’expérience « Co-construction territoriale »',
          status: 'open',
          territoryId: 'drome',
          territoryName: 'Drôme',
          reason: 'changement d’équipe au département',
          withdrawnOn: '2018-03-20',
        },
      ],
    ]);
  });

  describe('feeds (no parcours: room kind)', () => {
    it('every event in ops; opening, start, sessions and completion in network; a pilot’s enrolment and progress in its territory; each outcome to its territory', () => {
      const h = coConstruction('completed');
      const { entries } = h.fold();
      expect(entries.filter((e) => e.room === 'ops').map((e) => e.kind)).toEqual(h.log.events.map((e) => e.type));
      expect(entries.filter((e) => e.room === 'network').map((e) => e.kind)).toEqual([
        'ParcoursOpened',
        'ParcoursStarted',
        ...SESSIONS.map(() => 'ParcoursSessionHeld'),
        'ParcoursCompleted',
      ]);
      expect(entries.filter((e) => e.room === 'territory:alsace').map((e) => e.kind)).toEqual([
        'PilotTerritoryEnrolled',
        ...range(5).map(() => 'PilotProgressRecorded'),
        'ParcoursCompleted',
      ]);
      expect(entries.some((e) => e.room.startsWith('parcours'))).toBe(false);

      const session = entries.find((e) => e.room === 'network' && e.kind === 'ParcoursSessionHeld');
      expect(session?.data).toEqual({
        parcoursId: ID,
        title: 'Parcours d’expérience « Co-construction territoriale »',
        status: 'started',
        sessionNumber: 1,
        heldOn: '2018-04-03',
        theme: 'Embarquement : les enjeux de la co-construction territoriale',
        territoriesPresent: PILOTS.filter((_, k) => k % 6 !== 5).map(([id]) => id),
        present: 10,
      });
      const progress = entries.filter((e) => e.room === 'territory:centre-val-de-loire' && e.kind === 'PilotProgressRecorded').map((e) => e.data);
      expect(progress.at(-1)).toEqual({
        parcoursId: ID,
        title: 'Parcours d’expérience « Co-construction territoriale »',
        status: 'started',
        territoryId: 'centre-val-de-loire',
        territoryName: 'Centre-Val de Loire',
        step: 'modele_economique',
        note: 'Carnet de bord et socle commun : travaux entre pairs',
        recordedOn: '2018-12-13',
      });
      expect(entries.find((e) => e.room === 'territory:creuse' && e.kind === 'ParcoursCompleted')?.data).toEqual({
        parcoursId: ID,
        title: 'Parcours d’expérience « Co-construction territoriale »',
        status: 'completed',
        territoryId: 'creuse',
        territoryName: 'Creuse',
        outcome: 'une feuille de route à consolider',
        completedOn: '2018-12-20',
      });
      expect(entries.filter((e) => e.kind === 'ParcoursCompleted').map((e) => e.room)).toEqual(['ops', 'network', ...PILOTS.map(([id]) => `territory:${id}`)]);
    });
  });

  describe('totality', () => {
    it('unknown types, events before the opening and malformed data never throw; data that is not an object appears nowhere', () => {
      const log = new EventLog(1000n);
      const stream = `parcours-${ID}`;
      expect(
        parcoursBoards.evolve(undefined, log.record(stream, 'PilotTerritoryEnrolled', { territoryId: 'alsace', name: 'Alsace', enrolledOn: '2018-03-01' })),
      ).toBeUndefined();
      const { doc } = coConstruction('sessions').fold();
      const odd = [
        log.record(stream, 'ParcoursTeleported', {}),
        log.record(stream, 'PilotTerritoryEnrolled', null),
        log.record(stream, 'PilotProgressRecorded', 'solutions'),
        log.record(stream, 'ParcoursSessionHeld', [7]),
        log.record(stream, 'PilotTerritoryWithdrawn', { territoryId: 12 }),
        log.record(stream, 'ParcoursSessionHeld', { sessionNumber: 'sept', territoriesPresent: {} }),
      ];
      let current: unknown = doc;
      for (const event of odd) {
        const before = current;
        const after = parcoursBoards.evolve(before, event);
        const entries = parcoursBoards.feeds(event, { before, after });
        if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) expect(entries).toEqual([]);
        expect(entries.every((e) => e.room === 'ops' || e.room === 'network')).toBe(true);
        expect(() => parcoursBoards.tags(after)).not.toThrow();
        current = after;
      }
      const strip = ({ revision, position, updatedAt, ...state }: ParcoursBoard) => (void [revision, position, updatedAt], state);
      expect(strip(current as ParcoursBoard)).toEqual(strip(doc as ParcoursBoard));

      // A completion whose outcomes are not a list still completes it (as the decider's evolve says), with no outcome to route.
      const completion = log.record(stream, 'ParcoursCompleted', { completedOn: '2018-12-20', outcomes: 'toutes' });
      const completed = parcoursBoards.evolve(doc, completion) as ParcoursBoard;
      expect(completed).toMatchObject({ status: 'completed', completedOn: '2018-12-20', pilots: 12 });
      expect(completed.territories.some((t) => t.outcome !== undefined)).toBe(false);
      expect(parcoursBoards.feeds(completion, { before: doc, after: completed }).map((e) => e.room)).toEqual(['ops', 'network']);
    });
  });
});

function range(n: number): number[] {
  return Array.from({ length: n }, (_, k) => k);
}
