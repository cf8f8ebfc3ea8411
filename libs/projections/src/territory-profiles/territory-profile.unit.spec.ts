import { EventLog, foldModel } from '../testing';
import { type TerritoryProfile, territoryProfiles } from './territory-profile';

const T = 'territory-petite-couronne';

describe('territory profile (read model)', () => {
  it('lists the standard and custom domains, and the current diagnostic by domain and sphere', () => {
    const log = new EventLog();
    log.record(T, 'TerritoryRegistered', {
      territoryId: 'petite-couronne',
      name: 'Petite couronne parisienne',
      typology: 'metropole',
      level: 'regional',
      region: 'Île-de-France',
      registeredAt: '2013-11-04T09:00:00.000Z',
    });
    log.record(T, 'FragilityDomainAdded', { domain: 'accessibilite', label: 'Handicap' });
    log.record(T, 'FragilityDiagnosticRecorded', {
      diagnosedOn: '2013-11-30',
      source: 'Coordin’Actions',
      ratings: [
        { domain: 'emploi', sphere: 'entreprise', priority: 'haute' },
        { domain: 'emploi', sphere: 'association', priority: 'moyenne' },
        { domain: 'accessibilite', sphere: 'association', priority: 'haute' },
        { domain: 'logement', sphere: 'collectivite', priority: 'basse' },
      ],
    });
    log.record(T, 'TerritoryActorRegistered', { orgId: 'coordinactions', name: 'Coordin’Actions', sphere: 'association' });
    const { doc, entries } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc?.priorities).toEqual({
      emploi: { entreprise: 'haute', association: 'moyenne' },
      accessibilite: { association: 'haute' },
      logement: { collectivite: 'basse' },
    });
    expect(doc?.highPriorities).toEqual(['accessibilite', 'emploi']);
    expect(doc?.domains.at(-1)).toEqual({ domain: 'accessibilite', label: 'Handicap', custom: true });
    expect(doc?.domains.filter((d) => !d.custom)).toHaveLength(16);
    expect(territoryProfiles.tags(doc)).toEqual({ typology: 'metropole', level: 'regional', region: 'Île-de-France', actor: ['coordinactions'] });
    expect(entries.map((e) => [e.room, e.kind])).toEqual(log.events.map((e) => ['territory:petite-couronne', e.type]));
    expect(entries[3]?.data).toEqual({
      territoryId: 'petite-couronne',
      territoryName: 'Petite couronne parisienne',
      orgId: 'coordinactions',
      name: 'Coordin’Actions',
      sphere: 'association',
    });
  });

  it('keeps a domain named "constructor" (recorded before ids and slugs refused it) as a plain key, Object untouched', () => {
    const log = new EventLog();
    log.record(T, 'TerritoryRegistered', {
      territoryId: 'petite-couronne',
      name: 'Petite couronne parisienne',
      typology: 'metropole',
      level: 'regional',
      registeredAt: '2013-11-04T09:00:00.000Z',
    });
    log.record(T, 'FragilityDomainAdded', { domain: 'constructor', label: 'Bâtiment' });
    log.record(T, 'FragilityDiagnosticRecorded', {
      diagnosedOn: '2013-11-30',
      ratings: [
        { domain: 'constructor', sphere: 'entreprise', priority: 'haute' },
        { domain: 'emploi', sphere: 'association', priority: 'moyenne' },
      ],
    });
    const { doc } = foldModel<TerritoryProfile>(territoryProfiles, log.events);
    expect(doc?.priorities).toEqual({ constructor: { entreprise: 'haute' }, emploi: { association: 'moyenne' } });
    expect(doc?.highPriorities).toEqual(['constructor']);
    expect(doc?.domains.at(-1)).toEqual({ domain: 'constructor', label: 'Bâtiment', custom: true });
    expect(Object.hasOwn(Object, 'entreprise')).toBe(false);
  });
});
