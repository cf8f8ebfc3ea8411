import { ignoreUnknown } from '../kernel/decider';
import { isWellFormed } from '../kernel/validation';
import type { Milestone, PartnershipEvent, PartnershipState, ProposedPartnership } from './types';

/**
 * Total: an event that does not fit the state (or is unknown) leaves it as it was.
 * Lists are keyed: a milestone, a committee or an indicator recorded again under
 * the same id replaces the earlier one (moved last); an indicator keeps its
 * latest measure. A list or a cycle an event leaves out (written by hand) reads
 * as empty, or as the current cycle.
 */
export function evolvePartnership(state: PartnershipState, event: PartnershipEvent): PartnershipState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'PartnershipProposed') return state;
    const { partnershipId, title, territory, partners, modes, proposedAt, proposedOn } = event.data;
    return {
      status: 'active',
      partnershipId,
      title,
      territory,
      partners: partners ?? [],
      modes: modes ?? [],
      phase: 'cadrage',
      cycle: 1,
      objectives: {},
      milestones: [],
      committees: [],
      indicators: [],
      impact: {},
      conclusions: [],
      proposedAt,
      ...(proposedOn === undefined ? {} : { proposedOn }),
      catalyseurs: [],
    };
  }
  switch (event.type) {
    case 'PartnershipProposed':
      return state;
    case 'ObjectivesAgreed':
      return { ...state, objectives: { ...state.objectives, [event.data.orgId]: event.data.objectives ?? [] } };
    case 'MilestonePlanned': {
      const { milestoneId, title, dueDate } = event.data;
      return {
        ...state,
        milestones: replaced(state.milestones, 'milestoneId', { milestoneId, title, dueDate, status: 'planned', cycle: state.cycle, rescheduled: 0 }),
      };
    }
    case 'PilotageStarted': {
      // The dates of the current cycle's phase changes, read from the events that always carried them (no upcaster needed).
      const { pilotageStartedOn: _earlier, evaluationOpenedOn: _earlierCycle, ...rest } = state;
      return { ...rest, phase: 'pilotage', cycle: event.data.cycle ?? state.cycle, ...dated('pilotageStartedOn', event.data.startedOn) };
    }
    case 'MilestoneReached':
      return updateMilestone(state, event.data.milestoneId, (milestone) => ({ ...milestone, status: 'reached', reachedOn: event.data.reachedOn }));
    case 'MilestoneRescheduled':
      return updateMilestone(state, event.data.milestoneId, ({ remindedOn: _forTheOldDate, ...milestone }) => ({
        ...milestone,
        dueDate: event.data.dueDate,
        rescheduled: milestone.rescheduled + 1,
        lastRescheduleReason: event.data.reason,
      }));
    case 'MilestoneDropped':
      return updateMilestone(state, event.data.milestoneId, (milestone) => ({ ...milestone, status: 'dropped', dropReason: event.data.reason }));
    case 'MilestoneDueSoon':
      return updateMilestone(state, event.data.milestoneId, (milestone) => ({ ...milestone, remindedOn: event.data.remindedOn }));
    case 'SteeringCommitteeHeld': {
      const { committeeId, heldOn, attendees, decisions } = event.data;
      return {
        ...state,
        committees: replaced(state.committees, 'committeeId', { committeeId, heldOn, attendees: attendees ?? [], decisions: decisions ?? [] }),
      };
    }
    case 'IndicatorRecorded': {
      const { indicatorId, name, value, unit, measuredOn } = event.data;
      // A measure without a target or a direction keeps the indicator's earlier ones.
      const earlier = state.indicators.find((indicator) => indicator.indicatorId === indicatorId);
      const target = event.data.target ?? earlier?.target;
      const direction = event.data.direction ?? earlier?.direction;
      const indicator = {
        indicatorId,
        name,
        value,
        ...(unit === undefined ? {} : { unit }),
        measuredOn,
        ...(target === undefined ? {} : { target }),
        ...(direction === undefined ? {} : { direction }),
      };
      return { ...state, indicators: replaced(state.indicators, 'indicatorId', indicator), measuresRecorded: (state.measuresRecorded ?? 0) + 1 };
    }
    case 'EvaluationOpened':
      return { ...state, phase: 'evaluation', cycle: event.data.cycle ?? state.cycle, ...dated('evaluationOpenedOn', event.data.openedOn) };
    case 'ImpactAssessed': {
      // Version 2 (older versions are upcast on read): the dimension's score and its sub-dimensions'.
      const { dimension, score, scores, evidence } = event.data;
      return { ...state, impact: { ...state.impact, [dimension]: { score, scores: scores ?? {}, evidence } } };
    }
    case 'EvaluationConcluded': {
      const { cycle, decision, concludedOn } = event.data;
      return { ...state, conclusions: [...state.conclusions, { cycle: cycle ?? state.cycle, decision, concludedOn }] };
    }
    case 'PartnershipRenewed': {
      // A new cycle: its pilotage and its evaluation are still to come.
      const { pilotageStartedOn: _started, evaluationOpenedOn: _opened, ...rest } = state;
      return { ...rest, phase: 'cadrage', cycle: event.data.cycle ?? state.cycle + 1, objectives: {}, impact: {} };
    }
    case 'PartnershipClosed':
      return { ...state, phase: 'closed' };
    case 'CatalyseurAssigned': {
      const { catalyseurId, assignedOn } = event.data;
      if (state.catalyseurs.includes(catalyseurId)) return state;
      return { ...state, catalyseurs: [...state.catalyseurs, catalyseurId], assignedOn: { ...state.assignedOn, [catalyseurId]: assignedOn } };
    }
    case 'CatalyseurReleased': {
      const { [event.data.catalyseurId]: _released, ...assignedOn } = state.assignedOn ?? {};
      return { ...state, catalyseurs: state.catalyseurs.filter((id) => id !== event.data.catalyseurId), assignedOn };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

/** `{[key]: date}` when the event gives a date, else nothing (an event written by hand without it). */
function dated<K extends 'pilotageStartedOn' | 'evaluationOpenedOn'>(key: K, date: unknown): Partial<Record<K, string>> {
  return typeof date === 'string' ? ({ [key]: date } as Partial<Record<K, string>>) : {};
}

/** A milestone changed; an unknown milestone changes nothing. */
function updateMilestone(state: ProposedPartnership, milestoneId: string, change: (milestone: Milestone) => Milestone): ProposedPartnership {
  return {
    ...state,
    milestones: state.milestones.map((milestone) => (milestone.milestoneId === milestoneId ? change(milestone) : milestone)),
  };
}

/** The list with `item` last, in place of any earlier one of the same id. */
function replaced<T, K extends keyof T>(items: readonly T[], key: K, item: T): readonly T[] {
  return [...items.filter((other) => other[key] !== item[key]), item];
}
