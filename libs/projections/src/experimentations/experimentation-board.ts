import {
  EXPERIMENTATION_EVENT_TYPES,
  type ExperimentationEvent,
  type ExperimentationState,
  experimentationDecider,
  GROUP_MEETING_STEPS,
  type GroupMeetingStep,
  WORKING_GROUP_RECOMMENDED_MIN_PARTICIPANTS,
} from '@catalyse/domain';
import { COLLECTIONS } from '../read-models';
import { NETWORK_FEED, OPS_FEED, territoryFeed } from '../room-feeds/feed-entries';
import { countBy, stateView, type StateView } from '../aggregate-views/state-view';

export interface GroupSummary {
  readonly groupId: string;
  readonly participants: number;
  readonly bySphere: Readonly<Record<string, number>>;
  /** Fewer participants than recommended (10 to 15 per group). */
  readonly belowRecommended: boolean;
  readonly meetingsHeld: number;
  /** The next meeting step due, absent once the plan d'action is held. */
  readonly nextStep?: GroupMeetingStep;
}

export interface ExperimentationSummary {
  readonly groupSummaries: readonly GroupSummary[];
  readonly meetingsHeld: number;
  readonly actionsAdopted: number;
  readonly actionsEvaluated: number;
  /** Every group has held its plan d'action meeting. */
  readonly actionPlanComplete: boolean;
}

/** The experimentation board: the experimentation as its decider folds it, with per-group summaries. */
export type ExperimentationBoard = StateView<ExperimentationState, ExperimentationSummary>;

type Running = Exclude<ExperimentationState, { status: 'none' }>;

function summarise(state: Running): ExperimentationSummary {
  const groupSummaries = state.groups.map((group): GroupSummary => {
    const next = GROUP_MEETING_STEPS[group.meetings.length];
    return {
      groupId: group.groupId,
      participants: group.participants.length,
      bySphere: countBy(group.participants, (p) => p.sphere),
      belowRecommended: group.participants.length < WORKING_GROUP_RECOMMENDED_MIN_PARTICIPANTS,
      meetingsHeld: group.meetings.length,
      ...(next ? { nextStep: next } : {}),
    };
  });
  return {
    groupSummaries,
    meetingsHeld: groupSummaries.reduce((sum, g) => sum + g.meetingsHeld, 0),
    actionsAdopted: state.actions.length,
    actionsEvaluated: state.actions.filter((a) => a.results !== undefined).length,
    actionPlanComplete: state.groups.length > 0 && groupSummaries.every((g) => g.nextStep === undefined),
  };
}

/** The hub room of an experimentation. */
export const experimentationFeed = (id: string) => `experimentation:${id}`;

/** Events the whole network hears of (and operators). */
const MILESTONES: ReadonlySet<ExperimentationEvent['type']> = new Set(['ExperimentationLaunched', 'StageAdvanced', 'EssaimageDecided', 'ExperimentationAbandoned']);

/**
 * `experimentation-{id}` → the experimentation board (collection
 * `experimentation`, tags territory, stage, status, catalyseur, carrier).
 * Feeds: every event in `experimentation:{id}` (its data, the experimentation
 * id, and a group's theme for group events); a summary in the territory's
 * feed; launch, stage changes, essaimage and abandonment in `network` and `ops`.
 */
export const experimentationBoards = stateView<ExperimentationEvent, ExperimentationState, ExperimentationSummary>({
  category: 'experimentation',
  collection: COLLECTIONS.experimentations,
  decider: experimentationDecider as never,
  eventTypes: EXPERIMENTATION_EVENT_TYPES,
  summarise,
  tags: (doc) => ({
    territory: doc.territory.id,
    stage: doc.stage,
    status: doc.status,
    catalyseur: doc.catalyseurs,
    carrier: [...new Set(doc.actions.flatMap((a) => a.carriers.map((c) => c.orgId)))],
  }),
  routes: (event, { after }, id) => {
    if (!after) return [];
    const groupId = 'groupId' in event.data && typeof event.data.groupId === 'string' ? event.data.groupId : undefined;
    const theme = groupId ? after.groups.find((g) => g.groupId === groupId)?.theme : undefined;
    const detail = { experimentationId: id, ...event.data, ...(theme ? { groupTheme: theme } : {}) };
    const summary = { experimentationId: id, title: after.title, stage: after.stage, status: after.status, ...(theme ? { groupTheme: theme } : {}) };
    const routes = [
      { room: experimentationFeed(id), data: detail },
      { room: territoryFeed(after.territory.id), data: summary },
    ];
    if (MILESTONES.has(event.type)) routes.push({ room: NETWORK_FEED, data: summary }, { room: OPS_FEED, data: summary });
    return routes;
  },
});
