import { ignoreUnknown } from '../kernel/decider';
import { isOneOf, isWellFormed } from '../kernel/validation';
import {
  EXPERIMENTATION_STAGES,
  GROUP_MEETING_STEPS,
  type DialogueInvitation,
  type ExperimentationAction,
  type ExperimentationEvent,
  type ExperimentationState,
  type LaunchedExperimentation,
  type Restitution,
  type WorkingGroup,
} from './types';

/** Total: an event that does not fit the state (or is unknown, or malformed) leaves it as it was. */
export function evolveExperimentation(state: ExperimentationState, event: ExperimentationEvent): ExperimentationState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'ExperimentationLaunched') return state;
    const { experimentationId, title, objective, territory, conveners, catalyseurs, launchedOn, category } = event.data;
    return {
      status: 'running',
      experimentationId,
      title,
      ...(objective === undefined ? {} : { objective }),
      territory,
      conveners,
      catalyseurs,
      launchedOn,
      ...(category === undefined ? {} : { category }),
      stage: 'emergence_besoins',
      stageSince: launchedOn,
      groups: [],
      actions: [],
    };
  }
  switch (event.type) {
    case 'ExperimentationLaunched':
      return state;
    case 'DirigeantsInvited': {
      const { invitedOn, dirigeants, bySphere, volunteers } = event.data;
      const invitation: DialogueInvitation = {
        invitedOn,
        dirigeants,
        ...(bySphere === undefined ? {} : { bySphere }),
        ...(volunteers === undefined ? {} : { volunteers }),
      };
      return { ...state, invitation };
    }
    case 'StageAdvanced': {
      const { stage, advancedOn } = event.data;
      return isOneOf(EXPERIMENTATION_STAGES, stage) ? { ...state, stage, stageSince: advancedOn } : state;
    }
    case 'WorkingGroupFormed': {
      const { groupId, theme, formedOn } = event.data;
      if (state.groups.some((group) => group.groupId === groupId)) return state;
      return { ...state, groups: [...state.groups, { groupId, theme, formedOn, participants: [], meetings: [], followUps: [] }] };
    }
    case 'WorkingGroupJoined': {
      const { groupId, participantId, organisation, sphere, joinedOn } = event.data;
      return updateGroup(state, groupId, (group) =>
        group.participants.some((participant) => participant.participantId === participantId)
          ? group
          : { ...group, participants: [...group.participants, { participantId, organisation, sphere, joinedOn }] },
      );
    }
    case 'WorkingGroupLeft': {
      const { groupId, participantId } = event.data;
      return updateGroup(state, groupId, (group) =>
        group.participants.some((participant) => participant.participantId === participantId)
          ? { ...group, participants: group.participants.filter((participant) => participant.participantId !== participantId) }
          : group,
      );
    }
    case 'GroupMeetingHeld': {
      const { groupId, step, heldOn, attendees, notes } = event.data;
      const meeting = { step, heldOn, attendees, ...(notes === undefined ? {} : { notes }) };
      return updateGroup(state, groupId, (group) =>
        GROUP_MEETING_STEPS[group.meetings.length] === step ? { ...group, meetings: [...group.meetings, meeting] } : group,
      );
    }
    case 'ActionAdopted': {
      const { actionId, title, groupIds, carriers, adoptedOn, hostPlaces, durationMonths, components } = event.data;
      if (state.actions.some((action) => action.actionId === actionId)) return state;
      const action: ExperimentationAction = {
        actionId,
        title,
        groupIds,
        carriers,
        adoptedOn,
        ...(hostPlaces === undefined ? {} : { hostPlaces }),
        ...(durationMonths === undefined ? {} : { durationMonths }),
        ...(components === undefined ? {} : { components }),
      };
      return { ...state, actions: [...state.actions, action] };
    }
    case 'RestitutionHeld': {
      if (state.restitution !== undefined) return state;
      const { heldOn, dirigeants, bySphere, fromOutside, notes } = event.data;
      const restitution: Restitution = {
        heldOn,
        dirigeants,
        ...(bySphere === undefined ? {} : { bySphere }),
        ...(fromOutside === undefined ? {} : { fromOutside }),
        ...(notes === undefined ? {} : { notes }),
      };
      return { ...state, restitution };
    }
    case 'FollowUpMeetingHeld': {
      const { groupId, heldOn, attendees, notes } = event.data;
      if (!Array.isArray(attendees)) return state;
      const meeting = { heldOn, attendees, ...(notes === undefined ? {} : { notes }) };
      // Groups folded before follow-ups existed (a document kept by a read model) have none yet.
      return updateGroup(state, groupId, (group) => ({ ...group, followUps: [...(group.followUps ?? []), meeting] }));
    }
    case 'ResultsEvaluated': {
      const { actionId, outcome, summary, indicators, evaluatedOn } = event.data;
      const index = state.actions.findIndex((action) => action.actionId === actionId);
      if (index < 0) return state;
      const actions = state.actions.map((action, at) => (at === index ? { ...action, results: { outcome, summary, indicators, evaluatedOn } } : action));
      return { ...state, actions };
    }
    case 'EssaimageDecided': {
      const decision = event.data;
      if (decision.essaimer === true) {
        return { ...state, status: 'concluded', essaimage: { essaimer: true, territories: decision.territories, decidedOn: decision.decidedOn } };
      }
      if (decision.essaimer === false) {
        return { ...state, status: 'concluded', essaimage: { essaimer: false, reason: decision.reason, decidedOn: decision.decidedOn } };
      }
      return state;
    }
    case 'ExperimentationAbandoned': {
      const { reason, abandonedOn } = event.data;
      return { ...state, status: 'abandoned', abandonment: { reason, abandonedOn } };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

/** The state with one working group changed; the very same state when there is no such group or nothing changes. */
function updateGroup(state: LaunchedExperimentation, groupId: string, change: (group: WorkingGroup) => WorkingGroup): LaunchedExperimentation {
  const index = state.groups.findIndex((group) => group.groupId === groupId);
  const group = state.groups[index];
  if (group === undefined) return state;
  const changed = change(group);
  return changed === group ? state : { ...state, groups: state.groups.map((candidate, at) => (at === index ? changed : candidate)) };
}
