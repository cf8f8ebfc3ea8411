import { fold } from '../kernel/decider';
import type { Sphere, TerritoryScale } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { territoryDecider } from './decider';
import type { FragilityRating, RegisterTerritory, TerritoryActor, TerritoryCommand, TerritoryEvent, TerritoryState, TerritoryTypology } from './types';

const { given } = specFor(territoryDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const known = (state: TerritoryState): Extract<TerritoryState, { status: 'registered' }> => {
  if (state.status === 'none') throw new Error('expected a registered territory');
  return state;
};

// ─── "Agir ensemble à Charenton – Saint Maurice" ─────────────────────────────

const charentonData: RegisterTerritory['data'] = {
  territoryId: 'charenton-saint-maurice',
  name: 'Communauté de communes de Charenton-Saint-Maurice',
  typology: 'urbain',
  level: 'local',
  region: 'Île-de-France',
  departement: 'Val-de-Marne',
  registeredAt: '2010-11-15T10:00:00+01:00',
};

const communaute: TerritoryActor = { orgId: 'cc-charenton', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' };
const entrepriseLocale: TerritoryActor = { orgId: 'imprimerie-charenton', name: 'Imprimerie de Charenton', sphere: 'entreprise' };
const centreSocial: TerritoryActor = { orgId: 'csc-charenton', name: 'Centre socio-culturel de Charenton', sphere: 'association' };

// Commands
const register = (data: Partial<Record<keyof RegisterTerritory['data'], unknown>> = {}): TerritoryCommand =>
  ({ type: 'RegisterTerritory', data: { ...charentonData, ...data } }) as TerritoryCommand;
const addDomain = (domain: unknown, label: unknown = 'Handicap'): TerritoryCommand =>
  ({ type: 'AddFragilityDomain', data: { domain, label } }) as TerritoryCommand;
const diagnose = (ratings: unknown, data: Partial<Record<'diagnosedOn' | 'source' | 'today', unknown>> = {}): TerritoryCommand =>
  ({
    type: 'RecordFragilityDiagnostic',
    data: { diagnosedOn: '2011-06-30', source: 'questionnaire aux acteurs du territoire', ratings, ...data },
  }) as TerritoryCommand;
const registerActor = (actor: TerritoryActor, data: Partial<Record<keyof TerritoryActor, unknown>> = {}): TerritoryCommand =>
  ({ type: 'RegisterTerritoryActor', data: { ...actor, ...data } }) as TerritoryCommand;
const removeActor = (orgId: unknown, reason?: unknown): TerritoryCommand => ({ type: 'RemoveTerritoryActor', data: { orgId, reason } }) as TerritoryCommand;

// Events
const charentonRegistered: TerritoryEvent = { type: 'TerritoryRegistered', data: charentonData };
const domainAdded = (domain: string, label: string): TerritoryEvent => ({ type: 'FragilityDomainAdded', data: { domain, label } });
const handicapAdded = domainAdded('accessibilite', 'Handicap');
const actorRegistered = (actor: TerritoryActor): TerritoryEvent => ({ type: 'TerritoryActorRegistered', data: actor });
/** `source` null: none. */
const diagnosed = (
  ratings: readonly FragilityRating[],
  diagnosedOn = '2011-06-30',
  source: string | null = 'questionnaire aux acteurs du territoire',
): TerritoryEvent => ({
  type: 'FragilityDiagnosticRecorded',
  data: { diagnosedOn, ...(source === null ? {} : { source }), ratings },
});

const rating = (domain: string, sphere: Sphere, priority: FragilityRating['priority'], notes?: string): FragilityRating => ({
  domain,
  sphere,
  priority,
  ...(notes === undefined ? {} : { notes }),
});
const firstRatings = [
  rating('accessibilite', 'association', 'haute', 'peu de référents handicap dans les entreprises'),
  rating('accessibilite', 'collectivite', 'moyenne'),
  rating('emploi', 'entreprise', 'haute', 'insertion des jeunes vers les métiers du territoire'),
  rating('emploi', 'association', 'haute'),
];

const withHandicap = [charentonRegistered, handicapAdded];

describe('territory decider', () => {
  describe('RegisterTerritory', () => {
    it('registers a territory with its typology and level', () => {
      const state = given([]).when(register()).then([charentonRegistered]);
      expect(state).toEqual({
        status: 'registered',
        territoryId: 'charenton-saint-maurice',
        name: 'Communauté de communes de Charenton-Saint-Maurice',
        typology: 'urbain',
        level: 'local',
        region: 'Île-de-France',
        departement: 'Val-de-Marne',
        registeredAt: '2010-11-15T10:00:00+01:00',
        customDomains: {},
        actors: [],
      });
    });

    it('registers with the date it was registered, for a territory recorded afterwards', () => {
      given([])
        .when(register({ registeredAt: '2010-11-15' }))
        .then([{ type: 'TerritoryRegistered', data: { ...charentonData, registeredAt: '2010-11-15' } }]);
    });

    it.each([
      ['le-havre-zus', 'Quartiers prioritaires du Havre', 'zus', 'local'],
      ['alsace', 'Alsace', 'transfrontalier', 'regional'],
      ['ardeche', 'Ardèche', 'rural', 'departemental'],
      ['grand-lyon', 'Métropole de Lyon', 'metropole', 'local'],
    ])('registers %s (%s, %s, %s) and leaves out a blank region and département', (territoryId, name, typology, level) => {
      given([])
        .when(register({ territoryId, name: ` ${name} `, typology, level, region: ' ', departement: undefined }))
        .then([
          {
            type: 'TerritoryRegistered',
            data: { territoryId, name, typology: typology as TerritoryTypology, level: level as TerritoryScale, registeredAt: '2010-11-15T10:00:00+01:00' },
          },
        ]);
    });

    it('refuses a territory that already exists', () => {
      given([charentonRegistered]).when(register()).thenThrows('CONFLICT', 'territory already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(register({ territoryId: '' }))
        .thenThrows('RULE_VIOLATED', 'a territory needs an id');
    });

    it('refuses a blank name', () => {
      given([])
        .when(register({ name: '  ' }))
        .thenThrows('RULE_VIOLATED', 'a territory needs a name');
    });

    it('refuses an unknown typology', () => {
      given([])
        .when(register({ typology: 'periurbain' }))
        .thenThrows('RULE_VIOLATED', 'unknown territory typology "periurbain"');
    });

    it('refuses an unknown level', () => {
      given([])
        .when(register({ level: 'communal' }))
        .thenThrows('RULE_VIOLATED', 'unknown territory level "communal"');
    });

    it('refuses a registration without its time', () => {
      given([])
        .when(register({ registeredAt: undefined }))
        .thenThrows('RULE_VIOLATED', 'the time of registration is needed');
    });

    it.each(['novembre 2010', '2010-11-31', '2010-11-15T10:00:00'])('refuses the time of registration %p', (registeredAt) => {
      given([])
        .when(register({ registeredAt }))
        .thenThrows('RULE_VIOLATED', `the time of registration must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got "${registeredAt}")`);
    });
  });

  describe('any command but RegisterTerritory', () => {
    const commands: readonly TerritoryCommand[] = [
      addDomain('accessibilite'),
      diagnose([rating('emploi', 'entreprise', 'haute')]),
      registerActor(communaute),
      removeActor('cc-charenton'),
    ];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a territory never registered', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'territory not found');
    });
  });

  describe('AddFragilityDomain', () => {
    it('adds a domain of its own to the territory', () => {
      const state = given([charentonRegistered]).when(addDomain(' accessibilite ', ' Handicap ')).then([handicapAdded]);
      expect(known(state).customDomains).toEqual({ accessibilite: 'Handicap' });
    });

    it.each(['insertion_jeunes', 'precarite_locale', 'acces_droits_2'])('accepts the slug %p', (domain) => {
      given([charentonRegistered])
        .when(addDomain(domain, 'Libellé'))
        .then([domainAdded(domain, 'Libellé')]);
    });

    it.each(['Handicap', 'insertion-jeunes', '2e_domaine', 'précarité', 'insertion__jeunes', 'insertion_', '_insertion', 'a'.repeat(41), 'constructor'])(
      'refuses the slug %p',
      (domain) => {
        given([charentonRegistered])
          .when(addDomain(domain))
          .thenThrows(
            'RULE_VIOLATED',
            `a fragility domain is a slug of lower-case letters, digits and underscores, starting with a letter, at most 40 characters, not constructor (got "${domain}")`,
          );
      },
    );

    it('refuses a blank slug', () => {
      given([charentonRegistered]).when(addDomain(' ')).thenThrows('RULE_VIOLATED', 'a fragility domain needs a slug');
    });

    it('refuses a standard domain', () => {
      given([charentonRegistered])
        .when(addDomain('vieillissement', 'Vieillissement'))
        .thenThrows('CONFLICT', 'fragility domain "vieillissement" already exists');
    });

    it('refuses a domain the territory already added', () => {
      given(withHandicap).when(addDomain('accessibilite', 'Handicap et inclusion')).thenThrows('CONFLICT', 'fragility domain "accessibilite" already exists');
    });

    it('folds a domain "constructor" recorded before the rule as a plain slug of its own', () => {
      const state = given([charentonRegistered, domainAdded('constructor', 'Libellé')])
        .when(diagnose([{ domain: 'constructor', sphere: 'entreprise', priority: 'haute' }]))
        .then([diagnosed([{ domain: 'constructor', sphere: 'entreprise', priority: 'haute' }])]);
      expect(Object.keys(known(state).customDomains)).toEqual(['constructor']);
    });

    it('refuses a blank label', () => {
      given([charentonRegistered]).when(addDomain('accessibilite', '')).thenThrows('RULE_VIOLATED', 'a fragility domain needs a label');
    });
  });

  describe('RecordFragilityDiagnostic', () => {
    it('records the priorities of each domain as each sphere sees them, with notes', () => {
      const state = given(withHandicap)
        .when(diagnose(firstRatings))
        .then([diagnosed(firstRatings)]);
      expect(known(state).diagnostic).toEqual({ diagnosedOn: '2011-06-30', source: 'questionnaire aux acteurs du territoire', ratings: firstRatings });
    });

    it('trims the notes and the source, and leaves them out when blank', () => {
      given(withHandicap)
        .when(
          diagnose(
            [
              { domain: ' logement ', sphere: 'collectivite', priority: 'basse', notes: ' ' },
              { ...rating('sante', 'association', 'moyenne'), notes: ' accès aux soins ' },
            ],
            { source: '' },
          ),
        )
        .then([diagnosed([rating('logement', 'collectivite', 'basse'), rating('sante', 'association', 'moyenne', 'accès aux soins')], '2011-06-30', null)]);
    });

    it('replaces the current diagnostic with a later one', () => {
      const later = [rating('accessibilite', 'association', 'moyenne', 'réseau de référents créé'), rating('numerique', 'entreprise', 'haute')];
      const state = given([...withHandicap, diagnosed(firstRatings)])
        .when(diagnose(later, { diagnosedOn: '2013-06-30', source: 'bilan de la démarche' }))
        .then([diagnosed(later, '2013-06-30', 'bilan de la démarche')]);
      expect(known(state).diagnostic).toEqual({ diagnosedOn: '2013-06-30', source: 'bilan de la démarche', ratings: later });
    });

    it('corrects the current diagnostic with one of the same date', () => {
      given([...withHandicap, diagnosed(firstRatings)])
        .when(diagnose([rating('emploi', 'entreprise', 'moyenne')]))
        .then([diagnosed([rating('emploi', 'entreprise', 'moyenne')])]);
    });

    it('refuses a diagnostic older than the current one', () => {
      given([...withHandicap, diagnosed(firstRatings, '2013-06-30')])
        .when(diagnose(firstRatings, { diagnosedOn: '2011-06-30' }))
        .thenThrows('RULE_VIOLATED', 'a diagnostic of 2011-06-30 cannot replace the later one of 2013-06-30');
    });

    it('refuses a diagnostic dated before the day the territory was registered', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { diagnosedOn: '2010-11-14' }))
        .thenThrows('RULE_VIOLATED', 'the diagnostic (2010-11-14) cannot be earlier than the registration of the territory (2010-11-15)');
    });

    it('accepts a diagnostic of the day the territory was registered', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { diagnosedOn: '2010-11-15' }))
        .then([diagnosed(firstRatings, '2010-11-15')]);
    });

    it('reads the day of registration as written, with no time zone', () => {
      // 23:30 at UTC−05:00 is already the 16th in UTC and in Paris: the day written, the 15th, is the one compared.
      const lateEvening: TerritoryEvent = { type: 'TerritoryRegistered', data: { ...charentonData, registeredAt: '2010-11-15T23:30:00-05:00' } };
      given([lateEvening])
        .when(diagnose([rating('emploi', 'entreprise', 'haute')], { diagnosedOn: '2010-11-15' }))
        .then([diagnosed([rating('emploi', 'entreprise', 'haute')], '2010-11-15')]);
      given([{ type: 'TerritoryRegistered', data: { ...charentonData, registeredAt: '2010-11-15' } }])
        .when(diagnose([rating('emploi', 'entreprise', 'haute')], { diagnosedOn: '2010-11-14' }))
        .thenThrows('RULE_VIOLATED', 'the diagnostic (2010-11-14) cannot be earlier than the registration of the territory (2010-11-15)');
    });

    it('does not check a territory whose registration was written without a real time', () => {
      const { registeredAt: _registeredAt, ...withoutTime } = charentonData;
      for (const data of [withoutTime, { ...charentonData, registeredAt: 'novembre 2010' }]) {
        given([{ type: 'TerritoryRegistered', data } as TerritoryEvent])
          .when(diagnose([rating('emploi', 'entreprise', 'haute')], { diagnosedOn: '1999-01-01' }))
          .then([diagnosed([rating('emploi', 'entreprise', 'haute')], '1999-01-01')]);
      }
    });

    it.each(['2011-02-29', '30/06/2011', '', undefined])('refuses the date %p', (diagnosedOn) => {
      given(withHandicap)
        .when(diagnose(firstRatings, { diagnosedOn }))
        .thenThrows('RULE_VIOLATED', 'the date of the diagnostic must be a real date written YYYY-MM-DD');
    });

    it.each([[], undefined, 'emploi'])('refuses a diagnostic without ratings (%p)', (ratings) => {
      given(withHandicap).when(diagnose(ratings)).thenThrows('RULE_VIOLATED', 'a diagnostic needs at least one rating');
    });

    it('refuses a rating that is not an object', () => {
      given(withHandicap)
        .when(diagnose(['emploi:haute']))
        .thenThrows('RULE_VIOLATED', 'each rating needs a domain, a sphere and a priority');
    });

    it('refuses a rating without a domain', () => {
      given(withHandicap)
        .when(diagnose([{ sphere: 'entreprise', priority: 'haute' }]))
        .thenThrows('RULE_VIOLATED', 'each rating needs a domain');
    });

    it('refuses a domain the territory does not know, even one another territory added', () => {
      given([charentonRegistered])
        .when(diagnose([rating('accessibilite', 'association', 'haute')]))
        .thenThrows('RULE_VIOLATED', 'unknown fragility domain "accessibilite" (a territory adds its own domains before rating them)');
    });

    it('refuses a prototype name as an unknown domain', () => {
      given(withHandicap)
        .when(diagnose([rating('constructor', 'association', 'haute')]))
        .thenThrows('RULE_VIOLATED', 'unknown fragility domain "constructor" (a territory adds its own domains before rating them)');
    });

    it('refuses an unknown sphere', () => {
      given(withHandicap)
        .when(diagnose([{ domain: 'emploi', sphere: 'citoyens', priority: 'haute' }]))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "citoyens"');
    });

    it.each(['urgente', 1, undefined])('refuses the priority %p', (priority) => {
      given(withHandicap)
        .when(diagnose([{ domain: 'emploi', sphere: 'entreprise', priority }]))
        .thenThrows('RULE_VIOLATED', `unknown priority ${priority === undefined ? 'undefined' : JSON.stringify(priority)}`);
    });

    it('refuses a domain rated twice for the same sphere', () => {
      given(withHandicap)
        .when(diagnose([...firstRatings, rating('emploi', 'entreprise', 'basse')]))
        .thenThrows('RULE_VIOLATED', 'domain "emploi" is rated twice for sphere "entreprise"');
    });
  });

  describe('a diagnostic is not dated after the day it is recorded (today, given by the edge)', () => {
    it('accepts a diagnostic dated today', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { today: '2011-06-30' }))
        .then([diagnosed(firstRatings)]);
    });

    it('refuses a diagnostic dated after today', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { diagnosedOn: '2011-07-01', today: '2011-06-30' }))
        .thenThrows('RULE_VIOLATED', 'the diagnostic (2011-07-01) cannot be later than today, 2011-06-30: it has not happened yet');
      given([...withHandicap, diagnosed(firstRatings)])
        .when(diagnose(firstRatings, { diagnosedOn: '2027-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the diagnostic (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { diagnosedOn: '2030-01-01' }))
        .then([diagnosed(firstRatings, '2030-01-01')]);
    });

    it('refuses a day that is not a real date', () => {
      given(withHandicap)
        .when(diagnose(firstRatings, { today: '2011-02-29' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2011-02-29")');
    });
  });

  describe('RegisterTerritoryActor', () => {
    it('registers an organisation acting on the territory', () => {
      const state = given([charentonRegistered])
        .when(registerActor(communaute, { name: ` ${communaute.name} ` }))
        .then([actorRegistered(communaute)]);
      expect(known(state).actors).toEqual([communaute]);
    });

    it('refuses an organisation already registered', () => {
      given([charentonRegistered, actorRegistered(communaute)])
        .when(registerActor(communaute))
        .thenThrows('CONFLICT', 'organisation "cc-charenton" is already an actor of this territory');
    });

    it('refuses a blank organisation id', () => {
      given([charentonRegistered])
        .when(registerActor(communaute, { orgId: '' }))
        .thenThrows('RULE_VIOLATED', 'an actor needs an organisation id');
    });

    it('refuses a blank name', () => {
      given([charentonRegistered])
        .when(registerActor(communaute, { name: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an actor needs a name');
    });

    it('refuses an unknown sphere', () => {
      given([charentonRegistered])
        .when(registerActor(communaute, { sphere: 'paroisse' }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "paroisse"');
    });
  });

  describe('RemoveTerritoryActor', () => {
    it('removes an actor, with a reason', () => {
      const state = given([charentonRegistered, actorRegistered(communaute), actorRegistered(entrepriseLocale)])
        .when(removeActor('imprimerie-charenton', ' site fermé '))
        .then([{ type: 'TerritoryActorRemoved', data: { orgId: 'imprimerie-charenton', reason: 'site fermé' } }]);
      expect(known(state).actors).toEqual([communaute]);
    });

    it('removes an actor without a reason', () => {
      given([charentonRegistered, actorRegistered(communaute)])
        .when(removeActor('cc-charenton', ''))
        .then([{ type: 'TerritoryActorRemoved', data: { orgId: 'cc-charenton' } }]);
    });

    it('refuses an organisation that is not an actor', () => {
      given([charentonRegistered, actorRegistered(communaute)])
        .when(removeActor('csc-charenton'))
        .thenThrows('NOT_FOUND', 'organisation "csc-charenton" is not an actor of this territory');
    });

    it('refuses a blank organisation id', () => {
      given([charentonRegistered]).when(removeActor(undefined)).thenThrows('RULE_VIOLATED', 'an organisation id is needed');
    });
  });

  describe('evolve', () => {
    // Centre-Val de Loire, as the PHARE programme saw it: different views by actor, a convergence on vieillissement.
    // Its first diagnostic (2015) is dated before its registration (2016): decide refuses that now, evolve still folds it.
    const centreValDeLoire: TerritoryEvent[] = [
      {
        type: 'TerritoryRegistered',
        data: {
          territoryId: 'centre-val-de-loire',
          name: 'Centre-Val de Loire',
          typology: 'rural',
          level: 'regional',
          region: 'Centre-Val de Loire',
          registeredAt: '2016-01-11T09:00:00+01:00',
        },
      },
      actorRegistered({ orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' }),
      actorRegistered({ orgId: 'cress-cvl', name: 'CRESS Centre-Val de Loire', sphere: 'association' }),
      actorRegistered({ orgId: 'medef-cvl', name: 'MEDEF Centre-Val de Loire', sphere: 'entreprise' }),
      diagnosed(
        [rating('emploi', 'entreprise', 'haute'), rating('vieillissement', 'collectivite', 'moyenne')],
        '2015-06-30',
        'Programme PHARE, première vague (Comisis-OpinionWay, 2015)',
      ),
      domainAdded('acces_soins_ruralite', 'Accès aux soins en milieu rural'),
      diagnosed(
        [
          rating('vieillissement', 'association', 'haute', 'une population vieillissante'),
          rating('vieillissement', 'entreprise', 'haute'),
          rating('vieillissement', 'collectivite', 'haute'),
          rating('emploi', 'entreprise', 'moyenne', 'indicateurs dynamiques par rapport à la moyenne nationale'),
          rating('acces_soins_ruralite', 'collectivite', 'haute'),
          rating('mobilite', 'association', 'moyenne'),
        ],
        '2016-06-30',
        'Programme PHARE (Comisis-OpinionWay, 2016)',
      ),
      { type: 'TerritoryActorRemoved', data: { orgId: 'medef-cvl', reason: 'représenté par ses adhérents' } },
    ];

    it('folds a territory: registered, actors, a diagnostic replaced by a later one, a domain of its own', () => {
      given(centreValDeLoire).thenState({
        status: 'registered',
        territoryId: 'centre-val-de-loire',
        name: 'Centre-Val de Loire',
        typology: 'rural',
        level: 'regional',
        region: 'Centre-Val de Loire',
        registeredAt: '2016-01-11T09:00:00+01:00',
        customDomains: { acces_soins_ruralite: 'Accès aux soins en milieu rural' },
        diagnostic: {
          diagnosedOn: '2016-06-30',
          source: 'Programme PHARE (Comisis-OpinionWay, 2016)',
          ratings: [
            rating('vieillissement', 'association', 'haute', 'une population vieillissante'),
            rating('vieillissement', 'entreprise', 'haute'),
            rating('vieillissement', 'collectivite', 'haute'),
            rating('emploi', 'entreprise', 'moyenne', 'indicateurs dynamiques par rapport à la moyenne nationale'),
            rating('acces_soins_ruralite', 'collectivite', 'haute'),
            rating('mobilite', 'association', 'moyenne'),
          ],
        },
        actors: [
          { orgId: 'region-cvl', name: 'Région Centre-Val de Loire', sphere: 'collectivite' },
          { orgId: 'cress-cvl', name: 'CRESS Centre-Val de Loire', sphere: 'association' },
        ],
      });
    });

    it('folds Charenton: its own domains, then the decisions it led to', () => {
      const state = known(
        fold(territoryDecider, [
          ...withHandicap,
          domainAdded('insertion_jeunes', 'Insertion des jeunes'),
          domainAdded('precarite_locale', 'Lutte contre la précarité'),
          actorRegistered(communaute),
          actorRegistered(centreSocial),
          diagnosed(firstRatings),
        ]),
      );
      expect(state.customDomains).toEqual({
        accessibilite: 'Handicap',
        insertion_jeunes: 'Insertion des jeunes',
        precarite_locale: 'Lutte contre la précarité',
      });
      expect(state.actors.map((actor) => actor.orgId)).toEqual(['cc-charenton', 'csc-charenton']);
      expect(state.diagnostic?.diagnosedOn).toBe('2011-06-30');
    });

    it('is total: events before registration leave the territory unregistered', () => {
      expect(fold(territoryDecider, [handicapAdded, actorRegistered(communaute), diagnosed(firstRatings)])).toEqual({ status: 'none' });
    });

    it('is total: a second registration, duplicates, unknown or malformed events change nothing', () => {
      const before = fold(territoryDecider, [...withHandicap, actorRegistered(communaute), diagnosed(firstRatings)]);
      const oddities = [
        { ...charentonRegistered, data: { ...charentonData, name: 'Autre nom' } },
        domainAdded('accessibilite', 'Autre libellé'),
        domainAdded('emploi', 'Emploi'),
        { type: 'FragilityDomainAdded', data: { domain: 42, label: 'x' } },
        actorRegistered({ ...communaute, name: 'Autre nom' }),
        { type: 'TerritoryActorRemoved', data: { orgId: 'inconnu' } },
        { type: 'FragilityDiagnosticRecorded', data: { diagnosedOn: '2012-01-01', ratings: 'emploi' } },
        { type: 'FragilityDiagnosticRecorded', data: { ratings: [] } },
        { type: 'TerritoryRenamed', data: { name: 'Autre nom' } },
        { type: 'TerritoryActorRegistered', data: null },
        { type: 'TerritoryActorRegistered' },
        42,
      ] as unknown as TerritoryEvent[];
      for (const event of oddities) expect(territoryDecider.evolve(before, event)).toBe(before);
    });
  });
});
