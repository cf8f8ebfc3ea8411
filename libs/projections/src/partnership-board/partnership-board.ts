import {
  type CalendarDate,
  type Milestone,
  PARTNERSHIP_EVENT_TYPES,
  type PartnershipEvent,
  partnershipDecider,
  type ProposedPartnership,
} from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { deciderView } from '../decider-view';
import { type Change, readModel, type Route, type Tags } from '../read-model';
import type { Versioned } from '../streams';

/** A milestone on the board: the decider's own (`remindedOn`: when the reminder for its current due date was sent). */
export type BoardMilestone = Milestone;

/**
 * The partnership board: what the pair, their catalyseur and operators look
 * at. It is the partnership as its decider folds it, under the board's names
 * (`id` for `partnershipId`, no `status`: a board exists once proposed), with
 * `nextDueDate` and its version.
 *
 * A renewal starts a new cycle in cadrage: objectives and impact are those of
 * the current cycle, so they start empty again; milestones, committees,
 * indicators (the latest measure of each) and conclusions keep the whole
 * history (each milestone says its cycle), each conclusion with the impact its
 * cycle was concluded on (`conclusions[i].impact`), so a renewal loses no score.
 */
export interface PartnershipBoard extends Omit<ProposedPartnership, 'status' | 'partnershipId' | 'conclusions'>, Versioned {
  readonly id: string;
  /** Each cycle's conclusion, with the impact assessed in that cycle. */
  readonly conclusions: readonly BoardConclusion[];
  /** Earliest due date among planned (open) milestones; absent when none is open. */
  readonly nextDueDate?: CalendarDate;
}

/**
 * A concluded cycle on the board: the decider's conclusion and the impact the cycle was concluded on (the
 * board's `impact` is the current cycle's, emptied by a renewal). Absent only from a board folded before the board
 * kept it and not rebuilt since (the events hold it: a rebuild or a replay gives it).
 */
export type BoardConclusion = ProposedPartnership['conclusions'][number] & { readonly impact?: ProposedPartnership['impact'] };

/**
 * The conclusions with their cycle's impact: a conclusion of the current cycle that has none yet takes the
 * current impact (a conclusion is recorded before the renewal empties it); the earlier ones keep theirs, carried
 * from document to document.
 */
function withImpacts(state: ProposedPartnership): readonly BoardConclusion[] {
  const conclusions: readonly BoardConclusion[] = state.conclusions;
  // Most events of a partnership come before its first conclusion or after its impact was carried: nothing to add.
  if (!conclusions.some((conclusion) => conclusion.impact === undefined && conclusion.cycle === state.cycle)) return conclusions;
  return conclusions.map((conclusion) =>
    conclusion.impact === undefined && conclusion.cycle === state.cycle ? { ...conclusion, impact: state.impact } : conclusion,
  );
}

/** The collection of the boards; tags: territory, phase, mode (many), org (many), catalyseur (many: those who accompany it now). */
export const PARTNERSHIP_BOARDS = 'partnership';

/** Earliest due date among planned milestones (ISO dates compare as strings). */
export function nextDueDateOf(milestones: readonly BoardMilestone[]): CalendarDate | undefined {
  let next: CalendarDate | undefined;
  for (const m of milestones) {
    if (m.status === 'planned' && (next === undefined || m.dueDate < next)) next = m.dueDate;
  }
  return next;
}

/** The board of a state: `id` for `partnershipId`, `proposedAt` the event's time if the proposal lacks it (older events). */
function toBoard(partnership: ProposedPartnership, version: Versioned): PartnershipBoard {
  const { status: _proposed, partnershipId, ...state } = partnership;
  const nextDueDate = nextDueDateOf(state.milestones);
  return {
    id: partnershipId,
    ...state,
    conclusions: withImpacts(partnership),
    proposedAt: state.proposedAt ?? version.updatedAt,
    ...(nextDueDate === undefined ? {} : { nextDueDate }),
    ...version,
  };
}

/** The state inside a board (a board written before assignments existed has no `catalyseurs`: nobody accompanies it). */
function toState({
  id,
  nextDueDate: _summary,
  revision: _revision,
  position: _position,
  updatedAt: _updatedAt,
  ...board
}: PartnershipBoard): ProposedPartnership {
  return { status: 'active', partnershipId: id, ...board, catalyseurs: (board as Partial<ProposedPartnership>).catalyseurs ?? [] };
}

/** The tags a board is found by (see `PARTNERSHIP_BOARDS`). */
export function boardTags(board: PartnershipBoard): Tags {
  return {
    territory: board.territory.id,
    phase: board.phase,
    mode: board.modes,
    org: board.partners.map((p) => p.orgId),
    catalyseur: board.catalyseurs ?? [],
  };
}

// ─── feeds ──────────────────────────────────────────────────────────────────

/** Partnership events that are lifecycle milestones of the network (also in `ops`). */
const LIFECYCLE: ReadonlySet<string> = new Set<PartnershipEvent['type']>([
  'PartnershipProposed',
  'PilotageStarted',
  'EvaluationOpened',
  'EvaluationConcluded',
  'PartnershipClosed',
]);

/**
 * Where a partnership's event appears, given the board after it:
 * - `partnership:{id}`: the event data plus the partnership id, and the
 *   milestone's title for milestone events (always, even before a board exists);
 * - `territory:{territoryId}`: a summary (id, title, phase, cycle, what happened;
 *   only `PartnershipProposed` carries the territory: it comes from the board);
 * - `ops` too for the lifecycle milestones (the summary and `territoryId`);
 * - `organisation:{orgId}` of each partner for the lifecycle milestones (the summary): what the organisation's
 *   page lists of its partnerships (title, phase, modes) changes only then, and a partnership's day-to-day stays
 *   in its own feed (each event would otherwise cost one entry more per partner to write and to replay).
 */
export function partnershipRoutes(e: PartnershipEvent, { after: board }: Change<PartnershipBoard>, partnershipId: string): Route[] {
  const routes: Route[] = [{ room: roomKey('partnership', partnershipId), data: partnershipDetail(partnershipId, e, board) }];
  if (board) {
    const summary = partnershipSummary(partnershipId, e, board);
    routes.push({ room: roomKey('territory', board.territory.id), data: summary });
    if (LIFECYCLE.has(e.type)) {
      routes.push({ room: roomKey('ops'), data: { ...summary, territoryId: board.territory.id } });
      for (const orgId of new Set(board.partners.map((p) => p.orgId))) routes.push({ room: roomKey('organisation', orgId), data: summary });
    }
  }
  return routes;
}

function milestoneTitle(board: PartnershipBoard | undefined, milestoneId: string): string | undefined {
  return board?.milestones.find((m) => m.milestoneId === milestoneId)?.title;
}

/** The partnership feed: everything the event says, plus ids and names a client would otherwise look up. */
function partnershipDetail(partnershipId: string, e: PartnershipEvent, board: PartnershipBoard | undefined): Record<string, unknown> {
  const detail: Record<string, unknown> = { partnershipId, ...e.data };
  if (e.type === 'MilestoneReached' || e.type === 'MilestoneRescheduled' || e.type === 'MilestoneDropped') {
    const title = milestoneTitle(board, e.data.milestoneId);
    if (title !== undefined) detail['milestoneTitle'] = title;
  }
  return detail;
}

/**
 * The territory (and ops) feeds: a short line about what happened to which partnership: its id, title, phase and
 * cycle, then what the event says. Each line is written out whole (no spread of a common head): every event of a
 * replay makes one, and the spreads cost more than the rest of the board's feeds.
 */
function partnershipSummary(partnershipId: string, e: PartnershipEvent, board: PartnershipBoard): Record<string, unknown> {
  const { title, phase, cycle } = board;
  switch (e.type) {
    case 'PartnershipProposed':
      return { partnershipId, title, phase, cycle, partners: board.partners.map((p) => p.name), modes: board.modes };
    case 'ObjectivesAgreed':
      return { partnershipId, title, phase, cycle, orgId: e.data.orgId };
    case 'MilestonePlanned':
      return { partnershipId, title, phase, cycle, milestoneId: e.data.milestoneId, milestone: e.data.title, dueDate: e.data.dueDate };
    case 'PilotageStarted':
      return { partnershipId, title, phase, cycle, startedOn: e.data.startedOn };
    case 'MilestoneReached':
      return {
        partnershipId,
        title,
        phase,
        cycle,
        milestoneId: e.data.milestoneId,
        milestone: milestoneTitle(board, e.data.milestoneId),
        reachedOn: e.data.reachedOn,
      };
    case 'MilestoneRescheduled':
      return {
        partnershipId,
        title,
        phase,
        cycle,
        milestoneId: e.data.milestoneId,
        milestone: milestoneTitle(board, e.data.milestoneId),
        dueDate: e.data.dueDate,
      };
    case 'MilestoneDropped':
      return { partnershipId, title, phase, cycle, milestoneId: e.data.milestoneId, milestone: milestoneTitle(board, e.data.milestoneId) };
    case 'MilestoneDueSoon':
      return {
        partnershipId,
        title,
        phase,
        cycle,
        milestoneId: e.data.milestoneId,
        milestone: e.data.title,
        dueDate: e.data.dueDate,
        daysLeft: e.data.daysLeft,
      };
    case 'SteeringCommitteeHeld':
      return { partnershipId, title, phase, cycle, heldOn: e.data.heldOn, decisions: (e.data.decisions ?? []).length };
    case 'IndicatorRecorded':
      return e.data.unit === undefined
        ? { partnershipId, title, phase, cycle, indicator: e.data.name, value: e.data.value }
        : { partnershipId, title, phase, cycle, indicator: e.data.name, value: e.data.value, unit: e.data.unit };
    case 'EvaluationOpened':
      return { partnershipId, title, phase, cycle, openedOn: e.data.openedOn };
    case 'ImpactAssessed':
      return { partnershipId, title, phase, cycle, dimension: e.data.dimension, score: e.data.score, scores: e.data.scores };
    case 'EvaluationConcluded':
      return { partnershipId, title, phase, cycle, decision: e.data.decision, concludedOn: e.data.concludedOn };
    case 'PartnershipRenewed':
      return { partnershipId, title, phase, cycle, renewedOn: e.data.renewedOn };
    case 'PartnershipClosed':
      return { partnershipId, title, phase, cycle, decision: e.data.decision, closedOn: e.data.closedOn };
    case 'CatalyseurAssigned':
      return { partnershipId, title, phase, cycle, catalyseurId: e.data.catalyseurId, assignedOn: e.data.assignedOn };
    case 'CatalyseurReleased':
      return { partnershipId, title, phase, cycle, catalyseurId: e.data.catalyseurId, releasedOn: e.data.releasedOn };
    default: {
      const unreachable: never = e;
      void unreachable;
      return { partnershipId, title, phase, cycle };
    }
  }
}

// ─── the model ──────────────────────────────────────────────────────────────

const board = deciderView({
  name: 'partnership-board',
  category: 'partnership',
  collection: PARTNERSHIP_BOARDS,
  decider: partnershipDecider,
  eventTypes: PARTNERSHIP_EVENT_TYPES,
  toDoc: toBoard,
  toState,
  tags: boardTags,
  routes: partnershipRoutes,
});

/**
 * `partnership-{id}` → the partnership board (collection `partnership`).
 * Feeds: every event in `partnership:{id}`, a summary in its territory's feed,
 * the lifecycle milestones also in `ops` (see `partnershipRoutes`).
 */
export const partnershipBoards = readModel(board);
