import { daysFrom, evenScores, isImpactDimension } from '@catalyse/domain';
import type { ProposalObserved } from '@catalyse/projections';
import { type DatedObservation, inPeriod, livesIn, type Period, type Place } from '../core/section';

export type Phase = 'cadrage' | 'pilotage' | 'evaluation' | 'closed';
export type MilestoneOutcome = 'on_time' | 'late' | 'overdue' | 'pending' | 'dropped';

/** A stay in a phase: its length in days (up to the day figures stand on when it goes on). */
export interface Stay {
  readonly phase: Phase;
  readonly days: number;
  readonly done: boolean;
}

/** A partnership as the observatory counts it, on the day figures stand on. */
export interface PartnershipSubject {
  readonly id: string;
  readonly territory: Place;
  readonly modes: readonly string[];
  /** Its partners' spheres, sorted, once each (`association + entreprise`). */
  readonly spheres: string;
  readonly proposedOn: string;
  readonly phase: Phase;
  readonly cycle: number;
  /** Flows inside the period. */
  readonly renewedOn: readonly string[];
  readonly closed?: { readonly on: string; readonly decision: string };
  readonly concluded: readonly { readonly on: string; readonly decision: string }[];
  readonly stays: readonly Stay[];
  readonly milestones: readonly { readonly outcome: MilestoneOutcome; readonly rescheduled: number }[];
  readonly committees: number;
  /** The latest assessment of each dimension of each cycle's evaluation, assessed in the period. */
  readonly impacts: readonly ImpactScore[];
}

/** One dimension's assessment: its score (the mean of its sub-dimensions'), and each sub-dimension's. */
export interface ImpactScore {
  readonly dimension: string;
  readonly score: number;
  readonly scores: Readonly<Record<string, number>>;
}

interface MilestoneFold {
  due: string;
  reachedOn?: string;
  dropped: boolean;
  droppedOn?: string;
  rescheduled: number;
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const field = (data: unknown, key: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined);

/**
 * A partnership from its observations inside the cut: its phase and cycle on
 * `period.until`, its stays in each phase, milestones, committees and impact
 * scores; `undefined` before its proposal or when its life does not meet the
 * period. Observations dated after `period.until` are not folded.
 */
export function partnershipSubject(id: string, observations: readonly DatedObservation[], period: Period): PartnershipSubject | undefined {
  const proposal = observations.find((o) => o.type === 'PartnershipProposed');
  if (!proposal || proposal.day > period.until) return undefined;
  const data = proposal.data as ProposalObserved;
  let phase = 'cadrage' as Phase;
  let cycle = 1;
  let since = proposal.day;
  const stays: Stay[] = [];
  const renewedOn: string[] = [];
  const concluded: { on: string; decision: string }[] = [];
  let closed: { on: string; decision: string } | undefined;
  const milestones = new Map<string, MilestoneFold>();
  let committees = 0;
  const impacts = new Map<string, ImpactScore>();
  const enter = (next: Phase, day: string): void => {
    // A flow: a stay counts in the period it ended in (the one still under way at its end counts below, as a stock).
    if (inPeriod(day, period)) stays.push({ phase, days: Math.max(0, daysFrom(since, day)), done: true });
    phase = next;
    since = day;
  };
  for (const o of observations) {
    if (o.day > period.until || o === proposal) continue;
    const milestone = str(field(o.data, 'milestone'));
    switch (o.type) {
      case 'PilotageStarted':
        enter('pilotage', o.day);
        break;
      case 'EvaluationOpened':
        enter('evaluation', o.day);
        break;
      case 'PartnershipRenewed':
        enter('cadrage', o.day);
        cycle = num(field(o.data, 'cycle'), cycle + 1);
        if (inPeriod(o.day, period)) renewedOn.push(o.day);
        break;
      case 'PartnershipClosed':
        enter('closed', o.day);
        closed = { on: o.day, decision: str(field(o.data, 'decision')) ?? 'clore' };
        break;
      case 'EvaluationConcluded':
        if (inPeriod(o.day, period)) concluded.push({ on: o.day, decision: str(field(o.data, 'decision')) ?? 'clore' });
        break;
      case 'MilestonePlanned':
        if (milestone !== undefined) milestones.set(milestone, { due: str(field(o.data, 'due')) ?? o.day, dropped: false, rescheduled: 0 });
        break;
      case 'MilestoneRescheduled': {
        const m = milestone === undefined ? undefined : milestones.get(milestone);
        if (m) {
          m.due = str(field(o.data, 'due')) ?? m.due;
          m.rescheduled += 1;
        }
        break;
      }
      case 'MilestoneReached': {
        const m = milestone === undefined ? undefined : milestones.get(milestone);
        if (m) m.reachedOn = o.day;
        break;
      }
      case 'MilestoneDropped': {
        const m = milestone === undefined ? undefined : milestones.get(milestone);
        if (m) {
          m.dropped = true;
          m.droppedOn = o.day;
        }
        break;
      }
      case 'SteeringCommitteeHeld':
        if (inPeriod(o.day, period)) committees += 1;
        break;
      case 'ImpactAssessed': {
        const dimension = str(field(o.data, 'dimension'));
        if (dimension !== undefined && inPeriod(o.day, period)) impacts.set(`${cycle} ${dimension}`, impactOf(dimension, o.data));
        break;
      }
      default:
        break;
    }
  }
  if (!livesIn(proposal.day, closed?.on, period)) return undefined;
  if (phase !== 'closed') stays.push({ phase, days: Math.max(0, daysFrom(since, period.until)), done: false });
  return {
    id,
    territory: data.territory,
    modes: data.modes,
    spheres: [...new Set(data.spheres)].sort().join(' + '),
    proposedOn: proposal.day,
    phase,
    cycle,
    renewedOn,
    ...(closed ? { closed } : {}),
    concluded,
    stays,
    milestones: [...milestones.values()].filter((m) => settledIn(m, period)).map((m) => ({ outcome: outcomeOf(m, period.until), rescheduled: m.rescheduled })),
    committees,
    impacts: [...impacts.values()],
  };
}

/**
 * An observed assessment: its dimension's score and its sub-scores. An
 * observation kept before sub-dimensions existed (read models not rebuilt
 * since) has none: it reads as both sub-dimensions at the dimension's score,
 * as its event does through the upcaster (docs/adr/0017-event-schema-evolution.md).
 */
function impactOf(dimension: string, data: unknown): ImpactScore {
  const score = num(field(data, 'score'), 0);
  const given = field(data, 'scores');
  const scores =
    typeof given === 'object' && given !== null
      ? Object.fromEntries(Object.entries(given).filter((entry): entry is [string, number] => typeof entry[1] === 'number'))
      : isImpactDimension(dimension)
        ? evenScores(dimension, score)
        : {};
  return { dimension, score, scores };
}

/**
 * Whether a milestone counts in the period: reached or dropped in it (a flow), or still open at its end (a stock, as
 * of `until`). Without a first day, every milestone planned by then.
 */
function settledIn(m: MilestoneFold, period: Period): boolean {
  if (m.reachedOn !== undefined) return inPeriod(m.reachedOn, period);
  if (m.dropped) return m.droppedOn === undefined || inPeriod(m.droppedOn, period);
  return true;
}

function outcomeOf(m: MilestoneFold, until: string): MilestoneOutcome {
  if (m.dropped) return 'dropped';
  if (m.reachedOn !== undefined) return m.reachedOn <= m.due ? 'on_time' : 'late';
  return m.due < until ? 'overdue' : 'pending';
}
