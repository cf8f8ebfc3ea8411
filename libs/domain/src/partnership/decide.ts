import { assertNever } from '../kernel/decider';
import { daysFrom } from '../kernel/calendar-date';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  atMost,
  firstDuplicate,
  optionalText,
  ownEntry,
  recordedDay,
  requireCalendarDate,
  requireList,
  requireOneOf,
  requireShortText,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import {
  EVALUATION_DECISIONS,
  IMPACT_DIMENSIONS,
  IMPACT_SCORE_MAX,
  IMPACT_SCORE_MIN,
  IMPACT_SUB_DIMENSIONS,
  type ImpactDimension,
  OBJECTIVE_FAMILIES,
  PARTNERSHIP_MODES,
  SPHERES,
  TERRITORY_SCALES,
  type PartnershipPhase,
} from '../kernel/vocabulary';
import type {
  AgreeObjectives,
  AssessImpact,
  ConcludeEvaluation,
  DropMilestone,
  HoldSteeringCommittee,
  Milestone,
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
  Territory,
  ProposedPartnership,
  IndicatorDirection,
  SubDimensionScores,
} from './types';
import { INDICATOR_DIRECTIONS } from './types';
import {
  COMMITTEE_DECISIONS_MAX,
  DECISION_MAX_LENGTH,
  INDICATOR_MEASURES_MAX,
  MILESTONE_RESCHEDULES_MAX,
  PARTNERSHIP_INDICATORS_MAX,
  PARTNERSHIP_MILESTONES_MAX,
  STEERING_COMMITTEES_MAX,
} from './bounds';
import { dimensionScore } from './impact';
import { assignCatalyseur, assignedOnProposal, releaseCatalyseur } from './catalyseurs';
import { notAfterToday, notBeforeEvaluation, notBeforeLastPilotageFact, notBeforePilotage, notBeforeProposal, notBeforeRenewal } from './dates';

/** What each command decides: one function per command, with the state guards and the shapes of its data. */

export function decidePartnership(command: PartnershipCommand, state: PartnershipState): readonly PartnershipEvent[] {
  switch (command.type) {
    case 'ProposePartnership':
      return propose(command.data, state);
    case 'AgreeObjectives':
      return agreeObjectives(command.data, accepting(state));
    case 'PlanMilestone':
      return planMilestone(command.data, accepting(state));
    case 'StartPilotage':
      return startPilotage(command.data, accepting(state));
    case 'ReachMilestone':
      return reachMilestone(command.data, accepting(state));
    case 'RescheduleMilestone':
      return rescheduleMilestone(command.data, accepting(state));
    case 'DropMilestone':
      return dropMilestone(command.data, accepting(state));
    case 'RemindMilestone':
      return remindMilestone(command.data, accepting(state));
    case 'HoldSteeringCommittee':
      return holdSteeringCommittee(command.data, accepting(state));
    case 'RecordIndicator':
      return recordIndicator(command.data, accepting(state));
    case 'OpenEvaluation':
      return openEvaluation(command.data, accepting(state));
    case 'AssessImpact':
      return assessImpact(command.data, accepting(state));
    case 'ConcludeEvaluation':
      return concludeEvaluation(command.data, accepting(state));
    case 'AssignCatalyseur':
      return assignCatalyseur(command.data, accepting(state));
    case 'ReleaseCatalyseur':
      return releaseCatalyseur(command.data, accepting(state));
    default:
      return assertNever(command, 'partnership command');
  }
}

/** A proposed partnership that is not closed. */
function accepting(state: PartnershipState): ProposedPartnership {
  if (state.status === 'none') throw notFound('partnership not found');
  if (state.phase === 'closed') throw ruleViolated('a closed partnership accepts no command');
  return state;
}

function requirePhase(state: ProposedPartnership, phases: readonly PartnershipPhase[], message: string): void {
  if (!phases.includes(state.phase)) throw ruleViolated(message);
}

function requirePartner(state: ProposedPartnership, orgId: unknown): string {
  const id = requireText(orgId, 'an organisation id is needed');
  if (!state.partners.some((partner) => partner.orgId === id)) throw ruleViolated(`${show(id)} is not a partner of this partnership`);
  return id;
}

function findMilestone(state: ProposedPartnership, milestoneId: unknown): Milestone {
  const id = requireText(milestoneId, 'a milestone id is needed');
  const milestone = state.milestones.find((candidate) => candidate.milestoneId === id);
  if (!milestone) throw notFound(`milestone ${show(id)} not found`);
  return milestone;
}

/** A milestone still planned: neither reached nor dropped. */
function findOpenMilestone(state: ProposedPartnership, milestoneId: unknown): Milestone {
  const milestone = findMilestone(state, milestoneId);
  switch (milestone.status) {
    case 'planned':
      return milestone;
    case 'reached':
      throw ruleViolated(`milestone ${show(milestone.milestoneId)} is already reached`);
    case 'dropped':
      throw ruleViolated(`milestone ${show(milestone.milestoneId)} was dropped`);
    default:
      return assertNever(milestone.status, 'milestone status');
  }
}

function propose(data: ProposePartnership['data'], state: PartnershipState): readonly PartnershipEvent[] {
  if (state.status !== 'none') throw alreadyExists('partnership already exists');
  const partnershipId = requireText(data.partnershipId, 'a partnership needs an id');
  const title = requireText(data.title, 'a partnership needs a title');
  const territory = validTerritory(data.territory);
  const partners = validPartners(data.partners);
  const modes = requireList(data.modes, 'a partnership needs at least one mode').map((mode) => requireOneOf(PARTNERSHIP_MODES, mode, 'mode'));
  const twice = firstDuplicate(modes);
  if (twice !== undefined) throw ruleViolated(`mode ${show(twice)} is listed twice`);
  const proposedAt = requireText(data.proposedAt, 'the time of the proposal is needed');
  const proposedOn = recordedDay(data.proposedOn, proposedAt, 'the day of the proposal');
  // A catalyseur who proposes a partnership accompanies it from the start, on the day it is proposed (a member of the network by then).
  return [
    {
      type: 'PartnershipProposed',
      data: { partnershipId, title, territory, partners, modes, proposedAt, ...(data.proposedOn === undefined ? {} : { proposedOn }) },
    },
    ...assignedOnProposal(data.proposedBy, proposedOn, data.catalyseurJoinedOn),
  ];
}

function validTerritory(territory: unknown): Territory {
  if (typeof territory !== 'object' || territory === null) throw ruleViolated('a partnership needs a territory');
  const { id, name, scale } = territory as Partial<Record<keyof Territory, unknown>>;
  return {
    id: requireText(id, 'the territory needs an id'),
    name: requireText(name, 'the territory needs a name'),
    scale: requireOneOf(TERRITORY_SCALES, scale, 'territory scale'),
  };
}

function validPartners(value: unknown): readonly Partner[] {
  if (!Array.isArray(value) || value.length < 2) throw ruleViolated('a partnership needs at least two partners');
  const partners = (value as readonly unknown[]).map((partner): Partner => {
    if (typeof partner !== 'object' || partner === null) throw ruleViolated('each partner needs an organisation id, a name and a sphere');
    const { orgId, name, sphere } = partner as Partial<Record<keyof Partner, unknown>>;
    return {
      orgId: requireText(orgId, 'each partner needs an organisation id'),
      name: requireText(name, 'each partner needs a name'),
      sphere: requireOneOf(SPHERES, sphere, 'sphere'),
    };
  });
  const twice = firstDuplicate(partners.map((partner) => partner.orgId));
  if (twice !== undefined) throw ruleViolated(`organisation ${show(twice)} is listed twice among the partners`);
  if (new Set(partners.map((partner) => partner.sphere)).size < 2) {
    throw ruleViolated('a partnership needs partners from at least two different spheres');
  }
  return partners;
}

function agreeObjectives(data: AgreeObjectives['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['cadrage'], 'objectives can only be agreed during cadrage');
  const orgId = requirePartner(state, data.orgId);
  const objectives = requireList(data.objectives, 'at least one objective must be agreed').map((objective) =>
    requireOneOf(OBJECTIVE_FAMILIES, objective, 'objective'),
  );
  const twice = firstDuplicate(objectives);
  if (twice !== undefined) throw ruleViolated(`objective ${show(twice)} is listed twice`);
  return [{ type: 'ObjectivesAgreed', data: { orgId, objectives, cycle: state.cycle } }];
}

function planMilestone(data: PlanMilestone['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['cadrage', 'pilotage'], 'a milestone can only be planned during cadrage or pilotage');
  const milestoneId = requireText(data.milestoneId, 'a milestone id is needed');
  if (state.milestones.some((milestone) => milestone.milestoneId === milestoneId)) {
    throw alreadyExists(`milestone ${show(milestoneId)} already exists`);
  }
  roomForOneMore(state.milestones.length, PARTNERSHIP_MILESTONES_MAX, 'a partnership cannot plan more milestones');
  const title = requireText(data.title, 'a milestone needs a title');
  const dueDate = requireCalendarDate(data.dueDate, 'the due date');
  // A due date in the past is history recorded late, but never before the partnership existed.
  notBeforeProposal(dueDate, 'the due date', state);
  return [{ type: 'MilestonePlanned', data: { milestoneId, title, dueDate } }];
}

function startPilotage(data: StartPilotage['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['cadrage'], 'pilotage can only start from cadrage');
  const missing = state.partners.filter((partner) => ownEntry(state.objectives, partner.orgId) === undefined);
  if (missing.length > 0) {
    throw ruleViolated(`every partner must agree on objectives before pilotage (missing: ${missing.map((partner) => partner.name).join(', ')})`);
  }
  if (!state.milestones.some((milestone) => milestone.cycle === state.cycle && milestone.status !== 'dropped')) {
    throw ruleViolated('at least one milestone must be planned before pilotage');
  }
  const startedOn = requireCalendarDate(data.startedOn, 'the start date');
  notBeforeProposal(startedOn, 'the start of pilotage', state);
  notBeforeRenewal(startedOn, 'the start of pilotage', state);
  notAfterToday(startedOn, 'the start of pilotage', data.today);
  return [{ type: 'PilotageStarted', data: { startedOn, cycle: state.cycle } }];
}

function reachMilestone(data: ReachMilestone['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['pilotage'], 'a milestone can only be reached during pilotage');
  const { milestoneId } = findOpenMilestone(state, data.milestoneId);
  const reachedOn = requireCalendarDate(data.reachedOn, 'the date reached');
  notBeforeProposal(reachedOn, 'reaching a milestone', state);
  notBeforePilotage(reachedOn, 'reaching a milestone', state);
  notAfterToday(reachedOn, 'reaching a milestone', data.today);
  return [{ type: 'MilestoneReached', data: { milestoneId, reachedOn } }];
}

function rescheduleMilestone(data: RescheduleMilestone['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['cadrage', 'pilotage'], 'a milestone can only be rescheduled during cadrage or pilotage');
  const milestone = findOpenMilestone(state, data.milestoneId);
  const reason = requireText(data.reason, 'rescheduling a milestone needs a reason');
  const dueDate = requireCalendarDate(data.dueDate, 'the new due date');
  if (dueDate === milestone.dueDate) throw ruleViolated(`milestone ${show(milestone.milestoneId)} is already due on ${dueDate}`);
  roomForOneMore(milestone.rescheduled, MILESTONE_RESCHEDULES_MAX, `milestone ${show(milestone.milestoneId)} cannot be rescheduled again`);
  notBeforeProposal(dueDate, 'the new due date', state);
  return [{ type: 'MilestoneRescheduled', data: { milestoneId: milestone.milestoneId, previousDueDate: milestone.dueDate, dueDate, reason } }];
}

function dropMilestone(data: DropMilestone['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['cadrage', 'pilotage'], 'a milestone can only be dropped during cadrage or pilotage');
  const { milestoneId } = findOpenMilestone(state, data.milestoneId);
  const reason = requireText(data.reason, 'dropping a milestone needs a reason');
  return [{ type: 'MilestoneDropped', data: { milestoneId, reason } }];
}

/** Longest reminder window, in days. */
export const REMINDER_WINDOW_MAX_DAYS = 366;

function remindMilestone(data: RemindMilestone['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  const milestone = findOpenMilestone(state, data.milestoneId);
  const today = requireCalendarDate(data.today, "today's date");
  const withinDays = data.withinDays;
  if (typeof withinDays !== 'number' || !Number.isInteger(withinDays) || withinDays < 0 || withinDays > REMINDER_WINDOW_MAX_DAYS) {
    throw ruleViolated(`a reminder window is a whole number of days from 0 to ${REMINDER_WINDOW_MAX_DAYS}`);
  }
  // Once per due date: a retry, a second scheduler or a restart reminds nobody twice
  // (a reschedule clears the reminder: the new due date is reminded in its turn).
  if (milestone.remindedOn !== undefined) return [];
  const daysLeft = daysFrom(today, milestone.dueDate);
  if (daysLeft > withinDays) {
    throw ruleViolated(`milestone ${show(milestone.milestoneId)} is due in ${daysLeft} days, beyond the reminder window of ${withinDays} days`);
  }
  const { milestoneId, title, dueDate } = milestone;
  return [{ type: 'MilestoneDueSoon', data: { milestoneId, title, dueDate, daysLeft, remindedOn: today } }];
}

function holdSteeringCommittee(data: HoldSteeringCommittee['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['pilotage'], 'a steering committee can only be held during pilotage');
  const committeeId = requireText(data.committeeId, 'a steering committee id is needed');
  if (state.committees.some((committee) => committee.committeeId === committeeId)) {
    throw alreadyExists(`steering committee ${show(committeeId)} was already held`);
  }
  roomForOneMore(state.committees.length, STEERING_COMMITTEES_MAX, 'a partnership cannot hold more steering committees');
  const heldOn = requireCalendarDate(data.heldOn, 'the date held');
  notBeforeProposal(heldOn, 'the steering committee', state);
  notBeforePilotage(heldOn, 'the steering committee', state);
  notAfterToday(heldOn, 'the steering committee', data.today);
  const attendees = requireList(data.attendees, 'a steering committee needs at least one partner present').map((orgId) => requirePartner(state, orgId));
  const twice = firstDuplicate(attendees);
  if (twice !== undefined) throw ruleViolated(`attendee ${show(twice)} is listed twice`);
  const decisions = atMost(
    requireList(data.decisions, 'a steering committee needs at least one decision'),
    COMMITTEE_DECISIONS_MAX,
    'a steering committee records too many decisions',
  ).map((decision) => requireShortText(decision, 'a decision cannot be empty', DECISION_MAX_LENGTH, 'a decision'));
  return [{ type: 'SteeringCommitteeHeld', data: { committeeId, heldOn, attendees, decisions } }];
}

function recordIndicator(data: RecordIndicator['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['pilotage', 'evaluation'], 'an indicator can only be recorded during pilotage or evaluation');
  const indicatorId = requireText(data.indicatorId, 'an indicator id is needed');
  if (!state.indicators.some((indicator) => indicator.indicatorId === indicatorId)) {
    roomForOneMore(state.indicators.length, PARTNERSHIP_INDICATORS_MAX, 'a partnership cannot follow more indicators');
  }
  roomForOneMore(state.measuresRecorded ?? 0, INDICATOR_MEASURES_MAX, 'a partnership cannot record more measures of its indicators');
  const name = requireText(data.name, 'an indicator needs a name');
  if (typeof data.value !== 'number' || !Number.isFinite(data.value)) throw ruleViolated('an indicator value must be a finite number');
  const measuredOn = requireCalendarDate(data.measuredOn, 'the measurement date');
  notBeforeProposal(measuredOn, 'the measurement', state);
  // Measured during pilotage, or during the evaluation: never before the cycle's pilotage started.
  notBeforePilotage(measuredOn, 'the measurement', state);
  notAfterToday(measuredOn, 'the measurement', data.today);
  const unit = optionalText(data.unit);
  const { target, direction } = indicatorTarget(
    data,
    state.indicators.find((indicator) => indicator.indicatorId === indicatorId),
  );
  return [
    {
      type: 'IndicatorRecorded',
      data: {
        indicatorId,
        name,
        value: data.value,
        ...(unit === undefined ? {} : { unit }),
        measuredOn,
        ...(target === undefined ? {} : { target }),
        ...(direction === undefined ? {} : { direction }),
      },
    },
  ];
}

/**
 * An indicator's target and direction as the command gives them: both optional,
 * a target a finite number, a direction `increase` or `decrease`. A target needs
 * a direction, given now or earlier for this indicator (a measure may leave
 * both out: the earlier ones hold).
 */
function indicatorTarget(
  data: RecordIndicator['data'],
  earlier: { readonly direction?: IndicatorDirection } | undefined,
): { readonly target?: number; readonly direction?: IndicatorDirection } {
  const { target, direction } = data;
  if (target !== undefined && (typeof target !== 'number' || !Number.isFinite(target))) throw ruleViolated('an indicator target must be a finite number');
  const checked = direction === undefined ? undefined : requireOneOf(INDICATOR_DIRECTIONS, direction, 'indicator direction');
  if (target !== undefined && checked === undefined && earlier?.direction === undefined) {
    throw ruleViolated('an indicator target needs a direction (increase or decrease)');
  }
  return { ...(target === undefined ? {} : { target }), ...(checked === undefined ? {} : { direction: checked }) };
}

function openEvaluation(data: OpenEvaluation['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['pilotage'], 'an evaluation can only be opened from pilotage');
  const openedOn = requireCalendarDate(data.openedOn, 'the opening date');
  notBeforeProposal(openedOn, 'the opening of the evaluation', state);
  notBeforePilotage(openedOn, 'the opening of the evaluation', state);
  notBeforeLastPilotageFact(openedOn, 'the opening of the evaluation', state);
  notAfterToday(openedOn, 'the opening of the evaluation', data.today);
  return [{ type: 'EvaluationOpened', data: { openedOn, cycle: state.cycle } }];
}

function assessImpact(data: AssessImpact['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['evaluation'], 'impact can only be assessed during evaluation');
  const dimension = requireOneOf(IMPACT_DIMENSIONS, data.dimension, 'impact dimension');
  const scores = subScores(dimension, data.scores);
  const evidence = requireText(data.evidence, 'an impact assessment needs evidence');
  return [{ type: 'ImpactAssessed', data: { dimension, scores, score: dimensionScore(scores), evidence } }];
}

/**
 * A whole score from 1 to 5 for each of the dimension's two sub-dimensions,
 * and no other key; in the vocabulary's order.
 */
function subScores(dimension: ImpactDimension, value: unknown): SubDimensionScores {
  const subs: readonly string[] = IMPACT_SUB_DIMENSIONS[dimension];
  const expected = `${dimension} has two sub-dimensions: ${subs.join(', ')}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw ruleViolated(`an impact assessment needs a score for each sub-dimension (${expected})`);
  const given = value as Readonly<Record<string, unknown>>;
  const other = Object.keys(given).find((key) => !subs.includes(key));
  if (other !== undefined) throw ruleViolated(`${show(other)} is not a sub-dimension of ${dimension} (${expected})`);
  const missing = subs.filter((sub) => given[sub] === undefined);
  if (missing.length > 0) throw ruleViolated(`the sub-dimension ${missing.join(' and ')} of ${dimension} needs a score`);
  return Object.fromEntries(
    subs.map((sub) => {
      const score = given[sub];
      if (typeof score !== 'number' || !Number.isInteger(score) || score < IMPACT_SCORE_MIN || score > IMPACT_SCORE_MAX) {
        throw ruleViolated(`an impact score must be a whole number from ${IMPACT_SCORE_MIN} to ${IMPACT_SCORE_MAX} (${sub}: ${show(score)})`);
      }
      return [sub, score];
    }),
  );
}

function concludeEvaluation(data: ConcludeEvaluation['data'], state: ProposedPartnership): readonly PartnershipEvent[] {
  requirePhase(state, ['evaluation'], 'an evaluation can only be concluded during evaluation');
  if (IMPACT_DIMENSIONS.some((dimension) => state.impact[dimension] === undefined)) {
    throw ruleViolated('all three impact dimensions must be assessed before concluding');
  }
  const decision = requireOneOf(EVALUATION_DECISIONS, data.decision, 'decision');
  const concludedOn = requireCalendarDate(data.concludedOn, 'the conclusion date');
  notBeforeProposal(concludedOn, 'the conclusion', state);
  // The renewal or the closing it decides is dated with it.
  notBeforeEvaluation(concludedOn, 'the conclusion', state);
  notAfterToday(concludedOn, 'the conclusion', data.today);
  const concluded: PartnershipEvent = { type: 'EvaluationConcluded', data: { decision, concludedOn, cycle: state.cycle } };
  switch (decision) {
    case 'renouveler':
      return [concluded, { type: 'PartnershipRenewed', data: { cycle: state.cycle + 1, renewedOn: concludedOn } }];
    case 'essaimer':
    case 'clore':
      return [concluded, { type: 'PartnershipClosed', data: { decision, closedOn: concludedOn } }];
    default:
      return assertNever(decision, 'evaluation decision');
  }
}
