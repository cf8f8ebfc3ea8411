import { specFor } from '../testing';
import { organisationDecider } from './decider';
import { registryKindOf, registryNumberProblem } from './registry-number';
import type { OrganisationCommand, OrganisationEvent, RegisterOrganisation } from './types';

const { given } = specFor(organisationDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// ─── FLDA, a fondation of the Ardèche, and a local association ──────────────

const fldaData: RegisterOrganisation['data'] = {
  organisationId: 'flda',
  name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
  kind: 'fondation',
  size: 'pme',
  territoryId: 'ardeche',
  registryNumber: '775672272',
  registeredAt: '2014-01-06T09:00:00+01:00',
};

const register = (data: Partial<Record<keyof RegisterOrganisation['data'], unknown>> = {}): OrganisationCommand =>
  ({ type: 'RegisterOrganisation', data: { ...fldaData, ...data } }) as OrganisationCommand;
const update = (data: Record<string, unknown>): OrganisationCommand => ({ type: 'UpdateOrganisationProfile', data }) as OrganisationCommand;
const strategy = (data: Record<string, unknown> = {}): OrganisationCommand =>
  ({
    type: 'RecordAllianceStrategy',
    data: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01', ...data },
  }) as OrganisationCommand;

const fldaRegistered: OrganisationEvent = { type: 'OrganisationRegistered', data: fldaData };
const strategyRecorded = (recordedOn = '2014-03-01'): OrganisationEvent => ({
  type: 'AllianceStrategyRecorded',
  data: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn },
});

describe('organisation decider', () => {
  describe('RegisterOrganisation', () => {
    it('registers an organisation with its kind, size band, territory and SIREN', () => {
      const state = given([]).when(register()).then([fldaRegistered]);
      expect(state).toEqual({ status: 'registered', ...fldaData });
    });

    it('registers an association with its RNA number, and one without a number; names are trimmed', () => {
      given([])
        .when(register({ organisationId: 'csc-privas', name: ' Centre social de Privas ', kind: 'association', size: 'tpe', registryNumber: 'W073001234' }))
        .then([
          {
            type: 'OrganisationRegistered',
            data: {
              ...fldaData,
              organisationId: 'csc-privas',
              name: 'Centre social de Privas',
              kind: 'association',
              size: 'tpe',
              registryNumber: 'W073001234',
            },
          },
        ]);
      const { registryNumber: _none, ...withoutNumber } = fldaData;
      given([])
        .when(register({ registryNumber: undefined, size: 'inconnue' }))
        .then([{ type: 'OrganisationRegistered', data: { ...withoutNumber, size: 'inconnue' } }]);
    });

    it('refuses an organisation that already exists', () => {
      given([fldaRegistered]).when(register()).thenThrows('CONFLICT', 'organisation already exists');
    });

    it.each([
      [{ organisationId: ' ' }, 'an organisation needs an id'],
      [{ name: '' }, 'an organisation needs a name'],
      [{ kind: 'universite' }, 'unknown organisation kind "universite"'],
      [{ size: 'moyenne' }, 'unknown organisation size "moyenne"'],
      [{ territoryId: undefined }, 'an organisation needs a territory'],
      [{ registeredAt: undefined }, 'the time of registration is needed'],
    ])('refuses %p', (data, message) => {
      given([]).when(register(data)).thenThrows('RULE_VIOLATED', message);
    });

    it.each(['123456789', '77567227', '7756722720', '775 672 272', 'w073001234', 'W07300123', 'W07300123A', '', 775672272])(
      'refuses the registry number %p',
      (registryNumber) => {
        given([])
          .when(register({ registryNumber }))
          .thenThrows('RULE_VIOLATED', `(got ${JSON.stringify(registryNumber)})`);
      },
    );
  });

  describe('registry numbers', () => {
    it('knows a SIREN by its 9 digits and Luhn check digit, an RNA number by W and 9 digits', () => {
      expect(['356000000', '552100554', '775672272', 'W751234567', 'W073001234'].map(registryKindOf)).toEqual(['siren', 'siren', 'siren', 'rna', 'rna']);
      expect(['356000001', '35600000', 'W75123456', 'w751234567', ' 356000000', 'RNA W751234567', null].map(registryKindOf)).toEqual(Array(7).fill(undefined));
    });

    it('says what is wrong', () => {
      expect(registryNumberProblem('356000001')).toBe('SIREN 356000001 has a wrong check digit');
      expect(registryNumberProblem('W7512')).toBe('a registry number is a SIREN (9 digits) or an RNA number (W and 9 digits)');
      expect(registryNumberProblem('356000000')).toBeUndefined();
    });
  });

  describe('any command but RegisterOrganisation', () => {
    it.each([update({ name: 'FLDA' }), strategy()].map((command) => [command.type, command] as const))(
      '%s is refused on an organisation never registered',
      (_type, command) => {
        given([]).when(command).thenThrows('NOT_FOUND', 'organisation not found');
      },
    );
  });

  describe('UpdateOrganisationProfile', () => {
    it('renames: only what changes is written', () => {
      const state = given([fldaRegistered])
        .when(update({ name: ' FLDA ', kind: 'fondation', territoryId: 'ardeche' }))
        .then([{ type: 'OrganisationProfileUpdated', data: { name: 'FLDA' } }]);
      expect(state).toMatchObject({ name: 'FLDA', kind: 'fondation', registryNumber: '775672272' });
    });

    it('changes the size band, the territory and corrects the registry number', () => {
      const state = given([fldaRegistered])
        .when(update({ size: 'eti', territoryId: 'drome', registryNumber: '552100554' }))
        .then([{ type: 'OrganisationProfileUpdated', data: { size: 'eti', territoryId: 'drome', registryNumber: '552100554' } }]);
      expect(state).toMatchObject({ size: 'eti', territoryId: 'drome', registryNumber: '552100554' });
    });

    it('writes nothing when nothing changes', () => {
      given([fldaRegistered])
        .when(update({ name: fldaData.name, size: 'pme' }))
        .thenNothing();
    });

    it('refuses an update without any field', () => {
      given([fldaRegistered]).when(update({})).thenThrows('RULE_VIOLATED', 'a profile update needs at least one field');
    });

    it.each([
      [{ name: ' ' }, 'an organisation needs a name'],
      [{ kind: 'media', size: 'enorme' }, 'unknown organisation size "enorme"'],
      [{ registryNumber: '356000001' }, 'SIREN 356000001 has a wrong check digit (got "356000001")'],
    ])('refuses %p and changes nothing', (data, message) => {
      given([fldaRegistered]).when(update(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('RecordAllianceStrategy', () => {
    it('records the maturity and the objective families', () => {
      const state = given([fldaRegistered]).when(strategy()).then([strategyRecorded()]);
      expect(state).toMatchObject({
        strategy: { maturity: 'engagee', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01' },
      });
    });

    it('a later strategy, or one of the same date, replaces the current one whole', () => {
      const state = given([fldaRegistered, strategyRecorded()])
        .when(strategy({ maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2016-05-10' }))
        .then([{ type: 'AllianceStrategyRecorded', data: { maturity: 'strategique', objectiveFamilies: ['economique'], recordedOn: '2016-05-10' } }]);
      expect(state).toMatchObject({ strategy: { maturity: 'strategique', objectiveFamilies: ['economique'] } });
      given([fldaRegistered, strategyRecorded()])
        .when(strategy({ maturity: 'decouverte' }))
        .then([
          {
            type: 'AllianceStrategyRecorded',
            data: { maturity: 'decouverte', objectiveFamilies: ['parties_prenantes', 'innovation'], recordedOn: '2014-03-01' },
          },
        ]);
    });

    it('refuses a strategy earlier than the current one', () => {
      given([fldaRegistered, strategyRecorded('2015-01-01')])
        .when(strategy({ recordedOn: '2014-12-31' }))
        .thenThrows('RULE_VIOLATED', 'a strategy of 2014-12-31 cannot replace the later one of 2015-01-01');
    });

    it('refuses a strategy dated before the registration', () => {
      given([fldaRegistered])
        .when(strategy({ recordedOn: '2014-01-05' }))
        .thenThrows('RULE_VIOLATED', 'the strategy');
    });

    it.each([
      [{ maturity: 'avancee' }, 'unknown alliance maturity "avancee"'],
      [{ objectiveFamilies: [] }, 'a strategy needs at least one objective family'],
      [{ objectiveFamilies: 'innovation' }, 'a strategy needs at least one objective family'],
      [{ objectiveFamilies: ['innovation', 'rse'] }, 'unknown objective family "rse"'],
      [{ objectiveFamilies: ['innovation', 'innovation'] }, 'objective family "innovation" is given twice'],
      [{ recordedOn: '2014-02-30' }, 'the date of the strategy must be a real date written YYYY-MM-DD'],
    ])('refuses %p', (data, message) => {
      given([fldaRegistered]).when(strategy(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('a strategy is not dated after the day it is recorded (today, given by the edge)', () => {
    it('accepts a strategy dated today', () => {
      given([fldaRegistered])
        .when(strategy({ today: '2014-03-01' }))
        .then([strategyRecorded()]);
    });

    it('refuses a strategy dated after today (the tester’s 2027-01-01, recorded on 2026-12-04)', () => {
      given([fldaRegistered])
        .when(strategy({ recordedOn: '2014-03-02', today: '2014-03-01' }))
        .thenThrows('RULE_VIOLATED', 'the strategy (2014-03-02) cannot be later than today, 2014-03-01: it has not happened yet');
      given([fldaRegistered])
        .when(strategy({ recordedOn: '2027-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the strategy (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given([fldaRegistered])
        .when(strategy({ recordedOn: '2030-01-01' }))
        .then([strategyRecorded('2030-01-01')]);
    });

    it('refuses a day that is not a real date', () => {
      given([fldaRegistered])
        .when(strategy({ today: '2014-02-30' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2014-02-30")');
    });
  });

  describe('evolve', () => {
    it('ignores what does not fit: a second registration, events before one, malformed data', () => {
      const registeredState = given([fldaRegistered]).state;
      given([{ type: 'AllianceStrategyRecorded', data: { maturity: 'engagee', objectiveFamilies: ['innovation'], recordedOn: '2014-03-01' } }]).thenState({
        status: 'none',
      });
      given([fldaRegistered, { ...fldaRegistered, data: { ...fldaData, name: 'Autre' } }]).thenState(registeredState);
      given([
        fldaRegistered,
        { type: 'AllianceStrategyRecorded', data: { maturity: 'engagee', objectiveFamilies: 'x', recordedOn: '2014-03-01' } } as never,
      ]).thenState(registeredState);
      given([fldaRegistered, { type: 'OrganisationMoved', data: {} } as never]).thenState(registeredState);
    });
  });
});
