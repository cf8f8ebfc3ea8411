/**
 * The documents' four stages of a collective experimentation — invitation au dialogue, co-construction, restitution
 * des travaux, mise en œuvre des actions with the follow-up of the working groups — then the evaluation; the restitution
 * and the mise en œuvre where there was one; the categories of experimentation; the "briques" of an action.
 * Charenton-Saint-Maurice: restitution on 5 June 2013 (118 dirigeants: 40 % associations, 40 % entreprises, 20 % from
 * outside the territory), mise en œuvre and follow-up since 6 June 2013. Silver Geek: no restitution, a mise en œuvre of
 * 8 months in 15 host places, three briques (prêt de matériel, animation, évaluation).
 */
import { specFor } from '../testing';
import { experimentationDecider } from './decider';
import type { AdoptAction, ExperimentationCommand, ExperimentationEvent, ExperimentationStage, ExperimentationState, HoldRestitution } from './types';

const { given } = specFor(experimentationDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const cc = { orgId: 'cc-charenton-saint-maurice', name: 'Communauté de communes de Charenton-Saint-Maurice', sphere: 'collectivite' } as const;
const launchData = {
  experimentationId: 'agir-ensemble-charenton',
  title: 'Agir ensemble à Charenton-Saint-Maurice',
  territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
  conveners: [cc],
  catalyseurs: ['catalyseur-val-de-marne'],
  launchedOn: '2012-01-16',
} as const;

const launched: ExperimentationEvent = { type: 'ExperimentationLaunched', data: launchData };
const invited: ExperimentationEvent = { type: 'DirigeantsInvited', data: { invitedOn: '2012-10-02', dirigeants: 142, volunteers: 40 } };
const formed: ExperimentationEvent = { type: 'WorkingGroupFormed', data: { groupId: 'handicap', theme: 'Handicap', formedOn: '2012-10-02' } };
const members: ExperimentationEvent[] = [
  {
    type: 'WorkingGroupJoined',
    data: { groupId: 'handicap', participantId: 'handicap-1', organisation: 'Essilor', sphere: 'entreprise', joinedOn: '2012-11-15' },
  },
  {
    type: 'WorkingGroupJoined',
    data: { groupId: 'handicap', participantId: 'handicap-2', organisation: 'Tremplin', sphere: 'association', joinedOn: '2012-11-15' },
  },
];
const stageAdvanced = (stage: ExperimentationStage, previousStage: ExperimentationStage, advancedOn: string): ExperimentationEvent => ({
  type: 'StageAdvanced',
  data: { stage, previousStage, advancedOn },
});
const meeting = (step: 'etat_des_lieux' | 'propositions' | 'plan_action', heldOn: string): ExperimentationEvent => ({
  type: 'GroupMeetingHeld',
  data: { groupId: 'handicap', step, heldOn, attendees: ['handicap-1', 'handicap-2'] },
});
const action: AdoptAction['data'] = {
  actionId: 'referents-handicap',
  title: 'Réseau territorial de référents sur le handicap',
  groupIds: ['handicap'],
  carriers: [cc],
  adoptedOn: '2013-06-05',
};
const restitutionData: HoldRestitution['data'] = { heldOn: '2013-06-05', dirigeants: 118, bySphere: { association: 47, entreprise: 47 }, fromOutside: 24 };

const inCoConstruction: ExperimentationEvent[] = [launched, invited, formed, ...members, stageAdvanced('co_construction', 'emergence_besoins', '2012-12-03')];
const planned: ExperimentationEvent[] = [
  ...inCoConstruction,
  meeting('etat_des_lieux', '2012-12-12'),
  meeting('propositions', '2013-01-16'),
  meeting('plan_action', '2013-02-13'),
];
const inRestitution: ExperimentationEvent[] = [...planned, stageAdvanced('restitution', 'co_construction', '2013-06-05')];
const restituted: ExperimentationEvent[] = [...inRestitution, { type: 'RestitutionHeld', data: restitutionData }, { type: 'ActionAdopted', data: action }];
const inMiseEnOeuvre: ExperimentationEvent[] = [...restituted, stageAdvanced('mise_en_oeuvre', 'restitution', '2013-06-06')];

const advance = (stage: ExperimentationStage, advancedOn: string): ExperimentationCommand => ({ type: 'AdvanceStage', data: { stage, advancedOn } });
const holdRestitution = (data: Partial<HoldRestitution['data']> = {}): ExperimentationCommand => ({
  type: 'HoldRestitution',
  data: { ...restitutionData, ...data },
});
const followUp = (
  data: Partial<{ groupId: string; heldOn: string; attendees: readonly string[]; notes: string; today: string }> = {},
): ExperimentationCommand => ({
  type: 'HoldFollowUpMeeting',
  data: { groupId: 'handicap', heldOn: '2013-10-10', attendees: ['handicap-1'], ...data },
});

const launchedState = (state: ExperimentationState) => {
  if (state.status === 'none') throw new Error('expected a launched experimentation');
  return state;
};

describe('experimentation: the documents’ stages', () => {
  describe('AdvanceStage through the restitution and the mise en œuvre', () => {
    it('moves from co_construction to restitution once every group held its plan_action meeting, no action needed yet', () => {
      given(planned)
        .when(advance('restitution', '2013-06-05'))
        .then([stageAdvanced('restitution', 'co_construction', '2013-06-05')]);
    });

    it('refuses the restitution while a group has not held its plan_action meeting', () => {
      given(inCoConstruction)
        .when(advance('restitution', '2013-06-05'))
        .thenThrows('RULE_VIOLATED', 'every working group must hold its plan_action meeting before restitution (missing: Handicap)');
    });

    it('refuses to leave the restitution before it was held', () => {
      given([...inRestitution, { type: 'ActionAdopted', data: action }])
        .when(advance('mise_en_oeuvre', '2013-06-06'))
        .thenThrows('RULE_VIOLATED', 'the restitution must be held before mise_en_oeuvre');
    });

    it('moves from restitution to mise_en_oeuvre once the restitution is held and an action adopted', () => {
      const state = given(restituted)
        .when(advance('mise_en_oeuvre', '2013-06-06'))
        .then([stageAdvanced('mise_en_oeuvre', 'restitution', '2013-06-06')]);
      expect(launchedState(state)).toMatchObject({ stage: 'mise_en_oeuvre', stageSince: '2013-06-06' });
    });

    it('refuses the mise en œuvre without an adopted action', () => {
      given(planned).when(advance('mise_en_oeuvre', '2013-06-06')).thenThrows('RULE_VIOLATED', 'at least one action must be adopted before mise_en_oeuvre');
    });

    it('passes over the restitution and the mise en œuvre (experimentations recorded before them, Silver Geek’s restitution)', () => {
      const adopted: ExperimentationEvent[] = [...planned, { type: 'ActionAdopted', data: action }];
      given(adopted)
        .when(advance('evaluation_resultats', '2015-09-01'))
        .then([stageAdvanced('evaluation_resultats', 'co_construction', '2015-09-01')]);
      given(adopted)
        .when(advance('mise_en_oeuvre', '2013-06-06'))
        .then([stageAdvanced('mise_en_oeuvre', 'co_construction', '2013-06-06')]);
      given(restituted)
        .when(advance('evaluation_resultats', '2015-09-01'))
        .then([stageAdvanced('evaluation_resultats', 'restitution', '2015-09-01')]);
    });

    it('still refuses to skip the co-construction', () => {
      given([launched, invited, formed])
        .when(advance('restitution', '2013-06-05'))
        .thenThrows('RULE_VIOLATED', 'the experimentation cannot skip from emergence_besoins to restitution');
    });

    it('refuses to go back from the mise en œuvre to the restitution', () => {
      given(inMiseEnOeuvre)
        .when(advance('restitution', '2013-07-01'))
        .thenThrows('RULE_VIOLATED', 'the experimentation cannot go back from mise_en_oeuvre to restitution');
    });

    it('refuses a stage that would start before the restitution', () => {
      given([...inRestitution, { type: 'RestitutionHeld', data: { ...restitutionData, heldOn: '2013-06-10' } }, { type: 'ActionAdopted', data: action }])
        .when(advance('mise_en_oeuvre', '2013-06-06'))
        .thenThrows('RULE_VIOLATED', 'the start of mise_en_oeuvre (2013-06-06) cannot be earlier than the restitution (2013-06-10)');
    });
  });

  describe('HoldRestitution', () => {
    it('records the dirigeants present and their composition: 118, 47 associations, 47 entreprises, 24 from outside the territory', () => {
      const state = given(inRestitution)
        .when(holdRestitution())
        .then([{ type: 'RestitutionHeld', data: restitutionData }]);
      expect(launchedState(state).restitution).toEqual(restitutionData);
    });

    it('accepts a restitution whose composition is unknown, and keeps notes', () => {
      given(inRestitution)
        .when({ type: 'HoldRestitution', data: { heldOn: '2013-06-05', dirigeants: 118, notes: '  présentation du plan d’action  ' } })
        .then([{ type: 'RestitutionHeld', data: { heldOn: '2013-06-05', dirigeants: 118, notes: 'présentation du plan d’action' } }]);
    });

    it('is held once', () => {
      given(restituted).when(holdRestitution()).thenThrows('CONFLICT', 'the restitution was already held (2013-06-05)');
    });

    it('is held during the restitution stage only', () => {
      given(planned).when(holdRestitution()).thenThrows('RULE_VIOLATED', 'the restitution can only be held during the restitution stage');
    });

    it('refuses a composition that counts more dirigeants than were present', () => {
      given(inRestitution)
        .when(holdRestitution({ fromOutside: 30 }))
        .thenThrows('RULE_VIOLATED', 'the split by sphere and the dirigeants from outside the territory count 124, more than the 118 in all');
    });

    it.each([
      [{ dirigeants: 0 }, 'the number of dirigeants must be a whole number of at least 1'],
      [{ dirigeants: 11.5 }, 'the number of dirigeants must be a whole number of at least 1'],
      [{ fromOutside: 119 }, 'the number of dirigeants from outside the territory must be a whole number from 0 to 118'],
      [{ bySphere: { syndicat: 3 } as never }, 'unknown sphere "syndicat"'],
      [{ heldOn: '2013-06-04' }, 'the restitution (2013-06-04) cannot be earlier than the start of restitution (2013-06-05)'],
    ] as const)('refuses %j', (data, message) => {
      given(inRestitution).when(holdRestitution(data)).thenThrows('RULE_VIOLATED', message);
    });
  });

  describe('AdoptAction during the restitution, with its briques', () => {
    it('adopts an action presented at the restitution', () => {
      given(inRestitution)
        .when({ type: 'AdoptAction', data: action })
        .then([{ type: 'ActionAdopted', data: action }]);
    });

    it('keeps the briques an action rests on', () => {
      const briques = { ...action, components: ['Prêt de matériel', ' Animation ', 'Évaluation'] };
      given(planned)
        .when({ type: 'AdoptAction', data: briques })
        .then([{ type: 'ActionAdopted', data: { ...action, components: ['Prêt de matériel', 'Animation', 'Évaluation'] } }]);
    });

    it('refuses a brique twice or blank', () => {
      given(planned)
        .when({ type: 'AdoptAction', data: { ...action, components: ['Animation', 'animation'] } })
        .thenThrows('RULE_VIOLATED', 'component "animation" is listed twice');
      given(planned)
        .when({ type: 'AdoptAction', data: { ...action, components: [' '] } })
        .thenThrows('RULE_VIOLATED', 'a component of an action cannot be blank');
    });

    it('refuses an action once in the mise en œuvre', () => {
      given(inMiseEnOeuvre)
        .when({ type: 'AdoptAction', data: { ...action, actionId: 'autre' } })
        .thenThrows('RULE_VIOLATED', 'actions can only be adopted during co_construction or restitution');
    });
  });

  describe('HoldFollowUpMeeting', () => {
    it('records the follow-up meetings of a working group during the mise en œuvre, as many as needed', () => {
      const first: ExperimentationEvent = { type: 'FollowUpMeetingHeld', data: { groupId: 'handicap', heldOn: '2013-10-10', attendees: ['handicap-1'] } };
      given(inMiseEnOeuvre).when(followUp()).then([first]);
      const state = given([...inMiseEnOeuvre, first])
        .when(followUp({ heldOn: '2014-03-13', attendees: ['handicap-1', 'handicap-2'], notes: 'bilan du raid' }))
        .then([
          { type: 'FollowUpMeetingHeld', data: { groupId: 'handicap', heldOn: '2014-03-13', attendees: ['handicap-1', 'handicap-2'], notes: 'bilan du raid' } },
        ]);
      expect(launchedState(state).groups[0]?.followUps.map((m) => m.heldOn)).toEqual(['2013-10-10', '2014-03-13']);
    });

    it('is held during the mise en œuvre only', () => {
      given(restituted).when(followUp()).thenThrows('RULE_VIOLATED', 'follow-up meetings can only be held during mise_en_oeuvre');
    });

    it('refuses a second follow-up the same day, and one before the previous', () => {
      const first: ExperimentationEvent = { type: 'FollowUpMeetingHeld', data: { groupId: 'handicap', heldOn: '2013-10-10', attendees: ['handicap-1'] } };
      given([...inMiseEnOeuvre, first])
        .when(followUp())
        .thenThrows('CONFLICT', 'working group "handicap" already held a follow-up meeting on 2013-10-10');
      given([...inMiseEnOeuvre, first])
        .when(followUp({ heldOn: '2013-09-01' }))
        .thenThrows('RULE_VIOLATED', 'the follow-up meeting (2013-09-01) cannot be earlier than the previous follow-up meeting (2013-10-10)');
    });

    it.each([
      [{ groupId: 'inconnu' }, 'NOT_FOUND', 'working group "inconnu" not found'],
      [{ attendees: [] }, 'RULE_VIOLATED', 'a meeting needs at least one participant present'],
      [{ attendees: ['quelqu-un'] }, 'RULE_VIOLATED', '"quelqu-un" is not a participant of working group "handicap"'],
      [{ heldOn: '2013-06-01' }, 'RULE_VIOLATED', 'the follow-up meeting (2013-06-01) cannot be earlier than the start of mise_en_oeuvre (2013-06-06)'],
    ] as const)('refuses %j', (data, code, message) => {
      given(inMiseEnOeuvre).when(followUp(data)).thenThrows(code, message);
    });
  });

  describe('categories', () => {
    it('launches an experimentation of a category of the documents', () => {
      const state = given([])
        .when({ type: 'LaunchExperimentation', data: { ...launchData, category: 'experimentation_collective' } })
        .then([{ type: 'ExperimentationLaunched', data: { ...launchData, category: 'experimentation_collective' } }]);
      expect(launchedState(state).category).toBe('experimentation_collective');
    });

    it('refuses an unknown category', () => {
      given([])
        .when({ type: 'LaunchExperimentation', data: { ...launchData, category: 'hackathon' as never } })
        .thenThrows('RULE_VIOLATED', 'unknown experimentation category "hackathon"');
    });

    it('reads an experimentation launched before categories without one', () => {
      expect(launchedState(given([launched]).state).category).toBeUndefined();
    });
  });

  describe('the restitution and follow-up meetings are not dated after the day they are recorded (today, given by the edge)', () => {
    it('accepts the restitution dated today, refuses it dated after today', () => {
      given(inRestitution)
        .when(holdRestitution({ today: '2013-06-05' }))
        .then([{ type: 'RestitutionHeld', data: restitutionData }]);
      given(inRestitution)
        .when(holdRestitution({ today: '2013-06-04' }))
        .thenThrows('RULE_VIOLATED', 'the restitution (2013-06-05) cannot be later than today, 2013-06-04: it has not happened yet');
    });

    it('accepts a follow-up meeting dated today, refuses it dated after today', () => {
      given(inMiseEnOeuvre)
        .when(followUp({ today: '2013-10-10' }))
        .then([{ type: 'FollowUpMeetingHeld', data: { groupId: 'handicap', heldOn: '2013-10-10', attendees: ['handicap-1'] } }]);
      given(inMiseEnOeuvre)
        .when(followUp({ today: '2013-10-09' }))
        .thenThrows('RULE_VIOLATED', 'the follow-up meeting (2013-10-10) cannot be later than today, 2013-10-09: it has not happened yet');
    });
  });
});
