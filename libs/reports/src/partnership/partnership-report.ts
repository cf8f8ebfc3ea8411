import {
  type CalendarDate,
  daysFrom,
  type EvaluationDecision,
  type EventInHistory,
  IMPACT_DIMENSIONS,
  type ImpactDimension,
  type IndicatorDirection,
  type MilestoneStatus,
  type ObjectiveFamily,
  type Partner,
  type PartnershipEvent,
  type PartnershipMode,
  type PartnershipPhase,
  type PartnershipState,
  type SubDimensionScores,
  partnershipDecider,
  type Territory,
} from '@catalyse/domain';

/** The figures of a partnership's evaluation report (RAMEAU): each cycle, and the whole life. */
export interface PartnershipReport {
  readonly partnershipId: string;
  readonly title: string;
  readonly territory: Territory;
  readonly modes: readonly PartnershipMode[];
  readonly partners: readonly Partner[];
  readonly proposedAt: string;
  readonly phase: PartnershipPhase;
  /** The current cycle (1 for a partnership never renewed). */
  readonly cycle: number;
  /** The day the report speaks of: overdue milestones are counted against it. */
  readonly today: CalendarDate;
  readonly cycles: readonly CycleReport[];
  readonly life: LifeReport;
}

export interface MilestoneCounts {
  readonly planned: number;
  readonly reached: number;
  /** Reached on or before the due date in force. */
  readonly onTime: number;
  /** Reached after the due date in force. */
  readonly late: number;
  /** Rescheduled at least once (whatever became of them). */
  readonly rescheduled: number;
  readonly dropped: number;
  /** Still planned. */
  readonly open: number;
  /** Still planned and due before `today`. */
  readonly overdue: number;
}

export interface Reschedule {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly reason: string;
}

export interface MilestoneLine {
  readonly milestoneId: string;
  readonly title: string;
  readonly cycle: number;
  /** The due date first planned. */
  readonly plannedFor: CalendarDate;
  /** The due date in force. */
  readonly dueDate: CalendarDate;
  readonly status: MilestoneStatus;
  readonly reachedOn?: CalendarDate;
  /** Reached after the due date in force. */
  readonly late: boolean;
  /** Days between the date first planned and the date reached (negative: early), once reached. */
  readonly daysAfterPlan?: number;
  readonly reschedules: readonly Reschedule[];
  readonly dropReason?: string;
  readonly overdue: boolean;
}

export interface CommitteeLine {
  readonly committeeId: string;
  readonly heldOn: CalendarDate;
  /** The names of the partners present. */
  readonly attendees: readonly string[];
  readonly decisions: readonly string[];
}

export interface IndicatorMeasureLine {
  readonly measuredOn: CalendarDate;
  readonly value: number;
  readonly target?: number;
}

export interface IndicatorLine {
  readonly indicatorId: string;
  readonly name: string;
  readonly unit?: string;
  readonly measures: readonly IndicatorMeasureLine[];
  /** The target and direction in force at the latest measure. */
  readonly target?: number;
  readonly direction?: IndicatorDirection;
  readonly latest: IndicatorMeasureLine;
  /** Whether the latest measure reaches the target in its direction; absent without a target and a direction. */
  readonly reached?: boolean;
}

export interface ImpactLine {
  readonly dimension: ImpactDimension;
  /** The dimension's score: the mean of its sub-dimensions'. */
  readonly score: number;
  /** Each sub-dimension's score (an assessment of before sub-dimensions reads as both at the dimension's score). */
  readonly scores: SubDimensionScores;
  readonly evidence: string;
}

export interface Conclusion {
  readonly decision: EvaluationDecision;
  readonly concludedOn: CalendarDate;
}

export interface CycleReport {
  readonly cycle: number;
  /** The proposal for the first cycle, the renewal for the next ones. */
  readonly startedOn: string;
  readonly pilotageStartedOn?: CalendarDate;
  readonly evaluationOpenedOn?: CalendarDate;
  readonly objectives: readonly { readonly orgId: string; readonly name: string; readonly objectives: readonly ObjectiveFamily[] }[];
  readonly milestones: readonly MilestoneLine[];
  readonly counts: MilestoneCounts;
  readonly committees: readonly CommitteeLine[];
  /** Measures recorded during the cycle. */
  readonly indicators: readonly IndicatorLine[];
  readonly impact: readonly ImpactLine[];
  readonly conclusion?: Conclusion;
}

export interface LifeReport {
  readonly counts: MilestoneCounts;
  readonly committees: number;
  readonly decisions: number;
  /** Every measure of each indicator, across cycles. */
  readonly indicators: readonly IndicatorLine[];
  readonly indicatorsReached: number;
  readonly indicatorsWithTarget: number;
  /** Each dimension's score per cycle assessed. */
  readonly impact: readonly { readonly cycle: number; readonly dimension: ImpactDimension; readonly score: number; readonly scores: SubDimensionScores }[];
  readonly conclusions: readonly (Conclusion & { readonly cycle: number })[];
  /** `clos` or `essaime` once closed; `renouvele` when renewed and in a later cycle; else `en_cours`. */
  readonly outcome: 'en_cours' | 'renouvele' | 'essaime' | 'clos';
}

interface Measure extends IndicatorMeasureLine {
  readonly cycle: number;
  readonly indicatorId: string;
  readonly name: string;
  readonly unit?: string;
  readonly direction?: IndicatorDirection;
}

interface CycleDraft {
  cycle: number;
  startedOn: string;
  pilotageStartedOn?: CalendarDate;
  evaluationOpenedOn?: CalendarDate;
  objectives: Map<string, readonly ObjectiveFamily[]>;
  committees: CommitteeLine[];
  impact: Map<ImpactDimension, ImpactLine>;
  conclusion?: Conclusion;
}

/**
 * The report of one partnership from its events (already cut to the history
 * asked for, in stream order), folded with the decider's own `evolve`, so the
 * report never disagrees with the rules. `today`: the day overdue milestones
 * are counted against (the cut's day, or the day it is made). Pure; returns
 * `undefined` for a stream without a proposal.
 */
export function buildPartnershipReport(events: readonly EventInHistory[], today: CalendarDate): PartnershipReport | undefined {
  let state: PartnershipState = partnershipDecider.initialState();
  const cycles = new Map<number, CycleDraft>();
  const plannedFor = new Map<string, CalendarDate>();
  const reschedules = new Map<string, Reschedule[]>();
  const measures: Measure[] = [];
  const draft = (cycle: number, startedOn: string): CycleDraft => {
    let found = cycles.get(cycle);
    if (!found) {
      found = { cycle, startedOn, objectives: new Map(), committees: [], impact: new Map() };
      cycles.set(cycle, found);
    }
    return found;
  };

  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as PartnershipEvent;
    const before = state;
    state = partnershipDecider.evolve(state, event);
    if (state === before || state.status === 'none') continue; // left out by evolve: the report leaves it out too
    const cycle = before.status === 'none' ? 1 : before.cycle;
    const current = draft(cycle, before.status === 'none' ? state.proposedAt : '');
    switch (event.type) {
      case 'PartnershipProposed':
        current.startedOn = state.proposedAt;
        break;
      case 'ObjectivesAgreed':
        current.objectives.set(event.data.orgId, event.data.objectives ?? []);
        break;
      case 'MilestonePlanned':
        if (!plannedFor.has(event.data.milestoneId)) plannedFor.set(event.data.milestoneId, event.data.dueDate);
        break;
      case 'MilestoneRescheduled': {
        const { milestoneId, previousDueDate, dueDate, reason } = event.data;
        reschedules.set(milestoneId, [...(reschedules.get(milestoneId) ?? []), { from: previousDueDate, to: dueDate, reason }]);
        break;
      }
      case 'PilotageStarted':
        current.pilotageStartedOn = event.data.startedOn;
        break;
      case 'SteeringCommitteeHeld': {
        const names = new Map(state.partners.map((partner) => [partner.orgId, partner.name]));
        const { committeeId, heldOn, attendees, decisions } = event.data;
        current.committees = [
          ...current.committees.filter((c) => c.committeeId !== committeeId),
          { committeeId, heldOn, attendees: (attendees ?? []).map((orgId) => names.get(orgId) ?? orgId), decisions: decisions ?? [] },
        ];
        break;
      }
      case 'IndicatorRecorded': {
        const indicator = state.indicators.find((i) => i.indicatorId === event.data.indicatorId);
        if (indicator) measures.push({ ...indicator, cycle });
        break;
      }
      case 'EvaluationOpened':
        current.evaluationOpenedOn = event.data.openedOn;
        break;
      case 'ImpactAssessed':
        current.impact.set(event.data.dimension, {
          dimension: event.data.dimension,
          score: event.data.score,
          scores: event.data.scores ?? {},
          evidence: event.data.evidence,
        });
        break;
      case 'EvaluationConcluded':
        current.conclusion = { decision: event.data.decision, concludedOn: event.data.concludedOn };
        break;
      case 'PartnershipRenewed':
        draft(state.cycle, event.data.renewedOn);
        break;
      case 'MilestoneReached':
      case 'MilestoneDropped':
      case 'MilestoneDueSoon':
      case 'PartnershipClosed':
      case 'CatalyseurAssigned':
      case 'CatalyseurReleased':
        break;
      default: {
        const unknown: never = event;
        void unknown;
      }
    }
  }
  if (state.status === 'none') return undefined;
  const partners = state.partners;
  const milestones: MilestoneLine[] = state.milestones.map((m) => {
    const first = plannedFor.get(m.milestoneId) ?? m.dueDate;
    const late = m.status === 'reached' && m.reachedOn !== undefined && m.reachedOn > m.dueDate;
    return {
      milestoneId: m.milestoneId,
      title: m.title,
      cycle: m.cycle,
      plannedFor: first,
      dueDate: m.dueDate,
      status: m.status,
      ...(m.reachedOn === undefined ? {} : { reachedOn: m.reachedOn, daysAfterPlan: daysFrom(first, m.reachedOn) }),
      late,
      reschedules: reschedules.get(m.milestoneId) ?? [],
      ...(m.dropReason === undefined ? {} : { dropReason: m.dropReason }),
      // As the board says it: a closed partnership accepts no command, so a milestone it left planned is late no more.
      overdue: state.phase !== 'closed' && m.status === 'planned' && m.dueDate < today,
    };
  });
  const cycleReports: CycleReport[] = [...cycles.values()]
    .sort((a, b) => a.cycle - b.cycle)
    .map((c) => ({
      cycle: c.cycle,
      startedOn: c.startedOn,
      ...(c.pilotageStartedOn === undefined ? {} : { pilotageStartedOn: c.pilotageStartedOn }),
      ...(c.evaluationOpenedOn === undefined ? {} : { evaluationOpenedOn: c.evaluationOpenedOn }),
      objectives: partners.filter((p) => c.objectives.has(p.orgId)).map((p) => ({ orgId: p.orgId, name: p.name, objectives: c.objectives.get(p.orgId) ?? [] })),
      milestones: milestones.filter((m) => m.cycle === c.cycle),
      counts: countMilestones(milestones.filter((m) => m.cycle === c.cycle)),
      committees: [...c.committees].sort((a, b) => a.heldOn.localeCompare(b.heldOn)),
      indicators: indicatorLines(measures.filter((m) => m.cycle === c.cycle)),
      impact: IMPACT_DIMENSIONS.flatMap((d) => {
        const line = c.impact.get(d);
        return line ? [line] : [];
      }),
      ...(c.conclusion === undefined ? {} : { conclusion: c.conclusion }),
    }));
  const lifeIndicators = indicatorLines(measures);
  const conclusions = cycleReports.flatMap((c) => (c.conclusion ? [{ ...c.conclusion, cycle: c.cycle }] : []));
  const last = conclusions[conclusions.length - 1];
  return {
    partnershipId: state.partnershipId,
    title: state.title,
    territory: state.territory,
    modes: state.modes,
    partners,
    proposedAt: state.proposedAt,
    phase: state.phase,
    cycle: state.cycle,
    today,
    cycles: cycleReports,
    life: {
      counts: countMilestones(milestones),
      committees: cycleReports.reduce((n, c) => n + c.committees.length, 0),
      decisions: cycleReports.reduce((n, c) => n + c.committees.reduce((d, committee) => d + committee.decisions.length, 0), 0),
      indicators: lifeIndicators,
      indicatorsReached: lifeIndicators.filter((i) => i.reached === true).length,
      indicatorsWithTarget: lifeIndicators.filter((i) => i.reached !== undefined).length,
      impact: cycleReports.flatMap((c) => c.impact.map((i) => ({ cycle: c.cycle, dimension: i.dimension, score: i.score, scores: i.scores }))),
      conclusions,
      outcome: state.phase === 'closed' ? outcomeOf(last?.decision) : state.cycle > 1 ? 'renouvele' : 'en_cours',
    },
  };
}

function outcomeOf(decision: EvaluationDecision | undefined): LifeReport['outcome'] {
  switch (decision) {
    case 'renouveler':
      return 'renouvele';
    case 'essaimer':
      return 'essaime';
    case 'clore':
      return 'clos';
    case undefined:
      return 'en_cours';
    default: {
      const unknown: never = decision;
      return unknown;
    }
  }
}

export function countMilestones(milestones: readonly MilestoneLine[]): MilestoneCounts {
  const count = (test: (m: MilestoneLine) => boolean): number => milestones.filter(test).length;
  return {
    planned: milestones.length,
    reached: count((m) => m.status === 'reached'),
    onTime: count((m) => m.status === 'reached' && !m.late),
    late: count((m) => m.late),
    rescheduled: count((m) => m.reschedules.length > 0),
    dropped: count((m) => m.status === 'dropped'),
    open: count((m) => m.status === 'planned'),
    overdue: count((m) => m.overdue),
  };
}

/** Whether `value` reaches `target` going `direction`. */
export function targetReached(value: number, target: number, direction: IndicatorDirection): boolean {
  switch (direction) {
    case 'increase':
      return value >= target;
    case 'decrease':
      return value <= target;
    default: {
      const unknown: never = direction;
      return unknown;
    }
  }
}

/** Measures grouped by indicator, in the order each indicator was first measured; each series by date. */
function indicatorLines(measures: readonly Measure[]): IndicatorLine[] {
  const byId = new Map<string, Measure[]>();
  for (const m of measures) byId.set(m.indicatorId, [...(byId.get(m.indicatorId) ?? []), m]);
  return [...byId.values()].map((series) => {
    const sorted = [...series].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
    const latest = sorted[sorted.length - 1] as Measure;
    const reached = latest.target !== undefined && latest.direction !== undefined ? targetReached(latest.value, latest.target, latest.direction) : undefined;
    const line = (m: Measure): IndicatorMeasureLine => ({ measuredOn: m.measuredOn, value: m.value, ...(m.target === undefined ? {} : { target: m.target }) });
    return {
      indicatorId: latest.indicatorId,
      name: latest.name,
      ...(latest.unit === undefined ? {} : { unit: latest.unit }),
      measures: sorted.map(line),
      ...(latest.target === undefined ? {} : { target: latest.target }),
      ...(latest.direction === undefined ? {} : { direction: latest.direction }),
      latest: line(latest),
      ...(reached === undefined ? {} : { reached }),
    };
  });
}
