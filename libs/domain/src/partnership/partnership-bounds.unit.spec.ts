import { SILVER_GEEK_PROPOSAL, specFor } from '../testing';
import {
  COMMITTEE_DECISIONS_MAX,
  DECISION_MAX_LENGTH,
  INDICATOR_MEASURES_MAX,
  MILESTONE_RESCHEDULES_MAX,
  PARTNERSHIP_INDICATORS_MAX,
  PARTNERSHIP_MILESTONES_MAX,
  STEERING_COMMITTEES_MAX,
} from './bounds';
import { partnershipDecider } from './decider';
import type { PartnershipCommand, PartnershipEvent } from './types';

/*
 * How much a partnership holds at most (docs/adr/0028-bounds-on-what-an-aggregate-holds.md): the outside tester's
 * catalyseur held 330 steering committees of about 60 KB each on its own partnership, and each one rewrote the whole
 * board. Each bound is refused on the command beyond it (RULE_VIOLATED naming the bound, nothing decided); the events
 * already stored are read as they are, beyond the bound too.
 */

const { given } = specFor(partnershipDecider, { equal: (actual, expected) => expect(actual).toEqual(expected) });

const ATTENDEES = ['silver-geek', 'la-poste'];
const proposed: PartnershipEvent = { type: 'PartnershipProposed', data: SILVER_GEEK_PROPOSAL };
const planned = (milestoneId: string): PartnershipEvent => ({ type: 'MilestonePlanned', data: { milestoneId, title: milestoneId, dueDate: '2014-12-15' } });
const inPilotage: PartnershipEvent[] = [
  proposed,
  { type: 'ObjectivesAgreed', data: { orgId: 'silver-geek', objectives: ['innovation'], cycle: 1 } },
  { type: 'ObjectivesAgreed', data: { orgId: 'la-poste', objectives: ['innovation'], cycle: 1 } },
  planned('ateliers-ehpad'),
  { type: 'PilotageStarted', data: { startedOn: '2014-11-03', cycle: 1 } },
];
const committeeHeld = (i: number): PartnershipEvent => ({
  type: 'SteeringCommitteeHeld',
  data: { committeeId: `copil-${i}`, heldOn: '2015-01-12', attendees: ATTENDEES, decisions: ['poursuivre'] },
});
const measured = (indicatorId: string): PartnershipEvent => ({
  type: 'IndicatorRecorded',
  data: { indicatorId, name: indicatorId, value: 1, measuredOn: '2015-03-31' },
});
const rescheduled = (): PartnershipEvent => ({
  type: 'MilestoneRescheduled',
  data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-15', dueDate: '2014-12-16', reason: 'report' },
});
const times = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_unused, i) => make(i));

const holdCopil = (data: Record<string, unknown> = {}): PartnershipCommand =>
  ({
    type: 'HoldSteeringCommittee',
    data: { committeeId: 'copil-new', heldOn: '2015-01-12', attendees: ATTENDEES, decisions: ['poursuivre'], ...data },
  }) as PartnershipCommand;
const recordIndicator = (indicatorId: string): PartnershipCommand => ({
  type: 'RecordIndicator',
  data: { indicatorId, name: indicatorId, value: 2, measuredOn: '2015-03-31' },
});

describe('partnership decider: bounds on what a partnership holds', () => {
  it('the bounds sit far above twenty years of a partnership (a committee a month: 240)', () => {
    expect(STEERING_COMMITTEES_MAX).toBeGreaterThanOrEqual(240);
    expect(PARTNERSHIP_MILESTONES_MAX).toBeGreaterThanOrEqual(240);
    expect(INDICATOR_MEASURES_MAX).toBeGreaterThanOrEqual(20 * 240);
  });

  it(`holds its ${STEERING_COMMITTEES_MAX}th steering committee, refuses one more (the tester's 330 committees)`, () => {
    const almost = [...inPilotage, ...times(STEERING_COMMITTEES_MAX - 1, committeeHeld)];
    given(almost)
      .when(holdCopil())
      .then([{ type: 'SteeringCommitteeHeld', data: { committeeId: 'copil-new', heldOn: '2015-01-12', attendees: ATTENDEES, decisions: ['poursuivre'] } }]);
    given([...almost, committeeHeld(STEERING_COMMITTEES_MAX)])
      .when(holdCopil())
      .thenThrows('RULE_VIOLATED', `a partnership cannot hold more steering committees (at most ${STEERING_COMMITTEES_MAX})`);
  });

  it('folds committees stored beyond the bound (events are read as they are)', () => {
    const state = given([...inPilotage, ...times(STEERING_COMMITTEES_MAX + 5, committeeHeld)]).state;
    expect(state.status === 'active' && state.committees.length).toBe(STEERING_COMMITTEES_MAX + 5);
  });

  it(`refuses a committee of more than ${COMMITTEE_DECISIONS_MAX} decisions or a decision of more than ${DECISION_MAX_LENGTH} characters`, () => {
    given(inPilotage)
      .when(holdCopil({ decisions: times(COMMITTEE_DECISIONS_MAX + 1, (i) => `décision ${i}`) }))
      .thenThrows('RULE_VIOLATED', `a steering committee records too many decisions (at most ${COMMITTEE_DECISIONS_MAX}, got ${COMMITTEE_DECISIONS_MAX + 1})`);
    given(inPilotage)
      .when(holdCopil({ decisions: ['poursuivre', 'é'.repeat(DECISION_MAX_LENGTH + 1)] }))
      .thenThrows('RULE_VIOLATED', `a decision is at most ${DECISION_MAX_LENGTH} characters (got ${DECISION_MAX_LENGTH + 1})`);
    // Counted as the api counts (`textLength`): an emoji is one character, its variation selector (❤️) none.
    const longest = ['😀'.repeat(DECISION_MAX_LENGTH), '❤️'.repeat(DECISION_MAX_LENGTH), ...times(COMMITTEE_DECISIONS_MAX - 2, (i) => `décision ${i}`)];
    given(inPilotage)
      .when(holdCopil({ decisions: longest }))
      .then([{ type: 'SteeringCommitteeHeld', data: { committeeId: 'copil-new', heldOn: '2015-01-12', attendees: ATTENDEES, decisions: longest } }]);
  });

  it(`plans its ${PARTNERSHIP_MILESTONES_MAX}th milestone, refuses one more`, () => {
    const plan: PartnershipCommand = { type: 'PlanMilestone', data: { milestoneId: 'm-new', title: 'Trophée', dueDate: '2015-06-01' } };
    const almost = [...inPilotage, ...times(PARTNERSHIP_MILESTONES_MAX - 2, (i) => planned(`m-${i}`))];
    given(almost)
      .when(plan)
      .then([{ type: 'MilestonePlanned', data: { milestoneId: 'm-new', title: 'Trophée', dueDate: '2015-06-01' } }]);
    given([...almost, planned('m-last')])
      .when(plan)
      .thenThrows('RULE_VIOLATED', `a partnership cannot plan more milestones (at most ${PARTNERSHIP_MILESTONES_MAX})`);
  });

  it(`reschedules a milestone ${MILESTONE_RESCHEDULES_MAX} times, not once more`, () => {
    const reschedule: PartnershipCommand = { type: 'RescheduleMilestone', data: { milestoneId: 'ateliers-ehpad', dueDate: '2015-01-20', reason: 'report' } };
    given([...inPilotage, ...times(MILESTONE_RESCHEDULES_MAX - 1, rescheduled)])
      .when(reschedule)
      .then([
        { type: 'MilestoneRescheduled', data: { milestoneId: 'ateliers-ehpad', previousDueDate: '2014-12-16', dueDate: '2015-01-20', reason: 'report' } },
      ]);
    given([...inPilotage, ...times(MILESTONE_RESCHEDULES_MAX, rescheduled)])
      .when(reschedule)
      .thenThrows('RULE_VIOLATED', `milestone "ateliers-ehpad" cannot be rescheduled again (at most ${MILESTONE_RESCHEDULES_MAX})`);
  });

  it(`follows ${PARTNERSHIP_INDICATORS_MAX} indicators: a new one beyond is refused, a known one is still measured`, () => {
    const full = [...inPilotage, ...times(PARTNERSHIP_INDICATORS_MAX, (i) => measured(`i-${i}`))];
    given(full)
      .when(recordIndicator('i-new'))
      .thenThrows('RULE_VIOLATED', `a partnership cannot follow more indicators (at most ${PARTNERSHIP_INDICATORS_MAX})`);
    given(full)
      .when(recordIndicator('i-0'))
      .then([{ type: 'IndicatorRecorded', data: { indicatorId: 'i-0', name: 'i-0', value: 2, measuredOn: '2015-03-31' } }]);
  });

  it(`records ${INDICATOR_MEASURES_MAX} measures in all, not one more, and counts them in its state`, () => {
    const almost = [...inPilotage, ...times(INDICATOR_MEASURES_MAX - 1, () => measured('seniors'))];
    const state = given(almost).state;
    expect(state.status === 'active' && [state.indicators.length, state.measuresRecorded]).toEqual([1, INDICATOR_MEASURES_MAX - 1]);
    given(almost)
      .when(recordIndicator('seniors'))
      .then([{ type: 'IndicatorRecorded', data: { indicatorId: 'seniors', name: 'seniors', value: 2, measuredOn: '2015-03-31' } }]);
    given([...almost, measured('seniors')])
      .when(recordIndicator('seniors'))
      .thenThrows('RULE_VIOLATED', `a partnership cannot record more measures of its indicators (at most ${INDICATOR_MEASURES_MAX})`);
  });
});
