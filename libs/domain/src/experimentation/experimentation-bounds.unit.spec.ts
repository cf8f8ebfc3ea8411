import { specFor } from '../testing';
import { experimentationDecider } from './decider';
import {
  ACTION_COMPONENTS_MAX,
  ESSAIMAGE_TERRITORIES_MAX,
  EXPERIMENTATION_ACTIONS_MAX,
  EXPERIMENTATION_CATALYSEURS_MAX,
  EXPERIMENTATION_GROUPS_MAX,
  EXPERIMENTATION_ORGANISATIONS_MAX,
  FOLLOW_UP_MEETINGS_MAX,
  RESULT_INDICATORS_MAX,
  type ExperimentationCommand,
  type ExperimentationEvent,
  type LaunchExperimentation,
} from './types';

/*
 * How much a collective experimentation holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the
 * command beyond a bound is refused (RULE_VIOLATED naming it, nothing decided); events already stored are read as
 * they are.
 */

const { given } = specFor(experimentationDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));
/** The day `i` days after 2014-01-01. */
const dayAfter = (i: number): string => new Date(Date.UTC(2014, 0, 1 + i)).toISOString().slice(0, 10);

const launchData: LaunchExperimentation['data'] = {
  experimentationId: 'agir-ensemble-charenton',
  title: 'Agir ensemble à Charenton-Saint-Maurice',
  territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
  conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes de Charenton', sphere: 'collectivite' }],
  catalyseurs: [],
  launchedOn: '2012-01-16',
};
const organisation = (i: number): { orgId: string; name: string; sphere: 'association' } => ({
  orgId: `org-${i}`,
  name: `Organisation ${i}`,
  sphere: 'association',
});
const launched: ExperimentationEvent = { type: 'ExperimentationLaunched', data: { ...launchData, catalyseurs: [] } };
const formed = (i: number): ExperimentationEvent => ({ type: 'WorkingGroupFormed', data: { groupId: `g-${i}`, theme: `Thème ${i}`, formedOn: '2012-10-02' } });
const joined = (participantId: string, sphere: 'association' | 'entreprise'): ExperimentationEvent => ({
  type: 'WorkingGroupJoined',
  data: { groupId: 'g-0', participantId, organisation: participantId, sphere, joinedOn: '2012-11-15' },
});
const met = (step: 'etat_des_lieux' | 'propositions' | 'plan_action', heldOn: string): ExperimentationEvent => ({
  type: 'GroupMeetingHeld',
  data: { groupId: 'g-0', step, heldOn, attendees: ['asso', 'ent'] },
});
const planned: ExperimentationEvent[] = [
  launched,
  { type: 'DirigeantsInvited', data: { invitedOn: '2012-10-02', dirigeants: 40 } },
  formed(0),
  joined('asso', 'association'),
  joined('ent', 'entreprise'),
  { type: 'StageAdvanced', data: { stage: 'co_construction', previousStage: 'emergence_besoins', advancedOn: '2012-12-03' } },
  met('etat_des_lieux', '2012-12-10'),
  met('propositions', '2013-01-14'),
  met('plan_action', '2013-02-11'),
];
const actionData = (actionId: string, data: Record<string, unknown> = {}): Record<string, unknown> => ({
  actionId,
  title: `Action ${actionId}`,
  groupIds: ['g-0'],
  carriers: [organisation(0)],
  adoptedOn: '2013-06-05',
  ...data,
});
const adopted = (i: number): ExperimentationEvent => ({ type: 'ActionAdopted', data: actionData(`a-${i}`) as never });
const adopt = (data: Record<string, unknown> = {}): ExperimentationCommand =>
  ({ type: 'AdoptAction', data: actionData('a-new', data) }) as unknown as ExperimentationCommand;
const inMiseEnOeuvre: ExperimentationEvent[] = [
  ...planned,
  adopted(0),
  { type: 'StageAdvanced', data: { stage: 'mise_en_oeuvre', previousStage: 'co_construction', advancedOn: '2014-01-01' } },
];
const followUp = (i: number): ExperimentationEvent => ({ type: 'FollowUpMeetingHeld', data: { groupId: 'g-0', heldOn: dayAfter(i), attendees: ['asso'] } });
const holdFollowUp = (heldOn: string): ExperimentationCommand => ({ type: 'HoldFollowUpMeeting', data: { groupId: 'g-0', heldOn, attendees: ['asso'] } });

describe('experimentation decider: bounds on what an experimentation holds', () => {
  it(`forms ${EXPERIMENTATION_GROUPS_MAX} working groups, not one more`, () => {
    const form: ExperimentationCommand = { type: 'FormWorkingGroup', data: { groupId: 'g-new', theme: 'Mobilité', formedOn: '2012-10-02' } };
    given([launched, ...times(EXPERIMENTATION_GROUPS_MAX - 1, formed)])
      .when(form)
      .then([{ type: 'WorkingGroupFormed', data: { groupId: 'g-new', theme: 'Mobilité', formedOn: '2012-10-02' } }]);
    given([launched, ...times(EXPERIMENTATION_GROUPS_MAX, formed)])
      .when(form)
      .thenThrows('RULE_VIOLATED', `an experimentation cannot form more working groups (at most ${EXPERIMENTATION_GROUPS_MAX})`);
  });

  it(`adopts ${EXPERIMENTATION_ACTIONS_MAX} actions, not one more`, () => {
    given([...planned, ...times(EXPERIMENTATION_ACTIONS_MAX - 1, adopted)])
      .when(adopt())
      .then([{ type: 'ActionAdopted', data: actionData('a-new') as never }]);
    given([...planned, ...times(EXPERIMENTATION_ACTIONS_MAX, adopted)])
      .when(adopt())
      .thenThrows('RULE_VIOLATED', `an experimentation cannot adopt more actions (at most ${EXPERIMENTATION_ACTIONS_MAX})`);
  });

  it(`refuses an action of more than ${EXPERIMENTATION_ORGANISATIONS_MAX} carriers or ${ACTION_COMPONENTS_MAX} briques`, () => {
    given(planned)
      .when(adopt({ carriers: times(EXPERIMENTATION_ORGANISATIONS_MAX + 1, organisation) }))
      .thenThrows('RULE_VIOLATED', `too many carriers (at most ${EXPERIMENTATION_ORGANISATIONS_MAX}, got ${EXPERIMENTATION_ORGANISATIONS_MAX + 1})`);
    given(planned)
      .when(adopt({ components: times(ACTION_COMPONENTS_MAX + 1, (i) => `brique ${i}`) }))
      .thenThrows('RULE_VIOLATED', `too many components (at most ${ACTION_COMPONENTS_MAX}, got ${ACTION_COMPONENTS_MAX + 1})`);
  });

  it(`refuses a launch of more than ${EXPERIMENTATION_ORGANISATIONS_MAX} conveners or ${EXPERIMENTATION_CATALYSEURS_MAX} catalyseurs`, () => {
    const launch = (data: Record<string, unknown>): ExperimentationCommand =>
      ({ type: 'LaunchExperimentation', data: { ...launchData, ...data } }) as ExperimentationCommand;
    given([])
      .when(launch({ conveners: times(EXPERIMENTATION_ORGANISATIONS_MAX + 1, organisation) }))
      .thenThrows(
        'RULE_VIOLATED',
        `too many convening organisations (at most ${EXPERIMENTATION_ORGANISATIONS_MAX}, got ${EXPERIMENTATION_ORGANISATIONS_MAX + 1})`,
      );
    given([])
      .when(launch({ catalyseurs: times(EXPERIMENTATION_CATALYSEURS_MAX + 1, (i) => `cat-${i}`) }))
      .thenThrows('RULE_VIOLATED', `too many catalyseurs (at most ${EXPERIMENTATION_CATALYSEURS_MAX}, got ${EXPERIMENTATION_CATALYSEURS_MAX + 1})`);
  });

  it(`holds ${FOLLOW_UP_MEETINGS_MAX} follow-up meetings per working group, not one more`, () => {
    given([...inMiseEnOeuvre, ...times(FOLLOW_UP_MEETINGS_MAX - 1, followUp)])
      .when(holdFollowUp(dayAfter(FOLLOW_UP_MEETINGS_MAX)))
      .then([{ type: 'FollowUpMeetingHeld', data: { groupId: 'g-0', heldOn: dayAfter(FOLLOW_UP_MEETINGS_MAX), attendees: ['asso'] } }]);
    given([...inMiseEnOeuvre, ...times(FOLLOW_UP_MEETINGS_MAX, followUp)])
      .when(holdFollowUp(dayAfter(FOLLOW_UP_MEETINGS_MAX + 1)))
      .thenThrows('RULE_VIOLATED', `working group "g-0" cannot hold more follow-up meetings (at most ${FOLLOW_UP_MEETINGS_MAX})`);
  });

  it(`refuses results of more than ${RESULT_INDICATORS_MAX} indicators and an essaimage to more than ${ESSAIMAGE_TERRITORIES_MAX} territories`, () => {
    const inEvaluation: ExperimentationEvent[] = [
      ...planned,
      adopted(0),
      { type: 'StageAdvanced', data: { stage: 'evaluation_resultats', previousStage: 'co_construction', advancedOn: '2015-09-01' } },
    ];
    const indicators = times(RESULT_INDICATORS_MAX + 1, (i) => ({ name: `Indicateur ${i}`, value: i }));
    given(inEvaluation)
      .when({ type: 'EvaluateResults', data: { actionId: 'a-0', outcome: 'concluante', summary: 'atteint', indicators, evaluatedOn: '2016-02-15' } })
      .thenThrows('RULE_VIOLATED', `too many indicators (at most ${RESULT_INDICATORS_MAX}, got ${RESULT_INDICATORS_MAX + 1})`);
    const evaluated: ExperimentationEvent = {
      type: 'ResultsEvaluated',
      data: { actionId: 'a-0', outcome: 'concluante', summary: 'atteint', indicators: [], evaluatedOn: '2016-02-15' },
    };
    const territories = times(ESSAIMAGE_TERRITORIES_MAX + 1, (i) => `territoire-${i}`);
    given([...inEvaluation, evaluated])
      .when({ type: 'DecideEssaimage', data: { essaimer: true, territories, decidedOn: '2016-03-01' } })
      .thenThrows('RULE_VIOLATED', `too many territories (at most ${ESSAIMAGE_TERRITORIES_MAX}, got ${ESSAIMAGE_TERRITORIES_MAX + 1})`);
  });
});
