import { specFor } from '../testing';
import { territoryDecider } from './decider';
import {
  TERRITORY_ACTIONS_MAX,
  TERRITORY_ACTORS_MAX,
  TERRITORY_CUSTOM_DOMAINS_MAX,
  TERRITORY_INDICATORS_MAX,
  TERRITORY_KEY_FIGURES_MAX,
  type TerritoryCommand,
  type TerritoryEvent,
} from './types';

/*
 * How much a territory holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the command beyond a
 * bound is refused (RULE_VIOLATED naming it, nothing decided); events already stored are read as they are.
 */

const { given } = specFor(territoryDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const registered: TerritoryEvent = {
  type: 'TerritoryRegistered',
  data: { territoryId: 'centre-val-de-loire', name: 'Centre-Val de Loire', typology: 'rural', level: 'regional', registeredAt: '2016-09-01T09:00:00.000Z' },
};
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
const actor = (i: number): TerritoryEvent => ({ type: 'TerritoryActorRegistered', data: { orgId: `org-${i}`, name: `Acteur ${i}`, sphere: 'association' } });
const domain = (i: number): TerritoryEvent => ({ type: 'FragilityDomainAdded', data: { domain: `domaine_${i}`, label: `Domaine ${i}` } });
const actionRecorded = (i: number): TerritoryEvent => ({
  type: 'TerritoryActionRecorded',
  data: { actionId: `action-${i}`, title: `Action ${i}`, domains: ['isolement'], actorIds: ['org-0'], startedOn: '2017-01-09' },
});

const registerActor: TerritoryCommand = { type: 'RegisterTerritoryActor', data: { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' } };
const addDomain: TerritoryCommand = { type: 'AddFragilityDomain', data: { domain: 'ports_de_peche', label: 'Ports de pêche' } };
const recordAction: TerritoryCommand = {
  type: 'RecordTerritoryAction',
  data: { actionId: 'bien-vieillir', title: 'Bien vieillir', domains: ['vieillissement'], actorIds: ['org-0'], startedOn: '2017-01-09' },
};

describe('territory decider: bounds on what a territory holds', () => {
  it(`registers its ${TERRITORY_ACTORS_MAX}th actor, refuses one more, makes room when one is removed`, () => {
    const full = [registered, ...times(TERRITORY_ACTORS_MAX, actor)];
    given(full.slice(0, -1))
      .when(registerActor)
      .then([{ type: 'TerritoryActorRegistered', data: { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' } }]);
    given(full).when(registerActor).thenThrows('RULE_VIOLATED', `a territory cannot register more actors (at most ${TERRITORY_ACTORS_MAX})`);
    given([...full, { type: 'TerritoryActorRemoved', data: { orgId: 'org-7' } }])
      .when(registerActor)
      .then([{ type: 'TerritoryActorRegistered', data: { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' } }]);
  });

  it(`adds ${TERRITORY_CUSTOM_DOMAINS_MAX} fragility domains of its own, not one more`, () => {
    given([registered, ...times(TERRITORY_CUSTOM_DOMAINS_MAX - 1, domain)])
      .when(addDomain)
      .then([{ type: 'FragilityDomainAdded', data: { domain: 'ports_de_peche', label: 'Ports de pêche' } }]);
    given([registered, ...times(TERRITORY_CUSTOM_DOMAINS_MAX, domain)])
      .when(addDomain)
      .thenThrows('RULE_VIOLATED', `a territory cannot add more fragility domains of its own (at most ${TERRITORY_CUSTOM_DOMAINS_MAX})`);
  });

  it(`records ${TERRITORY_ACTIONS_MAX} actions, not one more`, () => {
    const withActor = [registered, actor(0)];
    given([...withActor, ...times(TERRITORY_ACTIONS_MAX - 1, actionRecorded)])
      .when(recordAction)
      .then([{ type: 'TerritoryActionRecorded', data: recordAction.data as never }]);
    given([...withActor, ...times(TERRITORY_ACTIONS_MAX, actionRecorded)])
      .when(recordAction)
      .thenThrows('RULE_VIOLATED', `a territory cannot record more actions (at most ${TERRITORY_ACTIONS_MAX})`);
  });

  it(`refuses more than ${TERRITORY_KEY_FIGURES_MAX} key figures or ${TERRITORY_INDICATORS_MAX} indicators in one record`, () => {
    const figures = times(TERRITORY_KEY_FIGURES_MAX + 1, (i) => ({ key: `chiffre_${i}`, label: `Chiffre ${i}`, value: i }));
    given([registered])
      .when({ type: 'RecordKeyFigures', data: { recordedOn: '2016-10-03', figures } } as TerritoryCommand)
      .thenThrows('RULE_VIOLATED', `too many key figures (at most ${TERRITORY_KEY_FIGURES_MAX}, got ${TERRITORY_KEY_FIGURES_MAX + 1})`);
    given([registered])
      .when({ type: 'RecordKeyFigures', data: { recordedOn: '2016-10-03', figures: figures.slice(1) } } as TerritoryCommand)
      .then([{ type: 'KeyFiguresRecorded', data: { recordedOn: '2016-10-03', figures: figures.slice(1) } }]);
    const indicators = times(TERRITORY_INDICATORS_MAX + 1, (i) => ({ domain: 'isolement', name: `Indicateur ${i}`, value: i, nationalAverage: 1 }));
    given([registered])
      .when({ type: 'RecordFragilityIndicators', data: { measuredOn: '2016-10-03', indicators } } as TerritoryCommand)
      .thenThrows('RULE_VIOLATED', `too many indicators (at most ${TERRITORY_INDICATORS_MAX}, got ${TERRITORY_INDICATORS_MAX + 1})`);
  });
});
