import { fold } from '../kernel/decider';
import { SILVER_GEEK_PROPOSAL, specFor } from '../testing';
import { partnershipDecider } from './decider';
import { evenScores, dimensionScore } from './impact';
import type { ImpactDimension } from '../kernel/vocabulary';
import type { PartnershipCommand, PartnershipEvent, PartnershipState, RecordedOn } from './types';

/*
 * The order of a partnership's dated facts (docs/adr/0014-as-of-and-the-observatory.md,
 * "Amended"): nothing of pilotage before the cycle's pilotage started, no
 * conclusion before its evaluation opened, no pilotage of a renewed cycle
 * before the renewal, no evaluation opened before the last fact of pilotage,
 * and no fact after the day it is recorded (`today`, given by the edge).
 *
 * Silver Geek × La Poste: proposed on 15 September 2014, pilotage from
 * 3 November 2014, evaluation opened on 4 May 2015, renewed on 30 June 2015.
 */

const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const proposalData = SILVER_GEEK_PROPOSAL;
const ATTENDEES = ['silver-geek', 'la-poste'];
const DECISIONS = ['étendre les ateliers à 15 lieux d’accueil'];

// Commands (`today`, the day the command is recorded, only when a spec gives it)
const startPilotage = (startedOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({ type: 'StartPilotage', data: { startedOn, ...recorded } });
const reach = (reachedOn: string, recorded: RecordedOn = {}, milestoneId = 'ateliers-ehpad'): PartnershipCommand => ({
  type: 'ReachMilestone',
  data: { milestoneId, reachedOn, ...recorded },
});
const holdCopil = (heldOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({
  type: 'HoldSteeringCommittee',
  data: { committeeId: 'copil-2', heldOn, attendees: ATTENDEES, decisions: DECISIONS, ...recorded },
});
const recordIndicator = (measuredOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({
  type: 'RecordIndicator',
  data: { indicatorId: 'seniors-formes', name: 'Seniors formés', value: 320, measuredOn, ...recorded },
});
const openEvaluation = (openedOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({ type: 'OpenEvaluation', data: { openedOn, ...recorded } });
const conclude = (concludedOn: string, decision: 'renouveler' | 'essaimer' | 'clore' = 'clore', recorded: RecordedOn = {}): PartnershipCommand => ({
  type: 'ConcludeEvaluation',
  data: { decision, concludedOn, ...recorded },
});
const assign = (assignedOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({
  type: 'AssignCatalyseur',
  data: { catalyseurId: 'cat-1', assignedOn, ...recorded },
});
const release = (releasedOn: string, recorded: RecordedOn = {}): PartnershipCommand => ({
  type: 'ReleaseCatalyseur',
  data: { catalyseurId: 'cat-1', releasedOn, ...recorded },
});

// Events
const proposed: PartnershipEvent = { type: 'PartnershipProposed', data: proposalData };
const agreed = (cycle = 1): PartnershipEvent[] => [
  { type: 'ObjectivesAgreed', data: { orgId: 'silver-geek', objectives: ['innovation'], cycle } },
  { type: 'ObjectivesAgreed', data: { orgId: 'la-poste', objectives: ['ressources_humaines'], cycle } },
];
const planned = (milestoneId = 'ateliers-ehpad', dueDate = '2014-12-15'): PartnershipEvent => ({
  type: 'MilestonePlanned',
  data: { milestoneId, title: 'Premiers ateliers numériques en EHPAD', dueDate },
});
const pilotageStarted = (startedOn = '2014-11-03', cycle = 1): PartnershipEvent => ({ type: 'PilotageStarted', data: { startedOn, cycle } });
const reached = (reachedOn = '2014-12-10', milestoneId = 'ateliers-ehpad'): PartnershipEvent => ({
  type: 'MilestoneReached',
  data: { milestoneId, reachedOn },
});
const copilHeld = (heldOn = '2015-01-12'): PartnershipEvent => ({
  type: 'SteeringCommitteeHeld',
  data: { committeeId: 'copil-1', heldOn, attendees: ATTENDEES, decisions: DECISIONS },
});
const evaluationOpened = (openedOn = '2015-05-04', cycle = 1): PartnershipEvent => ({ type: 'EvaluationOpened', data: { openedOn, cycle } });
const assessed = (dimension: ImpactDimension): PartnershipEvent => ({
  type: 'ImpactAssessed',
  data: { dimension, scores: evenScores(dimension, 4), score: dimensionScore(evenScores(dimension, 4)), evidence: 'constaté en COPIL' },
});
const allAssessed: PartnershipEvent[] = [assessed('innovation_societale'), assessed('performance_organisations'), assessed('confiance')];
const assigned: PartnershipEvent = { type: 'CatalyseurAssigned', data: { catalyseurId: 'cat-1', assignedOn: '2014-09-15' } };

// Histories
const readyForPilotage = [proposed, ...agreed(), planned()];
const inPilotage = [...readyForPilotage, pilotageStarted()];
const inEvaluation = [...inPilotage, reached(), copilHeld(), evaluationOpened()];
const fullyAssessed = [...inEvaluation, ...allAssessed];
const renewed: PartnershipEvent[] = [
  ...fullyAssessed,
  { type: 'EvaluationConcluded', data: { decision: 'renouveler', concludedOn: '2015-06-30', cycle: 1 } },
  { type: 'PartnershipRenewed', data: { cycle: 2, renewedOn: '2015-06-30' } },
];
const readyForSecondPilotage = [...renewed, planned('essaimage-vienne', '2016-03-01'), ...agreed(2)];
const inSecondPilotage = [...readyForSecondPilotage, pilotageStarted('2015-10-01', 2)];

const active = (state: PartnershipState): Extract<PartnershipState, { status: 'active' }> => {
  if (state.status !== 'active') throw new Error('expected a proposed partnership');
  return state;
};

describe('partnership decider: the order of dated facts', () => {
  describe('the dates of the current cycle, kept in the state from the events that always carried them', () => {
    it('keeps when pilotage started and when the evaluation opened', () => {
      expect(active(given(inCadrage()).state)).not.toHaveProperty('pilotageStartedOn');
      expect(active(given(inPilotage).state)).toMatchObject({ pilotageStartedOn: '2014-11-03' });
      expect(active(given(inPilotage).state)).not.toHaveProperty('evaluationOpenedOn');
      expect(active(given(inEvaluation).state)).toMatchObject({ pilotageStartedOn: '2014-11-03', evaluationOpenedOn: '2015-05-04' });
    });

    it('forgets them when a renewal starts a new cycle, and keeps the new cycle’s', () => {
      const afterRenewal = active(given(renewed).state);
      expect(afterRenewal).not.toHaveProperty('pilotageStartedOn');
      expect(afterRenewal).not.toHaveProperty('evaluationOpenedOn');
      expect(active(given(inSecondPilotage).state)).toMatchObject({ cycle: 2, phase: 'pilotage', pilotageStartedOn: '2015-10-01' });
      expect(active(given(inSecondPilotage).state)).not.toHaveProperty('evaluationOpenedOn');
    });

    it('still folds histories recorded before these rules, out of order included (only decide refuses)', () => {
      // The tester's history: a milestone reached, a committee held and an evaluation opened before pilotage started.
      const outOfOrder: PartnershipEvent[] = [
        { type: 'PartnershipProposed', data: { ...proposalData, proposedAt: '2020-01-01' } },
        ...agreed(),
        planned('m1', '2020-06-01'),
        pilotageStarted('2024-06-01'),
        reached('2020-02-01', 'm1'),
        { type: 'SteeringCommitteeHeld', data: { committeeId: 'c1', heldOn: '2020-03-01', attendees: ['silver-geek'], decisions: ['d'] } },
        evaluationOpened('2020-04-01'),
      ];
      const state = active(fold(partnershipDecider, outOfOrder));
      expect(state).toMatchObject({ phase: 'evaluation', pilotageStartedOn: '2024-06-01', evaluationOpenedOn: '2020-04-01' });
      expect(state.milestones).toEqual([expect.objectContaining({ milestoneId: 'm1', status: 'reached', reachedOn: '2020-02-01' })]);
    });

    it('folds a phase change written without its date (by hand): nothing to compare with but the proposal', () => {
      const undated = [...readyForPilotage, { type: 'PilotageStarted', data: { cycle: 1 } } as unknown as PartnershipEvent];
      expect(active(given(undated).state)).toMatchObject({ phase: 'pilotage' });
      expect(active(given(undated).state)).not.toHaveProperty('pilotageStartedOn');
      given(undated)
        .when(reach('2014-09-15'))
        .then([reached('2014-09-15')]);
    });
  });

  describe('the facts of pilotage are not dated before it started (2014-11-03)', () => {
    it('accepts a milestone reached on the day pilotage started, refuses it the day before', () => {
      given(inPilotage)
        .when(reach('2014-11-03'))
        .then([reached('2014-11-03')]);
      given(inPilotage)
        .when(reach('2014-11-02'))
        .thenThrows('RULE_VIOLATED', 'reaching a milestone (2014-11-02) cannot be earlier than the start of pilotage, on 2014-11-03');
    });

    it('accepts a steering committee held on the day pilotage started, refuses it the day before', () => {
      given(inPilotage)
        .when(holdCopil('2014-11-03'))
        .then([{ type: 'SteeringCommitteeHeld', data: { committeeId: 'copil-2', heldOn: '2014-11-03', attendees: ATTENDEES, decisions: DECISIONS } }]);
      given(inPilotage)
        .when(holdCopil('2014-11-02'))
        .thenThrows('RULE_VIOLATED', 'the steering committee (2014-11-02) cannot be earlier than the start of pilotage, on 2014-11-03');
    });

    it('accepts an indicator measured on the day pilotage started, refuses it the day before, during pilotage and during the evaluation', () => {
      const measured: PartnershipEvent = {
        type: 'IndicatorRecorded',
        data: { indicatorId: 'seniors-formes', name: 'Seniors formés', value: 320, measuredOn: '2014-11-03' },
      };
      for (const history of [inPilotage, inEvaluation]) {
        given(history).when(recordIndicator('2014-11-03')).then([measured]);
        given(history)
          .when(recordIndicator('2014-11-02'))
          .thenThrows('RULE_VIOLATED', 'the measurement (2014-11-02) cannot be earlier than the start of pilotage, on 2014-11-03');
      }
    });

    it('accepts an evaluation opened on the day pilotage started, refuses it the day before', () => {
      given(inPilotage)
        .when(openEvaluation('2014-11-03'))
        .then([evaluationOpened('2014-11-03')]);
      given(inPilotage)
        .when(openEvaluation('2014-11-02'))
        .thenThrows('RULE_VIOLATED', 'the opening of the evaluation (2014-11-02) cannot be earlier than the start of pilotage, on 2014-11-03');
    });

    it('opens the evaluation no earlier than the last fact of pilotage already recorded (a milestone reached, a committee held)', () => {
      given([...inPilotage, reached('2014-12-10'), copilHeld('2015-01-12')])
        .when(openEvaluation('2015-01-11'))
        .thenThrows(
          'RULE_VIOLATED',
          'the opening of the evaluation (2015-01-11) cannot be earlier than the last fact of pilotage, steering committee "copil-1" held, on 2015-01-12',
        );
      given([...inPilotage, copilHeld('2014-11-20'), reached('2014-12-10')])
        .when(openEvaluation('2014-12-09'))
        .thenThrows(
          'RULE_VIOLATED',
          'the opening of the evaluation (2014-12-09) cannot be earlier than the last fact of pilotage, milestone "ateliers-ehpad" reached, on 2014-12-10',
        );
      given([...inPilotage, reached('2014-12-10'), copilHeld('2015-01-12')])
        .when(openEvaluation('2015-01-12'))
        .then([evaluationOpened('2015-01-12')]);
    });

    it('refuses the tester’s repro: a milestone reached in 2020 in a pilotage that starts on 2024-06-01', () => {
      const history: PartnershipEvent[] = [
        { type: 'PartnershipProposed', data: { ...proposalData, proposedAt: '2020-01-01' } },
        ...agreed(),
        planned('m1', '2020-06-01'),
        pilotageStarted('2024-06-01'),
      ];
      given(history)
        .when(reach('2020-02-01', {}, 'm1'))
        .thenThrows('RULE_VIOLATED', 'reaching a milestone (2020-02-01) cannot be earlier than the start of pilotage, on 2024-06-01');
      given(history)
        .when(holdCopil('2020-03-01'))
        .thenThrows('RULE_VIOLATED', 'the steering committee (2020-03-01) cannot be earlier than the start of pilotage, on 2024-06-01');
      given(history)
        .when(openEvaluation('2020-04-01'))
        .thenThrows('RULE_VIOLATED', 'the opening of the evaluation (2020-04-01) cannot be earlier than the start of pilotage, on 2024-06-01');
    });
  });

  describe('the evaluation’s facts are not dated before it opened (2015-05-04)', () => {
    it('accepts a conclusion on the day the evaluation opened (the closing dated with it), refuses it the day before', () => {
      given(fullyAssessed)
        .when(conclude('2015-05-04', 'essaimer'))
        .then([
          { type: 'EvaluationConcluded', data: { decision: 'essaimer', concludedOn: '2015-05-04', cycle: 1 } },
          { type: 'PartnershipClosed', data: { decision: 'essaimer', closedOn: '2015-05-04' } },
        ]);
      given(fullyAssessed)
        .when(conclude('2015-05-03', 'clore'))
        .thenThrows('RULE_VIOLATED', 'the conclusion (2015-05-03) cannot be earlier than the opening of the evaluation, on 2015-05-04');
    });

    it('refuses a renewal dated before the evaluation opened (the renewal is dated with its conclusion)', () => {
      given(fullyAssessed)
        .when(conclude('2015-05-03', 'renouveler'))
        .thenThrows('RULE_VIOLATED', 'the conclusion (2015-05-03) cannot be earlier than the opening of the evaluation, on 2015-05-04');
    });
  });

  describe('a renewal starts a new cycle (renewed on 2015-06-30): the reference dates are the new cycle’s', () => {
    it('starts the new cycle’s pilotage on the day of the renewal at the earliest', () => {
      given(readyForSecondPilotage)
        .when(startPilotage('2015-06-30'))
        .then([pilotageStarted('2015-06-30', 2)]);
      given(readyForSecondPilotage)
        .when(startPilotage('2015-06-29'))
        .thenThrows('RULE_VIOLATED', 'the start of pilotage (2015-06-29) cannot be earlier than the renewal of the partnership, on 2015-06-30');
    });

    it('checks the facts of the new pilotage against its own start (2015-10-01), not the first cycle’s', () => {
      given([...inSecondPilotage, planned('trophee', '2016-04-18')])
        .when(reach('2015-09-30', {}, 'trophee'))
        .thenThrows('RULE_VIOLATED', 'reaching a milestone (2015-09-30) cannot be earlier than the start of pilotage, on 2015-10-01');
      given([...inSecondPilotage, planned('trophee', '2016-04-18')])
        .when(reach('2015-10-01', {}, 'trophee'))
        .then([reached('2015-10-01', 'trophee')]);
      given(inSecondPilotage)
        .when(holdCopil('2015-07-01'))
        .thenThrows('RULE_VIOLATED', 'the steering committee (2015-07-01) cannot be earlier than the start of pilotage, on 2015-10-01');
    });

    it('does not count the first cycle’s pilotage facts against the new evaluation’s opening', () => {
      given(inSecondPilotage)
        .when(openEvaluation('2015-10-01'))
        .then([evaluationOpened('2015-10-01', 2)]);
    });

    it('checks the new conclusion against the new evaluation’s opening', () => {
      const secondEvaluation = [...inSecondPilotage, evaluationOpened('2016-05-02', 2), ...allAssessed];
      given(secondEvaluation)
        .when(conclude('2016-05-01'))
        .thenThrows('RULE_VIOLATED', 'the conclusion (2016-05-01) cannot be earlier than the opening of the evaluation, on 2016-05-02');
      given(secondEvaluation)
        .when(conclude('2016-05-02'))
        .then([
          { type: 'EvaluationConcluded', data: { decision: 'clore', concludedOn: '2016-05-02', cycle: 2 } },
          { type: 'PartnershipClosed', data: { decision: 'clore', closedOn: '2016-05-02' } },
        ]);
    });
  });

  describe('nothing is dated after the day it is recorded (today, given by the edge)', () => {
    const cases: readonly {
      readonly what: string;
      readonly history: readonly PartnershipEvent[];
      readonly command: (on: string, recorded: RecordedOn) => PartnershipCommand;
    }[] = [
      { what: 'the start of pilotage', history: readyForPilotage, command: (on, recorded) => startPilotage(on, recorded) },
      { what: 'reaching a milestone', history: inPilotage, command: (on, recorded) => reach(on, recorded) },
      { what: 'the steering committee', history: inPilotage, command: (on, recorded) => holdCopil(on, recorded) },
      { what: 'the measurement', history: inPilotage, command: (on, recorded) => recordIndicator(on, recorded) },
      { what: 'the opening of the evaluation', history: inPilotage, command: (on, recorded) => openEvaluation(on, recorded) },
      {
        what: 'the conclusion',
        history: [...inPilotage, evaluationOpened('2014-11-03'), ...allAssessed],
        command: (on, recorded) => conclude(on, 'clore', recorded),
      },
      { what: 'the assignment', history: inPilotage, command: (on, recorded) => assign(on, recorded) },
      { what: 'the release', history: [...inPilotage, assigned], command: (on, recorded) => release(on, recorded) },
    ];

    it.each(cases)('accepts $what dated today, refuses it dated tomorrow', ({ what, history, command }) => {
      const accepted = partnershipDecider.decide(command('2014-12-01', { today: '2014-12-01' }), fold(partnershipDecider, history));
      expect(accepted.length).toBeGreaterThan(0);
      given(history)
        .when(command('2014-12-02', { today: '2014-12-01' }))
        .thenThrows('RULE_VIOLATED', `${what} (2014-12-02) cannot be later than today, 2014-12-01: it has not happened yet`);
    });

    it('refuses a pilotage started in 9999, and the facts that would follow it by default (the tester’s second repro)', () => {
      given(readyForPilotage)
        .when(startPilotage('9999-12-31', { today: '2026-12-03' }))
        .thenThrows('RULE_VIOLATED', 'the start of pilotage (9999-12-31) cannot be later than today, 2026-12-03: it has not happened yet');
    });

    it('does not compare with a day it is not given (a loading script dates history itself)', () => {
      given(readyForPilotage)
        .when(startPilotage('2030-01-01'))
        .then([pilotageStarted('2030-01-01')]);
    });

    it('refuses a day that is not a real date', () => {
      given(inPilotage)
        .when(reach('2014-12-10', { today: '2014-13-01' }))
        .thenThrows('RULE_VIOLATED', 'today\'s date must be a real date written YYYY-MM-DD (got "2014-13-01")');
    });
  });

  describe('a milestone is not due before the partnership was proposed (2014-09-15); a past due date after it is history recorded late', () => {
    const plan = (dueDate: string): PartnershipCommand => ({
      type: 'PlanMilestone',
      data: { milestoneId: 'bilan', title: 'Bilan des ateliers', dueDate },
    });
    const reschedule = (dueDate: string): PartnershipCommand => ({
      type: 'RescheduleMilestone',
      data: { milestoneId: 'ateliers-ehpad', dueDate, reason: 'retard des inscriptions' },
    });

    it('plans a milestone due on the day of the proposal, or after it though already past, and refuses one due the day before', () => {
      given(inCadrage())
        .when(plan('2014-09-15'))
        .then([{ type: 'MilestonePlanned', data: { milestoneId: 'bilan', title: 'Bilan des ateliers', dueDate: '2014-09-15' } }]);
      given(inPilotage)
        .when(plan('2014-10-01'))
        .then([{ type: 'MilestonePlanned', data: { milestoneId: 'bilan', title: 'Bilan des ateliers', dueDate: '2014-10-01' } }]);
      given(inCadrage())
        .when(plan('2014-09-14'))
        .thenThrows('RULE_VIOLATED', 'the due date (2014-09-14) cannot be earlier than the partnership, proposed on 2014-09-15');
      given(inPilotage)
        .when(plan('2009-01-01'))
        .thenThrows('RULE_VIOLATED', 'the due date (2009-01-01) cannot be earlier than the partnership, proposed on 2014-09-15');
    });

    it('reschedules a milestone to the day of the proposal, or to a past day after it, and refuses a day before it (the tester’s repro)', () => {
      given(readyForPilotage)
        .when(reschedule('2014-09-15'))
        .then([
          {
            type: 'MilestoneRescheduled',
            data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2014-09-15', reason: 'retard des inscriptions' },
          },
        ]);
      given(inPilotage)
        .when(reschedule('2014-10-20'))
        .then([
          {
            type: 'MilestoneRescheduled',
            data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2014-10-20', reason: 'retard des inscriptions' },
          },
        ]);
      given(inPilotage)
        .when(reschedule('2014-09-14'))
        .thenThrows('RULE_VIOLATED', 'the new due date (2014-09-14) cannot be earlier than the partnership, proposed on 2014-09-15');
    });

    it('still checks the date is a real one first', () => {
      given(inCadrage()).when(plan('2014-02-30')).thenThrows('RULE_VIOLATED', 'the due date must be a real date written YYYY-MM-DD (got "2014-02-30")');
    });
  });
});

function inCadrage(): readonly PartnershipEvent[] {
  return [proposed];
}
