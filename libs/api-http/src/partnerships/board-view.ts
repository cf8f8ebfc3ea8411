import type { BoardMilestone, PartnershipBoard } from '@catalyse/projections';
import type { AppliedCut } from '../reads/as-of';
import { type JsonInteger, jsonInteger } from '../reads/json';

export interface BoardMilestoneView extends BoardMilestone {
  /** Still planned and its due date is before `lateAsOf`. */
  readonly late: boolean;
}

/** The partnership board as the API serves it: the read model plus lateness. */
export interface PartnershipBoardView extends Omit<PartnershipBoard, 'revision' | 'position' | 'milestones'> {
  readonly revision: JsonInteger;
  readonly position: JsonInteger;
  readonly milestones: readonly BoardMilestoneView[];
  /** How many milestones are late. */
  readonly lateMilestones: number;
  /** The calendar date lateness is measured against (today, or the `asOf` date). */
  readonly lateAsOf: string;
  /** Echo of `?asOf=`: the board is the fold of the events inside the cut (see `cut`). */
  readonly asOf?: string;
  /** Echo of `?position=`: the board is the fold of the events up to this global position. */
  readonly asOfPosition?: JsonInteger;
  /** The cut an as-of board was folded with (`?asOf=&clock=&position=`). */
  readonly cut?: AppliedCut;
}

export function isLate(milestone: Pick<BoardMilestone, 'status' | 'dueDate'>, today: string): boolean {
  return milestone.status === 'planned' && milestone.dueDate < today;
}

/**
 * A board (the read model, or the same fold of a stream prefix) with `late` per milestone and `lateMilestones`. A
 * closed partnership accepts no command: a milestone it left planned can never be reached, rescheduled or dropped, so
 * nothing of it is late any more, and it has no next due date.
 */
export function boardView(board: PartnershipBoard, today: string): PartnershipBoardView {
  const closed = board.phase === 'closed';
  const milestones = board.milestones.map((m) => ({ ...m, late: !closed && isLate(m, today) }));
  const { nextDueDate, ...rest } = board;
  return {
    ...rest,
    ...(nextDueDate !== undefined && !closed ? { nextDueDate } : {}),
    revision: jsonInteger(board.revision),
    position: jsonInteger(board.position),
    milestones,
    lateMilestones: milestones.filter((m) => m.late).length,
    lateAsOf: today,
  };
}
