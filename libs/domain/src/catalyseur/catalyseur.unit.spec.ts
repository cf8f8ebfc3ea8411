import { fold } from '../kernel/decider';
import type { CatalyseurSkill, Sphere } from '../kernel/vocabulary';
import { specFor } from '../testing';
import { catalyseurDecider } from './decider';
import type { CatalyseurCommand, CatalyseurEvent, JoinNetwork, UpdateProfile } from './types';

const { given } = specFor(catalyseurDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

// A catalyseur of the Ardèche, from the Conseil départemental.
const joinData: JoinNetwork['data'] = {
  catalyseurId: 'amelie-martin',
  name: 'Amélie Martin',
  sphere: 'collectivite',
  territory: 'ardeche',
  skills: ['dialogue_territorial', 'mise_en_relation'],
  joinedAt: '2016-03-10T14:00:00+01:00',
};

const join = (data: Partial<JoinNetwork['data']> = {}): CatalyseurCommand => ({ type: 'JoinNetwork', data: { ...joinData, ...data } });
const update = (data: UpdateProfile['data']): CatalyseurCommand => ({ type: 'UpdateProfile', data });
const leave = (data: { reason?: string; leftAt?: string } = {}): CatalyseurCommand => ({
  type: 'LeaveNetwork',
  data: { leftAt: '2019-07-01T09:00:00+02:00', ...data },
});

const joined: CatalyseurEvent = { type: 'CatalyseurJoined', data: joinData };
const left: CatalyseurEvent = { type: 'CatalyseurLeft', data: { reason: 'départ à la retraite', leftAt: '2019-07-01T09:00:00+02:00' } };

describe('catalyseur decider', () => {
  describe('JoinNetwork', () => {
    it('joins the network as a member', () => {
      const state = given([]).when(join()).then([joined]);
      expect(state).toEqual({
        status: 'member',
        catalyseurId: 'amelie-martin',
        name: 'Amélie Martin',
        sphere: 'collectivite',
        territory: 'ardeche',
        skills: ['dialogue_territorial', 'mise_en_relation'],
        joinedAt: '2016-03-10T14:00:00+01:00',
      });
    });

    it('trims the name and the territory', () => {
      given([])
        .when(join({ name: ' Amélie Martin ', territory: 'ardeche ' }))
        .then([joined]);
    });

    it('refuses a catalyseur already in the network', () => {
      given([joined]).when(join()).thenThrows('CONFLICT', 'catalyseur already exists');
    });

    it('refuses a catalyseur who left', () => {
      given([joined, left]).when(join()).thenThrows('CONFLICT', 'catalyseur already exists');
    });

    it('refuses a blank id', () => {
      given([])
        .when(join({ catalyseurId: '' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs an id');
    });

    it('refuses a blank name', () => {
      given([])
        .when(join({ name: '  ' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs a name');
    });

    it('refuses an unknown sphere', () => {
      given([])
        .when(join({ sphere: 'syndicat' as Sphere }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "syndicat"');
    });

    it('refuses a blank territory', () => {
      given([])
        .when(join({ territory: '' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs a territory');
    });

    it('refuses a catalyseur without skills', () => {
      given([])
        .when(join({ skills: [] }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs at least one skill');
    });

    it('refuses an unknown skill', () => {
      given([])
        .when(join({ skills: ['mise_en_relation', 'communication' as CatalyseurSkill] }))
        .thenThrows('RULE_VIOLATED', 'unknown skill "communication"');
    });

    it('refuses a skill listed twice', () => {
      given([])
        .when(join({ skills: ['mise_en_relation', 'mise_en_relation'] }))
        .thenThrows('RULE_VIOLATED', 'skill "mise_en_relation" is listed twice');
    });

    it('refuses a join without its time', () => {
      given([])
        .when(join({ joinedAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of joining is needed');
    });

    it('joins with the date it joined, for a catalyseur recorded afterwards', () => {
      given([])
        .when(join({ joinedAt: '2016-03-10' }))
        .then([{ type: 'CatalyseurJoined', data: { ...joinData, joinedAt: '2016-03-10' } }]);
    });

    it.each(['hier', '2016-02-30', '2016-03-10T25:00:00Z', '2016-03-10T14:00:00'])('refuses the time of joining %p', (joinedAt) => {
      given([])
        .when(join({ joinedAt }))
        .thenThrows('RULE_VIOLATED', `the time of joining must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got "${joinedAt}")`);
    });
  });

  describe('any command but JoinNetwork', () => {
    it.each([update({ name: 'Amélie Martin-Roux' }), leave()].map((command) => [command.type, command] as const))(
      '%s is refused for a catalyseur who never joined',
      (_type, command) => {
        given([]).when(command).thenThrows('NOT_FOUND', 'catalyseur not found');
      },
    );
  });

  describe('UpdateProfile', () => {
    it('updates one field', () => {
      const state = given([joined])
        .when(update({ territory: 'drome' }))
        .then([{ type: 'ProfileUpdated', data: { territory: 'drome' } }]);
      expect(state).toMatchObject({ status: 'member', territory: 'drome', name: 'Amélie Martin' });
    });

    it('updates several fields', () => {
      const skills: CatalyseurSkill[] = ['experimentations_collectives', 'accompagnement_partenariat'];
      const state = given([joined])
        .when(update({ name: 'Amélie Martin-Roux', sphere: 'association', skills }))
        .then([{ type: 'ProfileUpdated', data: { name: 'Amélie Martin-Roux', sphere: 'association', skills } }]);
      expect(state).toMatchObject({ name: 'Amélie Martin-Roux', sphere: 'association', territory: 'ardeche', skills });
    });

    it('writes only what changes', () => {
      given([joined])
        .when(update({ name: 'Amélie Martin', territory: 'drome', skills: ['dialogue_territorial', 'mise_en_relation'] }))
        .then([{ type: 'ProfileUpdated', data: { territory: 'drome' } }]);
    });

    it('writes nothing when nothing changes', () => {
      given([joined])
        .when(update({ name: ' Amélie Martin ', sphere: 'collectivite', territory: 'ardeche', skills: ['dialogue_territorial', 'mise_en_relation'] }))
        .thenNothing();
    });

    it('takes skills in a new order as a change', () => {
      given([joined])
        .when(update({ skills: ['mise_en_relation', 'dialogue_territorial'] }))
        .then([{ type: 'ProfileUpdated', data: { skills: ['mise_en_relation', 'dialogue_territorial'] } }]);
    });

    it.each([{}, { name: undefined, skills: undefined }])('refuses an update without a field (%p)', (data) => {
      given([joined]).when(update(data)).thenThrows('RULE_VIOLATED', 'a profile update needs at least one field');
    });

    it('refuses a blank name', () => {
      given([joined])
        .when(update({ name: ' ' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs a name');
    });

    it('refuses an unknown sphere', () => {
      given([joined])
        .when(update({ sphere: 'syndicat' as Sphere }))
        .thenThrows('RULE_VIOLATED', 'unknown sphere "syndicat"');
    });

    it('refuses a blank territory', () => {
      given([joined])
        .when(update({ territory: '' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs a territory');
    });

    it('refuses no skill', () => {
      given([joined])
        .when(update({ skills: [] }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur needs at least one skill');
    });

    it('refuses an unknown skill', () => {
      given([joined])
        .when(update({ skills: ['animation' as CatalyseurSkill] }))
        .thenThrows('RULE_VIOLATED', 'unknown skill "animation"');
    });

    it('refuses a skill listed twice', () => {
      given([joined])
        .when(update({ skills: ['dialogue_territorial', 'dialogue_territorial'] }))
        .thenThrows('RULE_VIOLATED', 'skill "dialogue_territorial" is listed twice');
    });

    it('refuses a catalyseur who left', () => {
      given([joined, left])
        .when(update({ territory: 'drome' }))
        .thenThrows('RULE_VIOLATED', 'a catalyseur who left the network cannot update their profile');
    });
  });

  describe('LeaveNetwork', () => {
    it('leaves the network with a reason', () => {
      const state = given([joined])
        .when(leave({ reason: ' départ à la retraite ' }))
        .then([left]);
      expect(state.status).toBe('left');
    });

    it.each([undefined, '', '  '])('leaves without a reason (%j)', (reason) => {
      given([joined])
        .when(leave({ reason }))
        .then([{ type: 'CatalyseurLeft', data: { leftAt: '2019-07-01T09:00:00+02:00' } }]);
    });

    it('refuses a catalyseur who already left', () => {
      given([joined, left]).when(leave()).thenThrows('RULE_VIOLATED', 'a catalyseur who left the network cannot leave it again');
    });

    it('refuses a departure without its time', () => {
      given([joined])
        .when(leave({ leftAt: '' }))
        .thenThrows('RULE_VIOLATED', 'the time of leaving is needed');
    });

    it('refuses a departure that is not a date or an instant', () => {
      given([joined])
        .when(leave({ leftAt: '2019-07-01 09:00' }))
        .thenThrows('RULE_VIOLATED', 'the time of leaving must be a date YYYY-MM-DD or an ISO-8601 instant with its zone (got "2019-07-01 09:00")');
    });

    it('refuses a departure dated before the day the catalyseur joined', () => {
      given([joined])
        .when(leave({ leftAt: '2016-03-09T18:00:00+01:00' }))
        .thenThrows('RULE_VIOLATED', 'leaving the network (2016-03-09) cannot be earlier than joining it (2016-03-10)');
    });

    it('accepts a departure on the day the catalyseur joined, even earlier that day (days, as written)', () => {
      given([joined])
        .when(leave({ leftAt: '2016-03-10T09:00:00+01:00' }))
        .then([{ type: 'CatalyseurLeft', data: { leftAt: '2016-03-10T09:00:00+01:00' } }]);
    });

    it('compares the days as written, with no time zone: a join dated by a date', () => {
      const joinedOn: CatalyseurEvent = { type: 'CatalyseurJoined', data: { ...joinData, joinedAt: '2016-03-10' } };
      given([joinedOn])
        .when(leave({ leftAt: '2016-03-09T23:30:00Z' }))
        .thenThrows('RULE_VIOLATED', 'leaving the network (2016-03-09) cannot be earlier than joining it (2016-03-10)');
      given([joinedOn])
        .when(leave({ leftAt: '2016-03-10' }))
        .then([{ type: 'CatalyseurLeft', data: { leftAt: '2016-03-10' } }]);
    });

    it('does not check a catalyseur whose join was written without a real time', () => {
      const { joinedAt: _joinedAt, ...withoutTime } = joinData;
      for (const data of [withoutTime, { ...joinData, joinedAt: 'mars 2016' }]) {
        given([{ type: 'CatalyseurJoined', data } as CatalyseurEvent])
          .when(leave({ leftAt: '2001-01-01T09:00:00Z' }))
          .then([{ type: 'CatalyseurLeft', data: { leftAt: '2001-01-01T09:00:00Z' } }]);
      }
    });

    it('checks a catalyseur who joined again against the new join', () => {
      const rejoined: CatalyseurEvent = { ...joined, data: { ...joinData, joinedAt: '2021-01-04T09:00:00+01:00' } };
      given([joined, left, rejoined])
        .when(leave({ leftAt: '2020-12-31T09:00:00+01:00' }))
        .thenThrows('RULE_VIOLATED', 'leaving the network (2020-12-31) cannot be earlier than joining it (2021-01-04)');
    });
  });

  describe('evolve', () => {
    it('folds a membership: joined, profile updated twice, left', () => {
      given([
        joined,
        { type: 'ProfileUpdated', data: { territory: 'drome' } },
        { type: 'ProfileUpdated', data: { skills: ['accompagnement_partenariat'], sphere: 'association' } },
        left,
      ]).thenState({
        status: 'left',
        catalyseurId: 'amelie-martin',
        name: 'Amélie Martin',
        sphere: 'association',
        territory: 'drome',
        skills: ['accompagnement_partenariat'],
        joinedAt: '2016-03-10T14:00:00+01:00',
        leftAt: '2019-07-01T09:00:00+02:00',
      });
    });

    it('is total: events before joining, a second join, unknown or malformed events change nothing', () => {
      expect(fold(catalyseurDecider, [{ type: 'ProfileUpdated', data: { name: 'X' } }, left])).toEqual({ status: 'none' });
      const before = fold(catalyseurDecider, [joined]);
      const oddities = [
        { ...joined, data: { ...joinData, name: 'Autre' } },
        { type: 'ProfileErased', data: {} },
        { type: 'ProfileUpdated', data: null },
        undefined,
      ] as unknown as CatalyseurEvent[];
      for (const event of oddities) expect(catalyseurDecider.evolve(before, event)).toBe(before);
    });

    it('folds a departure stored before the rule, dated before the join: only decide refuses it', () => {
      const early: CatalyseurEvent = { type: 'CatalyseurLeft', data: { leftAt: '2015-01-01T09:00:00+01:00' } };
      given([joined, early]).thenState({
        status: 'left',
        catalyseurId: 'amelie-martin',
        name: 'Amélie Martin',
        sphere: 'collectivite',
        territory: 'ardeche',
        skills: ['dialogue_territorial', 'mise_en_relation'],
        joinedAt: '2016-03-10T14:00:00+01:00',
        leftAt: '2015-01-01T09:00:00+01:00',
      });
    });

    it('a catalyseur who left and joins again is a member again, with the profile and the time of the new join', () => {
      const rejoined: CatalyseurEvent = { ...joined, data: { ...joinData, territory: 'drome', joinedAt: '2021-01-04T09:00:00+01:00' } };
      given([joined, left, rejoined]).thenState({
        status: 'member',
        catalyseurId: 'amelie-martin',
        name: 'Amélie Martin',
        sphere: 'collectivite',
        territory: 'drome',
        skills: ['dialogue_territorial', 'mise_en_relation'],
        joinedAt: '2021-01-04T09:00:00+01:00',
      });
    });
  });
});
