import {
  ACTION_RESULT_OUTCOMES,
  type ActionResultOutcome,
  type CalendarDate,
  EXPERIMENTATION_EVENT_TYPES,
  type ExperimentationEvent,
  type ExperimentationStage,
  type ExperimentationState,
  experimentationDecider,
  GROUP_MEETING_STEPS,
  type GroupMeetingStep,
  type Sphere,
  WORKING_GROUP_RECOMMENDED_MIN_PARTICIPANTS,
} from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { countBy, type Created, deciderView, type StateView } from '../decider-view';
import { type Change, readModel, type Route } from '../read-model';
import type { Versioned } from '../streams';

/** A working group at a glance (`groups` of the board holds its participants and meetings). */
export interface GroupSummary {
  readonly groupId: string;
  readonly theme: string;
  readonly participants: number;
  readonly bySphere: Readonly<Partial<Record<Sphere, number>>>;
  /** Fewer participants than the method recommends (10 to 15 per group; not enforced). */
  readonly belowRecommended: boolean;
  readonly meetingsHeld: number;
  /** The date of each meeting held, by step. */
  readonly meetingDates: Readonly<Partial<Record<GroupMeetingStep, CalendarDate>>>;
  /** The next meeting step due, absent once the plan d'action is held. */
  readonly nextStep?: GroupMeetingStep;
  /** Follow-up meetings held during the mise en œuvre. */
  readonly followUpsHeld: number;
}

/** Who came to the restitution, in whole percents of the dirigeants present (Charenton: 40 / 40 / 20). */
export interface RestitutionShares {
  readonly bySphere: Readonly<Partial<Record<Sphere, number>>>;
  readonly fromOutside?: number;
}

export interface ExperimentationSummary {
  readonly groupSummaries: readonly GroupSummary[];
  /** Seats in the working groups (an organisation in two groups counts twice), and their spheres. */
  readonly participants: number;
  readonly participantsBySphere: Readonly<Partial<Record<Sphere, number>>>;
  readonly meetingsHeld: number;
  readonly actionsAdopted: number;
  readonly actionsEvaluated: number;
  /** Evaluated actions by outcome. */
  readonly actionsByOutcome: Readonly<Partial<Record<ActionResultOutcome, number>>>;
  /** Every group has held its plan d'action meeting. */
  readonly actionPlanComplete: boolean;
  /** Follow-up meetings of every group. */
  readonly followUpsHeld: number;
  /** The restitution's composition in percents, once held. */
  readonly restitutionShares?: RestitutionShares;
}

const percentOf = (count: number, total: number): number => Math.round((count * 100) / total);

function restitutionSharesOf(state: Launched): RestitutionShares | undefined {
  const restitution = state.restitution;
  if (restitution === undefined || restitution.dirigeants <= 0) return undefined;
  const bySphere = Object.fromEntries(
    Object.entries(restitution.bySphere ?? {}).map(([sphere, count]) => [sphere, percentOf(count ?? 0, restitution.dirigeants)]),
  );
  return {
    bySphere,
    ...(restitution.fromOutside === undefined ? {} : { fromOutside: percentOf(restitution.fromOutside, restitution.dirigeants) }),
  };
}

/**
 * The experimentation board: the experimentation as its decider folds it
 * (title, objective, territory, conveners, catalyseurs, stage and `stageSince`,
 * invitation, groups with participants and meetings, actions with carriers and
 * results, essaimage, abandonment, status), its summaries, and the date each
 * stage started (`stageDates`, kept across events: the state only knows the
 * current one).
 */
export type ExperimentationBoard = StateView<ExperimentationState, ExperimentationSummary> & {
  readonly stageDates: Readonly<Partial<Record<ExperimentationStage, CalendarDate>>>;
};

/** The collection of the boards; tags: territory, stage, status, category, catalyseur (many), carrier (many). */
export const EXPERIMENTATION_BOARDS = 'experimentation';

type Launched = Created<ExperimentationState>;

function summarise(state: Launched): ExperimentationSummary {
  const groupSummaries = state.groups.map((group): GroupSummary => {
    const next = GROUP_MEETING_STEPS[group.meetings.length];
    return {
      groupId: group.groupId,
      theme: group.theme,
      participants: group.participants.length,
      bySphere: countBy(group.participants, (p) => p.sphere),
      belowRecommended: group.participants.length < WORKING_GROUP_RECOMMENDED_MIN_PARTICIPANTS,
      meetingsHeld: group.meetings.length,
      meetingDates: Object.fromEntries(group.meetings.map((m) => [m.step, m.heldOn])),
      ...(next ? { nextStep: next } : {}),
      followUpsHeld: (group.followUps ?? []).length,
    };
  });
  const shares = restitutionSharesOf(state);
  const evaluated = state.actions.flatMap((a) => (a.results ? [a.results.outcome] : []));
  const byOutcome = countBy(evaluated, (outcome) => outcome);
  return {
    groupSummaries,
    participants: groupSummaries.reduce((sum, g) => sum + g.participants, 0),
    participantsBySphere: countBy(
      state.groups.flatMap((g) => g.participants),
      (p) => p.sphere,
    ),
    meetingsHeld: groupSummaries.reduce((sum, g) => sum + g.meetingsHeld, 0),
    actionsAdopted: state.actions.length,
    actionsEvaluated: evaluated.length,
    actionsByOutcome: Object.fromEntries(ACTION_RESULT_OUTCOMES.filter((o) => byOutcome[o] !== undefined).map((o) => [o, byOutcome[o]])),
    actionPlanComplete: state.groups.length > 0 && groupSummaries.every((g) => g.nextStep === undefined),
    followUpsHeld: groupSummaries.reduce((sum, g) => sum + g.followUpsHeld, 0),
    ...(shares === undefined ? {} : { restitutionShares: shares }),
  };
}

/** Events the whole network hears of (and operators). */
const MILESTONES: ReadonlySet<string> = new Set<ExperimentationEvent['type']>([
  'ExperimentationLaunched',
  'StageAdvanced',
  'RestitutionHeld',
  'EssaimageDecided',
  'ExperimentationAbandoned',
]);

type Data = Readonly<Record<string, unknown>>;
function text(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}
function list(data: Data, key: string): readonly unknown[] {
  const value = data[key];
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}
const defined = <T>(value: T | undefined): value is T => value !== undefined;

type Board = ExperimentationBoard;

const groupOf = (doc: Board | undefined, groupId: string | undefined) => (groupId === undefined ? undefined : doc?.groups.find((g) => g.groupId === groupId));
const actionOf = (doc: Board | undefined, actionId: string | undefined) =>
  actionId === undefined ? undefined : doc?.actions.find((a) => a.actionId === actionId);

/**
 * The experimentation's own feed: everything the event says, plus the ids and
 * readable names a client would otherwise look up on the board — the group's
 * theme for group events, the organisation of a participant who leaves, the
 * organisations present at a meeting, the groups' themes of an action, the
 * action's title of an evaluation.
 */
function detail(type: string, data: Data, id: string, { before, after }: Change<Board>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data, experimentationId: id };
  const groupId = text(data, 'groupId');
  const group = groupOf(after, groupId) ?? groupOf(before, groupId);
  if (group) out['groupTheme'] = group.theme;
  switch (type) {
    case 'WorkingGroupLeft': {
      const participantId = text(data, 'participantId');
      const left = groupOf(before, groupId)?.participants.find((p) => p.participantId === participantId);
      if (left) Object.assign(out, { organisation: left.organisation, sphere: left.sphere });
      break;
    }
    case 'GroupMeetingHeld':
    case 'FollowUpMeetingHeld':
      if (group) {
        const names = list(data, 'attendees').map((a) => group.participants.find((p) => p.participantId === a)?.organisation);
        out['attendeeOrganisations'] = names.filter(defined);
        out['groupParticipants'] = group.participants.length;
      }
      break;
    case 'ActionAdopted':
      out['groupThemes'] = list(data, 'groupIds')
        .map((g) => groupOf(after, typeof g === 'string' ? g : undefined)?.theme)
        .filter(defined);
      break;
    case 'ResultsEvaluated': {
      const action = actionOf(after, text(data, 'actionId'));
      if (action) out['actionTitle'] = action.title;
      break;
    }
    default:
      break;
  }
  return out;
}

/** A short line about what happened, for the territory's feed (and, with the territory, `network` and `ops`). */
function summary(type: string, data: Data, id: string, doc: Board, before: Board | undefined): Record<string, unknown> {
  const head = { experimentationId: id, title: doc.title, stage: doc.stage, status: doc.status };
  const groupId = text(data, 'groupId');
  const group = groupOf(doc, groupId) ?? groupOf(before, groupId);
  const groupPart = group ? { groupId: group.groupId, groupTheme: group.theme } : {};
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
  switch (type) {
    case 'ExperimentationLaunched':
      return { ...head, conveners: doc.conveners.map((c) => c.name), launchedOn: doc.launchedOn };
    case 'DirigeantsInvited':
      return { ...head, ...pick('dirigeants', 'volunteers', 'invitedOn') };
    case 'StageAdvanced':
      return { ...head, ...pick('previousStage', 'advancedOn') };
    case 'WorkingGroupFormed':
      return { ...head, ...groupPart, ...pick('formedOn') };
    case 'WorkingGroupJoined':
      return { ...head, ...groupPart, ...pick('organisation', 'sphere', 'joinedOn') };
    case 'WorkingGroupLeft': {
      const left = groupOf(before, groupId)?.participants.find((p) => p.participantId === text(data, 'participantId'));
      return { ...head, ...groupPart, ...(left ? { organisation: left.organisation } : {}), ...pick('leftOn') };
    }
    case 'GroupMeetingHeld':
      return { ...head, ...groupPart, ...pick('step', 'heldOn'), attendees: list(data, 'attendees').length };
    case 'ActionAdopted': {
      const action = actionOf(doc, text(data, 'actionId'));
      return { ...head, ...pick('actionId', 'adoptedOn'), ...(action ? { action: action.title, carriers: action.carriers.map((c) => c.name) } : {}) };
    }
    case 'RestitutionHeld':
      return { ...head, ...pick('dirigeants', 'heldOn'), ...(doc.restitutionShares ? { shares: doc.restitutionShares } : {}) };
    case 'FollowUpMeetingHeld':
      return { ...head, ...groupPart, ...pick('heldOn'), attendees: list(data, 'attendees').length };
    case 'ResultsEvaluated': {
      const action = actionOf(doc, text(data, 'actionId'));
      return { ...head, ...pick('actionId', 'outcome', 'evaluatedOn'), ...(action ? { action: action.title } : {}) };
    }
    case 'EssaimageDecided':
      return { ...head, ...pick('essaimer', 'territories', 'reason', 'decidedOn') };
    case 'ExperimentationAbandoned':
      return { ...head, ...pick('reason', 'abandonedOn') };
    default:
      return head;
  }
}

/** The date each stage started, carried from the board before (the state only knows the current stage's). */
function stageDatesOf(state: Launched, before: ExperimentationBoard | undefined): ExperimentationBoard['stageDates'] {
  const known = before?.stageDates ?? {};
  return known[state.stage] === undefined ? { ...known, [state.stage]: state.stageSince } : known;
}

const board = deciderView({
  name: 'experimentation-board',
  category: 'experimentation',
  collection: EXPERIMENTATION_BOARDS,
  decider: experimentationDecider,
  eventTypes: EXPERIMENTATION_EVENT_TYPES,
  toDoc: (state, version: Versioned, before: ExperimentationBoard | undefined): ExperimentationBoard => ({
    ...state,
    ...summarise(state),
    stageDates: stageDatesOf(state, before),
    ...version,
  }),
  toState: (doc) => doc,
  tags: (doc) => ({
    territory: doc.territory.id,
    stage: doc.stage,
    status: doc.status,
    ...(doc.category === undefined ? {} : { category: doc.category }),
    catalyseur: [...doc.catalyseurs],
    carrier: [...new Set(doc.actions.flatMap((a) => a.carriers.map((c) => c.orgId)))],
  }),
  routes: (event, change, id) => {
    const { after, before } = change;
    const data: unknown = event.data;
    // Data without the shape of an event (written by hand or by a bug) is shown nowhere.
    if (!after || typeof data !== 'object' || data === null || Array.isArray(data)) return [];
    const line = summary(event.type, data as Data, id, after, before);
    const routes: Route[] = [
      { room: roomKey('experimentation', id), data: detail(event.type, data as Data, id, change) },
      { room: roomKey('territory', after.territory.id), data: line },
    ];
    if (MILESTONES.has(event.type)) {
      const wide = { ...line, territoryId: after.territory.id, territoryName: after.territory.name };
      routes.push({ room: roomKey('network'), data: wide }, { room: roomKey('ops'), data: wide });
    }
    return routes;
  },
});

/**
 * `experimentation-{id}` → the experimentation board (collection
 * `experimentation`, tags territory, stage, status, catalyseur (many), carrier
 * (many)). Feeds: every event in `experimentation:{id}` (see `detail`); a
 * summary in `territory:{territoryId}`; launch, stage changes, essaimage and
 * abandonment in `network` and `ops` (the summary with the territory's id and
 * name). Events whose data is not an object change nothing and appear nowhere.
 */
export const experimentationBoards = readModel(board);
