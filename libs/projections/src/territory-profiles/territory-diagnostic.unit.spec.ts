/**
 * The territory profile on the Centre-Val de Loire example of the diagnostic
 * tool (004): priorities that differ by kind of actor but converge on
 * vieillissement, a diagnostic replaced by a later one, actors coming and
 * going, and events that must never stop the projector.
 */
import type { RecordedEvent } from '@catalyse/event-store';
import { EventLog, foldModel } from '../testing';
import { type TerritoryProfile, territoryProfiles } from './territory-profile';

const T = 'territory-centre-val-de-loire';

function centreValDeLoire(log: EventLog): void {
  log.record(T, 'TerritoryRegistered', {
    territoryId: 'centre-val-de-loire',
    name: 'Centre-Val de Loire',
    typology: 'rural',
    level: 'regional',
    region: 'Centre-Val de Loire',
    registeredAt: '2016-09-01T09:00:00.000Z',
  });
  log.record(T, 'FragilityDomainAdded', { domain: 'isolement_personnes', label: 'Isolement des personnes' });
  log.record(T, 'FragilityDiagnosticRecorded', {
    diagnosedOn: '2016-10-03',
    source: 'Programme PHARE (Comisis-OpinionWay, 2016)',
    ratings: [
      { domain: 'vieillissement', sphere: 'association', priority: 'haute' },
      { domain: 'vieillissement', sphere: 'entreprise', priority: 'haute' },
      { domain: 'vieillissement', sphere: 'collectivite', priority: 'haute', notes: 'une population vieillissante, au-dessus de la moyenne nationale' },
      { domain: 'emploi', sphere: 'entreprise', priority: 'moyenne' },
      { domain: 'mobilite', sphere: 'collectivite', priority: 'moyenne' },
      { domain: 'isolement_personnes', sphere: 'association', priority: 'moyenne' },
      { domain: 'numerique', sphere: 'association', priority: 'basse' },
    ],
  });
  log.record(T, 'TerritoryActorRegistered', { orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' });
  log.record(T, 'TerritoryActorRegistered', { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' });
}

describe('territory profile: the Centre-Val de Loire diagnostic', () => {
  it('reads the current diagnostic by domain and sphere: the shared priority on vieillissement; notes kept; custom domains labelled', () => {
    const log = new EventLog();
    centreValDeLoire(log);
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc).toMatchObject({
      territoryId: 'centre-val-de-loire',
      name: 'Centre-Val de Loire',
      typology: 'rural',
      level: 'regional',
      status: 'registered',
      revision: '4',
      position: '5',
    });
    expect(doc?.priorities).toEqual({
      vieillissement: { association: 'haute', entreprise: 'haute', collectivite: 'haute' },
      emploi: { entreprise: 'moyenne' },
      mobilite: { collectivite: 'moyenne' },
      isolement_personnes: { association: 'moyenne' },
      numerique: { association: 'basse' },
    });
    expect(doc?.highPriorities).toEqual(['vieillissement']);
    expect(doc?.diagnostic).toMatchObject({ diagnosedOn: '2016-10-03', source: 'Programme PHARE (Comisis-OpinionWay, 2016)' });
    expect(doc?.diagnostic?.ratings.find((r) => r.sphere === 'collectivite' && r.domain === 'vieillissement')?.notes).toBe(
      'une population vieillissante, au-dessus de la moyenne nationale',
    );
    expect(doc?.domains.map((d) => d.label)).toEqual([
      'Emploi',
      'Éducation et formation',
      'Logement',
      'Environnement',
      'Santé',
      'Vieillissement',
      'Numérique',
      'Mobilité',
      'Handicap',
      'Insertion',
      'Précarité',
      'Transition énergétique',
      'Isolement',
      'Perte d’autonomie',
      'Développement économique',
      'Culture',
      'Isolement des personnes',
    ]);
    expect(doc?.domains.at(-1)).toEqual({ domain: 'isolement_personnes', label: 'Isolement des personnes', custom: true });
    expect(territoryProfiles.tags(doc)).toEqual({
      typology: 'rural',
      level: 'regional',
      region: 'Centre-Val de Loire',
      actor: ['region-cvl', 'uriopss-centre'],
    });
  });

  it('a later diagnostic replaces the current one whole; a removed actor leaves the actor tag', () => {
    const log = new EventLog();
    centreValDeLoire(log);
    log.record(T, 'FragilityDiagnosticRecorded', {
      diagnosedOn: '2018-03-15',
      source: 'questionnaire aux acteurs',
      ratings: [
        { domain: 'vieillissement', sphere: 'association', priority: 'haute' },
        { domain: 'mobilite', sphere: 'collectivite', priority: 'haute' },
      ],
    });
    log.record(T, 'TerritoryActorRemoved', { orgId: 'uriopss-centre', reason: 'fusion régionale' });
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc?.priorities).toEqual({ vieillissement: { association: 'haute' }, mobilite: { collectivite: 'haute' } });
    expect(doc?.highPriorities).toEqual(['mobilite', 'vieillissement']);
    expect(doc?.diagnostic).toMatchObject({ diagnosedOn: '2018-03-15', source: 'questionnaire aux acteurs' });
    expect(doc?.actors).toEqual([{ orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' }]);
    expect(territoryProfiles.tags(doc)).toMatchObject({ actor: ['region-cvl'] });
  });

  it('every territory event appears in territory:{id} with the territory’s name, and nowhere else', () => {
    const log = new EventLog();
    centreValDeLoire(log);
    log.record(T, 'TerritoryActorRemoved', { orgId: 'uriopss-centre' });
    const { entries } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(entries.map((e) => [e.room, e.kind, e.position])).toEqual(log.events.map((e) => ['territory:centre-val-de-loire', e.type, e.position.toString()]));
    expect(entries[2]?.data).toMatchObject({ territoryId: 'centre-val-de-loire', territoryName: 'Centre-Val de Loire', diagnosedOn: '2016-10-03' });
    expect(entries.at(-1)?.data).toEqual({ territoryId: 'centre-val-de-loire', territoryName: 'Centre-Val de Loire', orgId: 'uriopss-centre' });
  });

  it('without region nor diagnostic: no region tag, no priorities', () => {
    const log = new EventLog();
    log.record('territory-petite-couronne', 'TerritoryRegistered', {
      territoryId: 'petite-couronne',
      name: 'Petite couronne parisienne',
      typology: 'metropole',
      level: 'departemental',
      registeredAt: '2013-11-04T09:00:00.000Z',
    });
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc).toMatchObject({ priorities: {}, highPriorities: [], actors: [] });
    expect(doc).not.toHaveProperty('diagnostic');
    expect(territoryProfiles.tags(doc)).toEqual({ typology: 'metropole', level: 'departemental', actor: [] });
  });

  it('never throws: unknown types and malformed data leave the profile as it was', () => {
    const log = new EventLog();
    centreValDeLoire(log);
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    const odd: RecordedEvent[] = [
      log.record(T, 'TerritoryMoved', { to: 'Bretagne' }),
      log.record(T, 'FragilityDiagnosticRecorded', null),
      log.record(T, 'FragilityDiagnosticRecorded', { diagnosedOn: '2019-01-01', ratings: 'vieillissement' }),
      log.record(T, 'FragilityDomainAdded', [1, 2]),
      log.record(T, 'TerritoryActorRemoved', 42),
    ];
    for (const event of odd) {
      const after = territoryProfiles.evolve(doc, event);
      expect(() => territoryProfiles.tags(after)).not.toThrow();
      expect(() => territoryProfiles.feeds(event, { before: doc, after })).not.toThrow();
      expect(after && { ...after, revision: '', position: '', updatedAt: '' }).toEqual(doc && { ...doc, revision: '', position: '', updatedAt: '' });
    }
    expect(territoryProfiles.evolve(undefined, log.record('territory-x', 'FragilityDomainAdded', { domain: 'handicap', label: 'Handicap' }))).toBeUndefined();
  });

  it('reads the key figures, the indicators against the national average, and the triptych needs, actors, actions', () => {
    const log = new EventLog();
    centreValDeLoire(log);
    log.record(T, 'KeyFiguresRecorded', {
      recordedOn: '2016-10-03',
      source: 'Diagnostics sectoriels, Comisis 2016',
      figures: [
        { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
        { key: 'communes', label: 'Communes', value: 1840, shareOfFrance: 5 },
      ],
    });
    log.record(T, 'FragilityIndicatorsRecorded', {
      measuredOn: '2016-10-03',
      indicators: [
        { domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.6, nationalAverage: 9.3, unit: '%' },
        { domain: 'emploi', name: 'Taux de chômage', value: 9.2, nationalAverage: 9.7, unit: '%' },
        { domain: 'mobilite', name: 'Indice', value: 1, nationalAverage: 1 },
      ],
    });
    log.record(T, 'TerritoryActionRecorded', {
      actionId: 'maintien-a-domicile',
      title: 'Coordination du maintien à domicile',
      domains: ['vieillissement', 'isolement_personnes'],
      actorIds: ['region-cvl', 'uriopss-centre'],
      startedOn: '2017-01-09',
    });
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc?.keyFigures?.figures.map((f) => [f.key, f.value, f.shareOfFrance])).toEqual([
      ['population', 2_500_000, 4],
      ['communes', 1840, 5],
    ]);
    expect(doc?.indicatorsAgainstNational.map((i) => [i.name, i.gap, i.comparedToNational])).toEqual([
      ['Part des 75 ans et plus', 1.3, 'above'],
      ['Taux de chômage', -0.5, 'below'],
      ['Indice', 0, 'equal'],
    ]);
    expect(doc?.needs).toEqual([
      { domain: 'vieillissement', label: 'Vieillissement', highPriority: true, actionIds: ['maintien-a-domicile'], actorIds: ['region-cvl', 'uriopss-centre'] },
      {
        domain: 'isolement_personnes',
        label: 'Isolement des personnes',
        highPriority: false,
        actionIds: ['maintien-a-domicile'],
        actorIds: ['region-cvl', 'uriopss-centre'],
      },
    ]);
  });
});
