import { fold } from '../kernel/decider';
import type { ImpactDimension } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { partnershipDecider } from './decider';
import { dimensionScore, evenScores } from './impact';
import type {
  AgreeObjectives,
  AssessImpact,
  ConcludeEvaluation,
  DropMilestone,
  HoldSteeringCommittee,
  OpenEvaluation,
  Partner,
  PartnershipCommand,
  PartnershipEvent,
  PartnershipState,
  PlanMilestone,
  ProposePartnership,
  ReachMilestone,
  RecordIndicator,
  RemindMilestone,
  RescheduleMilestone,
  StartPilotage,
  SubDimensionScores,
  Territory,
} from './types';

const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// ─── Silver Geek: an association and an entreprise in Nouvelle-Aquitaine ────

const silverGeek: Partner = { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' };
const laPoste: Partner = { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' };
const nouvelleAquitaine: Territory = { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' };

const proposalData: ProposePartnership['data'] = {
  partnershipId: 'silver-geek',
  title: 'Silver Geek',
  territory: nouvelleAquitaine,
  partners: [silverGeek, laPoste],
  modes: ['innovation_societale', 'mecenat'],
  proposedAt: '2014-09-15T09:30:00+02:00',
};

// Commands
const propose = (data: Partial<ProposePartnership['data']> = {}): PartnershipCommand => ({ type: 'ProposePartnership', data: { ...proposalData, ...data } });
const agree = (orgId: string, objectives: AgreeObjectives['data']['objectives']): PartnershipCommand => ({
  type: 'AgreeObjectives',
  data: { orgId, objectives },
});
const plan = (data: Partial<PlanMilestone['data']> = {}): PartnershipCommand => ({
  type: 'PlanMilestone',
  data: { milestoneId: 'ateliers-ehpad', title: 'Premiers ateliers numériques en EHPAD', dueDate: '2014-12-15', ...data },
});
const startPilotage = (startedOn = '2014-11-03'): PartnershipCommand => ({ type: 'StartPilotage', data: { startedOn } satisfies StartPilotage['data'] });
const reach = (data: Partial<ReachMilestone['data']> = {}): PartnershipCommand => ({
  type: 'ReachMilestone',
  data: { milestoneId: 'ateliers-ehpad', reachedOn: '2014-12-10', ...data },
});
const reschedule = (data: Partial<RescheduleMilestone['data']> = {}): PartnershipCommand => ({
  type: 'RescheduleMilestone',
  data: { milestoneId: 'ateliers-ehpad', dueDate: '2015-01-20', reason: 'tablettes livrées en retard', ...data },
});
const remind = (data: Partial<RemindMilestone['data']> = {}): PartnershipCommand => ({
  type: 'RemindMilestone',
  data: { milestoneId: 'ateliers-ehpad', today: '2014-12-08', withinDays: 7, ...data },
});
const drop = (data: Partial<DropMilestone['data']> = {}): PartnershipCommand => ({
  type: 'DropMilestone',
  data: { milestoneId: 'ateliers-ehpad', reason: 'EHPAD partenaire fermé pour travaux', ...data },
});
const holdCopil = (data: Partial<HoldSteeringCommittee['data']> = {}): PartnershipCommand => ({
  type: 'HoldSteeringCommittee',
  data: {
    committeeId: 'copil-1',
    heldOn: '2015-01-12',
    attendees: ['silver-geek', 'la-poste'],
    decisions: ['étendre les ateliers à 15 lieux d’accueil', 'préparer le trophée Silver Geek'],
    ...data,
  },
});
const recordIndicator = (data: Partial<RecordIndicator['data']> = {}): PartnershipCommand => ({
  type: 'RecordIndicator',
  data: { indicatorId: 'seniors-formes', name: 'Seniors ayant participé aux ateliers', value: 320, unit: 'personnes', measuredOn: '2015-03-31', ...data },
});
const openEvaluation = (openedOn = '2015-05-04'): PartnershipCommand => ({ type: 'OpenEvaluation', data: { openedOn } satisfies OpenEvaluation['data'] });
const assess = (data: Partial<AssessImpact['data']> = {}): PartnershipCommand => ({
  type: 'AssessImpact',
  data: {
    dimension: 'innovation_societale',
    scores: { growth_and_jobs: 4, fewer_fragilities: 5 },
    evidence: 'un dispositif intergénérationnel nouveau sur le territoire',
    ...data,
  },
});
const conclude = (data: Partial<ConcludeEvaluation['data']> = {}): PartnershipCommand => ({
  type: 'ConcludeEvaluation',
  data: { decision: 'essaimer', concludedOn: '2015-06-30', ...data },
});

// Events
const proposed: PartnershipEvent = { type: 'PartnershipProposed', data: proposalData };
const agreed = (orgId: string, objectives: AgreeObjectives['data']['objectives'], cycle = 1): PartnershipEvent => ({
  type: 'ObjectivesAgreed',
  data: { orgId, objectives, cycle },
});
const silverGeekAgreed = agreed('silver-geek', ['innovation', 'parties_prenantes']);
const laPosteAgreed = agreed('la-poste', ['ressources_humaines', 'innovation']);
const planned = (milestoneId = 'ateliers-ehpad', dueDate = '2014-12-15', title = 'Premiers ateliers numériques en EHPAD'): PartnershipEvent => ({
  type: 'MilestonePlanned',
  data: { milestoneId, title, dueDate },
});
const pilotageStarted = (cycle = 1, startedOn = '2014-11-03'): PartnershipEvent => ({ type: 'PilotageStarted', data: { startedOn, cycle } });
const reached = (milestoneId = 'ateliers-ehpad', reachedOn = '2014-12-10'): PartnershipEvent => ({
  type: 'MilestoneReached',
  data: { milestoneId, reachedOn },
});
const dropped = (milestoneId = 'ateliers-ehpad'): PartnershipEvent => ({
  type: 'MilestoneDropped',
  data: { milestoneId, reason: 'EHPAD partenaire fermé pour travaux' },
});
const evaluationOpened = (cycle = 1, openedOn = '2015-05-04'): PartnershipEvent => ({ type: 'EvaluationOpened', data: { openedOn, cycle } });
/** Version 2: the sub-dimensions' scores (by default both at 4) and their mean. */
const assessed = (dimension: ImpactDimension, scores: SubDimensionScores = evenScores(dimension, 4), evidence = 'constaté en COPIL'): PartnershipEvent => ({
  type: 'ImpactAssessed',
  data: { dimension, scores, score: dimensionScore(scores), evidence },
});

// Histories, phase by phase
const inCadrage = [proposed];
const readyForPilotage = [proposed, silverGeekAgreed, laPosteAgreed, planned()];
const inPilotage = [...readyForPilotage, pilotageStarted()];
const inEvaluation = [...inPilotage, reached(), evaluationOpened()];
const fullyAssessed = [
  ...inEvaluation,
  assessed('innovation_societale'),
  assessed('performance_organisations', { association_performance: 3, company_performance: 2 }),
  assessed('confiance', evenScores('confiance', 5)),
];
const closed: PartnershipEvent[] = [
  ...fullyAssessed,
  { type: 'EvaluationConcluded', data: { decision: 'clore', concludedOn: '2015-06-30', cycle: 1 } },
  { type: 'PartnershipClosed', data: { decision: 'clore', closedOn: '2015-06-30' } },
];

const active = (state: PartnershipState): Extract<PartnershipState, { status: 'active' }> => {
  if (state.status !== 'active') throw new Error('expected a proposed partnership');
  return state;
};

const INVALID_DATES = ['2015-02-29', '2014-13-01', '2014-04-31', '15/04/2015', '2015-4-1', '', '2015-04-01T10:00:00Z'];

describe('partnership decider', () => {
  describe('ProposePartnership', () => {
    it('proposes a partnership between partners of different spheres, in cadrage for its first cycle', () => {
      const state = given([]).when(propose()).then([proposed]);
      expect(state).toEqual({
        status: 'active',
        partnershipId: 'silver-geek',
        title: 'Silver Geek',
        territory: nouvelleAquitaine,
        partners: [silverGeek, laPoste],
        modes: ['innovation_societale', 'mecenat'],
        phase: 'cadrage',
        cycle: 1,
        objectives: {},
        milestones: [],
        committees: [],
        indicators: [],
        impact: {},
        conclusions: [],
        proposedAt: '2014-09-15T09:30:00+02:00',
        catalyseurs: [],
      });
    });

    it('trims the title, the territory and the partners', () => {
      given([])
        .when(
          propose({
            title: '  Silver Geek ',
            territory: { id: ' nouvelle-aquitaine', name: 'Nouvelle-Aquitaine ', scale: 'regional' },
            partners: [
              { ...silverGeek, name: ' Silver Geek ' },
              { ...laPoste, orgId: 'la-poste ' },
            ],
          }),
        )
        .then([proposed]);
    });

    it('accepts three partners, one of them a collectivité', () => {
      const departement: Partner = { orgId: 'cg-deux-sevres', name: 'Conseil général des Deux-Sèvres', sphere: 'collectivite' };
      given([])
        .when(propose({ partners: [silverGeek, laPoste, departement] }))
        .then([{ type: 'PartnershipProposed', data: { ...proposalData, partners: [silverGeek, laPoste, departement] } }]);
    });

    it('refuses a partnership that already exists', () => {
      given(inCadrage).when(propose()).thenThrows('CONFLICT', 'partnership already exists');
    });

    it('refuses a partnership that already exists, even closed', () => {
      given(closed).when(propose()).thenThrows('CONFLICT', 'partnership already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(propose({ partnershipId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs an id');
    });

    it.each(['', '   '])('refuses a blank title (%j)', (title) => {
      given([]).when(propose({ title })).thenThrows('RULE_VIOLATED', 'a partnership needs a title');
    });

    it('refuses a single partner', () => {
      given([])
        .when(propose({ partners: [silverGeek] }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs at least two partners');
    });

    it('refuses partners that are not a list', () => {
      given([])
        .when(propose({ partners: undefined as unknown as Partner[] }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs at least two partners');
    });

    it('refuses a partner without an organisation id', () => {
      given([])
        .when(propose({ partners: [silverGeek, { ...laPoste, orgId: '' }] }))
        .thenThrows('RULE_VIOLATED', 'each partner needs an organisation id');
    });

    it('refuses a partner without a name', () => {
      given([])
        .when(propose({ partners: [silverGeek, { ...laPoste, name: ' ' }] }))
        .thenThrows('RULE_VIOLATED', 'each partner needs a name');
    });

    it('refuses a partner of an unknown sphere', () => {
      given([])
        .when(propose({ partners: [silverGeek, { ...laPoste, sphere: 'banque' as Partner['sphere'] }] }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "banque"');
    });

    it('refuses a partner that is not an object', () => {
      given([])
        .when(propose({ partners: [silverGeek, null as unknown as Partner] }))
        .thenThrows('RULE_VIOLATED', 'each partner needs an organisation id, a name and a sphere');
    });

    it('refuses the same organisation twice', () => {
      given([])
        .when(propose({ partners: [silverGeek, laPoste, { ...silverGeek, name: 'Collectif Silver Geek' }] }))
        .thenThrows('RULE_VIOLATED', 'organisation "silver-geek" is listed twice among the partners');
    });

    it('refuses partners all of the same sphere', () => {
      const unisCite: Partner = { orgId: 'unis-cite', name: 'Unis-Cité', sphere: 'association' };
      given([])
        .when(propose({ partners: [silverGeek, unisCite] }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs partners from at least two different spheres');
    });

    it('refuses a partnership without a mode', () => {
      given([])
        .when(propose({ modes: [] }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs at least one mode');
    });

    it('refuses an unknown mode', () => {
      given([])
        .when(propose({ modes: ['mecenat', 'sponsoring' as 'mecenat'] }))
        .thenThrows('RULE_VIOLATED', 'unknown mode "sponsoring"');
    });

    it('refuses a mode listed twice', () => {
      given([])
        .when(propose({ modes: ['mecenat', 'mecenat'] }))
        .thenThrows('RULE_VIOLATED', 'mode "mecenat" is listed twice');
    });

    it('refuses a missing territory', () => {
      given([])
        .when(propose({ territory: undefined as unknown as Territory }))
        .thenThrows('RULE_VIOLATED', 'a partnership needs a territory');
    });

    it('refuses a territory without an id', () => {
      given([])
        .when(propose({ territory: { ...nouvelleAquitaine, id: '' } }))
        .thenThrows('RULE_VIOLATED', 'the territory needs an id');
    });

    it('refuses a territory without a name', () => {
      given([])
        .when(propose({ territory: { ...nouvelleAquitaine, name: '  ' } }))
        .thenThrows('RULE_VIOLATED', 'the territory needs a name');
    });

    it('refuses an unknown territory scale', () => {
      given([])
        .when(propose({ territory: { ...nouvelleAquitaine, scale: 'europeen' as Territory['scale'] } }))
        .thenThrows('RULE_VIOLATED', 'unknown territory scale "europeen"');
    });

    it('refuses a proposal without its time', () => {
      given([])
        .when(propose({ proposedAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of the proposal is needed');
    });
  });

  describe('any command but ProposePartnership', () => {
    const commands: readonly PartnershipCommand[] = [
      agree('silver-geek', ['innovation']),
      plan(),
      startPilotage(),
      reach(),
      reschedule(),
      remind(),
      drop(),
      holdCopil(),
      recordIndicator(),
      openEvaluation(),
      assess(),
      conclude(),
      { type: 'AssignCatalyseur', data: { catalyseurId: 'cat-1', assignedOn: '2015-07-01' } },
      { type: 'ReleaseCatalyseur', data: { catalyseurId: 'cat-1', releasedOn: '2015-07-01' } },
    ];

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a partnership never proposed', (_type, command) => {
      given([]).when(command).thenThrows('NOT_FOUND', 'partnership not found');
    });

    it.each(commands.map((command) => [command.type, command] as const))('%s is refused on a closed partnership', (_type, command) => {
      given(closed).when(command).thenThrows('RULE_VIOLATED', 'a closed partnership accepts no command');
    });
  });

  describe('AgreeObjectives', () => {
    it("records a partner's objectives for the current cycle", () => {
      const state = given(inCadrage)
        .when(agree('silver-geek', ['innovation', 'parties_prenantes']))
        .then([silverGeekAgreed]);
      expect(active(state).objectives).toEqual({ 'silver-geek': ['innovation', 'parties_prenantes'] });
    });

    it('replaces the objectives a partner agreed before', () => {
      const state = given([proposed, silverGeekAgreed])
        .when(agree('silver-geek', ['economique']))
        .then([agreed('silver-geek', ['economique'])]);
      expect(active(state).objectives).toEqual({ 'silver-geek': ['economique'] });
    });

    it('carries the cycle after a renewal', () => {
      const renewed: PartnershipEvent[] = [
        ...fullyAssessed,
        { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
        { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
      ];
      given(renewed)
        .when(agree('la-poste', ['economique']))
        .then([agreed('la-poste', ['economique'], 2)]);
    });

    it.each([
      ['pilotage', inPilotage],
      ['evaluation', inEvaluation],
    ])('is refused during %s', (_phase, history) => {
      given(history)
        .when(agree('silver-geek', ['innovation']))
        .thenThrows('RULE_VIOLATED', 'objectives can only be agreed during cadrage');
    });

    it('refuses an organisation that is not a partner', () => {
      given(inCadrage)
        .when(agree('macif', ['innovation']))
        .thenThrows('RULE_VIOLATED', '"macif" is not a partner of this partnership');
    });

    it('refuses an organisation id that is a name of the prototype', () => {
      given(inCadrage)
        .when(agree('constructor', ['innovation']))
        .thenThrows('RULE_VIOLATED', '"constructor" is not a partner of this partnership');
    });

    it('refuses an empty list of objectives', () => {
      given(inCadrage).when(agree('silver-geek', [])).thenThrows('RULE_VIOLATED', 'at least one objective must be agreed');
    });

    it('refuses an unknown objective', () => {
      given(inCadrage)
        .when(agree('silver-geek', ['notoriete' as 'innovation']))
        .thenThrows('RULE_VIOLATED', 'unknown objective "notoriete"');
    });

    it('refuses an objective listed twice', () => {
      given(inCadrage)
        .when(agree('silver-geek', ['innovation', 'innovation']))
        .thenThrows('RULE_VIOLATED', 'objective "innovation" is listed twice');
    });
  });

  describe('PlanMilestone', () => {
    it('plans a milestone during cadrage, in the current cycle', () => {
      const state = given(inCadrage).when(plan()).then([planned()]);
      expect(active(state).milestones).toEqual([
        { milestoneId: 'ateliers-ehpad', title: 'Premiers ateliers numériques en EHPAD', dueDate: '2014-12-15', status: 'planned', cycle: 1, rescheduled: 0 },
      ]);
    });

    it('plans a milestone during pilotage', () => {
      given(inPilotage)
        .when(plan({ milestoneId: 'trophee', title: 'Trophée Silver Geek au Futuroscope', dueDate: '2015-04-18' }))
        .then([planned('trophee', '2015-04-18', 'Trophée Silver Geek au Futuroscope')]);
    });

    it('accepts the 29th of February of a leap year', () => {
      given(inCadrage)
        .when(plan({ dueDate: '2016-02-29' }))
        .then([planned('ateliers-ehpad', '2016-02-29')]);
    });

    it('is refused during evaluation', () => {
      given(inEvaluation)
        .when(plan({ milestoneId: 'trophee' }))
        .thenThrows('RULE_VIOLATED', 'a milestone can only be planned during cadrage or pilotage');
    });

    it('refuses a milestone id already used', () => {
      given(readyForPilotage).when(plan()).thenThrows('CONFLICT', 'milestone "ateliers-ehpad" already exists');
    });

    it('refuses a milestone id used in a previous cycle', () => {
      const renewed: PartnershipEvent[] = [
        ...fullyAssessed,
        { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
        { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
      ];
      given(renewed)
        .when(plan({ dueDate: '2016-01-15' }))
        .thenThrows('CONFLICT', 'milestone "ateliers-ehpad" already exists');
    });

    it('refuses a blank milestone id', () => {
      given(inCadrage)
        .when(plan({ milestoneId: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a milestone id is needed');
    });

    it('refuses a blank title', () => {
      given(inCadrage)
        .when(plan({ title: '' }))
        .thenThrows('RULE_VIOLATED', 'a milestone needs a title');
    });

    it.each(INVALID_DATES)('refuses the due date %j', (dueDate) => {
      given(inCadrage).when(plan({ dueDate })).thenThrows('RULE_VIOLATED', 'the due date must be a real date written YYYY-MM-DD');
    });
  });

  describe('StartPilotage', () => {
    it('starts pilotage once every partner agreed objectives and a milestone is planned', () => {
      const state = given(readyForPilotage).when(startPilotage()).then([pilotageStarted()]);
      expect(active(state).phase).toBe('pilotage');
    });

    it.each([
      ['pilotage', inPilotage],
      ['evaluation', inEvaluation],
    ])('is refused from %s', (_phase, history) => {
      given(history).when(startPilotage()).thenThrows('RULE_VIOLATED', 'pilotage can only start from cadrage');
    });

    it('is refused while a partner has not agreed objectives', () => {
      given([proposed, silverGeekAgreed, planned()])
        .when(startPilotage())
        .thenThrows('RULE_VIOLATED', 'every partner must agree on objectives before pilotage (missing: La Poste)');
    });

    it('is refused while no partner has agreed objectives', () => {
      given([proposed, planned()])
        .when(startPilotage())
        .thenThrows('RULE_VIOLATED', 'every partner must agree on objectives before pilotage (missing: Silver Geek, La Poste)');
    });

    it('is refused without a planned milestone', () => {
      given([proposed, silverGeekAgreed, laPosteAgreed])
        .when(startPilotage())
        .thenThrows('RULE_VIOLATED', 'at least one milestone must be planned before pilotage');
    });

    it('is refused when the only milestone was dropped', () => {
      given([...readyForPilotage, dropped()])
        .when(startPilotage())
        .thenThrows('RULE_VIOLATED', 'at least one milestone must be planned before pilotage');
    });

    it('refuses an invalid start date', () => {
      given(readyForPilotage).when(startPilotage('2014-11-31')).thenThrows('RULE_VIOLATED', 'the start date must be a real date written YYYY-MM-DD');
    });
  });

  describe('ReachMilestone', () => {
    it('reaches a planned milestone during pilotage', () => {
      const state = given(inPilotage).when(reach()).then([reached()]);
      expect(active(state).milestones[0]).toMatchObject({ status: 'reached', reachedOn: '2014-12-10' });
    });

    it.each([
      ['cadrage', readyForPilotage],
      ['evaluation', [...inPilotage, evaluationOpened()]],
    ])('is refused during %s', (_phase, history) => {
      given(history).when(reach()).thenThrows('RULE_VIOLATED', 'a milestone can only be reached during pilotage');
    });

    it('refuses an unknown milestone', () => {
      given(inPilotage)
        .when(reach({ milestoneId: 'gamer-assembly' }))
        .thenThrows('NOT_FOUND', 'milestone "gamer-assembly" not found');
    });

    it('refuses a milestone already reached', () => {
      given([...inPilotage, reached()])
        .when(reach())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is already reached');
    });

    it('refuses a dropped milestone', () => {
      given([...inPilotage, planned('trophee', '2015-04-18'), dropped()])
        .when(reach())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" was dropped');
    });

    it('refuses an invalid date', () => {
      given(inPilotage)
        .when(reach({ reachedOn: '10/12/2014' }))
        .thenThrows('RULE_VIOLATED', 'the date reached must be a real date written YYYY-MM-DD');
    });
  });

  describe('RemindMilestone', () => {
    const dueSoon = (data: Partial<Extract<PartnershipEvent, { type: 'MilestoneDueSoon' }>['data']> = {}): PartnershipEvent => ({
      type: 'MilestoneDueSoon',
      data: {
        milestoneId: 'ateliers-ehpad',
        title: 'Premiers ateliers numériques en EHPAD',
        dueDate: '2014-12-15',
        daysLeft: 7,
        remindedOn: '2014-12-08',
        ...data,
      },
    });

    it('reminds a planned milestone that falls due within the window, with the days left', () => {
      const state = given(inPilotage).when(remind()).then([dueSoon()]);
      expect(active(state).milestones[0]).toMatchObject({ remindedOn: '2014-12-08', status: 'planned' });
    });

    it('reminds during cadrage too, and on the due date itself', () => {
      given(readyForPilotage)
        .when(remind({ today: '2014-12-15', withinDays: 0 }))
        .then([dueSoon({ daysLeft: 0, remindedOn: '2014-12-15' })]);
    });

    it('reminds an overdue milestone, with negative days left', () => {
      given(inPilotage)
        .when(remind({ today: '2015-01-05' }))
        .then([dueSoon({ daysLeft: -21, remindedOn: '2015-01-05' })]);
    });

    it('counts days across months and leap years', () => {
      given([
        ...inPilotage,
        { type: 'MilestoneRescheduled', data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2016-03-01', reason: 'report' } },
      ])
        .when(remind({ today: '2016-02-27', withinDays: 7 }))
        .then([dueSoon({ dueDate: '2016-03-01', daysLeft: 3, remindedOn: '2016-02-27' })]);
    });

    it('reminds once per due date: again, it decides nothing', () => {
      given([...inPilotage, dueSoon()])
        .when(remind({ today: '2014-12-10' }))
        .then([]);
    });

    it('reminds again once the milestone was rescheduled', () => {
      const rescheduled: PartnershipEvent = {
        type: 'MilestoneRescheduled',
        data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2015-01-20', reason: 'tablettes livrées en retard' },
      };
      given([...inPilotage, dueSoon(), rescheduled])
        .when(remind({ today: '2015-01-15' }))
        .then([dueSoon({ dueDate: '2015-01-20', daysLeft: 5, remindedOn: '2015-01-15' })]);
    });

    it('refuses a milestone due beyond the window', () => {
      given(inPilotage)
        .when(remind({ today: '2014-12-01' }))
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is due in 14 days, beyond the reminder window of 7 days');
    });

    it('refuses a reached or dropped milestone, and an unknown one', () => {
      given([...inPilotage, reached()])
        .when(remind())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is already reached');
      given([...inPilotage, dropped()])
        .when(remind())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" was dropped');
      given(inPilotage)
        .when(remind({ milestoneId: 'trophee' }))
        .thenThrows('NOT_FOUND', 'milestone "trophee" not found');
    });

    it.each([[-1], [1.5], [367], [Number.NaN]])('refuses a window of %p days', (withinDays) => {
      given(inPilotage).when(remind({ withinDays })).thenThrows('RULE_VIOLATED', 'a reminder window is a whole number of days from 0 to 366');
    });

    it('refuses an invalid date for today', () => {
      given(inPilotage)
        .when(remind({ today: '2014-02-30' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2014-02-30")');
    });
  });

  describe('RescheduleMilestone', () => {
    it('reschedules a planned milestone during cadrage, with its previous due date', () => {
      const state = given(readyForPilotage)
        .when(reschedule())
        .then([
          {
            type: 'MilestoneRescheduled',
            data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2015-01-20', reason: 'tablettes livrées en retard' },
          },
        ]);
      expect(active(state).milestones[0]).toMatchObject({ dueDate: '2015-01-20', rescheduled: 1, status: 'planned' });
    });

    it('reschedules during pilotage and counts the reschedules', () => {
      const first: PartnershipEvent = {
        type: 'MilestoneRescheduled',
        data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2015-01-20', reason: 'tablettes livrées en retard' },
      };
      const state = given([...inPilotage, first])
        .when(reschedule({ dueDate: '2015-02-02', reason: ' animateurs en service civique pas encore recrutés ' }))
        .then([
          {
            type: 'MilestoneRescheduled',
            data: {
              milestoneId: 'ateliers-ehpad',
              previousDueDate: '2015-01-20',
              dueDate: '2015-02-02',
              reason: 'animateurs en service civique pas encore recrutés',
            },
          },
        ]);
      expect(active(state).milestones[0]).toMatchObject({ dueDate: '2015-02-02', rescheduled: 2 });
    });

    it('is refused during evaluation', () => {
      given([...inPilotage, evaluationOpened()])
        .when(reschedule())
        .thenThrows('RULE_VIOLATED', 'a milestone can only be rescheduled during cadrage or pilotage');
    });

    it('refuses an unknown milestone', () => {
      given(inPilotage)
        .when(reschedule({ milestoneId: 'trophee' }))
        .thenThrows('NOT_FOUND', 'milestone "trophee" not found');
    });

    it('refuses a reached milestone', () => {
      given([...inPilotage, reached()])
        .when(reschedule())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is already reached');
    });

    it('refuses a dropped milestone', () => {
      given([...readyForPilotage, dropped()])
        .when(reschedule())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" was dropped');
    });

    it('refuses a blank reason', () => {
      given(inPilotage)
        .when(reschedule({ reason: '  ' }))
        .thenThrows('RULE_VIOLATED', 'rescheduling a milestone needs a reason');
    });

    it.each(INVALID_DATES)('refuses the new due date %j', (dueDate) => {
      given(inPilotage).when(reschedule({ dueDate })).thenThrows('RULE_VIOLATED', 'the new due date must be a real date written YYYY-MM-DD');
    });

    it('refuses the current due date', () => {
      given(inPilotage)
        .when(reschedule({ dueDate: '2014-12-15' }))
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is already due on 2014-12-15');
    });
  });

  describe('DropMilestone', () => {
    it('drops a planned milestone during cadrage', () => {
      const state = given(readyForPilotage).when(drop()).then([dropped()]);
      expect(active(state).milestones[0]?.status).toBe('dropped');
    });

    it('drops a planned milestone during pilotage', () => {
      given([...inPilotage, planned('trophee', '2015-04-18')])
        .when(drop({ milestoneId: 'trophee', reason: 'Gamer Assembly reportée' }))
        .then([{ type: 'MilestoneDropped', data: { milestoneId: 'trophee', reason: 'Gamer Assembly reportée' } }]);
    });

    it('is refused during evaluation', () => {
      given([...inPilotage, evaluationOpened()])
        .when(drop())
        .thenThrows('RULE_VIOLATED', 'a milestone can only be dropped during cadrage or pilotage');
    });

    it('refuses an unknown milestone', () => {
      given(inPilotage)
        .when(drop({ milestoneId: 'trophee' }))
        .thenThrows('NOT_FOUND', 'milestone "trophee" not found');
    });

    it('refuses a reached milestone', () => {
      given([...inPilotage, reached()])
        .when(drop())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" is already reached');
    });

    it('refuses a milestone already dropped', () => {
      given([...readyForPilotage, dropped()])
        .when(drop())
        .thenThrows('RULE_VIOLATED', 'milestone "ateliers-ehpad" was dropped');
    });

    it('refuses a blank reason', () => {
      given(inPilotage)
        .when(drop({ reason: '' }))
        .thenThrows('RULE_VIOLATED', 'dropping a milestone needs a reason');
    });
  });

  describe('HoldSteeringCommittee', () => {
    it('holds a COPIL during pilotage with partners present and its decisions', () => {
      const state = given(inPilotage)
        .when(holdCopil({ attendees: ['la-poste'], decisions: [' étendre les ateliers à 15 lieux d’accueil '] }))
        .then([
          {
            type: 'SteeringCommitteeHeld',
            data: { committeeId: 'copil-1', heldOn: '2015-01-12', attendees: ['la-poste'], decisions: ['étendre les ateliers à 15 lieux d’accueil'] },
          },
        ]);
      expect(active(state).committees).toEqual([
        { committeeId: 'copil-1', heldOn: '2015-01-12', attendees: ['la-poste'], decisions: ['étendre les ateliers à 15 lieux d’accueil'] },
      ]);
    });

    it.each([
      ['cadrage', readyForPilotage],
      ['evaluation', inEvaluation],
    ])('is refused during %s', (_phase, history) => {
      given(history).when(holdCopil()).thenThrows('RULE_VIOLATED', 'a steering committee can only be held during pilotage');
    });

    it('refuses a committee id already used', () => {
      const held: PartnershipEvent = {
        type: 'SteeringCommitteeHeld',
        data: { committeeId: 'copil-1', heldOn: '2015-01-12', attendees: ['silver-geek'], decisions: ['lancer les ateliers'] },
      };
      given([...inPilotage, held])
        .when(holdCopil({ heldOn: '2015-03-02' }))
        .thenThrows('CONFLICT', 'steering committee "copil-1" was already held');
    });

    it('refuses a blank committee id', () => {
      given(inPilotage)
        .when(holdCopil({ committeeId: '' }))
        .thenThrows('RULE_VIOLATED', 'a steering committee id is needed');
    });

    it('refuses an invalid date', () => {
      given(inPilotage)
        .when(holdCopil({ heldOn: '2015-02-30' }))
        .thenThrows('RULE_VIOLATED', 'the date held must be a real date written YYYY-MM-DD');
    });

    it('refuses a committee without attendees', () => {
      given(inPilotage)
        .when(holdCopil({ attendees: [] }))
        .thenThrows('RULE_VIOLATED', 'a steering committee needs at least one partner present');
    });

    it('refuses an attendee who is not a partner', () => {
      given(inPilotage)
        .when(holdCopil({ attendees: ['silver-geek', 'uriopss'] }))
        .thenThrows('RULE_VIOLATED', '"uriopss" is not a partner of this partnership');
    });

    it('refuses an attendee listed twice', () => {
      given(inPilotage)
        .when(holdCopil({ attendees: ['la-poste', 'la-poste'] }))
        .thenThrows('RULE_VIOLATED', 'attendee "la-poste" is listed twice');
    });

    it('refuses a committee without decisions', () => {
      given(inPilotage)
        .when(holdCopil({ decisions: [] }))
        .thenThrows('RULE_VIOLATED', 'a steering committee needs at least one decision');
    });

    it('refuses an empty decision', () => {
      given(inPilotage)
        .when(holdCopil({ decisions: ['préparer le trophée', ' '] }))
        .thenThrows('RULE_VIOLATED', 'a decision cannot be empty');
    });
  });

  describe('RecordIndicator', () => {
    const recorded: PartnershipEvent = {
      type: 'IndicatorRecorded',
      data: { indicatorId: 'seniors-formes', name: 'Seniors ayant participé aux ateliers', value: 320, unit: 'personnes', measuredOn: '2015-03-31' },
    };

    it('records an indicator during pilotage', () => {
      const state = given(inPilotage).when(recordIndicator()).then([recorded]);
      expect(active(state).indicators).toEqual([recorded.data]);
    });

    it('records an indicator during evaluation, without a unit when it is blank', () => {
      given(inEvaluation)
        .when(recordIndicator({ indicatorId: 'lieux', name: 'Lieux d’accueil équipés', value: 15, unit: ' ', measuredOn: '2015-05-15' }))
        .then([{ type: 'IndicatorRecorded', data: { indicatorId: 'lieux', name: 'Lieux d’accueil équipés', value: 15, measuredOn: '2015-05-15' } }]);
    });

    it('is refused during cadrage', () => {
      given(readyForPilotage).when(recordIndicator()).thenThrows('RULE_VIOLATED', 'an indicator can only be recorded during pilotage or evaluation');
    });

    it('refuses a blank indicator id', () => {
      given(inPilotage)
        .when(recordIndicator({ indicatorId: '' }))
        .thenThrows('RULE_VIOLATED', 'an indicator id is needed');
    });

    it('refuses a blank name', () => {
      given(inPilotage)
        .when(recordIndicator({ name: ' ' }))
        .thenThrows('RULE_VIOLATED', 'an indicator needs a name');
    });

    it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '320' as unknown as number])('refuses the value %p', (value) => {
      given(inPilotage).when(recordIndicator({ value })).thenThrows('RULE_VIOLATED', 'an indicator value must be a finite number');
    });

    it('refuses an invalid date', () => {
      given(inPilotage)
        .when(recordIndicator({ measuredOn: '2015-03' }))
        .thenThrows('RULE_VIOLATED', 'the measurement date must be a real date written YYYY-MM-DD');
    });

    describe('target and direction', () => {
      const targeted: PartnershipEvent = {
        type: 'IndicatorRecorded',
        data: { ...(recorded.data as RecordIndicator['data']), target: 500, direction: 'increase' },
      };

      it('records a target with its direction, kept in the state', () => {
        const state = given(inPilotage)
          .when(recordIndicator({ target: 500, direction: 'increase' }))
          .then([targeted]);
        expect(active(state).indicators).toEqual([targeted.data]);
      });

      it('records a direction alone (which way is better, no figure aimed at)', () => {
        given(inPilotage)
          .when(recordIndicator({ direction: 'decrease' }))
          .then([{ type: 'IndicatorRecorded', data: { ...(recorded.data as RecordIndicator['data']), direction: 'decrease' } }]);
      });

      it('a later measure without them keeps the earlier target and direction; a new target replaces it', () => {
        const later = given([...inPilotage, targeted])
          .when(recordIndicator({ value: 540, measuredOn: '2015-06-30' }))
          .then([{ type: 'IndicatorRecorded', data: { ...(recorded.data as RecordIndicator['data']), value: 540, measuredOn: '2015-06-30' } }]);
        expect(active(later).indicators).toEqual([
          { ...(recorded.data as RecordIndicator['data']), value: 540, measuredOn: '2015-06-30', target: 500, direction: 'increase' },
        ]);
        const retargeted = given([...inPilotage, targeted])
          .when(recordIndicator({ value: 540, measuredOn: '2015-06-30', target: 800 }))
          .then([{ type: 'IndicatorRecorded', data: { ...(recorded.data as RecordIndicator['data']), value: 540, measuredOn: '2015-06-30', target: 800 } }]);
        expect(active(retargeted).indicators[0]).toMatchObject({ target: 800, direction: 'increase' });
      });

      it('refuses a target without a direction, given now or before', () => {
        given(inPilotage)
          .when(recordIndicator({ target: 500 }))
          .thenThrows('RULE_VIOLATED', 'an indicator target needs a direction (increase or decrease)');
      });

      it.each([Number.NaN, Number.POSITIVE_INFINITY, '500' as unknown as number])('refuses the target %p', (target) => {
        given(inPilotage)
          .when(recordIndicator({ target, direction: 'increase' }))
          .thenThrows('RULE_VIOLATED', 'an indicator target must be a finite number');
      });

      it('refuses an unknown direction', () => {
        given(inPilotage)
          .when(recordIndicator({ target: 500, direction: 'upwards' as unknown as 'increase' }))
          .thenThrows('RULE_VIOLATED', 'unknown indicator direction "upwards"');
      });

      it('folds an event of before targets (no target, no direction) as it always did', () => {
        given([...inPilotage, recorded]).thenState(fold(partnershipDecider, [...inPilotage, recorded]));
        expect(active(fold(partnershipDecider, [...inPilotage, recorded])).indicators[0]).not.toHaveProperty('target');
      });
    });
  });

  describe('OpenEvaluation', () => {
    it('opens the evaluation from pilotage, for the current cycle', () => {
      const state = given(inPilotage).when(openEvaluation()).then([evaluationOpened()]);
      expect(active(state).phase).toBe('evaluation');
    });

    it.each([
      ['cadrage', readyForPilotage],
      ['evaluation', inEvaluation],
    ])('is refused from %s', (_phase, history) => {
      given(history).when(openEvaluation()).thenThrows('RULE_VIOLATED', 'an evaluation can only be opened from pilotage');
    });

    it('refuses an invalid date', () => {
      given(inPilotage).when(openEvaluation('2015-05-32')).thenThrows('RULE_VIOLATED', 'the opening date must be a real date written YYYY-MM-DD');
    });
  });

  describe('AssessImpact', () => {
    const evidence = 'un dispositif intergénérationnel nouveau sur le territoire';

    it('assesses a dimension during evaluation: a score per sub-dimension, the dimension’s their mean', () => {
      const state = given(inEvaluation)
        .when(assess())
        .then([assessed('innovation_societale', { growth_and_jobs: 4, fewer_fragilities: 5 }, evidence)]);
      expect(active(state).impact).toEqual({
        innovation_societale: { score: 4.5, scores: { growth_and_jobs: 4, fewer_fragilities: 5 }, evidence },
      });
    });

    it('keeps the sub-dimensions in the vocabulary’s order, whatever the order given', () => {
      given(inEvaluation)
        .when(assess({ dimension: 'confiance', scores: { individual_trust: 2, collective_trust: 3 } }))
        .then([{ type: 'ImpactAssessed', data: { dimension: 'confiance', scores: { collective_trust: 3, individual_trust: 2 }, score: 2.5, evidence } }]);
    });

    it('replaces an earlier assessment of the same dimension', () => {
      const state = given([...inEvaluation, assessed('confiance', evenScores('confiance', 2), 'premiers échanges')])
        .when(
          assess({ dimension: 'confiance', scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'les partenaires renouvellent leur engagement' }),
        )
        .then([assessed('confiance', { collective_trust: 5, individual_trust: 4 }, 'les partenaires renouvellent leur engagement')]);
      expect(active(state).impact).toEqual({
        confiance: { score: 4.5, scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'les partenaires renouvellent leur engagement' },
      });
    });

    it.each([1, 5])('accepts the score %p', (score) => {
      given(inEvaluation)
        .when(assess({ scores: evenScores('innovation_societale', score) }))
        .then([assessed('innovation_societale', evenScores('innovation_societale', score), evidence)]);
    });

    it.each([
      ['cadrage', readyForPilotage],
      ['pilotage', inPilotage],
    ])('is refused during %s', (_phase, history) => {
      given(history).when(assess()).thenThrows('RULE_VIOLATED', 'impact can only be assessed during evaluation');
    });

    it('refuses an unknown dimension', () => {
      given(inEvaluation)
        .when(assess({ dimension: 'rentabilite' as AssessImpact['data']['dimension'] }))
        .thenThrows('RULE_VIOLATED', 'unknown impact dimension "rentabilite"');
    });

    it.each([0, 6, 2.5, -1, Number.NaN, '4'])('refuses the score %p', (score) => {
      given(inEvaluation)
        .when(assess({ scores: { growth_and_jobs: 4, fewer_fragilities: score as number } }))
        .thenThrows('RULE_VIOLATED', `an impact score must be a whole number from 1 to 5 (fewer_fragilities: ${JSON.stringify(score) ?? String(score)})`);
    });

    it('refuses a sub-dimension of another dimension', () => {
      given(inEvaluation)
        .when(assess({ dimension: 'confiance', scores: { collective_trust: 4, growth_and_jobs: 4 } }))
        .thenThrows(
          'RULE_VIOLATED',
          '"growth_and_jobs" is not a sub-dimension of confiance (confiance has two sub-dimensions: collective_trust, individual_trust)',
        );
    });

    it('refuses an assessment that leaves a sub-dimension out', () => {
      given(inEvaluation)
        .when(assess({ scores: { growth_and_jobs: 4 } }))
        .thenThrows('RULE_VIOLATED', 'the sub-dimension fewer_fragilities of innovation_societale needs a score');
    });

    it('refuses an assessment with no scores, or one score for the dimension (the shape of version 1)', () => {
      given(inEvaluation)
        .when({ type: 'AssessImpact', data: { dimension: 'innovation_societale', score: 4, evidence } } as unknown as PartnershipCommand)
        .thenThrows(
          'RULE_VIOLATED',
          'an impact assessment needs a score for each sub-dimension (innovation_societale has two sub-dimensions: growth_and_jobs, fewer_fragilities)',
        );
    });

    it('refuses an assessment without evidence', () => {
      given(inEvaluation)
        .when(assess({ evidence: '  ' }))
        .thenThrows('RULE_VIOLATED', 'an impact assessment needs evidence');
    });
  });

  describe('ConcludeEvaluation', () => {
    it('renews: a new cycle starts in cadrage, objectives and impact reset, milestones kept with their cycle', () => {
      const state = given(fullyAssessed)
        .when(conclude({ decision: 'renouveler' }))
        .then([
          { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
          { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
        ]);
      expect(active(state)).toMatchObject({
        phase: 'cadrage',
        cycle: 2,
        objectives: {},
        impact: {},
        milestones: [{ milestoneId: 'ateliers-ehpad', status: 'reached', cycle: 1 }],
        conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2015-06-30' }],
      });
    });

    it.each(['essaimer', 'clore'] as const)('closes the partnership on %s', (decision) => {
      const state = given(fullyAssessed)
        .when(conclude({ decision }))
        .then([
          { type: 'EvaluationConcluded', data: { decision, concludedOn: '2015-06-30', cycle: 1 } },
          { type: 'PartnershipClosed', data: { decision, closedOn: '2015-06-30' } },
        ]);
      expect(active(state)).toMatchObject({ phase: 'closed', cycle: 1, conclusions: [{ cycle: 1, decision, concludedOn: '2015-06-30' }] });
    });

    it.each([
      ['cadrage', readyForPilotage],
      ['pilotage', inPilotage],
    ])('is refused during %s', (_phase, history) => {
      given(history).when(conclude()).thenThrows('RULE_VIOLATED', 'an evaluation can only be concluded during evaluation');
    });

    it('is refused before all three dimensions are assessed', () => {
      given([...inEvaluation, assessed('innovation_societale'), assessed('confiance')])
        .when(conclude())
        .thenThrows('RULE_VIOLATED', 'all three impact dimensions must be assessed before concluding');
    });

    it('is refused with no assessment at all', () => {
      given(inEvaluation).when(conclude()).thenThrows('RULE_VIOLATED', 'all three impact dimensions must be assessed before concluding');
    });

    it('refuses an unknown decision', () => {
      given(fullyAssessed)
        .when(conclude({ decision: 'suspendre' as ConcludeEvaluation['data']['decision'] }))
        .thenThrows('RULE_VIOLATED', 'unknown decision "suspendre"');
    });

    it('refuses an invalid date', () => {
      given(fullyAssessed)
        .when(conclude({ concludedOn: '30/06/2015' }))
        .thenThrows('RULE_VIOLATED', 'the conclusion date must be a real date written YYYY-MM-DD');
    });
  });

  describe('a second cycle', () => {
    const renewed: PartnershipEvent[] = [
      ...fullyAssessed,
      { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
      { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
    ];

    it('needs every partner to agree objectives again before pilotage', () => {
      given([...renewed, planned('essaimage-vienne', '2016-03-01'), agreed('silver-geek', ['innovation'], 2)])
        .when(startPilotage('2015-10-01'))
        .thenThrows('RULE_VIOLATED', 'every partner must agree on objectives before pilotage (missing: La Poste)');
    });

    it('needs a milestone of the new cycle: the earlier ones do not count', () => {
      const twoPlannedInCycleOne = [...readyForPilotage, planned('trophee', '2015-04-18'), pilotageStarted(), reached(), evaluationOpened()];
      given([
        ...twoPlannedInCycleOne,
        assessed('innovation_societale'),
        assessed('performance_organisations'),
        assessed('confiance'),
        { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
        { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
        agreed('silver-geek', ['innovation'], 2),
        agreed('la-poste', ['economique'], 2),
      ])
        .when(startPilotage('2015-10-01'))
        .thenThrows('RULE_VIOLATED', 'at least one milestone must be planned before pilotage');
    });

    it('starts pilotage of cycle 2', () => {
      given([...renewed, agreed('silver-geek', ['innovation'], 2), agreed('la-poste', ['economique'], 2), planned('essaimage-vienne', '2016-03-01')])
        .when(startPilotage('2015-10-01'))
        .then([pilotageStarted(2, '2015-10-01')]);
    });
  });

  describe('evolve', () => {
    // FLDA and the Conseil général de l'Ardèche: a "projet-programme" 2010-2012, renewed for 2013-2015.
    const flda: Partner = { orgId: 'flda', name: 'Fondation de la Caisse d’Epargne Loire-Drôme-Ardèche', sphere: 'fondation' };
    const cgArdeche: Partner = { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' };
    const ardeche: Territory = { id: 'ardeche', name: 'Ardèche', scale: 'departemental' };
    const lifecycle: PartnershipEvent[] = [
      {
        type: 'PartnershipProposed',
        data: {
          partnershipId: 'flda-ardeche',
          title: 'Maintien à domicile des personnes dépendantes',
          territory: ardeche,
          partners: [flda, cgArdeche],
          modes: ['mecenat', 'innovation_societale'],
          proposedAt: '2009-10-05T10:00:00+02:00',
        },
      },
      agreed('flda', ['innovation', 'parties_prenantes']),
      agreed('cg-ardeche', ['parties_prenantes']),
      planned('coordination-teleassistance', '2010-12-31', 'Coordonner les structures de téléassistance'),
      planned('appui-aidants', '2011-06-30', 'Lancer l’appui aux aidants'),
      pilotageStarted(1, '2010-01-04'),
      reached('coordination-teleassistance', '2010-12-15'),
      {
        type: 'MilestoneRescheduled',
        data: { milestoneId: 'appui-aidants', previousDueDate: '2011-06-30', dueDate: '2011-09-30', reason: 'schéma départemental en révision' },
      },
      {
        type: 'SteeringCommitteeHeld',
        data: { committeeId: 'copil-2011', heldOn: '2011-03-14', attendees: ['flda', 'cg-ardeche'], decisions: ['mutualiser le portage de repas'] },
      },
      { type: 'IndicatorRecorded', data: { indicatorId: 'beneficiaires', name: 'Personnes accompagnées', value: 1200, measuredOn: '2012-06-30' } },
      evaluationOpened(1, '2012-09-03'),
      assessed('innovation_societale', { growth_and_jobs: 3, fewer_fragilities: 5 }, 'dispositifs de maintien à domicile expérimentés'),
      assessed('performance_organisations', evenScores('performance_organisations', 3), 'structures mutualisées'),
      assessed('confiance', { collective_trust: 5, individual_trust: 4 }, 'le CG s’en inspire pour son schéma départemental'),
      { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2012-12-14', cycle: 1 } },
      { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2012-12-14' } },
      agreed('flda', ['innovation'], 2),
      planned('aidants-2013', '2013-06-30', 'Plateforme d’appui aux aidants'),
    ];

    it('folds a whole cycle, cadrage → pilotage → evaluation → renouveler → cadrage of cycle 2', () => {
      given(lifecycle).thenState({
        status: 'active',
        partnershipId: 'flda-ardeche',
        title: 'Maintien à domicile des personnes dépendantes',
        territory: ardeche,
        partners: [flda, cgArdeche],
        modes: ['mecenat', 'innovation_societale'],
        phase: 'cadrage',
        cycle: 2,
        objectives: { flda: ['innovation'] },
        milestones: [
          {
            milestoneId: 'coordination-teleassistance',
            title: 'Coordonner les structures de téléassistance',
            dueDate: '2010-12-31',
            status: 'reached',
            reachedOn: '2010-12-15',
            cycle: 1,
            rescheduled: 0,
          },
          {
            milestoneId: 'appui-aidants',
            title: 'Lancer l’appui aux aidants',
            dueDate: '2011-09-30',
            status: 'planned',
            cycle: 1,
            rescheduled: 1,
            lastRescheduleReason: 'schéma départemental en révision',
          },
          { milestoneId: 'aidants-2013', title: 'Plateforme d’appui aux aidants', dueDate: '2013-06-30', status: 'planned', cycle: 2, rescheduled: 0 },
        ],
        committees: [{ committeeId: 'copil-2011', heldOn: '2011-03-14', attendees: ['flda', 'cg-ardeche'], decisions: ['mutualiser le portage de repas'] }],
        indicators: [{ indicatorId: 'beneficiaires', name: 'Personnes accompagnées', value: 1200, measuredOn: '2012-06-30' }],
        measuresRecorded: 1,
        impact: {},
        conclusions: [{ cycle: 1, decision: 'renouveler', concludedOn: '2012-12-14' }],
        proposedAt: '2009-10-05T10:00:00+02:00',
        catalyseurs: [],
      });
    });

    it('follows the phases step by step', () => {
      const phases = lifecycle.map((_, index) => {
        const state = fold(partnershipDecider, lifecycle.slice(0, index + 1));
        return state.status === 'active' ? `${state.phase}/${state.cycle}` : state.status;
      });
      expect([...new Set(phases)]).toEqual(['cadrage/1', 'pilotage/1', 'evaluation/1', 'cadrage/2']);
    });

    it('closes after essaimer and keeps the conclusion', () => {
      const state = fold(partnershipDecider, [
        ...lifecycle.slice(0, 14),
        { type: 'EvaluationConcluded', data: { decision: 'essaimer', concludedOn: '2012-12-14', cycle: 1 } },
        { type: 'PartnershipClosed', data: { decision: 'essaimer', closedOn: '2012-12-14' } },
      ]);
      expect(active(state)).toMatchObject({ phase: 'closed', cycle: 1, conclusions: [{ cycle: 1, decision: 'essaimer', concludedOn: '2012-12-14' }] });
    });

    it('is total: an event before the proposal leaves the partnership unproposed', () => {
      expect(fold(partnershipDecider, [silverGeekAgreed, planned(), pilotageStarted()])).toEqual({ status: 'none' });
    });

    it('is total: a second proposal, an unknown event or a malformed one change nothing', () => {
      const before = fold(partnershipDecider, readyForPilotage);
      const oddities = [
        { ...proposed, data: { ...proposalData, title: 'Autre titre' } },
        { type: 'PartnershipRenamed', data: { title: 'Autre titre' } },
        { type: 'MilestoneReached', data: null },
        { type: 'MilestoneReached' },
        null,
      ] as unknown as PartnershipEvent[];
      for (const event of oddities) expect(partnershipDecider.evolve(before, event)).toBe(before);
    });

    it('is total: an event about an unknown milestone changes no milestone', () => {
      const before = active(fold(partnershipDecider, inPilotage));
      const after = active(partnershipDecider.evolve(before, reached('inconnu')));
      expect(after.milestones).toEqual(before.milestones);
    });

    it('keeps the reason of the last reschedule and of a drop; a reschedule clears the reminder, so the new date is reminded in its turn', () => {
      const dueSoon = (dueDate: string, remindedOn: string, daysLeft = 7): PartnershipEvent => ({
        type: 'MilestoneDueSoon',
        data: { milestoneId: 'ateliers-ehpad', title: 'Premiers ateliers numériques en EHPAD', dueDate, daysLeft, remindedOn },
      });
      const moved = (previousDueDate: string, dueDate: string, reason: string): PartnershipEvent => ({
        type: 'MilestoneRescheduled',
        data: { milestoneId: 'ateliers-ehpad', previousDueDate, dueDate, reason },
      });
      const reminded = given([...inPilotage, dueSoon('2014-12-15', '2014-12-08')]).state;
      expect(active(reminded).milestones[0]).toMatchObject({ remindedOn: '2014-12-08' });
      const history = [
        ...inPilotage,
        dueSoon('2014-12-15', '2014-12-08'),
        moved('2014-12-15', '2015-01-20', 'tablettes livrées en retard'),
        moved('2015-01-20', '2014-12-15', 'EHPAD rouvert'),
      ];
      const back = given(history).state;
      expect(active(back).milestones[0]).toEqual({
        milestoneId: 'ateliers-ehpad',
        title: 'Premiers ateliers numériques en EHPAD',
        dueDate: '2014-12-15',
        status: 'planned',
        cycle: 1,
        rescheduled: 2,
        lastRescheduleReason: 'EHPAD rouvert',
      });
      given(history)
        .when(remind({ today: '2014-12-10' }))
        .then([dueSoon('2014-12-15', '2014-12-10', 5)]);
      expect(active(given([...inPilotage, dropped()]).state).milestones[0]).toMatchObject({
        status: 'dropped',
        dropReason: 'EHPAD partenaire fermé pour travaux',
      });
    });

    it('keys its lists: a milestone, a committee or an indicator recorded again replaces the earlier one (moved last); an indicator keeps its latest measure', () => {
      const measured = (indicatorId: string, value: number, measuredOn: string): PartnershipEvent => ({
        type: 'IndicatorRecorded',
        data: { indicatorId, name: indicatorId, value, measuredOn },
      });
      const copil = (heldOn: string, attendees: string[]): PartnershipEvent => ({
        type: 'SteeringCommitteeHeld',
        data: { committeeId: 'copil-1', heldOn, attendees, decisions: ['lancer les ateliers'] },
      });
      const state = active(
        fold(partnershipDecider, [
          ...inPilotage,
          planned('trophee', '2015-04-18', 'Trophée Silver Geek'),
          planned('ateliers-ehpad', '2015-02-01', 'Ateliers, deuxième vague'),
          measured('seniors', 120, '2015-01-31'),
          measured('lieux', 4, '2015-01-31'),
          measured('seniors', 320, '2015-03-31'),
          copil('2015-01-12', ['silver-geek']),
          copil('2015-01-19', ['silver-geek', 'la-poste']),
        ]),
      );
      expect(state.milestones.map((m) => [m.milestoneId, m.title, m.dueDate])).toEqual([
        ['trophee', 'Trophée Silver Geek', '2015-04-18'],
        ['ateliers-ehpad', 'Ateliers, deuxième vague', '2015-02-01'],
      ]);
      expect(state.indicators.map((i) => [i.indicatorId, i.value])).toEqual([
        ['lieux', 4],
        ['seniors', 320],
      ]);
      expect(state.committees).toEqual([
        { committeeId: 'copil-1', heldOn: '2015-01-19', attendees: ['silver-geek', 'la-poste'], decisions: ['lancer les ateliers'] },
      ]);
    });
  });

  describe('nothing is dated before the partnership existed (proposed on 2014-09-15)', () => {
    it('refuses a steering committee held before the day of the proposal', () => {
      given(inPilotage)
        .when(holdCopil({ heldOn: '2014-09-14' }))
        .thenThrows('RULE_VIOLATED', 'the steering committee (2014-09-14) cannot be earlier than the partnership, proposed on 2014-09-15');
    });

    it('accepts a committee held on the day of the proposal (pilotage started that day)', () => {
      given([...readyForPilotage, pilotageStarted(1, '2014-09-15')])
        .when(holdCopil({ committeeId: 'copil-0', heldOn: '2014-09-15' }))
        .then([
          {
            type: 'SteeringCommitteeHeld',
            data: {
              committeeId: 'copil-0',
              heldOn: '2014-09-15',
              attendees: ['silver-geek', 'la-poste'],
              decisions: ['étendre les ateliers à 15 lieux d’accueil', 'préparer le trophée Silver Geek'],
            },
          },
        ]);
    });

    it('refuses a start of pilotage, a milestone reached, an indicator, an evaluation opened or concluded before it', () => {
      given(readyForPilotage)
        .when(startPilotage('2014-09-01'))
        .thenThrows('RULE_VIOLATED', 'the start of pilotage (2014-09-01) cannot be earlier than the partnership');
      given(inPilotage)
        .when(reach({ reachedOn: '2014-01-10' }))
        .thenThrows('RULE_VIOLATED', 'reaching a milestone (2014-01-10) cannot be earlier than the partnership');
      given(inPilotage)
        .when(recordIndicator({ measuredOn: '2013-12-31' }))
        .thenThrows('RULE_VIOLATED', 'the measurement (2013-12-31) cannot be earlier than the partnership');
      given([...inPilotage, reached()])
        .when(openEvaluation('2014-09-14'))
        .thenThrows('RULE_VIOLATED', 'the opening of the evaluation (2014-09-14) cannot be earlier than the partnership');
      given(fullyAssessed)
        .when(conclude({ concludedOn: '2014-08-01' }))
        .thenThrows('RULE_VIOLATED', 'the conclusion (2014-08-01) cannot be earlier than the partnership');
    });
  });
});
