import { assertNever } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  atMost,
  firstDuplicate,
  notAfterToday,
  notEarlier,
  optionalText,
  requireCalendarDate,
  requireList,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import { SPHERES } from '../kernel/vocabulary';
import {
  ACTION_DURATION_MAX_MONTHS,
  ACTION_RESULT_OUTCOMES,
  ESSAIMAGE_TERRITORIES_MAX,
  EXPERIMENTATION_ACTIONS_MAX,
  EXPERIMENTATION_CATEGORIES,
  EXPERIMENTATION_GROUPS_MAX,
  EXPERIMENTATION_STAGES,
  FOLLOW_UP_MEETINGS_MAX,
  GROUP_MEETING_STEPS,
  OPTIONAL_STAGES,
  WORKING_GROUP_MAX_PARTICIPANTS,
  type AbandonExperimentation,
  type AdoptAction,
  type AdvanceStage,
  type DecideEssaimage,
  type DialogueInvitation,
  type EvaluateResults,
  type ExperimentationAction,
  type ExperimentationCommand,
  type ExperimentationEvent,
  type ExperimentationStage,
  type ExperimentationState,
  type FormWorkingGroup,
  type HoldFollowUpMeeting,
  type HoldGroupMeeting,
  type HoldRestitution,
  type InviteDirigeants,
  type JoinWorkingGroup,
  type LaunchedExperimentation,
  type LaunchExperimentation,
  type LeaveWorkingGroup,
  type Restitution,
  type WorkingGroup,
} from './types';
import {
  isWhole,
  notBeforeAnyJoined,
  sameTheme,
  validAttendees,
  validCatalyseurs,
  validComponents,
  validIndicators,
  validOrganisations,
  validSplitBySphere,
  validTerritory,
} from './validation';

/**
 * The events a command leads to, or a `DomainError`: every command but the
 * launch needs a running experimentation, then each checks its stage, the
 * state it acts on and its data (`validation.ts`).
 */
export function decideExperimentation(command: ExperimentationCommand, state: ExperimentationState): readonly ExperimentationEvent[] {
  switch (command.type) {
    case 'LaunchExperimentation':
      return launch(command.data, state);
    case 'InviteDirigeants':
      return inviteDirigeants(command.data, running(state));
    case 'AdvanceStage':
      return advanceStage(command.data, running(state));
    case 'FormWorkingGroup':
      return formWorkingGroup(command.data, running(state));
    case 'JoinWorkingGroup':
      return joinWorkingGroup(command.data, running(state));
    case 'LeaveWorkingGroup':
      return leaveWorkingGroup(command.data, running(state));
    case 'HoldGroupMeeting':
      return holdGroupMeeting(command.data, running(state));
    case 'AdoptAction':
      return adoptAction(command.data, running(state));
    case 'HoldRestitution':
      return holdRestitution(command.data, running(state));
    case 'HoldFollowUpMeeting':
      return holdFollowUpMeeting(command.data, running(state));
    case 'EvaluateResults':
      return evaluateResults(command.data, running(state));
    case 'DecideEssaimage':
      return decideEssaimage(command.data, running(state));
    case 'AbandonExperimentation':
      return abandon(command.data, running(state));
    default:
      return assertNever(command, 'experimentation command');
  }
}

/** A launched experimentation that is neither concluded nor abandoned. */
function running(state: ExperimentationState): LaunchedExperimentation {
  switch (state.status) {
    case 'none':
      throw notFound('experimentation not found');
    case 'concluded':
      throw ruleViolated('a concluded experimentation accepts no command');
    case 'abandoned':
      throw ruleViolated('an abandoned experimentation accepts no command');
    case 'running':
      return state;
    default:
      return assertNever(state, 'experimentation state');
  }
}

function requireStage(state: LaunchedExperimentation, stages: readonly ExperimentationStage[], message: string): void {
  if (!stages.includes(state.stage)) throw ruleViolated(message);
}

function findGroup(state: LaunchedExperimentation, groupId: unknown): WorkingGroup {
  const id = requireText(groupId, 'a working group id is needed');
  const group = state.groups.find((candidate) => candidate.groupId === id);
  if (!group) throw notFound(`working group ${show(id)} not found`);
  return group;
}

function findAction(state: LaunchedExperimentation, actionId: unknown): ExperimentationAction {
  const id = requireText(actionId, 'an action id is needed');
  const action = state.actions.find((candidate) => candidate.actionId === id);
  if (!action) throw notFound(`action ${show(id)} not found`);
  return action;
}

function launch(data: LaunchExperimentation['data'], state: ExperimentationState): readonly ExperimentationEvent[] {
  if (state.status !== 'none') throw alreadyExists('experimentation already exists');
  const experimentationId = requireText(data.experimentationId, 'an experimentation needs an id');
  const title = requireText(data.title, 'an experimentation needs a title');
  const objective = optionalText(data.objective);
  const territory = validTerritory(data.territory);
  const conveners = validOrganisations(data.conveners, 'convening organisation', 'an experimentation needs at least one convening organisation');
  const catalyseurs = validCatalyseurs(data.catalyseurs);
  const launchedOn = requireCalendarDate(data.launchedOn, 'the launch date');
  notAfterToday(launchedOn, 'the launch of the experimentation', data.today);
  // Animated by members of the network: never before one of them joined it.
  notBeforeAnyJoined(launchedOn, catalyseurs, data.catalyseursJoinedOn);
  const category = data.category === undefined ? undefined : requireOneOf(EXPERIMENTATION_CATEGORIES, data.category, 'experimentation category');
  return [
    {
      type: 'ExperimentationLaunched',
      data: {
        experimentationId,
        title,
        ...(objective === undefined ? {} : { objective }),
        territory,
        conveners,
        catalyseurs,
        launchedOn,
        ...(category === undefined ? {} : { category }),
      },
    },
  ];
}

function inviteDirigeants(data: InviteDirigeants['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins'], 'dirigeants can only be invited during emergence_besoins');
  if (state.invitation !== undefined) throw alreadyExists(`the dirigeants were already invited (${state.invitation.invitedOn})`);
  const invitedOn = requireCalendarDate(data.invitedOn, 'the invitation date');
  notAfterToday(invitedOn, 'the invitation', data.today);
  notEarlier(invitedOn, 'the invitation', state.launchedOn, 'the launch');
  const dirigeants = data.dirigeants;
  if (!isWhole(dirigeants, 1)) throw ruleViolated('the number of dirigeants must be a whole number of at least 1');
  const bySphere = validSplitBySphere(data.bySphere, dirigeants);
  const volunteers = data.volunteers;
  if (volunteers !== undefined && !isWhole(volunteers, 0, dirigeants)) {
    throw ruleViolated(`the number of volunteers must be a whole number from 0 to ${dirigeants}`);
  }
  const invitation: DialogueInvitation = {
    invitedOn,
    dirigeants,
    ...(bySphere === undefined ? {} : { bySphere }),
    ...(volunteers === undefined ? {} : { volunteers }),
  };
  return [{ type: 'DirigeantsInvited', data: invitation }];
}

const isOptionalStage = (stage: ExperimentationStage): boolean => (OPTIONAL_STAGES as readonly ExperimentationStage[]).includes(stage);

/** The working groups that have not held their plan_action meeting, by theme. */
const unplanned = (state: LaunchedExperimentation): readonly string[] =>
  state.groups.filter((group) => !group.meetings.some((meeting) => meeting.step === 'plan_action')).map((group) => group.theme);

function advanceStage(data: AdvanceStage['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  const stage = requireOneOf(EXPERIMENTATION_STAGES, data.stage, 'stage');
  const from = EXPERIMENTATION_STAGES.indexOf(state.stage);
  const to = EXPERIMENTATION_STAGES.indexOf(stage);
  if (to === from) throw ruleViolated(`the experimentation is already in ${stage}`);
  if (to < from) throw ruleViolated(`the experimentation cannot go back from ${state.stage} to ${stage}`);
  // The restitution and the mise en œuvre may be passed over; no other stage.
  const skipped = EXPERIMENTATION_STAGES.slice(from + 1, to).find((between) => !isOptionalStage(between));
  if (skipped !== undefined) throw ruleViolated(`the experimentation cannot skip from ${state.stage} to ${stage}`);
  if (stage === 'co_construction') {
    if (state.invitation === undefined) throw ruleViolated('the dirigeants must be invited before co_construction');
    if (state.groups.length === 0) throw ruleViolated('at least one working group must be formed before co_construction');
  }
  if (stage !== 'co_construction') {
    const missing = unplanned(state);
    if (missing.length > 0) throw ruleViolated(`every working group must hold its plan_action meeting before ${stage} (missing: ${missing.join(', ')})`);
  }
  if (state.stage === 'restitution' && state.restitution === undefined) throw ruleViolated(`the restitution must be held before ${stage}`);
  if ((stage === 'mise_en_oeuvre' || stage === 'evaluation_resultats') && state.actions.length === 0) {
    throw ruleViolated(`at least one action must be adopted before ${stage}`);
  }
  const advancedOn = requireCalendarDate(data.advancedOn, 'the date of the stage change');
  notAfterToday(advancedOn, 'the change of stage', data.today);
  notEarlier(advancedOn, `the start of ${stage}`, state.stageSince, `the start of ${state.stage}`);
  if (state.invitation !== undefined) notEarlier(advancedOn, `the start of ${stage}`, state.invitation.invitedOn, 'the invitation au dialogue');
  if (state.restitution !== undefined) notEarlier(advancedOn, `the start of ${stage}`, state.restitution.heldOn, 'the restitution');
  return [{ type: 'StageAdvanced', data: { stage, previousStage: state.stage, advancedOn } }];
}

function formWorkingGroup(data: FormWorkingGroup['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins', 'co_construction'], 'working groups can only be formed during emergence_besoins or co_construction');
  const groupId = requireText(data.groupId, 'a working group needs an id');
  if (state.groups.some((group) => group.groupId === groupId)) throw alreadyExists(`working group ${show(groupId)} already exists`);
  roomForOneMore(state.groups.length, EXPERIMENTATION_GROUPS_MAX, 'an experimentation cannot form more working groups');
  const theme = requireText(data.theme, 'a working group needs a theme');
  const sameThemed = state.groups.find((group) => sameTheme(group.theme, theme));
  if (sameThemed) throw alreadyExists(`working group ${show(sameThemed.groupId)} already works on ${show(sameThemed.theme)}`);
  const formedOn = requireCalendarDate(data.formedOn, 'the formation date');
  notAfterToday(formedOn, 'the formation of the working group', data.today);
  notEarlier(formedOn, 'the formation of the group', state.launchedOn, 'the launch');
  return [{ type: 'WorkingGroupFormed', data: { groupId, theme, formedOn } }];
}

function joinWorkingGroup(data: JoinWorkingGroup['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins', 'co_construction'], 'participants can only join a working group during emergence_besoins or co_construction');
  const group = findGroup(state, data.groupId);
  const participantId = requireText(data.participantId, 'a participant id is needed');
  if (group.participants.some((participant) => participant.participantId === participantId)) {
    throw alreadyExists(`${show(participantId)} is already a participant of working group ${show(group.groupId)}`);
  }
  if (group.participants.length >= WORKING_GROUP_MAX_PARTICIPANTS) {
    throw ruleViolated(`working group ${show(group.groupId)} is full (${WORKING_GROUP_MAX_PARTICIPANTS} participants)`);
  }
  const organisation = requireText(data.organisation, 'a participant needs an organisation');
  const sphere = requireOneOf(SPHERES, data.sphere, 'sphere');
  const joinedOn = requireCalendarDate(data.joinedOn, 'the date of joining');
  notAfterToday(joinedOn, 'joining the working group', data.today);
  notEarlier(joinedOn, 'joining', group.formedOn, `the formation of working group ${show(group.groupId)}`);
  return [{ type: 'WorkingGroupJoined', data: { groupId: group.groupId, participantId, organisation, sphere, joinedOn } }];
}

function leaveWorkingGroup(data: LeaveWorkingGroup['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins', 'co_construction'], 'participants can only leave a working group during emergence_besoins or co_construction');
  const group = findGroup(state, data.groupId);
  const participantId = requireText(data.participantId, 'a participant id is needed');
  const participant = group.participants.find((candidate) => candidate.participantId === participantId);
  if (!participant) throw notFound(`${show(participantId)} is not a participant of working group ${show(group.groupId)}`);
  const reason = optionalText(data.reason);
  const leftOn = requireCalendarDate(data.leftOn, 'the date of leaving');
  notAfterToday(leftOn, 'leaving the working group', data.today);
  notEarlier(leftOn, 'leaving', participant.joinedOn, 'joining');
  return [{ type: 'WorkingGroupLeft', data: { groupId: group.groupId, participantId, ...(reason === undefined ? {} : { reason }), leftOn } }];
}

function holdGroupMeeting(data: HoldGroupMeeting['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['co_construction'], 'group meetings can only be held during co_construction');
  const group = findGroup(state, data.groupId);
  const groupId = group.groupId;
  const step = requireOneOf(GROUP_MEETING_STEPS, data.step, 'meeting step');
  // Meetings are held in order, once each: the count held is the index of the next one.
  const held = group.meetings.length;
  const index = GROUP_MEETING_STEPS.indexOf(step);
  if (index < held) throw alreadyExists(`the ${step} meeting of working group ${show(groupId)} was already held`);
  if (index > held) {
    throw ruleViolated(`the ${GROUP_MEETING_STEPS[held] ?? step} meeting of working group ${show(groupId)} must be held before its ${step} meeting`);
  }
  if (step === 'propositions' && new Set(group.participants.map((participant) => participant.sphere)).size < 2) {
    throw ruleViolated(`working group ${show(groupId)} needs participants from at least two spheres before its propositions meeting`);
  }
  const heldOn = requireCalendarDate(data.heldOn, 'the meeting date');
  notAfterToday(heldOn, 'the meeting', data.today);
  notEarlier(heldOn, 'the meeting', state.stageSince, 'the start of co_construction');
  const previous = group.meetings.at(-1);
  if (previous !== undefined) notEarlier(heldOn, 'the meeting', previous.heldOn, `the ${previous.step} meeting`);
  const attendees = validAttendees(group, data.attendees);
  const notes = optionalText(data.notes);
  return [{ type: 'GroupMeetingHeld', data: { groupId, step, heldOn, attendees, ...(notes === undefined ? {} : { notes }) } }];
}

function adoptAction(data: AdoptAction['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['co_construction', 'restitution'], 'actions can only be adopted during co_construction or restitution');
  const actionId = requireText(data.actionId, 'an action id is needed');
  if (state.actions.some((action) => action.actionId === actionId)) throw alreadyExists(`action ${show(actionId)} already exists`);
  roomForOneMore(state.actions.length, EXPERIMENTATION_ACTIONS_MAX, 'an experimentation cannot adopt more actions');
  const title = requireText(data.title, 'an action needs a title');
  const groups = requireList(data.groupIds, 'an action needs at least one working group').map((groupId) => findGroup(state, groupId));
  const groupIds = groups.map((group) => group.groupId);
  const twice = firstDuplicate(groupIds);
  if (twice !== undefined) throw ruleViolated(`working group ${show(twice)} is listed twice`);
  const plans = groups.map((group) => {
    const plan = group.meetings.find((meeting) => meeting.step === 'plan_action');
    if (!plan) throw ruleViolated(`working group ${show(group.groupId)} must hold its plan_action meeting before adopting an action`);
    return { groupId: group.groupId, heldOn: plan.heldOn };
  });
  const carriers = validOrganisations(data.carriers, 'carrier', 'an action needs at least one carrier');
  const adoptedOn = requireCalendarDate(data.adoptedOn, 'the adoption date');
  notAfterToday(adoptedOn, 'the adoption of the action', data.today);
  for (const plan of plans) notEarlier(adoptedOn, 'the adoption', plan.heldOn, `the plan_action meeting of working group ${show(plan.groupId)}`);
  const { hostPlaces, durationMonths } = data;
  const components = validComponents(data.components);
  if (hostPlaces !== undefined && !isWhole(hostPlaces, 1)) throw ruleViolated('the number of host places must be a whole number of at least 1');
  if (durationMonths !== undefined && !isWhole(durationMonths, 1, ACTION_DURATION_MAX_MONTHS)) {
    throw ruleViolated(`the duration of an action must be a whole number of months from 1 to ${ACTION_DURATION_MAX_MONTHS}`);
  }
  return [
    {
      type: 'ActionAdopted',
      data: {
        actionId,
        title,
        groupIds,
        carriers,
        adoptedOn,
        ...(hostPlaces === undefined ? {} : { hostPlaces }),
        ...(durationMonths === undefined ? {} : { durationMonths }),
        ...(components === undefined ? {} : { components }),
      },
    },
  ];
}

function holdRestitution(data: HoldRestitution['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['restitution'], 'the restitution can only be held during the restitution stage');
  if (state.restitution !== undefined) throw alreadyExists(`the restitution was already held (${state.restitution.heldOn})`);
  const heldOn = requireCalendarDate(data.heldOn, 'the date of the restitution');
  notAfterToday(heldOn, 'the restitution', data.today);
  notEarlier(heldOn, 'the restitution', state.stageSince, 'the start of restitution');
  const dirigeants = data.dirigeants;
  if (!isWhole(dirigeants, 1)) throw ruleViolated('the number of dirigeants must be a whole number of at least 1');
  const fromOutside = data.fromOutside;
  if (fromOutside !== undefined && !isWhole(fromOutside, 0, dirigeants)) {
    throw ruleViolated(`the number of dirigeants from outside the territory must be a whole number from 0 to ${dirigeants}`);
  }
  const bySphere = validSplitBySphere(data.bySphere, dirigeants);
  const counted = Object.values(bySphere ?? {}).reduce((sum, count) => sum + count, 0) + (fromOutside ?? 0);
  if (counted > dirigeants) {
    throw ruleViolated(`the split by sphere and the dirigeants from outside the territory count ${counted}, more than the ${dirigeants} in all`);
  }
  const notes = optionalText(data.notes);
  const restitution: Restitution = {
    heldOn,
    dirigeants,
    ...(bySphere === undefined ? {} : { bySphere }),
    ...(fromOutside === undefined ? {} : { fromOutside }),
    ...(notes === undefined ? {} : { notes }),
  };
  return [{ type: 'RestitutionHeld', data: restitution }];
}

function holdFollowUpMeeting(data: HoldFollowUpMeeting['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['mise_en_oeuvre'], 'follow-up meetings can only be held during mise_en_oeuvre');
  const group = findGroup(state, data.groupId);
  const heldOn = requireCalendarDate(data.heldOn, 'the meeting date');
  notAfterToday(heldOn, 'the follow-up meeting', data.today);
  notEarlier(heldOn, 'the follow-up meeting', state.stageSince, 'the start of mise_en_oeuvre');
  roomForOneMore(group.followUps?.length ?? 0, FOLLOW_UP_MEETINGS_MAX, `working group ${show(group.groupId)} cannot hold more follow-up meetings`);
  const previous = (group.followUps ?? []).at(-1);
  if (previous !== undefined) {
    if (previous.heldOn === heldOn) throw alreadyExists(`working group ${show(group.groupId)} already held a follow-up meeting on ${heldOn}`);
    notEarlier(heldOn, 'the follow-up meeting', previous.heldOn, 'the previous follow-up meeting');
  }
  const attendees = validAttendees(group, data.attendees);
  const notes = optionalText(data.notes);
  return [{ type: 'FollowUpMeetingHeld', data: { groupId: group.groupId, heldOn, attendees, ...(notes === undefined ? {} : { notes }) } }];
}

function evaluateResults(data: EvaluateResults['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['evaluation_resultats'], 'results can only be evaluated during evaluation_resultats');
  const { actionId } = findAction(state, data.actionId);
  const outcome = requireOneOf(ACTION_RESULT_OUTCOMES, data.outcome, 'outcome');
  const summary = requireText(data.summary, 'an evaluation of results needs a summary');
  const indicators = validIndicators(data.indicators);
  const evaluatedOn = requireCalendarDate(data.evaluatedOn, 'the evaluation date');
  notAfterToday(evaluatedOn, 'the evaluation of results', data.today);
  notEarlier(evaluatedOn, 'the evaluation', state.stageSince, 'the start of evaluation_resultats');
  return [{ type: 'ResultsEvaluated', data: { actionId, outcome, summary, indicators, evaluatedOn } }];
}

function decideEssaimage(data: DecideEssaimage['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['evaluation_resultats'], 'the essaimage can only be decided during evaluation_resultats');
  const missing = state.actions.filter((action) => action.results === undefined);
  if (missing.length > 0) {
    throw ruleViolated(
      `the results of every action must be evaluated before deciding the essaimage (missing: ${missing.map((action) => action.title).join(', ')})`,
    );
  }
  const decidedOn = requireCalendarDate(data.decidedOn, 'the decision date');
  notAfterToday(decidedOn, 'the essaimage decision', data.today);
  notEarlier(decidedOn, 'the decision', state.stageSince, 'the start of evaluation_resultats');
  if (data.essaimer === true) {
    const listed = atMost(
      requireList(data.territories, 'an essaimage needs at least one territory to spread to'),
      ESSAIMAGE_TERRITORIES_MAX,
      'too many territories',
    );
    const territories = listed.map((territory) => requireText(territory, 'a territory of the essaimage cannot be blank'));
    const twice = firstDuplicate(territories);
    if (twice !== undefined) throw ruleViolated(`territory ${show(twice)} is listed twice`);
    return [{ type: 'EssaimageDecided', data: { essaimer: true, territories, decidedOn } }];
  }
  if (data.essaimer === false) {
    const reason = requireText(data.reason, 'deciding not to essaimer needs a reason');
    return [{ type: 'EssaimageDecided', data: { essaimer: false, reason, decidedOn } }];
  }
  throw ruleViolated('an essaimage decision is yes or no (essaimer must be true or false)');
}

function abandon(data: AbandonExperimentation['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  const reason = requireText(data.reason, 'abandoning an experimentation needs a reason');
  const abandonedOn = requireCalendarDate(data.abandonedOn, 'the date of abandoning');
  notAfterToday(abandonedOn, 'abandoning', data.today);
  notEarlier(abandonedOn, 'abandoning', state.stageSince, `the start of ${state.stage}`);
  return [{ type: 'ExperimentationAbandoned', data: { reason, abandonedOn } }];
}
