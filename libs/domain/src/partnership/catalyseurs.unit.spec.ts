import { SILVER_GEEK_PROPOSAL, specFor } from '../testing';
import { partnershipDecider } from './decider';
import type { PartnershipCommand, PartnershipEvent, PartnershipState } from './types';

const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

/** Silver Geek × La Poste, proposed on 15 September 2014, accompanied by the catalyseurs of Nouvelle-Aquitaine. */
const proposalData = SILVER_GEEK_PROPOSAL;
const proposed: PartnershipEvent = { type: 'PartnershipProposed', data: proposalData };

const assign = (catalyseurId: string, assignedOn = '2014-10-01'): PartnershipCommand => ({ type: 'AssignCatalyseur', data: { catalyseurId, assignedOn } });
const release = (catalyseurId: string, data: { releasedOn?: string; reason?: string } = {}): PartnershipCommand => ({
  type: 'ReleaseCatalyseur',
  data: { catalyseurId, releasedOn: data.releasedOn ?? '2015-03-02', ...(data.reason === undefined ? {} : { reason: data.reason }) },
});
const assigned = (catalyseurId: string, assignedOn = '2014-10-01'): PartnershipEvent => ({ type: 'CatalyseurAssigned', data: { catalyseurId, assignedOn } });
const released = (catalyseurId: string, reason?: string): PartnershipEvent => ({
  type: 'CatalyseurReleased',
  data: { catalyseurId, releasedOn: '2015-03-02', ...(reason === undefined ? {} : { reason }) },
});

const catalyseursOf = (state: PartnershipState): readonly string[] => (state.status === 'active' ? state.catalyseurs : []);

describe('who accompanies a partnership', () => {
  describe('proposed by a catalyseur', () => {
    it('assigns the catalyseur who proposes it, on the day of the proposal, in the same decision', () => {
      const state = given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, proposedBy: 'cat-aquitaine' } })
        .then([proposed, assigned('cat-aquitaine', '2014-09-15')]);
      expect(catalyseursOf(state)).toEqual(['cat-aquitaine']);
    });

    it('takes the day the edge gives in the network’s zone (the UTC instant’s day may be the next one), and dates its rules by it', () => {
      const lateEvening = { ...proposalData, proposedAt: '2014-09-16T05:00:00.000Z', proposedOn: '2014-09-15', proposedBy: 'cat-pago' };
      const { proposedBy: _by, ...recorded } = lateEvening;
      const state = given([])
        .when({ type: 'ProposePartnership', data: lateEvening })
        .then([{ type: 'PartnershipProposed', data: recorded }, assigned('cat-pago', '2014-09-15')]);
      expect(state.status === 'active' && state.proposedOn).toBe('2014-09-15');
      given([{ type: 'PartnershipProposed', data: recorded }, assigned('cat-1', '2014-09-15')])
        .when(release('cat-1', { releasedOn: '2014-09-15' }))
        .then([{ type: 'CatalyseurReleased', data: { catalyseurId: 'cat-1', releasedOn: '2014-09-15' } }]);
      given([])
        .when({ type: 'ProposePartnership', data: { ...lateEvening, proposedOn: '15/09/2014' } })
        .thenThrows('RULE_VIOLATED', 'the day of the proposal must be a real date written YYYY-MM-DD');
    });

    it('refuses a proposal dated before the day its catalyseur joined the network, and accepts one on that day', () => {
      given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, proposedBy: 'cat-aquitaine', catalyseurJoinedOn: '2014-09-16' } })
        .thenThrows('RULE_VIOLATED', 'the proposal (2014-09-15) cannot be earlier than the day catalyseur "cat-aquitaine" joined the network (2014-09-16)');
      given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, proposedBy: 'cat-aquitaine', catalyseurJoinedOn: '2014-09-15' } })
        .then([proposed, assigned('cat-aquitaine', '2014-09-15')]);
      // The day in the network's zone is compared, not the UTC instant's.
      given([])
        .when({
          type: 'ProposePartnership',
          data: { ...proposalData, proposedAt: '2014-09-16T05:00:00.000Z', proposedOn: '2014-09-15', proposedBy: 'cat-pago', catalyseurJoinedOn: '2014-09-16' },
        })
        .thenThrows('RULE_VIOLATED', 'the proposal (2014-09-15) cannot be earlier than the day catalyseur "cat-pago" joined the network (2014-09-16)');
      given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, proposedBy: 'cat-aquitaine', catalyseurJoinedOn: 'hier' } })
        .thenThrows('RULE_VIOLATED', 'the day the catalyseur joined the network must be a real date');
    });

    it('compares no joining day when no catalyseur proposes it (an operator, a partner)', () => {
      given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, catalyseurJoinedOn: '2024-01-01' } })
        .then([proposed]);
    });

    it('assigns nobody when no catalyseur proposes it (a partner or an operator): the event keeps its shape', () => {
      const state = given([]).when({ type: 'ProposePartnership', data: proposalData }).then([proposed]);
      expect(catalyseursOf(state)).toEqual([]);
      given([])
        .when({ type: 'ProposePartnership', data: { ...proposalData, proposedBy: '  ' } })
        .then([proposed]);
    });
  });

  describe('AssignCatalyseur', () => {
    it('assigns a catalyseur to a partnership nobody accompanies (one proposed before assignments existed, say)', () => {
      const state = given([proposed])
        .when(assign('cat-1'))
        .then([assigned('cat-1')]);
      expect(catalyseursOf(state)).toEqual(['cat-1']);
    });

    it('assigns a second catalyseur beside the first, in the order assigned', () => {
      const state = given([proposed, assigned('cat-1')])
        .when(assign(' cat-2 '))
        .then([assigned('cat-2')]);
      expect(catalyseursOf(state)).toEqual(['cat-1', 'cat-2']);
    });

    it('refuses a catalyseur already assigned', () => {
      given([proposed, assigned('cat-1')])
        .when(assign('cat-1'))
        .thenThrows('CONFLICT', 'catalyseur "cat-1" already accompanies this partnership');
    });

    it('assigns again a catalyseur released earlier', () => {
      const state = given([proposed, assigned('cat-1'), released('cat-1')])
        .when(assign('cat-1', '2015-09-01'))
        .then([assigned('cat-1', '2015-09-01')]);
      expect(catalyseursOf(state)).toEqual(['cat-1']);
    });

    it('refuses an assignment without a catalyseur, with a date that is not one, or before the proposal', () => {
      given([proposed]).when(assign('')).thenThrows('RULE_VIOLATED', 'a catalyseur id is needed');
      given([proposed])
        .when(assign('cat-1', '2014-02-30'))
        .thenThrows('RULE_VIOLATED', 'the date of the assignment must be a real date written YYYY-MM-DD (got "2014-02-30")');
      given([proposed])
        .when(assign('cat-1', '2014-09-14'))
        .thenThrows('RULE_VIOLATED', 'the assignment (2014-09-14) cannot be earlier than the partnership, proposed on 2014-09-15');
    });

    it('refuses an assignment dated before the day the catalyseur joined the network, and accepts one on that day', () => {
      given([proposed])
        .when({ type: 'AssignCatalyseur', data: { catalyseurId: 'cat-1', assignedOn: '2014-10-01', catalyseurJoinedOn: '2024-03-01' } })
        .thenThrows('RULE_VIOLATED', 'the assignment (2014-10-01) cannot be earlier than the day catalyseur "cat-1" joined the network (2024-03-01)');
      given([proposed])
        .when({ type: 'AssignCatalyseur', data: { catalyseurId: ' cat-1 ', assignedOn: '2014-10-01', catalyseurJoinedOn: '2014-10-01' } })
        .then([assigned('cat-1')]);
      given([proposed])
        .when({ type: 'AssignCatalyseur', data: { catalyseurId: 'cat-1', assignedOn: '2014-10-01', catalyseurJoinedOn: '01/10/2014' } })
        .thenThrows('RULE_VIOLATED', 'the day the catalyseur joined the network must be a real date');
    });

    it('refuses a partnership never proposed, and one that ended (closed after essaimer or clore)', () => {
      given([]).when(assign('cat-1')).thenThrows('NOT_FOUND', 'partnership not found');
      given([proposed, { type: 'PartnershipClosed', data: { decision: 'essaimer', closedOn: '2015-06-30' } }])
        .when(assign('cat-1'))
        .thenThrows('RULE_VIOLATED', 'a closed partnership accepts no command');
    });
  });

  describe('ReleaseCatalyseur', () => {
    it('releases an assigned catalyseur, with the reason when one is given', () => {
      const state = given([proposed, assigned('cat-1'), assigned('cat-2')])
        .when(release('cat-1', { reason: ' relais pris par la Bretagne ' }))
        .then([released('cat-1', 'relais pris par la Bretagne')]);
      expect(catalyseursOf(state)).toEqual(['cat-2']);
      given([proposed, assigned('cat-1')])
        .when(release('cat-1', { reason: ' ' }))
        .then([released('cat-1')]);
    });

    it('releases the last one: nobody accompanies the partnership any more', () => {
      const state = given([proposed, assigned('cat-1')])
        .when(release('cat-1'))
        .then([released('cat-1')]);
      expect(catalyseursOf(state)).toEqual([]);
    });

    it('refuses to release someone not assigned, or no longer', () => {
      given([proposed]).when(release('cat-1')).thenThrows('RULE_VIOLATED', 'catalyseur "cat-1" does not accompany this partnership');
      given([proposed, assigned('cat-1'), released('cat-1')])
        .when(release('cat-1'))
        .thenThrows('RULE_VIOLATED', 'catalyseur "cat-1" does not accompany this partnership');
    });

    it('refuses a release dated before that catalyseur’s assignment, and allows it on the same day; a later assignment counts', () => {
      given([proposed, assigned('cat-1', '2015-06-01')])
        .when(release('cat-1', { releasedOn: '2015-05-01' }))
        .thenThrows('RULE_VIOLATED', 'the release (2015-05-01) cannot be earlier than the assignment of catalyseur "cat-1", on 2015-06-01');
      given([proposed, assigned('cat-1', '2015-06-01')])
        .when(release('cat-1', { releasedOn: '2015-06-01' }))
        .then([{ type: 'CatalyseurReleased', data: { catalyseurId: 'cat-1', releasedOn: '2015-06-01' } }]);
      // Released, then assigned again later: the new assignment's day is the floor.
      given([proposed, assigned('cat-1'), released('cat-1'), assigned('cat-1', '2015-09-01')])
        .when(release('cat-1', { releasedOn: '2015-08-01' }))
        .thenThrows('RULE_VIOLATED', 'the release (2015-08-01) cannot be earlier than the assignment of catalyseur "cat-1", on 2015-09-01');
    });

    it('refuses a release before the proposal, or on a closed partnership', () => {
      given([proposed, assigned('cat-1')])
        .when(release('cat-1', { releasedOn: '2014-01-01' }))
        .thenThrows('RULE_VIOLATED', 'the release (2014-01-01) cannot be earlier than the partnership, proposed on 2014-09-15');
      given([proposed, assigned('cat-1'), { type: 'PartnershipClosed', data: { decision: 'clore', closedOn: '2015-06-30' } }])
        .when(release('cat-1'))
        .thenThrows('RULE_VIOLATED', 'a closed partnership accepts no command');
    });
  });

  describe('evolve', () => {
    it('keeps one entry per catalyseur however often an assignment is read, and ignores a release of someone not assigned', () => {
      const state = given([proposed, assigned('cat-1'), assigned('cat-1'), released('cat-9')])
        .when(assign('cat-2'))
        .then([assigned('cat-2')]);
      expect(catalyseursOf(state)).toEqual(['cat-1', 'cat-2']);
    });
  });
});
