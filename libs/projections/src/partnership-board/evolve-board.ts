import type { CalendarDate, PartnershipEvent } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import type { BoardMilestone, PartnershipBoard } from '../read-models';
import { versionOf } from '../streams';

/** Event types of the partnership stream that the board folds in. */
export const PARTNERSHIP_EVENT_TYPES: ReadonlySet<string> = new Set<PartnershipEvent['type']>([
  'PartnershipProposed',
  'ObjectivesAgreed',
  'MilestonePlanned',
  'PilotageStarted',
  'MilestoneReached',
  'MilestoneRescheduled',
  'MilestoneDropped',
  'MilestoneDueSoon',
  'SteeringCommitteeHeld',
  'IndicatorRecorded',
  'EvaluationOpened',
  'ImpactAssessed',
  'EvaluationConcluded',
  'PartnershipRenewed',
  'PartnershipClosed',
]);

export function isPartnershipEvent(event: { readonly type: string }): boolean {
  return PARTNERSHIP_EVENT_TYPES.has(event.type);
}

/**
 * Folds one recorded event of a `partnership-{id}` stream into the board.
 *
 * Pure and total: an unknown event type leaves the board as it is (not even its
 * version moves); an event before `PartnershipProposed` leaves it `undefined`;
 * an event about an unknown milestone only moves the version. The board then
 * says which event it is current up to (`revision`, `position`, `updatedAt`).
 *
 * A renewal starts a new cycle in cadrage: objectives and impact are those of
 * the current cycle, so they start empty again; milestones, committees,
 * indicators and conclusions keep the whole history (each milestone says its cycle).
 */
export function evolveBoard(board: PartnershipBoard | undefined, event: RecordedEvent): PartnershipBoard | undefined {
  if (!isPartnershipEvent(event)) return board;
  const e = { type: event.type, data: event.data } as PartnershipEvent;
  const version = versionOf(event);

  if (e.type === 'PartnershipProposed') {
    if (board) return { ...board, ...version };
    return {
      id: e.data.partnershipId,
      title: e.data.title,
      territory: e.data.territory,
      partners: e.data.partners ?? [],
      modes: e.data.modes ?? [],
      phase: 'cadrage',
      cycle: 1,
      objectives: {},
      milestones: [],
      committees: [],
      indicators: [],
      impact: {},
      conclusions: [],
      proposedAt: e.data.proposedAt ?? version.updatedAt,
      ...version,
    };
  }
  if (!board) return undefined;

  const next = ((): PartnershipBoard => {
    switch (e.type) {
      case 'ObjectivesAgreed':
        return { ...board, objectives: { ...board.objectives, [e.data.orgId]: e.data.objectives ?? [] } };
      case 'MilestonePlanned': {
        const milestone: BoardMilestone = {
          milestoneId: e.data.milestoneId,
          title: e.data.title,
          dueDate: e.data.dueDate,
          status: 'planned',
          cycle: board.cycle,
          rescheduled: 0,
        };
        const others = board.milestones.filter((m) => m.milestoneId !== milestone.milestoneId);
        return { ...board, milestones: [...others, milestone] };
      }
      case 'PilotageStarted':
        return { ...board, phase: 'pilotage', cycle: e.data.cycle ?? board.cycle };
      case 'MilestoneReached':
        return withMilestone(board, e.data.milestoneId, (m) => ({ ...m, status: 'reached', reachedOn: e.data.reachedOn }));
      case 'MilestoneRescheduled':
        return withMilestone(board, e.data.milestoneId, ({ remindedOn: _forTheOldDate, ...m }) => ({
          ...m,
          dueDate: e.data.dueDate,
          rescheduled: m.rescheduled + 1,
          lastRescheduleReason: e.data.reason,
        }));
      case 'MilestoneDropped':
        return withMilestone(board, e.data.milestoneId, (m) => ({ ...m, status: 'dropped', dropReason: e.data.reason }));
      case 'MilestoneDueSoon':
        return withMilestone(board, e.data.milestoneId, (m) => ({ ...m, remindedOn: e.data.remindedOn }));
      case 'SteeringCommitteeHeld':
        return {
          ...board,
          committees: [
            ...board.committees.filter((c) => c.committeeId !== e.data.committeeId),
            { committeeId: e.data.committeeId, heldOn: e.data.heldOn, attendees: e.data.attendees ?? [], decisions: e.data.decisions ?? [] },
          ],
        };
      case 'IndicatorRecorded': {
        const { indicatorId, name, value, unit, measuredOn } = e.data;
        const indicator = unit === undefined ? { indicatorId, name, value, measuredOn } : { indicatorId, name, value, unit, measuredOn };
        return { ...board, indicators: [...board.indicators.filter((i) => i.indicatorId !== indicatorId), indicator] };
      }
      case 'EvaluationOpened':
        return { ...board, phase: 'evaluation', cycle: e.data.cycle ?? board.cycle };
      case 'ImpactAssessed':
        return { ...board, impact: { ...board.impact, [e.data.dimension]: { score: e.data.score, evidence: e.data.evidence } } };
      case 'EvaluationConcluded':
        return {
          ...board,
          conclusions: [
            ...board.conclusions,
            { cycle: e.data.cycle ?? board.cycle, decision: e.data.decision, concludedOn: e.data.concludedOn },
          ],
        };
      case 'PartnershipRenewed':
        return { ...board, phase: 'cadrage', cycle: e.data.cycle ?? board.cycle + 1, objectives: {}, impact: {} };
      case 'PartnershipClosed':
        return { ...board, phase: 'closed' };
      default: {
        const unreachable: never = e;
        void unreachable;
        return board;
      }
    }
  })();
  return withNextDueDate({ ...next, ...version });
}

function withMilestone(
  board: PartnershipBoard,
  milestoneId: string,
  change: (milestone: BoardMilestone) => BoardMilestone,
): PartnershipBoard {
  if (!board.milestones.some((m) => m.milestoneId === milestoneId)) return board;
  return { ...board, milestones: board.milestones.map((m) => (m.milestoneId === milestoneId ? change(m) : m)) };
}

/** Earliest due date among planned milestones (ISO dates compare as strings). */
export function nextDueDateOf(milestones: readonly BoardMilestone[]): CalendarDate | undefined {
  let next: CalendarDate | undefined;
  for (const m of milestones) {
    if (m.status === 'planned' && (next === undefined || m.dueDate < next)) next = m.dueDate;
  }
  return next;
}

function withNextDueDate(board: PartnershipBoard): PartnershipBoard {
  const nextDueDate = nextDueDateOf(board.milestones);
  if (nextDueDate === board.nextDueDate) return board;
  const { nextDueDate: _previous, ...rest } = board;
  return nextDueDate === undefined ? rest : { ...rest, nextDueDate };
}

/** The tags a board is found by (see `COLLECTIONS.partnerships`). */
export function boardTags(board: PartnershipBoard): Record<string, string | readonly string[]> {
  return {
    territory: board.territory.id,
    phase: board.phase,
    mode: board.modes,
    org: board.partners.map((p) => p.orgId),
  };
}
