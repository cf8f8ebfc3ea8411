/**
 * The territory diagnostic of the tool "Connaître son écosystème": the 16 domains of fragilité of the PHARE
 * programme, the key figures (the Centre-Val de Loire example: more than 2.5 M inhabitants, 4 % of the metropolitan
 * population; more than 39,000 km², 7 % of France; 1,840 communes, 5 %; 6 départements; a PIB of 67 Md€ in 2012, 3 %;
 * 166,801 entreprises and 47,000 associations, 3 % each), indicators against the national average, and the territory's
 * actions: the triptych needs (fragilités), actors, actions.
 */
import { specFor } from '../testing';
import { territoryDecider } from './decider';
import { FRAGILITY_DOMAINS, type KeyFigure, type TerritoryCommand, type TerritoryEvent, type TerritoryState } from './types';

const { given } = specFor(territoryDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const registered: TerritoryEvent = {
  type: 'TerritoryRegistered',
  data: {
    territoryId: 'centre-val-de-loire',
    name: 'Centre-Val de Loire',
    typology: 'rural',
    level: 'regional',
    region: 'Centre-Val de Loire',
    registeredAt: '2016-09-01T09:00:00.000Z',
  },
};
const actors: TerritoryEvent[] = [
  { type: 'TerritoryActorRegistered', data: { orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' } },
  { type: 'TerritoryActorRegistered', data: { orgId: 'uriopss-centre', name: 'URIOPSS Centre', sphere: 'association' } },
];

const FIGURES: readonly KeyFigure[] = [
  { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
  { key: 'superficie', label: 'Superficie', value: 39_000, unit: 'km²', shareOfFrance: 7 },
  { key: 'communes', label: 'Communes', value: 1840, shareOfFrance: 5 },
  { key: 'departements', label: 'Départements', value: 6 },
  { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 },
  { key: 'entreprises', label: 'Entreprises', value: 166_801, shareOfFrance: 3 },
  { key: 'associations', label: 'Associations', value: 47_000, shareOfFrance: 3 },
];

const keyFigures = (data: Partial<{ recordedOn: string; source: string; figures: readonly unknown[]; today: string }> = {}): TerritoryCommand => ({
  type: 'RecordKeyFigures',
  data: { recordedOn: '2016-10-03', source: 'Diagnostics sectoriels, Comisis 2016', figures: FIGURES, ...data } as never,
});
const indicators = (data: Partial<{ measuredOn: string; indicators: readonly unknown[]; today: string }> = {}): TerritoryCommand => ({
  type: 'RecordFragilityIndicators',
  data: {
    measuredOn: '2016-10-03',
    indicators: [{ domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.6, nationalAverage: 9.3, unit: '%' }],
    ...data,
  } as never,
});
const action = (
  data: Partial<{ actionId: string; domains: readonly string[]; actorIds: readonly string[]; startedOn: string; today: string }> = {},
): TerritoryCommand => ({
  type: 'RecordTerritoryAction',
  data: {
    actionId: 'bien-vieillir-cvl',
    title: 'Coordination régionale du maintien à domicile',
    domains: ['vieillissement', 'isolement'],
    actorIds: ['region-cvl', 'uriopss-centre'],
    startedOn: '2017-01-09',
    ...data,
  },
});

const stateOf = (state: TerritoryState) => {
  if (state.status === 'none') throw new Error('expected a registered territory');
  return state;
};

describe('territory diagnostic', () => {
  it('knows the 16 domains of fragilité of the PHARE programme', () => {
    expect(FRAGILITY_DOMAINS).toHaveLength(16);
    expect(new Set(FRAGILITY_DOMAINS).size).toBe(16);
  });

  it('rates a domain that used to be a territory’s own: handicap is now standard', () => {
    given([registered])
      .when({ type: 'AddFragilityDomain', data: { domain: 'handicap', label: 'Handicap' } })
      .thenThrows('CONFLICT', 'fragility domain "handicap" already exists');
    given([registered])
      .when({
        type: 'RecordFragilityDiagnostic',
        data: { diagnosedOn: '2016-10-03', ratings: [{ domain: 'handicap', sphere: 'association', priority: 'haute' }] },
      })
      .then([
        {
          type: 'FragilityDiagnosticRecorded',
          data: { diagnosedOn: '2016-10-03', ratings: [{ domain: 'handicap', sphere: 'association', priority: 'haute' }] },
        },
      ]);
  });

  it('reads a log where the territory had added a domain now standard: its ratings still count', () => {
    const state = given([registered, { type: 'FragilityDomainAdded', data: { domain: 'isolement', label: 'Isolement des personnes' } }]).state;
    expect(stateOf(state).customDomains).toEqual({});
  });

  describe('RecordKeyFigures', () => {
    it('records the key figures of the territory, with their shares of France', () => {
      const state = given([registered])
        .when(keyFigures())
        .then([{ type: 'KeyFiguresRecorded', data: { recordedOn: '2016-10-03', source: 'Diagnostics sectoriels, Comisis 2016', figures: FIGURES } }]);
      expect(stateOf(state).keyFigures?.figures).toHaveLength(7);
    });

    it('replaces them with later ones, never with earlier ones', () => {
      const recorded: TerritoryEvent = { type: 'KeyFiguresRecorded', data: { recordedOn: '2016-10-03', figures: FIGURES } };
      given([registered, recorded])
        .when(keyFigures({ recordedOn: '2016-09-15' }))
        .thenThrows('RULE_VIOLATED', 'key figures of 2016-09-15 cannot replace the later ones of 2016-10-03');
    });

    it.each([
      [{ figures: [] }, 'key figures need at least one figure'],
      [
        {
          figures: [
            { key: 'population', label: 'Population', value: 1 },
            { key: 'population', label: 'Population', value: 2 },
          ],
        },
        'key figure "population" is listed twice',
      ],
      [
        { figures: [{ key: 'Population', label: 'Population', value: 1 }] },
        'a key figure\'s key is a slug of lower-case letters, digits and underscores, starting with a letter, not constructor (got "Population")',
      ],
      [
        { figures: [{ key: 'constructor', label: 'Constructeur', value: 1 }] },
        'a key figure\'s key is a slug of lower-case letters, digits and underscores, starting with a letter, not constructor (got "constructor")',
      ],
      [{ figures: [{ key: 'pib', label: 'PIB', value: Number.NaN }] }, 'key figure "pib" needs a finite number'],
      [{ figures: [{ key: 'pib', label: 'PIB', value: 67, shareOfFrance: 130 }] }, 'the share of France of key figure "pib" is a percentage from 0 to 100'],
      [{ figures: [{ key: 'pib', label: 'PIB', value: 67, year: 2012.5 }] }, 'the year of key figure "pib" must be a whole year'],
      [{ figures: [{ key: 'pib', value: 67 }] }, 'key figure "pib" needs a label'],
      [{ recordedOn: '2016-08-31' }, 'the key figures (2016-08-31) cannot be earlier than the registration of the territory (2016-09-01)'],
    ] as const)('refuses %j', (data, message) => {
      given([registered]).when(keyFigures(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RecordFragilityIndicators', () => {
    it('records indicators against the national average', () => {
      const state = given([registered])
        .when(indicators())
        .then([
          {
            type: 'FragilityIndicatorsRecorded',
            data: {
              measuredOn: '2016-10-03',
              indicators: [{ domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.6, nationalAverage: 9.3, unit: '%' }],
            },
          },
        ]);
      expect(stateOf(state).indicators?.indicators[0]?.nationalAverage).toBe(9.3);
    });

    it.each([
      [{ indicators: [] }, 'indicators need at least one indicator'],
      [
        { indicators: [{ domain: 'tourisme', name: 'Nuitées', value: 1, nationalAverage: 1 }] },
        'unknown fragility domain "tourisme" (a territory adds its own domains before measuring them)',
      ],
      [{ indicators: [{ domain: 'emploi', name: 'Chômage', value: 9 }] }, 'the national average of indicator "Chômage" needs a finite number'],
      [
        {
          indicators: [
            { domain: 'emploi', name: 'Chômage', value: 9, nationalAverage: 10 },
            { domain: 'emploi', name: 'Chômage', value: 8, nationalAverage: 10 },
          ],
        },
        'indicator "Chômage" is listed twice',
      ],
    ] as const)('refuses %j', (data, message) => {
      given([registered]).when(indicators(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RecordTerritoryAction', () => {
    it('records an action answering domains of fragilité, carried by actors of the territory', () => {
      const state = given([registered, ...actors])
        .when(action())
        .then([
          {
            type: 'TerritoryActionRecorded',
            data: {
              actionId: 'bien-vieillir-cvl',
              title: 'Coordination régionale du maintien à domicile',
              domains: ['vieillissement', 'isolement'],
              actorIds: ['region-cvl', 'uriopss-centre'],
              startedOn: '2017-01-09',
            },
          },
        ]);
      expect(stateOf(state).actions?.map((a) => a.actionId)).toEqual(['bien-vieillir-cvl']);
    });

    it('records an action once', () => {
      const recorded: TerritoryEvent = {
        type: 'TerritoryActionRecorded',
        data: { actionId: 'bien-vieillir-cvl', title: 'x', domains: ['vieillissement'], actorIds: ['region-cvl'], startedOn: '2017-01-09' },
      };
      given([registered, ...actors, recorded])
        .when(action())
        .thenThrows('CONFLICT', 'action "bien-vieillir-cvl" already exists');
    });

    it.each([
      [{ actorIds: ['inconnu'] }, 'organisation "inconnu" is not an actor of this territory'],
      [{ actorIds: [] }, 'an action is carried by at least one actor of the territory'],
      [{ domains: [] }, 'an action answers at least one fragility domain'],
      [{ domains: ['tourisme'] }, 'unknown fragility domain "tourisme"'],
      [{ domains: ['emploi', 'emploi'] }, 'domain "emploi" is listed twice'],
      [{ actorIds: ['region-cvl', 'region-cvl'] }, 'actor "region-cvl" is listed twice'],
      [{ startedOn: '2016-01-01' }, 'the start of the action (2016-01-01) cannot be earlier than the registration of the territory (2016-09-01)'],
    ] as const)('refuses %j', (data, message) => {
      given([registered, ...actors])
        .when(action(data))
        .thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('key figures, indicators and actions are not dated after the day they are recorded (today, given by the edge)', () => {
    const figuresRecorded = (recordedOn: string): TerritoryEvent => ({
      type: 'KeyFiguresRecorded',
      data: { recordedOn, source: 'Diagnostics sectoriels, Comisis 2016', figures: FIGURES },
    });
    const indicatorsRecorded = (measuredOn: string): TerritoryEvent => ({
      type: 'FragilityIndicatorsRecorded',
      data: { measuredOn, indicators: [{ domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.6, nationalAverage: 9.3, unit: '%' }] },
    });
    const actionRecorded = (startedOn: string): TerritoryEvent => ({
      type: 'TerritoryActionRecorded',
      data: {
        actionId: 'bien-vieillir-cvl',
        title: 'Coordination régionale du maintien à domicile',
        domains: ['vieillissement', 'isolement'],
        actorIds: ['region-cvl', 'uriopss-centre'],
        startedOn,
      },
    });

    it('accepts them dated today', () => {
      given([registered, ...actors])
        .when(keyFigures({ today: '2016-10-03' }))
        .then([figuresRecorded('2016-10-03')]);
      given([registered, ...actors])
        .when(indicators({ today: '2016-10-03' }))
        .then([indicatorsRecorded('2016-10-03')]);
      given([registered, ...actors])
        .when(action({ today: '2017-01-09' }))
        .then([actionRecorded('2017-01-09')]);
    });

    it.each([
      [
        'key figures',
        keyFigures({ recordedOn: '2016-10-04', today: '2016-10-03' }),
        'the key figures (2016-10-04) cannot be later than today, 2016-10-03: it has not happened yet',
      ],
      [
        'indicators',
        indicators({ measuredOn: '2027-01-01', today: '2026-12-04' }),
        'the indicators (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet',
      ],
      [
        'an action',
        action({ startedOn: '2017-01-10', today: '2017-01-09' }),
        'the start of the action (2017-01-10) cannot be later than today, 2017-01-09: it has not happened yet',
      ],
    ])('refuses %s dated after today', (_what, command, message) => {
      given([registered, ...actors])
        .when(command)
        .thenThrows('RULE_VIOLATED', message);
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given([registered, ...actors])
        .when(keyFigures({ recordedOn: '2030-01-01' }))
        .then([figuresRecorded('2030-01-01')]);
      given([registered, ...actors])
        .when(indicators({ measuredOn: '2030-01-01' }))
        .then([indicatorsRecorded('2030-01-01')]);
      given([registered, ...actors])
        .when(action({ startedOn: '2030-01-01' }))
        .then([actionRecorded('2030-01-01')]);
    });
  });

  it('needs a registered territory for each of them', () => {
    for (const command of [keyFigures(), indicators(), action()]) given([]).when(command).thenThrows('NOT_FOUND', 'territory not found');
  });
});
