import { fold } from '../kernel/decider';
import { specFor } from '../testing';
import { parcoursDecider } from './decider';
import type {
  CompleteParcours,
  EnrolPilotTerritory,
  HoldParcoursSession,
  OpenParcours,
  ParcoursCommand,
  ParcoursEvent,
  ParcoursState,
  ParcoursStep,
  PilotOutcome,
  RecordPilotProgress,
  WithdrawPilotTerritory,
} from './types';

const { given } = specFor(parcoursDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// ─── The parcours d'expérience « Co-construction territoriale » (seeds: 002, 003) ─
// Co-built with the CGET: 12 pilot territories experiment for 9 months a method of
// co-développement entre pairs, launched in April 2018. The territories below are
// illustrative (the documents name only the Pays de la Loire on that page).

const openData: OpenParcours['data'] = {
  parcoursId: 'co-construction-territoriale-2018',
  title: 'Parcours d’expérience « Co-construction territoriale »',
  startMonth: '2018-04',
  durationMonths: 9,
  openedOn: '2018-02-15',
};

const PILOTS: readonly (readonly [string, string])[] = [
  ['pays-de-la-loire', 'Pays de la Loire'],
  ['alsace', 'Alsace'],
  ['ardeche', 'Ardèche'],
  ['lille-metropole', 'Lille Métropole'],
  ['franche-comte', 'Franche-Comté'],
  ['metropole-de-lyon', 'Métropole de Lyon'],
  ['centre-val-de-loire', 'Centre-Val de Loire'],
  ['val-de-marne', 'Val-de-Marne'],
  ['deux-sevres', 'Deux-Sèvres'],
  ['drome', 'Drôme'],
  ['bretagne', 'Bretagne'],
  ['normandie', 'Normandie'],
];

// Commands
const openParcours = (data: Partial<OpenParcours['data']> = {}): ParcoursCommand => ({ type: 'OpenParcours', data: { ...openData, ...data } });
const enrol = (data: Partial<EnrolPilotTerritory['data']> = {}): ParcoursCommand => ({
  type: 'EnrolPilotTerritory',
  data: { territoryId: 'pays-de-la-loire', name: 'Pays de la Loire', enrolledOn: '2018-03-01', ...data },
});
const withdraw = (data: Partial<WithdrawPilotTerritory['data']> = {}): ParcoursCommand => ({
  type: 'WithdrawPilotTerritory',
  data: { territoryId: 'ardeche', reason: 'changement d’équipe au conseil départemental', withdrawnOn: '2018-06-20', ...data },
});
const startParcours = (startedOn = '2018-04-03'): ParcoursCommand => ({ type: 'StartParcours', data: { startedOn } });
const holdSession = (data: Partial<HoldParcoursSession['data']> = {}): ParcoursCommand => ({
  type: 'HoldParcoursSession',
  data: {
    sessionNumber: 1,
    heldOn: '2018-04-05',
    theme: 'Lancement : les enjeux de la co-construction territoriale',
    territoriesPresent: ['pays-de-la-loire', 'alsace', 'ardeche'],
    ...data,
  },
});
const recordProgress = (data: Partial<RecordPilotProgress['data']> = {}): ParcoursCommand => ({
  type: 'RecordPilotProgress',
  data: { territoryId: 'pays-de-la-loire', step: 'solutions', note: 'cartographie des actions existantes', recordedOn: '2018-05-15', ...data },
});
const completeParcours = (data: Partial<CompleteParcours['data']> = {}): ParcoursCommand => ({
  type: 'CompleteParcours',
  data: {
    completedOn: '2018-12-20',
    summary: 'un socle commun de la co-construction territoriale',
    outcomes: [
      { territoryId: 'pays-de-la-loire', outcome: 'une plateforme régionale des alliances en projet' },
      { territoryId: 'alsace', outcome: 'le Labo des partenariats élargit son animation' },
      { territoryId: 'ardeche', outcome: 'un dialogue territorial engagé' },
    ],
    ...data,
  },
});

// Events
const opened: ParcoursEvent = { type: 'ParcoursOpened', data: { ...openData, endMonth: '2018-12' } };
const enrolled = (territoryId: string, name: string, enrolledOn = '2018-03-01'): ParcoursEvent => ({
  type: 'PilotTerritoryEnrolled',
  data: { territoryId, name, enrolledOn },
});
const withdrawn = (territoryId: string, withdrawnOn = '2018-06-20', reason = 'changement d’équipe au conseil départemental'): ParcoursEvent => ({
  type: 'PilotTerritoryWithdrawn',
  data: { territoryId, reason, withdrawnOn },
});
const started = (territoryIds: string[], startedOn = '2018-04-03'): ParcoursEvent => ({ type: 'ParcoursStarted', data: { startedOn, territoryIds } });
const sessionHeld = (sessionNumber: number, heldOn: string, theme: string, territoriesPresent: string[]): ParcoursEvent => ({
  type: 'ParcoursSessionHeld',
  data: { sessionNumber, heldOn, theme, territoriesPresent },
});
const progressed = (territoryId: string, step: ParcoursStep, recordedOn: string, note = 'cartographie des actions existantes'): ParcoursEvent => ({
  type: 'PilotProgressRecorded',
  data: { territoryId, step, note, recordedOn },
});

// Histories
const cohortOfThree: ParcoursEvent[] = [opened, enrolled('pays-de-la-loire', 'Pays de la Loire'), enrolled('alsace', 'Alsace'), enrolled('ardeche', 'Ardèche')];
const fullCohort: ParcoursEvent[] = [opened, ...PILOTS.map(([territoryId, name]) => enrolled(territoryId, name))];
const inProgress: ParcoursEvent[] = [...cohortOfThree, started(['pays-de-la-loire', 'alsace', 'ardeche'])];
const firstSession = sessionHeld(1, '2018-04-05', 'Lancement : les enjeux de la co-construction territoriale', ['pays-de-la-loire', 'alsace', 'ardeche']);
const withASession: ParcoursEvent[] = [...inProgress, firstSession];
const lastSession = sessionHeld(2, '2018-12-14', 'Le socle commun', ['pays-de-la-loire', 'alsace', 'ardeche']);
const readyToComplete: ParcoursEvent[] = [...withASession, lastSession];
const completed: ParcoursEvent[] = [
  ...readyToComplete,
  {
    type: 'ParcoursCompleted',
    data: {
      completedOn: '2018-12-20',
      summary: 'un socle commun de la co-construction territoriale',
      outcomes: [
        { territoryId: 'pays-de-la-loire', outcome: 'une plateforme régionale des alliances en projet' },
        { territoryId: 'alsace', outcome: 'le Labo des partenariats élargit son animation' },
        { territoryId: 'ardeche', outcome: 'un dialogue territorial engagé' },
      ],
    },
  },
];

const openedState = (state: ParcoursState): Extract<ParcoursState, { status: 'open' | 'started' | 'completed' }> => {
  if (state.status === 'none') throw new Error('expected an opened parcours');
  return state;
};

const INVALID_DATES = ['2018-02-29', '2018-13-01', '05/04/2018', '2018-4-5', '', '2018-04-05T10:00:00Z'];

describe('parcours decider', () => {
  describe('OpenParcours', () => {
    it('opens a parcours of 9 months, from April to December', () => {
      const state = given([]).when(openParcours()).then([opened]);
      expect(state).toEqual({
        status: 'open',
        parcoursId: 'co-construction-territoriale-2018',
        title: 'Parcours d’expérience « Co-construction territoriale »',
        startMonth: '2018-04',
        durationMonths: 9,
        endMonth: '2018-12',
        openedOn: '2018-02-15',
        territories: [],
        sessions: [],
      });
    });

    it('trims the id and the title', () => {
      given([])
        .when(openParcours({ parcoursId: ' co-construction-territoriale-2018 ', title: ' Parcours d’expérience « Co-construction territoriale » ' }))
        .then([opened]);
    });

    it.each([
      ['2018-11', 3, '2019-01'],
      ['2018-04', 1, '2018-04'],
      ['2019-01', 24, '2020-12'],
      ['9999-04', 9, '9999-12'],
    ])('computes the last month: from %s for %i months, %s', (startMonth, durationMonths, endMonth) => {
      given([])
        .when(openParcours({ startMonth, durationMonths }))
        .then([{ type: 'ParcoursOpened', data: { ...openData, startMonth, durationMonths, endMonth } }]);
    });

    it('refuses a parcours that already exists', () => {
      given([opened]).when(openParcours()).thenThrows('CONFLICT', 'parcours already exists');
    });

    it('refuses a parcours that already exists, even completed', () => {
      given(completed).when(openParcours()).thenThrows('CONFLICT', 'parcours already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(openParcours({ parcoursId: '' }))
        .thenThrows('RULE_VIOLATED', 'a parcours needs an id');
    });

    it('refuses a blank title', () => {
      given([])
        .when(openParcours({ title: '  ' }))
        .thenThrows('RULE_VIOLATED', 'a parcours needs a title');
    });

    it.each(['2018-4', '2018-13', '2018-00', '0000-04', '04/2018', '2018-04-01', '', ' 2018-04', 201804 as unknown as string])(
      'refuses the start month %p',
      (startMonth) => {
        given([]).when(openParcours({ startMonth })).thenThrows('RULE_VIOLATED', 'the start month must be a real month written YYYY-MM');
      },
    );

    it('quotes the month it refuses', () => {
      given([])
        .when(openParcours({ startMonth: '2018-13' }))
        .thenThrows('RULE_VIOLATED', 'the start month must be a real month written YYYY-MM (got "2018-13")');
    });

    it.each([0, 25, 8.5, -9, '9' as unknown as number])('refuses a duration of %p months', (durationMonths) => {
      given([]).when(openParcours({ durationMonths })).thenThrows('RULE_VIOLATED', 'a parcours lasts a whole number of months from 1 to 24');
    });

    it('refuses a parcours that would end after the year 9999', () => {
      given([])
        .when(openParcours({ startMonth: '9999-06' }))
        .thenThrows('RULE_VIOLATED', 'a parcours must end by December 9999');
    });

    it.each(INVALID_DATES)('refuses the opening date %j', (openedOn) => {
      given([]).when(openParcours({ openedOn })).thenThrows('RULE_VIOLATED', 'the opening date must be a real date written YYYY-MM-DD');
    });
  });

  describe('any command but OpenParcours', () => {
    const commands: readonly ParcoursCommand[] = [enrol(), withdraw(), startParcours(), holdSession(), recordProgress(), completeParcours()];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a parcours never opened', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'parcours not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a completed parcours', (_type, command) => {
      given(completed).when(command).thenThrows('RULE_VIOLATED', 'a completed parcours accepts no command');
    });
  });

  describe('EnrolPilotTerritory', () => {
    it('enrols a pilot territory', () => {
      const state = given([opened])
        .when(enrol())
        .then([enrolled('pays-de-la-loire', 'Pays de la Loire')]);
      expect(openedState(state).territories).toEqual([
        { territoryId: 'pays-de-la-loire', name: 'Pays de la Loire', enrolledOn: '2018-03-01', status: 'enrolled', progress: [] },
      ]);
    });

    it('trims the id and the name', () => {
      given([opened])
        .when(enrol({ territoryId: ' pays-de-la-loire', name: 'Pays de la Loire ' }))
        .then([enrolled('pays-de-la-loire', 'Pays de la Loire')]);
    });

    it('enrols the twelfth pilot territory', () => {
      given(fullCohort.slice(0, 12))
        .when(enrol({ territoryId: 'normandie', name: 'Normandie' }))
        .then([enrolled('normandie', 'Normandie')]);
    });

    it('refuses a thirteenth pilot territory', () => {
      given(fullCohort)
        .when(enrol({ territoryId: 'guyane', name: 'Guyane' }))
        .thenThrows('RULE_VIOLATED', 'the cohort is full (12 pilot territories)');
    });

    it('counts no withdrawn territory in the cohort', () => {
      given([...fullCohort, withdrawn('ardeche', '2018-03-10')])
        .when(enrol({ territoryId: 'guyane', name: 'Guyane', enrolledOn: '2018-03-12' }))
        .then([enrolled('guyane', 'Guyane', '2018-03-12')]);
    });

    it('is refused once the parcours has started', () => {
      given(inProgress)
        .when(enrol({ territoryId: 'guyane', name: 'Guyane' }))
        .thenThrows('RULE_VIOLATED', 'pilot territories can only be enrolled before the parcours starts');
    });

    it('refuses a blank id', () => {
      given([opened])
        .when(enrol({ territoryId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a pilot territory needs an id');
    });

    it('refuses a territory already enrolled', () => {
      given(cohortOfThree).when(enrol()).thenThrows('CONFLICT', 'pilot territory "pays-de-la-loire" is already enrolled');
    });

    it('refuses a territory that withdrew', () => {
      given([...cohortOfThree, withdrawn('ardeche', '2018-03-10')])
        .when(enrol({ territoryId: 'ardeche', name: 'Ardèche' }))
        .thenThrows('CONFLICT', 'pilot territory "ardeche" withdrew from this parcours');
    });

    it('refuses a blank name', () => {
      given([opened])
        .when(enrol({ name: '' }))
        .thenThrows('RULE_VIOLATED', 'a pilot territory needs a name');
    });

    it.each(INVALID_DATES)('refuses the date %j', (enrolledOn) => {
      given([opened]).when(enrol({ enrolledOn })).thenThrows('RULE_VIOLATED', 'the enrolment date must be a real date written YYYY-MM-DD');
    });

    it('refuses an enrolment before the parcours was opened', () => {
      given([opened])
        .when(enrol({ enrolledOn: '2018-02-14' }))
        .thenThrows('RULE_VIOLATED', 'the enrolment (2018-02-14) cannot be earlier than the opening of the parcours (2018-02-15)');
    });
  });

  describe('WithdrawPilotTerritory', () => {
    it('withdraws a territory before the start', () => {
      const state = given(cohortOfThree)
        .when(withdraw({ withdrawnOn: '2018-03-10', reason: ' changement d’équipe au conseil départemental ' }))
        .then([withdrawn('ardeche', '2018-03-10')]);
      expect(openedState(state).territories[2]).toEqual({
        territoryId: 'ardeche',
        name: 'Ardèche',
        enrolledOn: '2018-03-01',
        status: 'withdrawn',
        withdrawal: { reason: 'changement d’équipe au conseil départemental', withdrawnOn: '2018-03-10' },
        progress: [],
      });
    });

    it('withdraws a territory during the parcours, keeping its progress', () => {
      const state = given([...withASession, progressed('ardeche', 'solutions', '2018-05-15')])
        .when(withdraw())
        .then([withdrawn('ardeche')]);
      expect(openedState(state).territories[2]).toMatchObject({ status: 'withdrawn', step: 'solutions', progress: [{ step: 'solutions' }] });
    });

    it('refuses a territory never enrolled', () => {
      given(inProgress)
        .when(withdraw({ territoryId: 'guyane' }))
        .thenThrows('NOT_FOUND', 'pilot territory "guyane" not found');
    });

    it('refuses a territory id that is a name of the prototype', () => {
      given(inProgress)
        .when(withdraw({ territoryId: '__proto__' }))
        .thenThrows('NOT_FOUND', 'pilot territory "__proto__" not found');
    });

    it('refuses a blank territory id', () => {
      given(inProgress)
        .when(withdraw({ territoryId: '' }))
        .thenThrows('RULE_VIOLATED', 'a pilot territory id is needed');
    });

    it('refuses a territory that already withdrew', () => {
      given([...inProgress, withdrawn('ardeche')])
        .when(withdraw({ withdrawnOn: '2018-07-01' }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "ardeche" already withdrew');
    });

    it('refuses a withdrawal without a reason', () => {
      given(inProgress)
        .when(withdraw({ reason: ' ' }))
        .thenThrows('RULE_VIOLATED', 'withdrawing from a parcours needs a reason');
    });

    it.each(INVALID_DATES)('refuses the date %j', (withdrawnOn) => {
      given(inProgress).when(withdraw({ withdrawnOn })).thenThrows('RULE_VIOLATED', 'the withdrawal date must be a real date written YYYY-MM-DD');
    });

    it('refuses a withdrawal before the enrolment', () => {
      given(inProgress)
        .when(withdraw({ withdrawnOn: '2018-02-28' }))
        .thenThrows('RULE_VIOLATED', 'the withdrawal (2018-02-28) cannot be earlier than the enrolment (2018-03-01)');
    });
  });

  describe('StartParcours', () => {
    it('starts with the territories enrolled, leaving out those who withdrew', () => {
      const state = given([...cohortOfThree, withdrawn('ardeche', '2018-03-10')])
        .when(startParcours())
        .then([started(['pays-de-la-loire', 'alsace'])]);
      expect(openedState(state)).toMatchObject({ status: 'started', startedOn: '2018-04-03' });
    });

    it.each(['2018-04-01', '2018-12-31'])('accepts a start on %s, within the parcours', (startedOn) => {
      given(cohortOfThree)
        .when(startParcours(startedOn))
        .then([started(['pays-de-la-loire', 'alsace', 'ardeche'], startedOn)]);
    });

    it('refuses a second start', () => {
      given(inProgress).when(startParcours('2018-04-10')).thenThrows('RULE_VIOLATED', 'the parcours has already started');
    });

    it('refuses to start with fewer than two pilot territories', () => {
      given([opened, enrolled('alsace', 'Alsace'), enrolled('ardeche', 'Ardèche'), withdrawn('ardeche', '2018-03-10')])
        .when(startParcours())
        .thenThrows('RULE_VIOLATED', 'a parcours needs at least 2 pilot territories to start (it has 1)');
    });

    it.each(INVALID_DATES)('refuses the date %j', (startedOn) => {
      given(cohortOfThree).when(startParcours(startedOn)).thenThrows('RULE_VIOLATED', 'the start date must be a real date written YYYY-MM-DD');
    });

    it.each(['2018-03-31', '2019-01-01'])('refuses a start on %s, outside the parcours', (startedOn) => {
      given(cohortOfThree)
        .when(startParcours(startedOn))
        .thenThrows('RULE_VIOLATED', `the start (${startedOn}) must fall within the parcours, from 2018-04-01 to 2018-12-31`);
    });

    it('refuses a start before the parcours was opened', () => {
      given([{ ...opened, data: { ...openData, endMonth: '2018-12', openedOn: '2018-05-10' } }, enrolled('alsace', 'Alsace'), enrolled('ardeche', 'Ardèche')])
        .when(startParcours('2018-04-20'))
        .thenThrows('RULE_VIOLATED', 'the start (2018-04-20) cannot be earlier than the opening of the parcours (2018-05-10)');
    });
  });

  describe('HoldParcoursSession', () => {
    it('holds the first session', () => {
      const state = given(inProgress).when(holdSession()).then([firstSession]);
      expect(openedState(state).sessions).toEqual([firstSession.data]);
    });

    it('holds the next session, the same day if need be, trimmed', () => {
      given(withASession)
        .when(holdSession({ sessionNumber: 2, heldOn: '2018-04-05', theme: ' Solutions : quelles actions ? ', territoriesPresent: [' alsace'] }))
        .then([sessionHeld(2, '2018-04-05', 'Solutions : quelles actions ?', ['alsace'])]);
    });

    it('is refused before the start', () => {
      given(cohortOfThree).when(holdSession()).thenThrows('RULE_VIOLATED', 'sessions can only be held once the parcours has started');
    });

    it.each([0, 1.5, -1, '1' as unknown as number])('refuses the session number %p', (sessionNumber) => {
      given(inProgress).when(holdSession({ sessionNumber })).thenThrows('RULE_VIOLATED', 'a session number must be a whole number of at least 1');
    });

    it('refuses a session already held', () => {
      given(withASession)
        .when(holdSession({ heldOn: '2018-05-03' }))
        .thenThrows('CONFLICT', 'session 1 was already held');
    });

    it('refuses a session out of turn', () => {
      given(withASession)
        .when(holdSession({ sessionNumber: 3, heldOn: '2018-05-03' }))
        .thenThrows('RULE_VIOLATED', 'session 2 comes next, not session 3');
    });

    it.each(INVALID_DATES)('refuses the date %j', (heldOn) => {
      given(inProgress).when(holdSession({ heldOn })).thenThrows('RULE_VIOLATED', 'the session date must be a real date written YYYY-MM-DD');
    });

    it.each(['2018-03-30', '2019-01-05'])('refuses a session on %s, outside the parcours', (heldOn) => {
      given(inProgress)
        .when(holdSession({ heldOn }))
        .thenThrows('RULE_VIOLATED', `the session (${heldOn}) must fall within the parcours, from 2018-04-01 to 2018-12-31`);
    });

    it('refuses a session before the start', () => {
      given(inProgress)
        .when(holdSession({ heldOn: '2018-04-02' }))
        .thenThrows('RULE_VIOLATED', 'the session (2018-04-02) cannot be earlier than the start of the parcours (2018-04-03)');
    });

    it('refuses a session before the previous one', () => {
      given(withASession)
        .when(holdSession({ sessionNumber: 2, heldOn: '2018-04-04' }))
        .thenThrows('RULE_VIOLATED', 'the session (2018-04-04) cannot be earlier than session 1 (2018-04-05)');
    });

    it('refuses a blank theme', () => {
      given(inProgress)
        .when(holdSession({ theme: '' }))
        .thenThrows('RULE_VIOLATED', 'a session needs a theme');
    });

    it('refuses a session with no territory present', () => {
      given(inProgress)
        .when(holdSession({ territoriesPresent: [] }))
        .thenThrows('RULE_VIOLATED', 'a session needs at least one pilot territory present');
    });

    it('refuses a territory that is not in the parcours', () => {
      given(inProgress)
        .when(holdSession({ territoriesPresent: ['alsace', 'guyane'] }))
        .thenThrows('RULE_VIOLATED', '"guyane" is not a pilot territory of this parcours');
    });

    it('refuses a territory that withdrew', () => {
      given([...inProgress, withdrawn('ardeche', '2018-04-04')])
        .when(holdSession({ territoriesPresent: ['alsace', 'ardeche'] }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "ardeche" withdrew from this parcours');
    });

    it('refuses a blank territory id', () => {
      given(inProgress)
        .when(holdSession({ territoriesPresent: ['alsace', ' '] }))
        .thenThrows('RULE_VIOLATED', 'a pilot territory id is needed');
    });

    it('refuses a territory listed twice', () => {
      given(inProgress)
        .when(holdSession({ territoriesPresent: ['alsace', 'alsace'] }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "alsace" is listed twice');
    });
  });

  describe('RecordPilotProgress', () => {
    it('records a first progress, on solutions', () => {
      const state = given(withASession)
        .when(recordProgress())
        .then([progressed('pays-de-la-loire', 'solutions', '2018-05-15')]);
      expect(openedState(state).territories[0]).toMatchObject({
        step: 'solutions',
        progress: [{ step: 'solutions', note: 'cartographie des actions existantes', recordedOn: '2018-05-15' }],
      });
    });

    it('records more on the same step, then moves to the next, trimmed', () => {
      const onSolutions = [...withASession, progressed('pays-de-la-loire', 'solutions', '2018-05-15')];
      given(onSolutions)
        .when(recordProgress({ note: ' sept actions retenues ', recordedOn: '2018-05-15' }))
        .then([progressed('pays-de-la-loire', 'solutions', '2018-05-15', 'sept actions retenues')]);
      const state = given(onSolutions)
        .when(recordProgress({ territoryId: 'pays-de-la-loire ', step: 'chaine_de_valeur', note: 'rôles des acteurs répartis', recordedOn: '2018-06-20' }))
        .then([progressed('pays-de-la-loire', 'chaine_de_valeur', '2018-06-20', 'rôles des acteurs répartis')]);
      expect(openedState(state).territories[0]?.step).toBe('chaine_de_valeur');
    });

    it('is refused before the start', () => {
      given(cohortOfThree).when(recordProgress()).thenThrows('RULE_VIOLATED', 'progress can only be recorded once the parcours has started');
    });

    it('refuses a territory never enrolled', () => {
      given(withASession)
        .when(recordProgress({ territoryId: 'guyane' }))
        .thenThrows('NOT_FOUND', 'pilot territory "guyane" not found');
    });

    it('refuses a territory that withdrew', () => {
      given([...withASession, withdrawn('ardeche', '2018-04-20')])
        .when(recordProgress({ territoryId: 'ardeche' }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "ardeche" withdrew from this parcours');
    });

    it('refuses an unknown step', () => {
      given(withASession)
        .when(recordProgress({ step: 'gouvernance' as ParcoursStep }))
        .thenThrows('RULE_VIOLATED', 'unknown step "gouvernance"');
    });

    it('refuses to skip the first step', () => {
      given(withASession)
        .when(recordProgress({ step: 'chaine_de_valeur' }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "pays-de-la-loire" must work on solutions before chaine_de_valeur');
    });

    it('refuses to skip a step', () => {
      given([...withASession, progressed('pays-de-la-loire', 'solutions', '2018-05-15')])
        .when(recordProgress({ step: 'dispositif', recordedOn: '2018-06-15' }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "pays-de-la-loire" must work on chaine_de_valeur before dispositif');
    });

    it('refuses to go back a step', () => {
      given([...withASession, progressed('pays-de-la-loire', 'solutions', '2018-05-15'), progressed('pays-de-la-loire', 'chaine_de_valeur', '2018-06-20')])
        .when(recordProgress({ recordedOn: '2018-07-02' }))
        .thenThrows('RULE_VIOLATED', 'pilot territory "pays-de-la-loire" is at chaine_de_valeur: it cannot go back to solutions');
    });

    it('refuses a blank note', () => {
      given(withASession)
        .when(recordProgress({ note: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a progress record needs a note');
    });

    it.each(INVALID_DATES)('refuses the date %j', (recordedOn) => {
      given(withASession).when(recordProgress({ recordedOn })).thenThrows('RULE_VIOLATED', 'the progress date must be a real date written YYYY-MM-DD');
    });

    it('refuses a progress after the parcours', () => {
      given(withASession)
        .when(recordProgress({ recordedOn: '2019-01-02' }))
        .thenThrows('RULE_VIOLATED', 'the progress (2019-01-02) must fall within the parcours, from 2018-04-01 to 2018-12-31');
    });

    it('refuses a progress before the start', () => {
      given(withASession)
        .when(recordProgress({ recordedOn: '2018-04-02' }))
        .thenThrows('RULE_VIOLATED', 'the progress (2018-04-02) cannot be earlier than the start of the parcours (2018-04-03)');
    });

    it('refuses a progress before the territory’s previous one', () => {
      given([...withASession, progressed('pays-de-la-loire', 'solutions', '2018-05-15')])
        .when(recordProgress({ recordedOn: '2018-05-14' }))
        .thenThrows(
          'RULE_VIOLATED',
          'the progress (2018-05-14) cannot be earlier than the previous progress of pilot territory "pays-de-la-loire" (2018-05-15)',
        );
    });
  });

  describe('CompleteParcours', () => {
    it('completes the parcours with the outcome of every territory', () => {
      const state = given(readyToComplete)
        .when(completeParcours())
        .then([completed.at(-1) as ParcoursEvent]);
      expect(openedState(state)).toMatchObject({
        status: 'completed',
        completedOn: '2018-12-20',
        summary: 'un socle commun de la co-construction territoriale',
        territories: [
          { territoryId: 'pays-de-la-loire', outcome: 'une plateforme régionale des alliances en projet' },
          { territoryId: 'alsace', outcome: 'le Labo des partenariats élargit son animation' },
          { territoryId: 'ardeche', outcome: 'un dialogue territorial engagé' },
        ],
      });
    });

    it('needs no outcome for a territory that withdrew, trims the texts, accepts a completion after the last month', () => {
      given([...readyToComplete, withdrawn('ardeche', '2018-12-15')])
        .when(
          completeParcours({
            completedOn: '2019-01-20',
            summary: ' un socle commun ',
            outcomes: [
              { territoryId: 'alsace ', outcome: ' le Labo des partenariats élargit son animation ' },
              { territoryId: 'pays-de-la-loire', outcome: 'une plateforme régionale des alliances en projet' },
            ],
          }),
        )
        .then([
          {
            type: 'ParcoursCompleted',
            data: {
              completedOn: '2019-01-20',
              summary: 'un socle commun',
              outcomes: [
                { territoryId: 'alsace', outcome: 'le Labo des partenariats élargit son animation' },
                { territoryId: 'pays-de-la-loire', outcome: 'une plateforme régionale des alliances en projet' },
              ],
            },
          },
        ]);
    });

    it('is refused before the start', () => {
      given(cohortOfThree).when(completeParcours()).thenThrows('RULE_VIOLATED', 'a parcours can only be completed once it has started');
    });

    it('is refused before any session', () => {
      given(inProgress).when(completeParcours()).thenThrows('RULE_VIOLATED', 'a parcours needs at least one session before it is completed');
    });

    it.each(INVALID_DATES)('refuses the date %j', (completedOn) => {
      given(readyToComplete).when(completeParcours({ completedOn })).thenThrows('RULE_VIOLATED', 'the completion date must be a real date written YYYY-MM-DD');
    });

    it('refuses a completion before the last month', () => {
      given(withASession)
        .when(completeParcours({ completedOn: '2018-11-30' }))
        .thenThrows('RULE_VIOLATED', 'the completion (2018-11-30) cannot be earlier than its last month (2018-12-01)');
    });

    it('refuses a completion before the last session', () => {
      given(readyToComplete)
        .when(completeParcours({ completedOn: '2018-12-10' }))
        .thenThrows('RULE_VIOLATED', 'the completion (2018-12-10) cannot be earlier than session 2 (2018-12-14)');
    });

    it('refuses a blank summary', () => {
      given(readyToComplete)
        .when(completeParcours({ summary: '' }))
        .thenThrows('RULE_VIOLATED', 'completing a parcours needs a summary');
    });

    it('refuses outcomes that are not a list', () => {
      given(readyToComplete)
        .when(completeParcours({ outcomes: undefined as unknown as PilotOutcome[] }))
        .thenThrows('RULE_VIOLATED', 'the outcomes must be a list, one per pilot territory');
    });

    it('refuses an outcome that is not an object', () => {
      given(readyToComplete)
        .when(completeParcours({ outcomes: ['une plateforme' as unknown as PilotOutcome] }))
        .thenThrows('RULE_VIOLATED', 'each outcome needs a pilot territory and a text');
    });

    it('refuses an outcome for a territory not in the parcours', () => {
      given(readyToComplete)
        .when(completeParcours({ outcomes: [{ territoryId: 'guyane', outcome: 'x' }] }))
        .thenThrows('RULE_VIOLATED', '"guyane" is not a pilot territory of this parcours');
    });

    it('refuses an outcome for a territory that withdrew', () => {
      given([...readyToComplete, withdrawn('ardeche', '2018-12-15')])
        .when(completeParcours())
        .thenThrows('RULE_VIOLATED', 'pilot territory "ardeche" withdrew from this parcours');
    });

    it('refuses a blank outcome', () => {
      given(readyToComplete)
        .when(completeParcours({ outcomes: [{ territoryId: 'alsace', outcome: ' ' }] }))
        .thenThrows('RULE_VIOLATED', 'the outcome of pilot territory "alsace" cannot be blank');
    });

    it('refuses a territory listed twice', () => {
      given(readyToComplete)
        .when(
          completeParcours({
            outcomes: [
              { territoryId: 'alsace', outcome: 'x' },
              { territoryId: 'alsace', outcome: 'y' },
            ],
          }),
        )
        .thenThrows('RULE_VIOLATED', 'pilot territory "alsace" is listed twice');
    });

    it('refuses to leave a territory without an outcome', () => {
      given(readyToComplete)
        .when(completeParcours({ outcomes: [{ territoryId: 'alsace', outcome: 'le Labo des partenariats élargit son animation' }] }))
        .thenThrows('RULE_VIOLATED', 'every pilot territory needs an outcome (missing: Pays de la Loire, Ardèche)');
    });
  });

  describe('nothing is dated after the day it is recorded (today, given by the edge)', () => {
    const cases: readonly {
      readonly what: string;
      readonly on: string;
      readonly history: readonly ParcoursEvent[];
      readonly command: (on: string, today: string) => ParcoursCommand;
      readonly event: ParcoursEvent;
    }[] = [
      { what: 'the opening of the parcours', on: '2018-02-15', history: [], command: (on, today) => openParcours({ openedOn: on, today }), event: opened },
      {
        what: 'the enrolment',
        on: '2018-03-02',
        history: [opened],
        command: (on, today) => enrol({ enrolledOn: on, today }),
        event: enrolled('pays-de-la-loire', 'Pays de la Loire', '2018-03-02'),
      },
      {
        what: 'the withdrawal',
        on: '2018-06-20',
        history: cohortOfThree,
        command: (on, today) => withdraw({ withdrawnOn: on, today }),
        event: withdrawn('ardeche'),
      },
      {
        what: 'the start of the parcours',
        on: '2018-04-03',
        history: cohortOfThree,
        command: (on, today) => ({ type: 'StartParcours', data: { startedOn: on, today } }),
        event: started(['pays-de-la-loire', 'alsace', 'ardeche']),
      },
      { what: 'the session', on: '2018-04-05', history: inProgress, command: (on, today) => holdSession({ heldOn: on, today }), event: firstSession },
      {
        what: 'the progress',
        on: '2018-05-15',
        history: inProgress,
        command: (on, today) => recordProgress({ recordedOn: on, today }),
        event: progressed('pays-de-la-loire', 'solutions', '2018-05-15'),
      },
      {
        what: 'the completion of the parcours',
        on: '2018-12-20',
        history: readyToComplete,
        command: (on, today) => completeParcours({ completedOn: on, today }),
        event: completed.at(-1) as ParcoursEvent,
      },
    ];

    it.each(cases)('accepts $what dated today, refuses it dated after today', ({ what, on, history, command, event }) => {
      given(history).when(command(on, on)).then([event]);
      // Every case is dated after the first of its month.
      const yesterday = `${on.slice(0, 8)}${String(Number(on.slice(8)) - 1).padStart(2, '0')}`;
      given(history)
        .when(command(on, yesterday))
        .thenThrows('RULE_VIOLATED', `${what} (${on}) cannot be later than today, ${yesterday}: it has not happened yet`);
    });

    it('refuses the start, sessions and progress the tester dated in 2027, recorded on 2026-12-04', () => {
      const cohort2027: ParcoursEvent[] = [
        { type: 'ParcoursOpened', data: { ...openData, startMonth: '2027-01', endMonth: '2027-09', openedOn: '2026-12-01' } },
        enrolled('pays-de-la-loire', 'Pays de la Loire', '2026-12-01'),
        enrolled('alsace', 'Alsace', '2026-12-01'),
      ];
      given(cohort2027)
        .when({ type: 'StartParcours', data: { startedOn: '2027-01-15', today: '2026-12-04' } })
        .thenThrows('RULE_VIOLATED', 'the start of the parcours (2027-01-15) cannot be later than today, 2026-12-04: it has not happened yet');
      // Started by a loading script (no today): what follows is still refused when recorded before its date.
      const started2027 = [...cohort2027, started(['pays-de-la-loire', 'alsace'], '2027-01-15')];
      given(started2027)
        .when(holdSession({ heldOn: '2027-02-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the session (2027-02-01) cannot be later than today, 2026-12-04: it has not happened yet');
      given(started2027)
        .when(recordProgress({ recordedOn: '2027-03-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the progress (2027-03-01) cannot be later than today, 2026-12-04: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given(cohortOfThree)
        .when(startParcours('2018-04-03'))
        .then([started(['pays-de-la-loire', 'alsace', 'ardeche'])]);
    });

    it('refuses a day that is not a real date', () => {
      given(inProgress)
        .when(holdSession({ today: '2018-13-01' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2018-13-01")');
    });
  });

  describe('evolve', () => {
    // 12 pilot territories, 9 months, one session a month; one territory withdraws in July.
    const ids = PILOTS.map(([territoryId]) => territoryId);
    const stillIn = ids.filter((territoryId) => territoryId !== 'drome');
    const themes = [
      'Lancement : les enjeux de la co-construction territoriale',
      'Solutions : quelles actions mettre en place ?',
      'Visite apprenante : le Labo des partenariats en Alsace',
      'Chaîne de valeur : quels rôles complémentaires entre acteurs ?',
      'Modèle économique : comment financer l’ingénierie ?',
      'Co-développement entre pairs',
      'Dispositif : quelle structure, quelle gouvernance ?',
      'Témoignages de décideurs',
      'Le socle commun',
    ];
    const SESSION_DATES = ['2018-04-05', '2018-05-05', '2018-06-05', '2018-07-05', '2018-08-05', '2018-09-05', '2018-10-05', '2018-11-05', '2018-12-05'];
    const lifetime: ParcoursEvent[] = [
      opened,
      ...PILOTS.map(([territoryId, name]) => enrolled(territoryId, name)),
      started(ids, '2018-04-03'),
      ...themes.slice(0, 3).map((theme, index) => sessionHeld(index + 1, SESSION_DATES[index] ?? '', theme, ids)),
      ...stillIn.map((territoryId) => progressed(territoryId, 'solutions', '2018-05-20')),
      withdrawn('drome', '2018-07-02', 'fusion intercommunale'),
      ...themes.slice(3).map((theme, index) => sessionHeld(index + 4, SESSION_DATES[index + 3] ?? '', theme, stillIn)),
      ...stillIn.map((territoryId) => progressed(territoryId, 'chaine_de_valeur', '2018-07-20')),
      progressed('pays-de-la-loire', 'modele_economique', '2018-09-20'),
      progressed('pays-de-la-loire', 'dispositif', '2018-11-20', 'une plateforme régionale des alliances'),
      {
        type: 'ParcoursCompleted',
        data: {
          completedOn: '2018-12-20',
          summary: 'un socle commun de la co-construction territoriale',
          outcomes: stillIn.map((territoryId) => ({ territoryId, outcome: `démarche engagée en ${territoryId}` })),
        },
      },
    ];

    it('folds 12 pilot territories over 9 months', () => {
      const state = openedState(fold(parcoursDecider, lifetime));
      expect(state).toMatchObject({ status: 'completed', startedOn: '2018-04-03', completedOn: '2018-12-20', endMonth: '2018-12' });
      expect(state.sessions.map((session) => [session.sessionNumber, session.heldOn])).toEqual([
        [1, '2018-04-05'],
        [2, '2018-05-05'],
        [3, '2018-06-05'],
        [4, '2018-07-05'],
        [5, '2018-08-05'],
        [6, '2018-09-05'],
        [7, '2018-10-05'],
        [8, '2018-11-05'],
        [9, '2018-12-05'],
      ]);
      expect(state.territories).toHaveLength(12);
      expect(state.territories.map((territory) => [territory.territoryId, territory.status, territory.step ?? null, territory.outcome ?? null])).toEqual(
        PILOTS.map(([territoryId]) => {
          if (territoryId === 'drome') return ['drome', 'withdrawn', null, null];
          return [territoryId, 'enrolled', territoryId === 'pays-de-la-loire' ? 'dispositif' : 'chaine_de_valeur', `démarche engagée en ${territoryId}`];
        }),
      );
      expect(state.territories[0]?.progress.map((progress) => progress.step)).toEqual(['solutions', 'chaine_de_valeur', 'modele_economique', 'dispositif']);
    });

    it('is a life every command of which the decider accepts', () => {
      // Replaying the life as commands proves the fold above is reachable.
      let state = parcoursDecider.initialState();
      for (const event of lifetime) {
        const command = { ...event, type: COMMAND_OF[event.type] } as unknown as ParcoursCommand;
        const emitted = parcoursDecider.decide(command, state);
        expect(emitted).toEqual([event]);
        state = emitted.reduce(parcoursDecider.evolve, state);
      }
      expect(state.status).toBe('completed');
    });

    it('follows the statuses step by step', () => {
      const statuses = lifetime.map((_, index) => fold(parcoursDecider, lifetime.slice(0, index + 1)).status);
      expect([...new Set(statuses)]).toEqual(['open', 'started', 'completed']);
    });

    it('folds a small parcours exactly', () => {
      given([...withASession, progressed('alsace', 'solutions', '2018-05-15'), lastSession, completed.at(-1) as ParcoursEvent]).thenState({
        status: 'completed',
        parcoursId: 'co-construction-territoriale-2018',
        title: 'Parcours d’expérience « Co-construction territoriale »',
        startMonth: '2018-04',
        durationMonths: 9,
        endMonth: '2018-12',
        openedOn: '2018-02-15',
        startedOn: '2018-04-03',
        territories: [
          {
            territoryId: 'pays-de-la-loire',
            name: 'Pays de la Loire',
            enrolledOn: '2018-03-01',
            status: 'enrolled',
            progress: [],
            outcome: 'une plateforme régionale des alliances en projet',
          },
          {
            territoryId: 'alsace',
            name: 'Alsace',
            enrolledOn: '2018-03-01',
            status: 'enrolled',
            step: 'solutions',
            progress: [{ step: 'solutions', note: 'cartographie des actions existantes', recordedOn: '2018-05-15' }],
            outcome: 'le Labo des partenariats élargit son animation',
          },
          { territoryId: 'ardeche', name: 'Ardèche', enrolledOn: '2018-03-01', status: 'enrolled', progress: [], outcome: 'un dialogue territorial engagé' },
        ],
        sessions: [firstSession.data, lastSession.data],
        completedOn: '2018-12-20',
        summary: 'un socle commun de la co-construction territoriale',
      } as ParcoursState);
    });

    it('is total: events before the opening leave the parcours unopened', () => {
      expect(fold(parcoursDecider, [enrolled('alsace', 'Alsace'), started(['alsace']), firstSession])).toEqual({ status: 'none' });
    });

    it('is total: a second opening, unknown or malformed events change nothing', () => {
      const before = fold(parcoursDecider, withASession);
      const oddities = [
        { ...opened, data: { ...openData, title: 'Autre titre', endMonth: '2018-12' } },
        { type: 'ParcoursRenamed', data: { title: 'Autre titre' } },
        { type: 'ParcoursSessionHeld', data: null },
        { type: 'PilotProgressRecorded' },
        null,
        42,
      ] as unknown as ParcoursEvent[];
      for (const event of oddities) expect(parcoursDecider.evolve(before, event)).toBe(before);
    });

    it('is total: events that do not fit the state change nothing', () => {
      const before = fold(parcoursDecider, withASession);
      const misfits: ParcoursEvent[] = [
        enrolled('alsace', 'Alsace (bis)'),
        withdrawn('guyane'),
        started(['alsace']),
        firstSession,
        sessionHeld(5, '2018-08-05', 'hors tour', ['alsace']),
        progressed('guyane', 'solutions', '2018-05-15'),
        { type: 'PilotProgressRecorded', data: { territoryId: 'alsace', step: 'gouvernance' as ParcoursStep, note: 'x', recordedOn: '2018-05-15' } },
      ];
      for (const event of misfits) expect(parcoursDecider.evolve(before, event)).toBe(before);
      const withdrawnTwice = fold(parcoursDecider, [...withASession, withdrawn('ardeche')]);
      expect(parcoursDecider.evolve(withdrawnTwice, withdrawn('ardeche', '2018-07-01', 'autre raison'))).toBe(withdrawnTwice);
      const notStarted = fold(parcoursDecider, cohortOfThree);
      expect(parcoursDecider.evolve(notStarted, completed.at(-1) as ParcoursEvent)).toBe(notStarted);
    });
  });
});

/** The command that emits each event (their data are the same, but for ParcoursOpened's derived `endMonth` and ParcoursStarted's cohort). */
const COMMAND_OF: Record<ParcoursEvent['type'], ParcoursCommand['type']> = {
  ParcoursOpened: 'OpenParcours',
  PilotTerritoryEnrolled: 'EnrolPilotTerritory',
  PilotTerritoryWithdrawn: 'WithdrawPilotTerritory',
  ParcoursStarted: 'StartParcours',
  ParcoursSessionHeld: 'HoldParcoursSession',
  PilotProgressRecorded: 'RecordPilotProgress',
  ParcoursCompleted: 'CompleteParcours',
};
