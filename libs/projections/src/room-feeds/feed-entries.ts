import type { CatalyseurEvent, PartnershipEvent, RoomEvent } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import { isCatalyseurEvent } from '../catalyseur-directory/evolve-catalyseur-card';
import { isPartnershipEvent } from '../partnership-board/evolve-board';
import { routeEntries } from '../read-model';
import type { CatalyseurCard, PartnershipBoard, RoomCard } from '../read-models';
import { isRoomEvent } from '../room-cards/evolve-room-card';
import { parseStream } from '../streams';

/** Room keys of the feeds that are not about one aggregate. */
export const NETWORK_FEED: RoomKey = 'network';
export const OPS_FEED: RoomKey = 'ops';
export const partnershipFeed = (partnershipId: string): RoomKey => `partnership:${partnershipId}`;
export const territoryFeed = (territoryId: string): RoomKey => `territory:${territoryId}`;
export const roomFeed = (roomId: string): RoomKey => `room:${roomId}`;

/** A feed entry before the store gives it its epoch and seq. */
export type RoutedFeedEntry = Omit<FeedEntry, 'epoch' | 'seq'>;

/**
 * The read models as they are right after the event was folded in: the
 * territory of a partnership's event comes from its board (only
 * `PartnershipProposed` carries it), a catalyseur's name from the directory.
 */
export interface FeedContext {
  readonly board?: PartnershipBoard;
  readonly catalyseur?: CatalyseurCard;
  readonly room?: RoomCard;
}

/** Partnership events that are lifecycle milestones of the network (also in `ops`). */
const PARTNERSHIP_LIFECYCLE: ReadonlySet<string> = new Set<PartnershipEvent['type']>([
  'PartnershipProposed',
  'PilotageStarted',
  'EvaluationOpened',
  'EvaluationConcluded',
  'PartnershipClosed',
]);

/**
 * Where an event appears, and as what (DESIGN §5):
 * - a partnership's events in `partnership:{id}` (the event data plus the
 *   partnership id, and the milestone's title for milestone events), and
 *   summarised in `territory:{territoryId}`;
 * - room events in `room:{roomId}` (the event data plus the room id);
 * - `CatalyseurJoined` / `CatalyseurLeft` in `network` (id, name, territory, sphere);
 * - lifecycle milestones of the network (partnership proposed, pilotage started,
 *   evaluation opened / concluded, closed; catalyseur joined / left) also in `ops`.
 *
 * Pure and total: unknown event types and streams give no entry; a room key
 * that the protocol would refuse (see `ROOM_KEY_PATTERN`) is left out rather
 * than written to a feed nobody can join.
 */
export function feedEntriesFor(event: RecordedEvent, context: FeedContext = {}): RoutedFeedEntry[] {
  const stream = parseStream(event.stream);
  if (!stream) return [];
  const routes: { room: RoomKey; data: unknown }[] = [];

  if (stream.category === 'partnership' && isPartnershipEvent(event)) {
    const e = { type: event.type, data: event.data } as PartnershipEvent;
    const partnershipId = stream.id;
    routes.push({ room: partnershipFeed(partnershipId), data: partnershipDetail(partnershipId, e, context.board) });
    const board = context.board;
    if (board) {
      const summary = partnershipSummary(partnershipId, e, board);
      routes.push({ room: territoryFeed(board.territory.id), data: summary });
      if (PARTNERSHIP_LIFECYCLE.has(e.type)) routes.push({ room: OPS_FEED, data: { ...summary, territoryId: board.territory.id } });
    }
  } else if (stream.category === 'room' && isRoomEvent(event)) {
    const e = { type: event.type, data: event.data } as RoomEvent;
    routes.push({ room: roomFeed(stream.id), data: { roomId: stream.id, ...e.data } });
  } else if (stream.category === 'catalyseur' && isCatalyseurEvent(event)) {
    const e = { type: event.type, data: event.data } as CatalyseurEvent;
    if (e.type === 'CatalyseurJoined' || e.type === 'CatalyseurLeft') {
      const card = context.catalyseur;
      const data =
        e.type === 'CatalyseurJoined'
          ? { catalyseurId: stream.id, name: e.data.name, territory: e.data.territory, sphere: e.data.sphere }
          : card
            ? { catalyseurId: stream.id, name: card.name, territory: card.territory, sphere: card.sphere }
            : { catalyseurId: stream.id };
      routes.push({ room: NETWORK_FEED, data }, { room: OPS_FEED, data });
    }
  }

  return routeEntries(event, routes);
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

/** The territory (and ops) feeds: a short line about what happened to which partnership. */
function partnershipSummary(partnershipId: string, e: PartnershipEvent, board: PartnershipBoard): Record<string, unknown> {
  const head = { partnershipId, title: board.title, phase: board.phase, cycle: board.cycle };
  switch (e.type) {
    case 'PartnershipProposed':
      return { ...head, partners: board.partners.map((p) => p.name), modes: board.modes };
    case 'ObjectivesAgreed':
      return { ...head, orgId: e.data.orgId };
    case 'MilestonePlanned':
      return { ...head, milestoneId: e.data.milestoneId, milestone: e.data.title, dueDate: e.data.dueDate };
    case 'PilotageStarted':
      return { ...head, startedOn: e.data.startedOn };
    case 'MilestoneReached':
      return { ...head, milestoneId: e.data.milestoneId, milestone: milestoneTitle(board, e.data.milestoneId), reachedOn: e.data.reachedOn };
    case 'MilestoneRescheduled':
      return { ...head, milestoneId: e.data.milestoneId, milestone: milestoneTitle(board, e.data.milestoneId), dueDate: e.data.dueDate };
    case 'MilestoneDropped':
      return { ...head, milestoneId: e.data.milestoneId, milestone: milestoneTitle(board, e.data.milestoneId) };
    case 'MilestoneDueSoon':
      return { ...head, milestoneId: e.data.milestoneId, milestone: e.data.title, dueDate: e.data.dueDate, daysLeft: e.data.daysLeft };
    case 'SteeringCommitteeHeld':
      return { ...head, heldOn: e.data.heldOn, decisions: (e.data.decisions ?? []).length };
    case 'IndicatorRecorded':
      return e.data.unit === undefined
        ? { ...head, indicator: e.data.name, value: e.data.value }
        : { ...head, indicator: e.data.name, value: e.data.value, unit: e.data.unit };
    case 'EvaluationOpened':
      return { ...head, openedOn: e.data.openedOn };
    case 'ImpactAssessed':
      return { ...head, dimension: e.data.dimension, score: e.data.score };
    case 'EvaluationConcluded':
      return { ...head, decision: e.data.decision, concludedOn: e.data.concludedOn };
    case 'PartnershipRenewed':
      return { ...head, renewedOn: e.data.renewedOn };
    case 'PartnershipClosed':
      return { ...head, decision: e.data.decision, closedOn: e.data.closedOn };
    default: {
      const unreachable: never = e;
      void unreachable;
      return head;
    }
  }
}
