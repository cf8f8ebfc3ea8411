import { fold } from '../kernel/decider';
import type { Sphere } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { experimentationDecider } from './decider';
import type {
  AbandonExperimentation,
  AdoptAction,
  DecideEssaimage,
  EvaluateResults,
  ExperimentationCommand,
  ExperimentationEvent,
  ExperimentationOrganisation,
  ExperimentationStage,
  ExperimentationState,
  ExperimentationTerritory,
  FormWorkingGroup,
  GroupMeetingStep,
  HoldGroupMeeting,
  InviteDirigeants,
  JoinWorkingGroup,
  LaunchExperimentation,
  LeaveWorkingGroup,
  ResultIndicator,
} from './types';

const { given } = specFor(experimentationDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// ─── "Agir ensemble à Charenton-Saint-Maurice" (seeds: 001, Charenton) ──────
// Invitation au dialogue on 2 October 2012 (142 dirigeants: 50 % associations,
// 30 % entreprises, 20 % collectivités; about forty ready to act), 3 working
// groups of 10 to 15 (insertion des jeunes, handicap, précarité), 3 meetings
// each from December 2012 to February 2013, 7 actions (2 per group and a
// transverse one) presented on 5 June 2013, evaluated by Accenture in 2016.

const charenton: ExperimentationTerritory = { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' };
const ccCharenton: ExperimentationOrganisation = {
  orgId: 'cc-charenton-saint-maurice',
  name: 'Communauté de communes de Charenton-Saint-Maurice',
  sphere: 'collectivite',
};

const launchData: LaunchExperimentation['data'] = {
  experimentationId: 'agir-ensemble-charenton',
  title: 'Agir ensemble à Charenton-Saint-Maurice',
  objective: 'Mobiliser les entreprises et associations du territoire pour répondre à ses fragilités',
  territory: charenton,
  conveners: [ccCharenton],
  catalyseurs: ['catalyseur-val-de-marne'],
  launchedOn: '2012-01-16',
};

const invitationData: InviteDirigeants['data'] = {
  invitedOn: '2012-10-02',
  dirigeants: 142,
  bySphere: { association: 71, entreprise: 43, collectivite: 28 },
  volunteers: 40,
};

/** The organisations around the table (participants are drawn from them, by index). */
const ORGANISATIONS: readonly (readonly [string, Sphere])[] = [
  ['Tremplin', 'association'],
  ['Crédit Foncier', 'entreprise'],
  ['Ville de Charenton-le-Pont', 'collectivite'],
  ['Le Petit Plus', 'association'],
  ['Essilor', 'entreprise'],
  ['Ville de Saint-Maurice', 'collectivite'],
  ['Académie de Boxes', 'association'],
  ['Natixis', 'entreprise'],
  ['Lycée de Charenton', 'institution'],
  ['Club Gravelle Entreprendre', 'entreprise'],
  ['Mission locale', 'association'],
  ['Pôle emploi', 'institution'],
  ['Secours populaire', 'association'],
  ['Caisse d’allocations familiales', 'institution'],
  ['Banque de France', 'entreprise'],
  ['Restos du cœur', 'association'],
];

const organisationOf = (index: number): readonly [string, Sphere] => ORGANISATIONS[index % ORGANISATIONS.length] ?? ['Tremplin', 'association'];

const GROUPS = [
  { groupId: 'insertion-jeunes', theme: 'Insertion des jeunes', meetings: ['2012-12-10', '2013-01-14', '2013-02-11'] },
  { groupId: 'handicap', theme: 'Handicap', meetings: ['2012-12-12', '2013-01-16', '2013-02-13'] },
  { groupId: 'precarite', theme: 'Précarité', meetings: ['2012-12-14', '2013-01-18', '2013-02-15'] },
] as const;

const transverseCarriers: ExperimentationOrganisation[] = [ccCharenton, { orgId: 'club-gravelle', name: 'Club Gravelle Entreprendre', sphere: 'entreprise' }];
const ACTIONS: readonly AdoptAction['data'][] = [
  {
    actionId: 'parcours-action-jeunes',
    title: 'Parcours-action vers le monde professionnel pour les jeunes',
    groupIds: ['insertion-jeunes'],
    carriers: [
      { orgId: 'tremplin', name: 'Tremplin', sphere: 'association' },
      { orgId: 'club-gravelle', name: 'Club Gravelle Entreprendre', sphere: 'entreprise' },
    ],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'metiers-du-territoire',
    title: 'Interventions de professionnels présentant les métiers du territoire',
    groupIds: ['insertion-jeunes'],
    carriers: [
      { orgId: 'lycee-charenton', name: 'Lycée de Charenton', sphere: 'institution' },
      { orgId: 'natixis', name: 'Natixis', sphere: 'entreprise' },
    ],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'referents-handicap',
    title: 'Réseau territorial de référents sur le handicap',
    groupIds: ['handicap'],
    carriers: [{ orgId: 'essilor', name: 'Essilor', sphere: 'entreprise' }, ccCharenton],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'raid-sportif',
    title: 'Raid sportif pour les personnes en situation de handicap',
    groupIds: ['handicap'],
    carriers: [
      { orgId: 'academie-de-boxes', name: 'Académie de Boxes', sphere: 'association' },
      { orgId: 'credit-foncier', name: 'Crédit Foncier', sphere: 'entreprise' },
    ],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'reseau-entraide',
    title: 'Réseau d’entraide local',
    groupIds: ['precarite'],
    carriers: [{ orgId: 'le-petit-plus', name: 'Le Petit Plus', sphere: 'association' }, ccCharenton],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'observatoire-fragilites',
    title: 'Observatoire des fragilités locales',
    groupIds: ['precarite'],
    carriers: [ccCharenton],
    adoptedOn: '2013-06-05',
  },
  {
    actionId: 'guide-des-acteurs',
    title: 'Guide des acteurs, ressources et dispositifs d’aide du territoire',
    groupIds: ['insertion-jeunes', 'handicap', 'precarite'],
    carriers: transverseCarriers,
    adoptedOn: '2013-06-05',
  },
];

// Commands
const launch = (data: Partial<LaunchExperimentation['data']> = {}): ExperimentationCommand => ({
  type: 'LaunchExperimentation',
  data: { ...launchData, ...data },
});
const invite = (data: Partial<InviteDirigeants['data']> = {}): ExperimentationCommand => ({ type: 'InviteDirigeants', data: { ...invitationData, ...data } });
const advance = (stage: ExperimentationStage, advancedOn: string): ExperimentationCommand => ({ type: 'AdvanceStage', data: { stage, advancedOn } });
const form = (data: Partial<FormWorkingGroup['data']> = {}): ExperimentationCommand => ({
  type: 'FormWorkingGroup',
  data: { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02', ...data },
});
const join = (data: Partial<JoinWorkingGroup['data']> = {}): ExperimentationCommand => ({
  type: 'JoinWorkingGroup',
  data: { groupId: 'handicap', participantId: 'handicap-1', organisation: 'Tremplin', sphere: 'association', joinedOn: '2012-11-15', ...data },
});
const leave = (data: Partial<LeaveWorkingGroup['data']> = {}): ExperimentationCommand => ({
  type: 'LeaveWorkingGroup',
  data: { groupId: 'handicap', participantId: 'handicap-1', reason: 'départ du territoire', leftOn: '2013-01-20', ...data },
});
const meet = (data: Partial<HoldGroupMeeting['data']> = {}): ExperimentationCommand => ({
  type: 'HoldGroupMeeting',
  data: { groupId: 'handicap', step: 'etat_des_lieux', heldOn: '2012-12-12', attendees: ['handicap-1', 'handicap-2', 'handicap-3'], ...data },
});
const adopt = (data: Partial<AdoptAction['data']> = {}): ExperimentationCommand => ({
  type: 'AdoptAction',
  data: { ...(ACTIONS[2] as AdoptAction['data']), ...data },
});
const evaluate = (data: Partial<EvaluateResults['data']> = {}): ExperimentationCommand => ({
  type: 'EvaluateResults',
  data: {
    actionId: 'referents-handicap',
    outcome: 'concluante',
    summary: 'un référent handicap dans chaque entreprise partenaire',
    indicators: [{ name: 'Référents formés', value: 24, unit: 'personnes' }],
    evaluatedOn: '2016-02-15',
    ...data,
  },
});
const decideEssaimage = (data: DecideEssaimage['data']): ExperimentationCommand => ({ type: 'DecideEssaimage', data });
const abandon = (data: Partial<AbandonExperimentation['data']> = {}): ExperimentationCommand => ({
  type: 'AbandonExperimentation',
  data: { reason: 'les élus ont changé de priorités', abandonedOn: '2013-03-01', ...data },
});

// Events
const launched: ExperimentationEvent = { type: 'ExperimentationLaunched', data: { ...launchData, catalyseurs: ['catalyseur-val-de-marne'] } };
const invited: ExperimentationEvent = { type: 'DirigeantsInvited', data: invitationData };
const formed = (groupId: string, theme: string, formedOn = '2012-10-02'): ExperimentationEvent => ({
  type: 'WorkingGroupFormed',
  data: { groupId, theme, formedOn },
});
const joined = (groupId: string, index: number, joinedOn = '2012-11-15'): ExperimentationEvent => {
  const [organisation, sphere] = organisationOf(index);
  return { type: 'WorkingGroupJoined', data: { groupId, participantId: `${groupId}-${index + 1}`, organisation, sphere, joinedOn } };
};
const participantsOf = (groupId: string, count = 12): ExperimentationEvent[] => Array.from({ length: count }, (_, index) => joined(groupId, index));
const stageAdvanced = (stage: ExperimentationStage, previousStage: ExperimentationStage, advancedOn: string): ExperimentationEvent => ({
  type: 'StageAdvanced',
  data: { stage, previousStage, advancedOn },
});
const attendeesOf = (groupId: string, count = 10): string[] => Array.from({ length: count }, (_, index) => `${groupId}-${index + 1}`);
const meetingHeld = (groupId: string, step: GroupMeetingStep, heldOn: string, attendees = attendeesOf(groupId)): ExperimentationEvent => ({
  type: 'GroupMeetingHeld',
  data: { groupId, step, heldOn, attendees },
});
const meetingsOf = (group: (typeof GROUPS)[number]): ExperimentationEvent[] => [
  meetingHeld(group.groupId, 'etat_des_lieux', group.meetings[0]),
  meetingHeld(group.groupId, 'propositions', group.meetings[1]),
  meetingHeld(group.groupId, 'plan_action', group.meetings[2]),
];
const adopted = (action: AdoptAction['data']): ExperimentationEvent => ({ type: 'ActionAdopted', data: action });
const evaluated = (actionId: string, outcome: EvaluateResults['data']['outcome'] = 'concluante', indicators: ResultIndicator[] = []): ExperimentationEvent => ({
  type: 'ResultsEvaluated',
  data: { actionId, outcome, summary: 'évalué par Accenture (mécénat de compétences)', indicators, evaluatedOn: '2016-02-15' },
});

// Histories, stage by stage
const handicap = GROUPS[1];
const groupsFormed: ExperimentationEvent[] = [launched, invited, ...GROUPS.map((group) => formed(group.groupId, group.theme))];
const withParticipants: ExperimentationEvent[] = [...groupsFormed, ...GROUPS.flatMap((group) => participantsOf(group.groupId))];
const inCoConstruction: ExperimentationEvent[] = [...withParticipants, stageAdvanced('co_construction', 'emergence_besoins', '2012-12-03')];
const handicapPlanned: ExperimentationEvent[] = [...inCoConstruction, ...meetingsOf(handicap)];
const allPlanned: ExperimentationEvent[] = [...inCoConstruction, ...GROUPS.flatMap(meetingsOf)];
const actionsAdopted: ExperimentationEvent[] = [...allPlanned, ...ACTIONS.map(adopted)];
const inEvaluation: ExperimentationEvent[] = [...actionsAdopted, stageAdvanced('evaluation_resultats', 'co_construction', '2015-09-01')];
const allEvaluated: ExperimentationEvent[] = [...inEvaluation, ...ACTIONS.map((action) => evaluated(action.actionId))];
const essaimageDecided: ExperimentationEvent = {
  type: 'EssaimageDecided',
  data: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' },
};
const concluded: ExperimentationEvent[] = [...allEvaluated, essaimageDecided];
const abandoned: ExperimentationEvent[] = [
  ...groupsFormed,
  { type: 'ExperimentationAbandoned', data: { reason: 'les élus ont changé de priorités', abandonedOn: '2012-11-01' } },
];

const launchedState = (state: ExperimentationState): Extract<ExperimentationState, { status: 'running' | 'concluded' | 'abandoned' }> => {
  if (state.status === 'none') throw new Error('expected a launched experimentation');
  return state;
};

const INVALID_DATES = ['2013-02-29', '2013-13-01', '05/06/2013', '2013-6-5', '', '2013-06-05T10:00:00Z'];

describe('experimentation decider', () => {
  describe('LaunchExperimentation', () => {
    it('launches an experimentation in emergence_besoins', () => {
      const state = given([]).when(launch()).then([launched]);
      expect(state).toEqual({
        status: 'running',
        experimentationId: 'agir-ensemble-charenton',
        title: 'Agir ensemble à Charenton-Saint-Maurice',
        objective: 'Mobiliser les entreprises et associations du territoire pour répondre à ses fragilités',
        territory: charenton,
        conveners: [ccCharenton],
        catalyseurs: ['catalyseur-val-de-marne'],
        launchedOn: '2012-01-16',
        stage: 'emergence_besoins',
        stageSince: '2012-01-16',
        groups: [],
        actions: [],
      });
    });

    it('trims the texts and leaves out a blank objective and absent catalyseurs', () => {
      given([])
        .when(
          launch({
            title: ' Agir ensemble à Charenton-Saint-Maurice ',
            objective: '  ',
            territory: { id: 'charenton-saint-maurice ', name: ' Charenton-Saint-Maurice', scale: 'local' },
            conveners: [{ ...ccCharenton, orgId: ' cc-charenton-saint-maurice' }],
            catalyseurs: undefined,
          }),
        )
        .then([
          {
            type: 'ExperimentationLaunched',
            data: {
              experimentationId: 'agir-ensemble-charenton',
              title: 'Agir ensemble à Charenton-Saint-Maurice',
              territory: charenton,
              conveners: [ccCharenton],
              catalyseurs: [],
              launchedOn: '2012-01-16',
            },
          },
        ]);
    });

    it('refuses an experimentation that already exists', () => {
      given([launched]).when(launch()).thenThrows('CONFLICT', 'experimentation already exists');
    });

    it('refuses an experimentation that already exists, even abandoned', () => {
      given(abandoned).when(launch()).thenThrows('CONFLICT', 'experimentation already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(launch({ experimentationId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an experimentation needs an id');
    });

    it('refuses a blank title', () => {
      given([])
        .when(launch({ title: '' }))
        .thenThrows('RULE_VIOLATED', 'an experimentation needs a title');
    });

    it('refuses a missing territory', () => {
      given([])
        .when(launch({ territory: null as unknown as ExperimentationTerritory }))
        .thenThrows('RULE_VIOLATED', 'an experimentation needs a territory');
    });

    it('refuses a territory without an id', () => {
      given([])
        .when(launch({ territory: { ...charenton, id: '' } }))
        .thenThrows('RULE_VIOLATED', 'the territory needs an id');
    });

    it('refuses a territory without a name', () => {
      given([])
        .when(launch({ territory: { ...charenton, name: ' ' } }))
        .thenThrows('RULE_VIOLATED', 'the territory needs a name');
    });

    it('refuses an unknown territory scale', () => {
      given([])
        .when(launch({ territory: { ...charenton, scale: 'quartier' as ExperimentationTerritory['scale'] } }))
        .thenThrows('RULE_VIOLATED', 'unknown territory scale "quartier"');
    });

    it.each([[[]], [undefined]])('refuses an experimentation without conveners (%p)', (conveners) => {
      given([])
        .when(launch({ conveners: conveners as unknown as ExperimentationOrganisation[] }))
        .thenThrows('RULE_VIOLATED', 'an experimentation needs at least one convening organisation');
    });

    it('refuses a convener that is not an object', () => {
      given([])
        .when(launch({ conveners: ['La Poste' as unknown as ExperimentationOrganisation] }))
        .thenThrows('RULE_VIOLATED', 'each convening organisation needs an organisation id, a name and a sphere');
    });

    it('refuses a convener without an organisation id', () => {
      given([])
        .when(launch({ conveners: [{ ...ccCharenton, orgId: '' }] }))
        .thenThrows('RULE_VIOLATED', 'each convening organisation needs an organisation id');
    });

    it('refuses a convener without a name', () => {
      given([])
        .when(launch({ conveners: [{ ...ccCharenton, name: ' ' }] }))
        .thenThrows('RULE_VIOLATED', 'each convening organisation needs a name');
    });

    it('refuses a convener of an unknown sphere', () => {
      given([])
        .when(launch({ conveners: [{ ...ccCharenton, sphere: 'syndicat' as Sphere }] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "syndicat"');
    });

    it('refuses the same convener twice', () => {
      given([])
        .when(launch({ conveners: [ccCharenton, { ...ccCharenton, name: 'CC Charenton' }] }))
        .thenThrows('RULE_VIOLATED', 'organisation "cc-charenton-saint-maurice" is listed twice among the convening organisations');
    });

    it('refuses catalyseurs that are not a list', () => {
      given([])
        .when(launch({ catalyseurs: 'catalyseur-val-de-marne' as unknown as string[] }))
        .thenThrows('RULE_VIOLATED', 'catalyseurs must be a list of catalyseur ids');
    });

    it('refuses a blank catalyseur id', () => {
      given([])
        .when(launch({ catalyseurs: ['catalyseur-val-de-marne', ' '] }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur id cannot be blank');
    });

    it('refuses a catalyseur listed twice', () => {
      given([])
        .when(launch({ catalyseurs: ['catalyseur-val-de-marne', 'catalyseur-val-de-marne'] }))
        .thenThrows('RULE_VIOLATED', 'catalyseur "catalyseur-val-de-marne" is listed twice');
    });

    it.each(INVALID_DATES)('refuses the launch date %j', (launchedOn) => {
      given([]).when(launch({ launchedOn })).thenThrows('RULE_VIOLATED', 'the launch date must be a real date written YYYY-MM-DD');
    });
  });

  describe('any command but LaunchExperimentation', () => {
    const commands: readonly ExperimentationCommand[] = [
      invite(),
      advance('co_construction', '2012-12-03'),
      form(),
      join(),
      leave(),
      meet(),
      adopt(),
      evaluate(),
      decideEssaimage({ essaimer: false, reason: 'pas de relais', decidedOn: '2016-03-15' }),
      abandon(),
    ];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on an experimentation never launched', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'experimentation not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused once the essaimage is decided', (_type, command) => {
      given(concluded).when(command).thenThrows('RULE_VIOLATED', 'a concluded experimentation accepts no command');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on an abandoned experimentation', (_type, command) => {
      given(abandoned).when(command).thenThrows('RULE_VIOLATED', 'an abandoned experimentation accepts no command');
    });
  });

  describe('InviteDirigeants', () => {
    it('records the invitation au dialogue: 142 dirigeants, their spheres and the volunteers', () => {
      const state = given([launched]).when(invite()).then([invited]);
      expect(launchedState(state).invitation).toEqual({
        invitedOn: '2012-10-02',
        dirigeants: 142,
        bySphere: { association: 71, entreprise: 43, collectivite: 28 },
        volunteers: 40,
      });
    });

    it('writes the split by sphere in the order of the vocabulary, and accepts a partial split', () => {
      given([launched])
        .when(invite({ bySphere: { collectivite: 20, association: 60 }, volunteers: undefined }))
        .then([{ type: 'DirigeantsInvited', data: { invitedOn: '2012-10-02', dirigeants: 142, bySphere: { association: 60, collectivite: 20 } } }]);
    });

    it('leaves out an absent or empty split and absent volunteers', () => {
      const expected: ExperimentationEvent[] = [{ type: 'DirigeantsInvited', data: { invitedOn: '2012-10-02', dirigeants: 142 } }];
      given([launched])
        .when(invite({ bySphere: undefined, volunteers: undefined }))
        .then(expected);
      given([launched])
        .when(invite({ bySphere: {}, volunteers: undefined }))
        .then(expected);
    });

    it('accepts no volunteer at all', () => {
      given([launched])
        .when(invite({ bySphere: undefined, volunteers: 0 }))
        .then([{ type: 'DirigeantsInvited', data: { invitedOn: '2012-10-02', dirigeants: 142, volunteers: 0 } }]);
    });

    it('is refused in co_construction', () => {
      given(inCoConstruction).when(invite()).thenThrows('RULE_VIOLATED', 'dirigeants can only be invited during emergence_besoins');
    });

    it('is refused a second time', () => {
      given([launched, invited])
        .when(invite({ invitedOn: '2012-10-09' }))
        .thenThrows('CONFLICT', 'the dirigeants were already invited (2012-10-02)');
    });

    it.each(INVALID_DATES)('refuses the date %j', (invitedOn) => {
      given([launched]).when(invite({ invitedOn })).thenThrows('RULE_VIOLATED', 'the invitation date must be a real date written YYYY-MM-DD');
    });

    it('refuses an invitation before the launch', () => {
      given([launched])
        .when(invite({ invitedOn: '2011-12-01' }))
        .thenThrows('RULE_VIOLATED', 'the invitation (2011-12-01) cannot be earlier than the launch (2012-01-16)');
    });

    it.each([0, -5, 142.5, Number.NaN, '142' as unknown as number])('refuses %p dirigeants', (dirigeants) => {
      given([launched]).when(invite({ dirigeants })).thenThrows('RULE_VIOLATED', 'the number of dirigeants must be a whole number of at least 1');
    });

    it.each([[['association', 71]], ['71 associations'], [null]])('refuses the split %p', (bySphere) => {
      given([launched])
        .when(invite({ bySphere: bySphere as unknown as InviteDirigeants['data']['bySphere'] }))
        .thenThrows('RULE_VIOLATED', 'the split by sphere must give a number of dirigeants per sphere');
    });

    it('refuses an unknown sphere in the split', () => {
      given([launched])
        .when(invite({ bySphere: { association: 71, elus: 10 } as InviteDirigeants['data']['bySphere'] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "elus"');
    });

    it('refuses a prototype name as a sphere of the split', () => {
      given([launched])
        .when(invite({ bySphere: JSON.parse('{"__proto__": 3}') as InviteDirigeants['data']['bySphere'] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "__proto__"');
    });

    it.each([-1, 1.5, '71'])('refuses the count %p for a sphere', (count) => {
      given([launched])
        .when(invite({ bySphere: { association: count as number } }))
        .thenThrows('RULE_VIOLATED', 'the number of dirigeants of sphere "association" must be a whole number');
    });

    it('refuses a split that counts more dirigeants than there were', () => {
      given([launched])
        .when(invite({ bySphere: { association: 71, entreprise: 50, collectivite: 28 } }))
        .thenThrows('RULE_VIOLATED', 'the split by sphere counts 149 dirigeants, more than the 142 in all');
    });

    it.each([-1, 143, 12.5])('refuses %p volunteers', (volunteers) => {
      given([launched]).when(invite({ volunteers })).thenThrows('RULE_VIOLATED', 'the number of volunteers must be a whole number from 0 to 142');
    });
  });

  describe('AdvanceStage', () => {
    it('moves to co_construction once the dirigeants are invited and a working group is formed', () => {
      const state = given(withParticipants)
        .when(advance('co_construction', '2012-12-03'))
        .then([stageAdvanced('co_construction', 'emergence_besoins', '2012-12-03')]);
      expect(launchedState(state)).toMatchObject({ stage: 'co_construction', stageSince: '2012-12-03' });
    });

    it('moves to evaluation_resultats once every group held its plan_action meeting and an action is adopted', () => {
      const state = given(actionsAdopted)
        .when(advance('evaluation_resultats', '2015-09-01'))
        .then([stageAdvanced('evaluation_resultats', 'co_construction', '2015-09-01')]);
      expect(launchedState(state)).toMatchObject({ stage: 'evaluation_resultats', stageSince: '2015-09-01' });
    });

    it('refuses an unknown stage', () => {
      given(withParticipants)
        .when(advance('essaimage' as ExperimentationStage, '2012-12-03'))
        .thenThrows('RULE_VIOLATED', 'unknown stage "essaimage"');
    });

    it.each([
      ['emergence_besoins', withParticipants, 'emergence_besoins'],
      ['co_construction', inCoConstruction, 'co_construction'],
      ['evaluation_resultats', inEvaluation, 'evaluation_resultats'],
    ] as const)('refuses to move to %s again', (_stage, history, stage) => {
      given(history).when(advance(stage, '2016-01-01')).thenThrows('RULE_VIOLATED', `the experimentation is already in ${stage}`);
    });

    it.each([
      ['co_construction', inCoConstruction, 'emergence_besoins'],
      ['evaluation_resultats', inEvaluation, 'co_construction'],
    ] as const)('refuses to go back from %s', (from, history, stage) => {
      given(history).when(advance(stage, '2016-01-01')).thenThrows('RULE_VIOLATED', `the experimentation cannot go back from ${from} to ${stage}`);
    });

    it('refuses to skip co_construction', () => {
      given(withParticipants)
        .when(advance('evaluation_resultats', '2013-01-01'))
        .thenThrows('RULE_VIOLATED', 'the experimentation cannot skip from emergence_besoins to evaluation_resultats');
    });

    it('refuses co_construction before the dirigeants are invited', () => {
      given([launched, formed('handicap', 'Handicap')])
        .when(advance('co_construction', '2012-12-03'))
        .thenThrows('RULE_VIOLATED', 'the dirigeants must be invited before co_construction');
    });

    it('refuses co_construction without a working group', () => {
      given([launched, invited])
        .when(advance('co_construction', '2012-12-03'))
        .thenThrows('RULE_VIOLATED', 'at least one working group must be formed before co_construction');
    });

    it('refuses evaluation_resultats while working groups have not held their plan_action meeting', () => {
      given([...handicapPlanned, adopted(ACTIONS[2] as AdoptAction['data']), meetingHeld('precarite', 'etat_des_lieux', '2012-12-14')])
        .when(advance('evaluation_resultats', '2015-09-01'))
        .thenThrows(
          'RULE_VIOLATED',
          'every working group must hold its plan_action meeting before evaluation_resultats (missing: Insertion des jeunes, Précarité)',
        );
    });

    it('refuses evaluation_resultats without an adopted action', () => {
      given(allPlanned)
        .when(advance('evaluation_resultats', '2015-09-01'))
        .thenThrows('RULE_VIOLATED', 'at least one action must be adopted before evaluation_resultats');
    });

    it.each(INVALID_DATES)('refuses the date %j', (advancedOn) => {
      given(withParticipants)
        .when(advance('co_construction', advancedOn))
        .thenThrows('RULE_VIOLATED', 'the date of the stage change must be a real date written YYYY-MM-DD');
    });

    it('refuses a stage that would start before the current one', () => {
      given(actionsAdopted)
        .when(advance('evaluation_resultats', '2012-11-30'))
        .thenThrows('RULE_VIOLATED', 'the start of evaluation_resultats (2012-11-30) cannot be earlier than the start of co_construction (2012-12-03)');
    });

    it('refuses co_construction before the invitation au dialogue', () => {
      given(withParticipants)
        .when(advance('co_construction', '2012-09-01'))
        .thenThrows('RULE_VIOLATED', 'the start of co_construction (2012-09-01) cannot be earlier than the invitation au dialogue (2012-10-02)');
    });
  });

  describe('FormWorkingGroup', () => {
    it('forms a working group on a theme during emergence_besoins', () => {
      const state = given([launched, invited])
        .when(form())
        .then([formed('handicap', 'Handicap')]);
      expect(launchedState(state).groups).toEqual([
        { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02', participants: [], meetings: [], followUps: [] },
      ]);
    });

    it('forms a working group during co_construction, trimmed', () => {
      given(inCoConstruction)
        .when(form({ groupId: ' mobilite ', theme: ' Mobilité ', formedOn: '2013-01-07' }))
        .then([formed('mobilite', 'Mobilité', '2013-01-07')]);
    });

    it('is refused during evaluation_resultats', () => {
      given(inEvaluation)
        .when(form({ groupId: 'mobilite', theme: 'Mobilité' }))
        .thenThrows('RULE_VIOLATED', 'working groups can only be formed during emergence_besoins or co_construction');
    });

    it('refuses a blank id', () => {
      given([launched])
        .when(form({ groupId: '' }))
        .thenThrows('RULE_VIOLATED', 'a working group needs an id');
    });

    it('refuses an id already used', () => {
      given(groupsFormed)
        .when(form({ theme: 'Emploi des personnes handicapées' }))
        .thenThrows('CONFLICT', 'working group "handicap" already exists');
    });

    it('refuses a blank theme', () => {
      given([launched])
        .when(form({ theme: '  ' }))
        .thenThrows('RULE_VIOLATED', 'a working group needs a theme');
    });

    it('refuses a second group on the same theme, whatever the case', () => {
      given(groupsFormed)
        .when(form({ groupId: 'handicap-2', theme: 'HANDICAP' }))
        .thenThrows('CONFLICT', 'working group "handicap" already works on "Handicap"');
    });

    it.each(INVALID_DATES)('refuses the date %j', (formedOn) => {
      given([launched]).when(form({ formedOn })).thenThrows('RULE_VIOLATED', 'the formation date must be a real date written YYYY-MM-DD');
    });

    it('refuses a group formed before the launch', () => {
      given([launched])
        .when(form({ formedOn: '2011-06-01' }))
        .thenThrows('RULE_VIOLATED', 'the formation of the group (2011-06-01) cannot be earlier than the launch (2012-01-16)');
    });
  });

  describe('JoinWorkingGroup', () => {
    it('a participant joins a group with their organisation and sphere', () => {
      const state = given(groupsFormed)
        .when(join())
        .then([joined('handicap', 0)]);
      expect(launchedState(state).groups[1]?.participants).toEqual([
        { participantId: 'handicap-1', organisation: 'Tremplin', sphere: 'association', joinedOn: '2012-11-15' },
      ]);
    });

    it('trims the ids and the organisation', () => {
      given(groupsFormed)
        .when(join({ groupId: 'handicap ', participantId: ' handicap-1', organisation: ' Tremplin ' }))
        .then([joined('handicap', 0)]);
    });

    it('accepts a participant during co_construction, and the same participant in another group', () => {
      given(inCoConstruction)
        .when(join({ groupId: 'precarite', participantId: 'handicap-1', joinedOn: '2013-01-10' }))
        .then([
          {
            type: 'WorkingGroupJoined',
            data: { groupId: 'precarite', participantId: 'handicap-1', organisation: 'Tremplin', sphere: 'association', joinedOn: '2013-01-10' },
          },
        ]);
    });

    it('accepts the fifteenth participant', () => {
      given([...groupsFormed, ...participantsOf('handicap', 14)])
        .when(join({ participantId: 'handicap-15', organisation: 'Banque de France', sphere: 'entreprise' }))
        .then([joined('handicap', 14)]);
    });

    it('is refused during evaluation_resultats', () => {
      given(inEvaluation)
        .when(join({ participantId: 'handicap-20' }))
        .thenThrows('RULE_VIOLATED', 'participants can only join a working group during emergence_besoins or co_construction');
    });

    it('refuses an unknown group', () => {
      given(groupsFormed)
        .when(join({ groupId: 'mobilite' }))
        .thenThrows('NOT_FOUND', 'working group "mobilite" not found');
    });

    it('refuses a group id that is a name of the prototype', () => {
      given(groupsFormed)
        .when(join({ groupId: 'constructor' }))
        .thenThrows('NOT_FOUND', 'working group "constructor" not found');
    });

    it('refuses a blank group id', () => {
      given(groupsFormed)
        .when(join({ groupId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a working group id is needed');
    });

    it('refuses a blank participant id', () => {
      given(groupsFormed)
        .when(join({ participantId: '' }))
        .thenThrows('RULE_VIOLATED', 'a participant id is needed');
    });

    it('refuses a participant already in the group', () => {
      given(withParticipants).when(join()).thenThrows('CONFLICT', '"handicap-1" is already a participant of working group "handicap"');
    });

    it('refuses a sixteenth participant', () => {
      given([...groupsFormed, ...participantsOf('handicap', 15)])
        .when(join({ participantId: 'handicap-16' }))
        .thenThrows('RULE_VIOLATED', 'working group "handicap" is full (15 participants)');
    });

    it('refuses a blank organisation', () => {
      given(groupsFormed)
        .when(join({ organisation: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a participant needs an organisation');
    });

    it('refuses an unknown sphere', () => {
      given(groupsFormed)
        .when(join({ sphere: 'elu' as Sphere }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "elu"');
    });

    it.each(INVALID_DATES)('refuses the date %j', (joinedOn) => {
      given(groupsFormed).when(join({ joinedOn })).thenThrows('RULE_VIOLATED', 'the date of joining must be a real date written YYYY-MM-DD');
    });

    it('refuses joining before the group was formed', () => {
      given(groupsFormed)
        .when(join({ joinedOn: '2012-09-30' }))
        .thenThrows('RULE_VIOLATED', 'joining (2012-09-30) cannot be earlier than the formation of working group "handicap" (2012-10-02)');
    });
  });

  describe('LeaveWorkingGroup', () => {
    it('a participant leaves, with a reason', () => {
      const state = given(inCoConstruction)
        .when(leave({ reason: ' départ du territoire ' }))
        .then([{ type: 'WorkingGroupLeft', data: { groupId: 'handicap', participantId: 'handicap-1', reason: 'départ du territoire', leftOn: '2013-01-20' } }]);
      const group = launchedState(state).groups[1];
      expect(group?.participants).toHaveLength(11);
      expect(group?.participants.some((participant) => participant.participantId === 'handicap-1')).toBe(false);
    });

    it.each([undefined, '', ' '])('leaves without a reason (%j)', (reason) => {
      given(inCoConstruction)
        .when(leave({ reason }))
        .then([{ type: 'WorkingGroupLeft', data: { groupId: 'handicap', participantId: 'handicap-1', leftOn: '2013-01-20' } }]);
    });

    it('frees a place in a full group, and the participant may come back', () => {
      const full = [...groupsFormed, ...participantsOf('handicap', 15)];
      const left: ExperimentationEvent = { type: 'WorkingGroupLeft', data: { groupId: 'handicap', participantId: 'handicap-1', leftOn: '2012-11-20' } };
      given([...full, left])
        .when(join({ participantId: 'handicap-1', joinedOn: '2012-11-27' }))
        .then([joined('handicap', 0, '2012-11-27')]);
    });

    it('is refused during evaluation_resultats', () => {
      given(inEvaluation).when(leave()).thenThrows('RULE_VIOLATED', 'participants can only leave a working group during emergence_besoins or co_construction');
    });

    it('refuses an unknown group', () => {
      given(inCoConstruction)
        .when(leave({ groupId: 'mobilite' }))
        .thenThrows('NOT_FOUND', 'working group "mobilite" not found');
    });

    it('refuses a blank participant id', () => {
      given(inCoConstruction)
        .when(leave({ participantId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a participant id is needed');
    });

    it('refuses someone who is not in the group', () => {
      given(inCoConstruction)
        .when(leave({ participantId: 'precarite-1' }))
        .thenThrows('NOT_FOUND', '"precarite-1" is not a participant of working group "handicap"');
    });

    it.each(INVALID_DATES)('refuses the date %j', (leftOn) => {
      given(inCoConstruction).when(leave({ leftOn })).thenThrows('RULE_VIOLATED', 'the date of leaving must be a real date written YYYY-MM-DD');
    });

    it('refuses leaving before joining', () => {
      given(inCoConstruction)
        .when(leave({ leftOn: '2012-11-14' }))
        .thenThrows('RULE_VIOLATED', 'leaving (2012-11-14) cannot be earlier than joining (2012-11-15)');
    });
  });

  describe('HoldGroupMeeting', () => {
    it('holds the état des lieux, with trimmed notes', () => {
      const state = given(inCoConstruction)
        .when(meet({ notes: ' recensement des dispositifs existants ' }))
        .then([
          {
            type: 'GroupMeetingHeld',
            data: {
              groupId: 'handicap',
              step: 'etat_des_lieux',
              heldOn: '2012-12-12',
              attendees: ['handicap-1', 'handicap-2', 'handicap-3'],
              notes: 'recensement des dispositifs existants',
            },
          },
        ]);
      expect(launchedState(state).groups[1]?.meetings).toEqual([
        { step: 'etat_des_lieux', heldOn: '2012-12-12', attendees: ['handicap-1', 'handicap-2', 'handicap-3'], notes: 'recensement des dispositifs existants' },
      ]);
    });

    it('holds the three meetings in order, blank notes left out', () => {
      const afterFirst = [...inCoConstruction, meetingHeld('handicap', 'etat_des_lieux', '2012-12-12')];
      given(afterFirst)
        .when(meet({ step: 'propositions', heldOn: '2013-01-16', attendees: attendeesOf('handicap'), notes: ' ' }))
        .then([meetingHeld('handicap', 'propositions', '2013-01-16')]);
      given([...afterFirst, meetingHeld('handicap', 'propositions', '2013-01-16')])
        .when(meet({ step: 'plan_action', heldOn: '2013-02-13', attendees: attendeesOf('handicap') }))
        .then([meetingHeld('handicap', 'plan_action', '2013-02-13')]);
    });

    it('accepts two meetings on the same day', () => {
      given([...inCoConstruction, meetingHeld('handicap', 'etat_des_lieux', '2012-12-12')])
        .when(meet({ step: 'propositions', heldOn: '2012-12-12', attendees: attendeesOf('handicap') }))
        .then([meetingHeld('handicap', 'propositions', '2012-12-12')]);
    });

    it.each([
      ['emergence_besoins', withParticipants],
      ['evaluation_resultats', inEvaluation],
    ])('is refused during %s', (_stage, history) => {
      given(history).when(meet()).thenThrows('RULE_VIOLATED', 'group meetings can only be held during co_construction');
    });

    it('refuses an unknown group', () => {
      given(inCoConstruction)
        .when(meet({ groupId: 'mobilite' }))
        .thenThrows('NOT_FOUND', 'working group "mobilite" not found');
    });

    it('refuses an unknown meeting step', () => {
      given(inCoConstruction)
        .when(meet({ step: 'restitution' as GroupMeetingStep }))
        .thenThrows('RULE_VIOLATED', 'unknown meeting step "restitution"');
    });

    it('refuses a meeting already held', () => {
      given([...inCoConstruction, meetingHeld('handicap', 'etat_des_lieux', '2012-12-12')])
        .when(meet({ heldOn: '2012-12-19' }))
        .thenThrows('CONFLICT', 'the etat_des_lieux meeting of working group "handicap" was already held');
    });

    it('refuses propositions before the état des lieux', () => {
      given(inCoConstruction)
        .when(meet({ step: 'propositions' }))
        .thenThrows('RULE_VIOLATED', 'the etat_des_lieux meeting of working group "handicap" must be held before its propositions meeting');
    });

    it('refuses the plan d’action before the propositions', () => {
      given([...inCoConstruction, meetingHeld('handicap', 'etat_des_lieux', '2012-12-12')])
        .when(meet({ step: 'plan_action', heldOn: '2013-01-16' }))
        .thenThrows('RULE_VIOLATED', 'the propositions meeting of working group "handicap" must be held before its plan_action meeting');
    });

    it('refuses the propositions of a group whose participants all come from one sphere', () => {
      const associationsOnly: ExperimentationEvent[] = [
        ...groupsFormed,
        joined('handicap', 0),
        joined('handicap', 3),
        joined('handicap', 6),
        stageAdvanced('co_construction', 'emergence_besoins', '2012-12-03'),
        meetingHeld('handicap', 'etat_des_lieux', '2012-12-12', ['handicap-1', 'handicap-4']),
      ];
      given(associationsOnly)
        .when(meet({ step: 'propositions', heldOn: '2013-01-16', attendees: ['handicap-1'] }))
        .thenThrows('RULE_VIOLATED', 'working group "handicap" needs participants from at least two spheres before its propositions meeting');
    });

    it.each(INVALID_DATES)('refuses the date %j', (heldOn) => {
      given(inCoConstruction).when(meet({ heldOn })).thenThrows('RULE_VIOLATED', 'the meeting date must be a real date written YYYY-MM-DD');
    });

    it('refuses a meeting before co_construction started', () => {
      given(inCoConstruction)
        .when(meet({ heldOn: '2012-11-28' }))
        .thenThrows('RULE_VIOLATED', 'the meeting (2012-11-28) cannot be earlier than the start of co_construction (2012-12-03)');
    });

    it('refuses a meeting before the group’s previous one', () => {
      given([...inCoConstruction, meetingHeld('handicap', 'etat_des_lieux', '2012-12-12')])
        .when(meet({ step: 'propositions', heldOn: '2012-12-11' }))
        .thenThrows('RULE_VIOLATED', 'the meeting (2012-12-11) cannot be earlier than the etat_des_lieux meeting (2012-12-12)');
    });

    it('refuses a meeting with nobody present', () => {
      given(inCoConstruction)
        .when(meet({ attendees: [] }))
        .thenThrows('RULE_VIOLATED', 'a meeting needs at least one participant present');
    });

    it('refuses an attendee who is not in the group', () => {
      given(inCoConstruction)
        .when(meet({ attendees: ['handicap-1', 'precarite-2'] }))
        .thenThrows('RULE_VIOLATED', '"precarite-2" is not a participant of working group "handicap"');
    });

    it('refuses a blank attendee', () => {
      given(inCoConstruction)
        .when(meet({ attendees: ['handicap-1', ''] }))
        .thenThrows('RULE_VIOLATED', 'an attendee id cannot be blank');
    });

    it('refuses an attendee listed twice', () => {
      given(inCoConstruction)
        .when(meet({ attendees: ['handicap-1', 'handicap-1 '] }))
        .thenThrows('RULE_VIOLATED', 'attendee "handicap-1" is listed twice');
    });
  });

  describe('AdoptAction', () => {
    it('adopts an action of a group at its plan d’action', () => {
      const action = ACTIONS[2] as AdoptAction['data'];
      const state = given(handicapPlanned)
        .when(adopt())
        .then([adopted(action)]);
      expect(launchedState(state).actions).toEqual([action]);
    });

    it('adopts a transverse action of the three groups', () => {
      const transverse = ACTIONS[6] as AdoptAction['data'];
      given(allPlanned)
        .when(adopt(transverse))
        .then([adopted(transverse)]);
    });

    it('adopts an action on the day of the plan d’action, with its host places and duration (trimmed)', () => {
      given(handicapPlanned)
        .when(
          adopt({
            actionId: ' referents-handicap ',
            title: ' Réseau territorial de référents sur le handicap ',
            adoptedOn: '2013-02-13',
            hostPlaces: 15,
            durationMonths: 8,
          }),
        )
        .then([adopted({ ...(ACTIONS[2] as AdoptAction['data']), adoptedOn: '2013-02-13', hostPlaces: 15, durationMonths: 8 })]);
    });

    it('is refused during evaluation_resultats', () => {
      given(inEvaluation)
        .when(adopt({ actionId: 'nouvelle-action' }))
        .thenThrows('RULE_VIOLATED', 'actions can only be adopted during co_construction');
    });

    it('refuses a blank id', () => {
      given(handicapPlanned)
        .when(adopt({ actionId: '' }))
        .thenThrows('RULE_VIOLATED', 'an action id is needed');
    });

    it('refuses an id already used', () => {
      given([...handicapPlanned, adopted(ACTIONS[2] as AdoptAction['data'])])
        .when(adopt())
        .thenThrows('CONFLICT', 'action "referents-handicap" already exists');
    });

    it('refuses a blank title', () => {
      given(handicapPlanned)
        .when(adopt({ title: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an action needs a title');
    });

    it('refuses an action without a group', () => {
      given(handicapPlanned)
        .when(adopt({ groupIds: [] }))
        .thenThrows('RULE_VIOLATED', 'an action needs at least one working group');
    });

    it('refuses an unknown group', () => {
      given(handicapPlanned)
        .when(adopt({ groupIds: ['handicap', 'mobilite'] }))
        .thenThrows('NOT_FOUND', 'working group "mobilite" not found');
    });

    it('refuses a group listed twice', () => {
      given(handicapPlanned)
        .when(adopt({ groupIds: ['handicap', 'handicap'] }))
        .thenThrows('RULE_VIOLATED', 'working group "handicap" is listed twice');
    });

    it('refuses an action of a group that has not held its plan_action meeting', () => {
      given(handicapPlanned)
        .when(adopt({ groupIds: ['handicap', 'precarite'] }))
        .thenThrows('RULE_VIOLATED', 'working group "precarite" must hold its plan_action meeting before adopting an action');
    });

    it('refuses an action without a carrier', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [] }))
        .thenThrows('RULE_VIOLATED', 'an action needs at least one carrier');
    });

    it('refuses a carrier that is not an object', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [null as unknown as ExperimentationOrganisation] }))
        .thenThrows('RULE_VIOLATED', 'each carrier needs an organisation id, a name and a sphere');
    });

    it('refuses a carrier without an organisation id', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [{ ...ccCharenton, orgId: ' ' }] }))
        .thenThrows('RULE_VIOLATED', 'each carrier needs an organisation id');
    });

    it('refuses a carrier without a name', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [{ ...ccCharenton, name: '' }] }))
        .thenThrows('RULE_VIOLATED', 'each carrier needs a name');
    });

    it('refuses a carrier of an unknown sphere', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [{ ...ccCharenton, sphere: 'mairie' as Sphere }] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "mairie"');
    });

    it('refuses a carrier listed twice', () => {
      given(handicapPlanned)
        .when(adopt({ carriers: [ccCharenton, ccCharenton] }))
        .thenThrows('RULE_VIOLATED', 'organisation "cc-charenton-saint-maurice" is listed twice among the carriers');
    });

    it.each(INVALID_DATES)('refuses the date %j', (adoptedOn) => {
      given(handicapPlanned).when(adopt({ adoptedOn })).thenThrows('RULE_VIOLATED', 'the adoption date must be a real date written YYYY-MM-DD');
    });

    it('refuses an adoption before the plan d’action of one of its groups', () => {
      given(allPlanned)
        .when(adopt({ ...(ACTIONS[6] as AdoptAction['data']), adoptedOn: '2013-02-14' }))
        .thenThrows('RULE_VIOLATED', 'the adoption (2013-02-14) cannot be earlier than the plan_action meeting of working group "precarite" (2013-02-15)');
    });

    it.each([0, -1, 2.5, '15' as unknown as number])('refuses %p host places', (hostPlaces) => {
      given(handicapPlanned).when(adopt({ hostPlaces })).thenThrows('RULE_VIOLATED', 'the number of host places must be a whole number of at least 1');
    });

    it.each([0, 121, 8.5, Number.POSITIVE_INFINITY])('refuses a duration of %p months', (durationMonths) => {
      given(handicapPlanned)
        .when(adopt({ durationMonths }))
        .thenThrows('RULE_VIOLATED', 'the duration of an action must be a whole number of months from 1 to 120');
    });
  });

  describe('EvaluateResults', () => {
    it('evaluates the results of an action, with its indicators', () => {
      const state = given(inEvaluation)
        .when(evaluate())
        .then([
          {
            type: 'ResultsEvaluated',
            data: {
              actionId: 'referents-handicap',
              outcome: 'concluante',
              summary: 'un référent handicap dans chaque entreprise partenaire',
              indicators: [{ name: 'Référents formés', value: 24, unit: 'personnes' }],
              evaluatedOn: '2016-02-15',
            },
          },
        ]);
      expect(launchedState(state).actions[2]?.results).toEqual({
        outcome: 'concluante',
        summary: 'un référent handicap dans chaque entreprise partenaire',
        indicators: [{ name: 'Référents formés', value: 24, unit: 'personnes' }],
        evaluatedOn: '2016-02-15',
      });
    });

    it('evaluates without indicators, trimmed, a blank unit left out', () => {
      given(inEvaluation)
        .when(evaluate({ actionId: 'raid-sportif ', outcome: 'mitigee', summary: ' une seule édition ', indicators: undefined }))
        .then([
          {
            type: 'ResultsEvaluated',
            data: { actionId: 'raid-sportif', outcome: 'mitigee', summary: 'une seule édition', indicators: [], evaluatedOn: '2016-02-15' },
          },
        ]);
      given(inEvaluation)
        .when(evaluate({ indicators: [{ name: ' Participants ', value: 0, unit: ' ' }] }))
        .then([
          {
            type: 'ResultsEvaluated',
            data: {
              actionId: 'referents-handicap',
              outcome: 'concluante',
              summary: 'un référent handicap dans chaque entreprise partenaire',
              indicators: [{ name: 'Participants', value: 0 }],
              evaluatedOn: '2016-02-15',
            },
          },
        ]);
    });

    it('replaces an earlier evaluation of the same action', () => {
      const state = given([...inEvaluation, evaluated('referents-handicap', 'mitigee')])
        .when(evaluate({ evaluatedOn: '2016-06-01' }))
        .then([
          {
            type: 'ResultsEvaluated',
            data: {
              actionId: 'referents-handicap',
              outcome: 'concluante',
              summary: 'un référent handicap dans chaque entreprise partenaire',
              indicators: [{ name: 'Référents formés', value: 24, unit: 'personnes' }],
              evaluatedOn: '2016-06-01',
            },
          },
        ]);
      expect(launchedState(state).actions[2]?.results?.outcome).toBe('concluante');
    });

    it('is refused during co_construction', () => {
      given(actionsAdopted).when(evaluate()).thenThrows('RULE_VIOLATED', 'results can only be evaluated during evaluation_resultats');
    });

    it('refuses an unknown action', () => {
      given(inEvaluation)
        .when(evaluate({ actionId: 'toString' }))
        .thenThrows('NOT_FOUND', 'action "toString" not found');
    });

    it('refuses a blank action id', () => {
      given(inEvaluation)
        .when(evaluate({ actionId: '' }))
        .thenThrows('RULE_VIOLATED', 'an action id is needed');
    });

    it('refuses an unknown outcome', () => {
      given(inEvaluation)
        .when(evaluate({ outcome: 'excellente' as EvaluateResults['data']['outcome'] }))
        .thenThrows('RULE_VIOLATED', 'unknown outcome "excellente"');
    });

    it('refuses a blank summary', () => {
      given(inEvaluation)
        .when(evaluate({ summary: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an evaluation of results needs a summary');
    });

    it('refuses indicators that are not a list', () => {
      given(inEvaluation)
        .when(evaluate({ indicators: { name: 'x', value: 1 } as unknown as ResultIndicator[] }))
        .thenThrows('RULE_VIOLATED', 'indicators must be a list');
    });

    it('refuses an indicator that is not an object', () => {
      given(inEvaluation)
        .when(evaluate({ indicators: [24 as unknown as ResultIndicator] }))
        .thenThrows('RULE_VIOLATED', 'each indicator needs a name and a value');
    });

    it('refuses an indicator without a name', () => {
      given(inEvaluation)
        .when(evaluate({ indicators: [{ name: ' ', value: 3 }] }))
        .thenThrows('RULE_VIOLATED', 'an indicator needs a name');
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, '24' as unknown as number])('refuses the indicator value %p', (value) => {
      given(inEvaluation)
        .when(evaluate({ indicators: [{ name: 'Référents formés', value }] }))
        .thenThrows('RULE_VIOLATED', 'indicator "Référents formés" needs a finite number as value');
    });

    it('refuses an indicator listed twice', () => {
      given(inEvaluation)
        .when(
          evaluate({
            indicators: [
              { name: 'Référents formés', value: 24 },
              { name: 'Référents formés ', value: 30 },
            ],
          }),
        )
        .thenThrows('RULE_VIOLATED', 'indicator "Référents formés" is listed twice');
    });

    it.each(INVALID_DATES)('refuses the date %j', (evaluatedOn) => {
      given(inEvaluation).when(evaluate({ evaluatedOn })).thenThrows('RULE_VIOLATED', 'the evaluation date must be a real date written YYYY-MM-DD');
    });

    it('refuses an evaluation before evaluation_resultats started', () => {
      given(inEvaluation)
        .when(evaluate({ evaluatedOn: '2015-08-31' }))
        .thenThrows('RULE_VIOLATED', 'the evaluation (2015-08-31) cannot be earlier than the start of evaluation_resultats (2015-09-01)');
    });
  });

  describe('DecideEssaimage', () => {
    it('decides to essaimer, to named territories, and concludes the experimentation', () => {
      const state = given(allEvaluated)
        .when(decideEssaimage({ essaimer: true, territories: [' Val-de-Marne '], decidedOn: '2016-03-15' }))
        .then([essaimageDecided]);
      expect(launchedState(state)).toMatchObject({
        status: 'concluded',
        essaimage: { essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' },
      });
    });

    it('decides not to essaimer, with a reason', () => {
      const state = given(allEvaluated)
        .when(decideEssaimage({ essaimer: false, reason: ' trouver d’abord un modèle pérenne d’animation ', decidedOn: '2016-03-15' }))
        .then([{ type: 'EssaimageDecided', data: { essaimer: false, reason: 'trouver d’abord un modèle pérenne d’animation', decidedOn: '2016-03-15' } }]);
      expect(launchedState(state)).toMatchObject({ status: 'concluded', essaimage: { essaimer: false } });
    });

    it('is refused during co_construction', () => {
      given(actionsAdopted)
        .when(decideEssaimage({ essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' }))
        .thenThrows('RULE_VIOLATED', 'the essaimage can only be decided during evaluation_resultats');
    });

    it('is refused while actions are not evaluated', () => {
      given([...inEvaluation, ...ACTIONS.slice(0, 5).map((action) => evaluated(action.actionId))])
        .when(decideEssaimage({ essaimer: true, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' }))
        .thenThrows(
          'RULE_VIOLATED',
          'the results of every action must be evaluated before deciding the essaimage (missing: Observatoire des fragilités locales, Guide des acteurs, ressources et dispositifs d’aide du territoire)',
        );
    });

    it.each([undefined, 'oui', 1])('refuses an answer that is neither yes nor no (%p)', (essaimer) => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer, territories: ['Val-de-Marne'], decidedOn: '2016-03-15' } as unknown as DecideEssaimage['data']))
        .thenThrows('RULE_VIOLATED', 'an essaimage decision is yes or no (essaimer must be true or false)');
    });

    it('refuses to essaimer nowhere', () => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: true, territories: [], decidedOn: '2016-03-15' }))
        .thenThrows('RULE_VIOLATED', 'an essaimage needs at least one territory to spread to');
    });

    it('refuses a blank territory', () => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: true, territories: ['Val-de-Marne', ' '], decidedOn: '2016-03-15' }))
        .thenThrows('RULE_VIOLATED', 'a territory of the essaimage cannot be blank');
    });

    it('refuses a territory listed twice', () => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: true, territories: ['Val-de-Marne', 'Val-de-Marne'], decidedOn: '2016-03-15' }))
        .thenThrows('RULE_VIOLATED', 'territory "Val-de-Marne" is listed twice');
    });

    it('refuses not to essaimer without a reason', () => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: false, reason: '  ', decidedOn: '2016-03-15' }))
        .thenThrows('RULE_VIOLATED', 'deciding not to essaimer needs a reason');
    });

    it.each(INVALID_DATES)('refuses the date %j', (decidedOn) => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: false, reason: 'pas de relais', decidedOn }))
        .thenThrows('RULE_VIOLATED', 'the decision date must be a real date written YYYY-MM-DD');
    });

    it('refuses a decision before evaluation_resultats started', () => {
      given(allEvaluated)
        .when(decideEssaimage({ essaimer: false, reason: 'pas de relais', decidedOn: '2015-06-30' }))
        .thenThrows('RULE_VIOLATED', 'the decision (2015-06-30) cannot be earlier than the start of evaluation_resultats (2015-09-01)');
    });
  });

  describe('AbandonExperimentation', () => {
    it.each([
      ['emergence_besoins', groupsFormed, '2012-11-01'],
      ['co_construction', inCoConstruction, '2013-03-01'],
      ['evaluation_resultats', inEvaluation, '2015-10-01'],
    ] as const)('abandons during %s, with a reason', (_stage, history, abandonedOn) => {
      const state = given(history)
        .when(abandon({ reason: ' les élus ont changé de priorités ', abandonedOn }))
        .then([{ type: 'ExperimentationAbandoned', data: { reason: 'les élus ont changé de priorités', abandonedOn } }]);
      expect(launchedState(state)).toMatchObject({ status: 'abandoned', abandonment: { reason: 'les élus ont changé de priorités', abandonedOn } });
    });

    it('refuses to abandon without a reason', () => {
      given(inCoConstruction)
        .when(abandon({ reason: '' }))
        .thenThrows('RULE_VIOLATED', 'abandoning an experimentation needs a reason');
    });

    it.each(INVALID_DATES)('refuses the date %j', (abandonedOn) => {
      given(inCoConstruction).when(abandon({ abandonedOn })).thenThrows('RULE_VIOLATED', 'the date of abandoning must be a real date written YYYY-MM-DD');
    });

    it('refuses to abandon before the current stage started', () => {
      given(inCoConstruction)
        .when(abandon({ abandonedOn: '2012-12-02' }))
        .thenThrows('RULE_VIOLATED', 'abandoning (2012-12-02) cannot be earlier than the start of co_construction (2012-12-03)');
    });
  });

  describe('nothing is dated after the day it is recorded (today, given by the edge)', () => {
    // Each case is dated after the first of its month: the day before is the same month's.
    const dayBefore = (on: string): string => `${on.slice(0, 8)}${String(Number(on.slice(8)) - 1).padStart(2, '0')}`;
    const cases: readonly {
      readonly what: string;
      readonly on: string;
      readonly history: readonly ExperimentationEvent[];
      readonly command: (on: string, today: string) => ExperimentationCommand;
    }[] = [
      { what: 'the launch of the experimentation', on: '2012-01-16', history: [], command: (on, today) => launch({ launchedOn: on, today }) },
      { what: 'the invitation', on: '2012-10-02', history: [launched], command: (on, today) => invite({ invitedOn: on, today }) },
      {
        what: 'the change of stage',
        on: '2012-12-03',
        history: withParticipants,
        command: (on, today) => ({ type: 'AdvanceStage', data: { stage: 'co_construction', advancedOn: on, today } }),
      },
      { what: 'the formation of the working group', on: '2012-10-02', history: [launched, invited], command: (on, today) => form({ formedOn: on, today }) },
      { what: 'joining the working group', on: '2012-11-15', history: groupsFormed, command: (on, today) => join({ joinedOn: on, today }) },
      { what: 'leaving the working group', on: '2013-01-20', history: withParticipants, command: (on, today) => leave({ leftOn: on, today }) },
      { what: 'the meeting', on: '2012-12-12', history: inCoConstruction, command: (on, today) => meet({ heldOn: on, today }) },
      { what: 'the adoption of the action', on: '2013-06-05', history: handicapPlanned, command: (on, today) => adopt({ adoptedOn: on, today }) },
      { what: 'the evaluation of results', on: '2016-02-15', history: inEvaluation, command: (on, today) => evaluate({ evaluatedOn: on, today }) },
      {
        what: 'the essaimage decision',
        on: '2016-03-15',
        history: allEvaluated,
        command: (on, today) => decideEssaimage({ essaimer: true, territories: ['Val-de-Marne'], decidedOn: on, today }),
      },
      { what: 'abandoning', on: '2013-03-02', history: groupsFormed, command: (on, today) => abandon({ abandonedOn: on, today }) },
    ];

    it.each(cases)('accepts $what dated today, refuses it dated after today', ({ what, on, history, command }) => {
      const accepted = experimentationDecider.decide(command(on, on), fold(experimentationDecider, history));
      expect(accepted.length).toBeGreaterThan(0);
      given(history)
        .when(command(on, dayBefore(on)))
        .thenThrows('RULE_VIOLATED', `${what} (${on}) cannot be later than today, ${dayBefore(on)}: it has not happened yet`);
    });

    it('refuses the launch the tester dated 2027-01-01, recorded on 2026-12-04', () => {
      given([])
        .when(launch({ launchedOn: '2027-01-01', today: '2026-12-04' }))
        .thenThrows('RULE_VIOLATED', 'the launch of the experimentation (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given([])
        .when(launch({ launchedOn: '2030-01-01' }))
        .then([{ ...launched, data: { ...launched.data, launchedOn: '2030-01-01' } } as ExperimentationEvent]);
    });

    it('refuses a day that is not a real date', () => {
      given([launched])
        .when(invite({ today: '2012-02-30' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2012-02-30")');
    });
  });

  describe('Charenton-Saint-Maurice, driven by commands from the invitation au dialogue to the plan d’action', () => {
    it('reaches 3 groups, 3 meetings each and 7 actions', () => {
      const commands: ExperimentationCommand[] = [
        launch(),
        invite(),
        ...GROUPS.map((group) => form({ groupId: group.groupId, theme: group.theme })),
        ...GROUPS.flatMap((group) =>
          Array.from({ length: 12 }, (_, index) => {
            const [organisation, sphere] = organisationOf(index);
            return join({ groupId: group.groupId, participantId: `${group.groupId}-${index + 1}`, organisation, sphere });
          }),
        ),
        advance('co_construction', '2012-12-03'),
        ...GROUPS.flatMap((group) =>
          (['etat_des_lieux', 'propositions', 'plan_action'] as const).map((step, index) =>
            meet({ groupId: group.groupId, step, heldOn: group.meetings[index], attendees: attendeesOf(group.groupId) }),
          ),
        ),
        ...ACTIONS.map((action) => adopt(action)),
      ];
      const events: ExperimentationEvent[] = [];
      let state = experimentationDecider.initialState();
      for (const command of commands) {
        const emitted = experimentationDecider.decide(command, state);
        events.push(...emitted);
        state = emitted.reduce(experimentationDecider.evolve, state);
      }
      expect(events).toEqual(actionsAdopted);
      const reached = launchedState(state);
      expect(reached.stage).toBe('co_construction');
      expect(reached.invitation?.dirigeants).toBe(142);
      expect(reached.groups.map((group) => [group.theme, group.participants.length, group.meetings.map((meeting) => meeting.step)])).toEqual([
        ['Insertion des jeunes', 12, ['etat_des_lieux', 'propositions', 'plan_action']],
        ['Handicap', 12, ['etat_des_lieux', 'propositions', 'plan_action']],
        ['Précarité', 12, ['etat_des_lieux', 'propositions', 'plan_action']],
      ]);
      expect(reached.actions).toHaveLength(7);
      expect(reached.actions.filter((action) => action.groupIds.length === 3).map((action) => action.title)).toEqual([
        'Guide des acteurs, ressources et dispositifs d’aide du territoire',
      ]);
    });
  });

  describe('evolve', () => {
    it('folds Charenton-Saint-Maurice stage by stage', () => {
      const stages = concluded.map((_, index) => {
        const state = fold(experimentationDecider, concluded.slice(0, index + 1));
        return state.status === 'none' ? 'none' : `${state.status}/${state.stage}`;
      });
      expect([...new Set(stages)]).toEqual([
        'running/emergence_besoins',
        'running/co_construction',
        'running/evaluation_resultats',
        'concluded/evaluation_resultats',
      ]);
      const state = launchedState(fold(experimentationDecider, concluded));
      expect(state.actions.every((action) => action.results?.outcome === 'concluante')).toBe(true);
      expect(state.groups.every((group) => group.meetings.length === 3)).toBe(true);
    });

    // Silver Geek (seeds: 000 and 001): born from La Poste's study in Poitou-Charentes; about twenty
    // structures met in 2013 in 3 groups (insertion, bien vieillir, fracture numérique); the last two
    // proposed Silver Geek, carried by about ten structures, 8 months in 15 host places; evaluated
    // mid-2015, then essaimage to the whole Région and beyond.
    const laPoste: ExperimentationOrganisation = { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' };
    const silverGeekCarriers: ExperimentationOrganisation[] = [
      { orgId: 'orange', name: 'Orange', sphere: 'entreprise' },
      { orgId: 'macif', name: 'Macif', sphere: 'entreprise' },
      laPoste,
      { orgId: 'unis-cite', name: 'Unis-Cité', sphere: 'association' },
      { orgId: 'atelier-du-bocage', name: 'Atelier du Bocage', sphere: 'association' },
      { orgId: 'passerelles-et-competences', name: 'Passerelles et Compétences', sphere: 'association' },
      { orgId: 'futuroland', name: 'Futuroland', sphere: 'association' },
      { orgId: 'csc-3-cites', name: 'Centre socio-culturel des 3 Cités', sphere: 'association' },
      { orgId: 'uriopss', name: 'Uriopss', sphere: 'association' },
      { orgId: 'cg-deux-sevres', name: 'Conseil général des Deux-Sèvres', sphere: 'collectivite' },
    ];
    const poitouCharentes: ExperimentationTerritory = { id: 'poitou-charentes', name: 'Région Poitou-Charentes', scale: 'regional' };
    const sgGroups = [
      { groupId: 'insertion', theme: 'Insertion' },
      { groupId: 'bien-vieillir', theme: 'Bien vieillir' },
      { groupId: 'fracture-numerique', theme: 'Fracture numérique' },
    ];
    const sgJoined = (groupId: string, index: number, organisation: string, sphere: Sphere): ExperimentationEvent => ({
      type: 'WorkingGroupJoined',
      data: { groupId, participantId: `${groupId}-${index}`, organisation, sphere, joinedOn: '2013-05-14' },
    });
    const silverGeekAction: AdoptAction['data'] = {
      actionId: 'silver-geek',
      title: 'Silver Geek : ateliers numériques animés par des jeunes en service civique auprès des seniors',
      groupIds: ['bien-vieillir', 'fracture-numerique'],
      carriers: silverGeekCarriers,
      adoptedOn: '2014-06-20',
      hostPlaces: 15,
      durationMonths: 8,
    };
    const silverGeekIndicators: ResultIndicator[] = [
      { name: 'Lieux d’accueil (EHPAD, CSC, MJC, foyers)', value: 15 },
      { name: 'Durée de l’expérimentation', value: 8, unit: 'mois' },
      { name: 'Structures organisatrices', value: 10 },
    ];
    const silverGeek: ExperimentationEvent[] = [
      {
        type: 'ExperimentationLaunched',
        data: {
          experimentationId: 'silver-geek',
          title: 'Dialoguer et agir ensemble pour plus de solidarité',
          objective: 'Faciliter l’accès au numérique chez les seniors et réduire ainsi leur isolement',
          territory: poitouCharentes,
          conveners: [laPoste],
          catalyseurs: [],
          launchedOn: '2013-01-15',
        },
      },
      { type: 'DirigeantsInvited', data: { invitedOn: '2013-03-12', dirigeants: 20, bySphere: { association: 11, entreprise: 8, collectivite: 1 } } },
      ...sgGroups.map((group) => formed(group.groupId, group.theme, '2013-03-12')),
      ...sgGroups.flatMap((group) => [
        sgJoined(group.groupId, 1, 'La Poste', 'entreprise'),
        sgJoined(group.groupId, 2, 'Unis-Cité', 'association'),
        sgJoined(group.groupId, 3, 'Orange', 'entreprise'),
        sgJoined(group.groupId, 4, 'Uriopss', 'association'),
        sgJoined(group.groupId, 5, 'Conseil général des Deux-Sèvres', 'collectivite'),
        sgJoined(group.groupId, 6, 'Macif', 'entreprise'),
      ]),
      {
        type: 'WorkingGroupLeft',
        data: { groupId: 'insertion', participantId: 'insertion-6', reason: 'rejoint le groupe bien vieillir', leftOn: '2013-06-03' },
      },
      stageAdvanced('co_construction', 'emergence_besoins', '2013-06-03'),
      ...sgGroups.flatMap((group, index) => [
        meetingHeld(group.groupId, 'etat_des_lieux', `2013-06-1${index}`, [`${group.groupId}-1`, `${group.groupId}-2`]),
        meetingHeld(group.groupId, 'propositions', `2013-09-1${index}`, [`${group.groupId}-1`, `${group.groupId}-3`]),
        meetingHeld(group.groupId, 'plan_action', `2013-11-1${index}`, [`${group.groupId}-2`, `${group.groupId}-4`]),
      ]),
      { type: 'ActionAdopted', data: silverGeekAction },
      stageAdvanced('evaluation_resultats', 'co_construction', '2015-05-04'),
      {
        type: 'ResultsEvaluated',
        data: {
          actionId: 'silver-geek',
          outcome: 'concluante',
          summary: 'une réelle dynamique entre les structures; des retours très positifs des EHPAD; des premiers résultats auprès de malades d’Alzheimer',
          indicators: silverGeekIndicators,
          evaluatedOn: '2015-06-15',
        },
      },
      { type: 'EssaimageDecided', data: { essaimer: true, territories: ['Région Poitou-Charentes', 'France'], decidedOn: '2015-06-30' } },
    ];

    it('folds the whole life of Silver Geek, from La Poste’s invitation to the essaimage', () => {
      const participants = (groupId: string, count: number) =>
        [
          ['La Poste', 'entreprise'],
          ['Unis-Cité', 'association'],
          ['Orange', 'entreprise'],
          ['Uriopss', 'association'],
          ['Conseil général des Deux-Sèvres', 'collectivite'],
          ['Macif', 'entreprise'],
        ]
          .slice(0, count)
          .map(([organisation, sphere], index) => ({ participantId: `${groupId}-${index + 1}`, organisation, sphere, joinedOn: '2013-05-14' }));
      const meetings = (groupId: string, index: number) => [
        { step: 'etat_des_lieux', heldOn: `2013-06-1${index}`, attendees: [`${groupId}-1`, `${groupId}-2`] },
        { step: 'propositions', heldOn: `2013-09-1${index}`, attendees: [`${groupId}-1`, `${groupId}-3`] },
        { step: 'plan_action', heldOn: `2013-11-1${index}`, attendees: [`${groupId}-2`, `${groupId}-4`] },
      ];
      given(silverGeek).thenState({
        status: 'concluded',
        experimentationId: 'silver-geek',
        title: 'Dialoguer et agir ensemble pour plus de solidarité',
        objective: 'Faciliter l’accès au numérique chez les seniors et réduire ainsi leur isolement',
        territory: poitouCharentes,
        conveners: [laPoste],
        catalyseurs: [],
        launchedOn: '2013-01-15',
        stage: 'evaluation_resultats',
        stageSince: '2015-05-04',
        invitation: { invitedOn: '2013-03-12', dirigeants: 20, bySphere: { association: 11, entreprise: 8, collectivite: 1 } },
        groups: [
          {
            groupId: 'insertion',
            theme: 'Insertion',
            formedOn: '2013-03-12',
            participants: participants('insertion', 5),
            meetings: meetings('insertion', 0),
            followUps: [],
          },
          {
            groupId: 'bien-vieillir',
            theme: 'Bien vieillir',
            formedOn: '2013-03-12',
            participants: participants('bien-vieillir', 6),
            meetings: meetings('bien-vieillir', 1),
            followUps: [],
          },
          {
            groupId: 'fracture-numerique',
            theme: 'Fracture numérique',
            formedOn: '2013-03-12',
            participants: participants('fracture-numerique', 6),
            meetings: meetings('fracture-numerique', 2),
            followUps: [],
          },
        ],
        actions: [
          {
            ...silverGeekAction,
            results: {
              outcome: 'concluante',
              summary: 'une réelle dynamique entre les structures; des retours très positifs des EHPAD; des premiers résultats auprès de malades d’Alzheimer',
              indicators: silverGeekIndicators,
              evaluatedOn: '2015-06-15',
            },
          },
        ],
        essaimage: { essaimer: true, territories: ['Région Poitou-Charentes', 'France'], decidedOn: '2015-06-30' },
      } as ExperimentationState);
    });

    it.each([
      ['Silver Geek', silverGeek],
      ['Charenton-Saint-Maurice', concluded],
      ['an abandoned experimentation', abandoned],
    ])('folds a life of %s every event of which its command emits', (_name, life) => {
      let state = experimentationDecider.initialState();
      for (const event of life) {
        const command = { ...event, type: COMMAND_OF[event.type] } as unknown as ExperimentationCommand;
        const emitted = experimentationDecider.decide(command, state);
        expect(emitted).toEqual([event]);
        state = emitted.reduce(experimentationDecider.evolve, state);
      }
      expect(state).toEqual(fold(experimentationDecider, life));
    });

    it('folds an abandoned experimentation', () => {
      expect(launchedState(fold(experimentationDecider, abandoned))).toMatchObject({
        status: 'abandoned',
        stage: 'emergence_besoins',
        abandonment: { reason: 'les élus ont changé de priorités', abandonedOn: '2012-11-01' },
      });
    });

    it('is total: events before the launch leave the experimentation unlaunched', () => {
      expect(
        fold(experimentationDecider, [invited, formed('handicap', 'Handicap'), stageAdvanced('co_construction', 'emergence_besoins', '2012-12-03')]),
      ).toEqual({
        status: 'none',
      });
    });

    it('is total: a second launch, unknown or malformed events change nothing', () => {
      const before = fold(experimentationDecider, inCoConstruction);
      const oddities = [
        { ...launched, data: { ...launchData, title: 'Autre titre' } },
        { type: 'ExperimentationRenamed', data: { title: 'Autre titre' } },
        { type: 'GroupMeetingHeld', data: null },
        { type: 'ActionAdopted' },
        { type: 'StageAdvanced', data: { stage: 'essaimage', previousStage: 'co_construction', advancedOn: '2013-06-05' } },
        { type: 'EssaimageDecided', data: { essaimer: 'oui', decidedOn: '2016-03-15' } },
        null,
        undefined,
        'ActionAdopted',
      ] as unknown as ExperimentationEvent[];
      for (const event of oddities) expect(experimentationDecider.evolve(before, event)).toBe(before);
    });

    it('is total: events about unknown groups or actions, repeated ids and meetings out of order change nothing', () => {
      const before = fold(experimentationDecider, [...handicapPlanned, adopted(ACTIONS[2] as AdoptAction['data'])]);
      const misfits: ExperimentationEvent[] = [
        formed('handicap', 'Autre thème'),
        joined('mobilite', 0),
        joined('handicap', 0),
        { type: 'WorkingGroupLeft', data: { groupId: 'handicap', participantId: 'inconnu', leftOn: '2013-01-01' } },
        { type: 'WorkingGroupLeft', data: { groupId: 'mobilite', participantId: 'handicap-1', leftOn: '2013-01-01' } },
        meetingHeld('handicap', 'etat_des_lieux', '2013-03-01'),
        meetingHeld('precarite', 'plan_action', '2013-03-01'),
        meetingHeld('mobilite', 'etat_des_lieux', '2013-03-01'),
        adopted({ ...(ACTIONS[2] as AdoptAction['data']), title: 'Autre titre' }),
        evaluated('inconnue'),
      ];
      for (const event of misfits) expect(experimentationDecider.evolve(before, event)).toBe(before);
    });
  });
});

/** The command that emits each event (their data are the same, but for StageAdvanced's `previousStage`). */
const COMMAND_OF: Record<ExperimentationEvent['type'], ExperimentationCommand['type']> = {
  ExperimentationLaunched: 'LaunchExperimentation',
  DirigeantsInvited: 'InviteDirigeants',
  StageAdvanced: 'AdvanceStage',
  WorkingGroupFormed: 'FormWorkingGroup',
  WorkingGroupJoined: 'JoinWorkingGroup',
  WorkingGroupLeft: 'LeaveWorkingGroup',
  GroupMeetingHeld: 'HoldGroupMeeting',
  ActionAdopted: 'AdoptAction',
  RestitutionHeld: 'HoldRestitution',
  FollowUpMeetingHeld: 'HoldFollowUpMeeting',
  ResultsEvaluated: 'EvaluateResults',
  EssaimageDecided: 'DecideEssaimage',
  ExperimentationAbandoned: 'AbandonExperimentation',
};
