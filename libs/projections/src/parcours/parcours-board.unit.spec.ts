import { EventLog, foldModel } from '../testing';
import { type ParcoursBoard, parcoursBoards } from './parcours-board';

const P = 'parcours-co-construction-2018';

describe('parcours board (read model)', () => {
  it('counts pilots, sessions and where each pilot stands; routes progress to the pilot’s territory', () => {
    const log = new EventLog();
    log.record(P, 'ParcoursOpened', { parcoursId: 'co-construction-2018', title: 'Co-construction territoriale', startMonth: '2018-04', durationMonths: 9, endMonth: '2018-12', openedOn: '2018-02-01' });
    for (const [territoryId, name] of [['pays-de-la-loire', 'Pays de la Loire'], ['alsace', 'Alsace'], ['drome', 'Drôme']]) {
      log.record(P, 'PilotTerritoryEnrolled', { territoryId, name, enrolledOn: '2018-03-01' });
    }
    log.record(P, 'PilotTerritoryWithdrawn', { territoryId: 'drome', reason: 'changement d’équipe', withdrawnOn: '2018-03-20' });
    log.record(P, 'ParcoursStarted', { startedOn: '2018-04-03', territoryIds: ['pays-de-la-loire', 'alsace'] });
    log.record(P, 'ParcoursSessionHeld', { sessionNumber: 1, heldOn: '2018-04-03', theme: 'Les solutions', territoriesPresent: ['pays-de-la-loire', 'alsace'] });
    log.record(P, 'PilotProgressRecorded', { territoryId: 'alsace', step: 'solutions', note: 'trois pistes', recordedOn: '2018-04-03' });
    const { doc, entries } = foldModel<ParcoursBoard>(parcoursBoards, log.events);
    expect(doc).toMatchObject({ status: 'started', pilots: 2, withdrawn: 1, sessionsHeld: 1, byStep: { solutions: 1 }, durationMonths: 9 });
    expect(parcoursBoards.tags(doc)).toEqual({ status: 'started', territory: ['pays-de-la-loire', 'alsace', 'drome'] });
    expect(entries.filter((e) => e.kind === 'PilotProgressRecorded').map((e) => e.room)).toEqual(['ops', 'territory:alsace']);
    expect(entries.filter((e) => e.kind === 'ParcoursSessionHeld').map((e) => e.room)).toEqual(['ops', 'network']);
    expect(entries.filter((e) => e.room === 'ops')).toHaveLength(log.events.length);
  });
});
