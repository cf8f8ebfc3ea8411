import { assertNever, ignoreUnknown, type Decider } from '../shared/decider';
import { alreadyExists, notFound, ruleViolated } from '../shared/errors';
import { firstDuplicate, isOneOf, isWellFormed, notEarlier, optionalText, requireCalendarDate, requireList, requireOneOf, requireText, show } from '../shared/validation';
import { SPHERES, TERRITORY_SCALES, type Sphere } from '../shared/vocabulary';
import {
  ACTION_DURATION_MAX_MONTHS,
  ACTION_RESULT_OUTCOMES,
  EXPERIMENTATION_STAGES,
  GROUP_MEETING_STEPS,
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
  type ExperimentationOrganisation,
  type ExperimentationStage,
  type ExperimentationState,
  type ExperimentationTerritory,
  type FormWorkingGroup,
  type HoldGroupMeeting,
  type InviteDirigeants,
  type JoinWorkingGroup,
  type LaunchExperimentation,
  type LeaveWorkingGroup,
  type ResultIndicator,
  type WorkingGroup,
} from './types';

/** An experimentation once launched: running, concluded or abandoned. */
export type LaunchedExperimentation = Extract<ExperimentationState, { status: 'running' | 'concluded' | 'abandoned' }>;

export const initialExperimentationState = (): ExperimentationState => ({ status: 'none' });

// ─── decide ─────────────────────────────────────────────────────────────────

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

function isWhole(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const sameTheme = (left: string, right: string): boolean => left.toLocaleLowerCase('fr') === right.toLocaleLowerCase('fr');

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
  return [
    {
      type: 'ExperimentationLaunched',
      data: { experimentationId, title, ...(objective === undefined ? {} : { objective }), territory, conveners, catalyseurs, launchedOn },
    },
  ];
}

function validTerritory(territory: unknown): ExperimentationTerritory {
  if (typeof territory !== 'object' || territory === null) throw ruleViolated('an experimentation needs a territory');
  const { id, name, scale } = territory as Partial<Record<keyof ExperimentationTerritory, unknown>>;
  return {
    id: requireText(id, 'the territory needs an id'),
    name: requireText(name, 'the territory needs a name'),
    scale: requireOneOf(TERRITORY_SCALES, scale, 'territory scale'),
  };
}

function validOrganisations(value: unknown, role: string, emptyMessage: string): readonly ExperimentationOrganisation[] {
  const organisations = requireList(value, emptyMessage).map((organisation): ExperimentationOrganisation => {
    if (typeof organisation !== 'object' || organisation === null) throw ruleViolated(`each ${role} needs an organisation id, a name and a sphere`);
    const { orgId, name, sphere } = organisation as Partial<Record<keyof ExperimentationOrganisation, unknown>>;
    return {
      orgId: requireText(orgId, `each ${role} needs an organisation id`),
      name: requireText(name, `each ${role} needs a name`),
      sphere: requireOneOf(SPHERES, sphere, 'sphere'),
    };
  });
  const twice = firstDuplicate(organisations.map((organisation) => organisation.orgId));
  if (twice !== undefined) throw ruleViolated(`organisation ${show(twice)} is listed twice among the ${role}s`);
  return organisations;
}

function validCatalyseurs(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw ruleViolated('catalyseurs must be a list of catalyseur ids');
  const catalyseurs = (value as readonly unknown[]).map((id) => requireText(id, 'a catalyseur id cannot be blank'));
  const twice = firstDuplicate(catalyseurs);
  if (twice !== undefined) throw ruleViolated(`catalyseur ${show(twice)} is listed twice`);
  return catalyseurs;
}

function inviteDirigeants(data: InviteDirigeants['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins'], 'dirigeants can only be invited during emergence_besoins');
  if (state.invitation !== undefined) throw alreadyExists(`the dirigeants were already invited (${state.invitation.invitedOn})`);
  const invitedOn = requireCalendarDate(data.invitedOn, 'the invitation date');
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

/** Counts per known sphere, in the vocabulary's order; left out when absent or empty. */
function validSplitBySphere(value: unknown, dirigeants: number): Partial<Record<Sphere, number>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw ruleViolated('the split by sphere must give a number of dirigeants per sphere');
  }
  const counts = value as Readonly<Record<string, unknown>>;
  let total = 0;
  for (const [sphere, count] of Object.entries(counts)) {
    requireOneOf(SPHERES, sphere, 'sphere');
    if (!isWhole(count, 0)) throw ruleViolated(`the number of dirigeants of sphere ${show(sphere)} must be a whole number`);
    total += count;
  }
  if (total > dirigeants) throw ruleViolated(`the split by sphere counts ${total} dirigeants, more than the ${dirigeants} in all`);
  const split = Object.fromEntries(SPHERES.filter((sphere) => Object.hasOwn(counts, sphere)).map((sphere) => [sphere, counts[sphere]]));
  return Object.keys(split).length === 0 ? undefined : (split as Partial<Record<Sphere, number>>);
}

function advanceStage(data: AdvanceStage['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  const stage = requireOneOf(EXPERIMENTATION_STAGES, data.stage, 'stage');
  const from = EXPERIMENTATION_STAGES.indexOf(state.stage);
  const to = EXPERIMENTATION_STAGES.indexOf(stage);
  if (to === from) throw ruleViolated(`the experimentation is already in ${stage}`);
  if (to < from) throw ruleViolated(`the experimentation cannot go back from ${state.stage} to ${stage}`);
  if (to > from + 1) throw ruleViolated(`the experimentation cannot skip from ${state.stage} to ${stage}`);
  if (stage === 'co_construction') {
    if (state.invitation === undefined) throw ruleViolated('the dirigeants must be invited before co_construction');
    if (state.groups.length === 0) throw ruleViolated('at least one working group must be formed before co_construction');
  }
  if (stage === 'evaluation_resultats') {
    const missing = state.groups.filter((group) => !group.meetings.some((meeting) => meeting.step === 'plan_action'));
    if (missing.length > 0) {
      throw ruleViolated(
        `every working group must hold its plan_action meeting before evaluation_resultats (missing: ${missing.map((group) => group.theme).join(', ')})`,
      );
    }
    if (state.actions.length === 0) throw ruleViolated('at least one action must be adopted before evaluation_resultats');
  }
  const advancedOn = requireCalendarDate(data.advancedOn, 'the date of the stage change');
  notEarlier(advancedOn, `the start of ${stage}`, state.stageSince, `the start of ${state.stage}`);
  if (state.invitation !== undefined) notEarlier(advancedOn, `the start of ${stage}`, state.invitation.invitedOn, 'the invitation au dialogue');
  return [{ type: 'StageAdvanced', data: { stage, previousStage: state.stage, advancedOn } }];
}

function formWorkingGroup(data: FormWorkingGroup['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['emergence_besoins', 'co_construction'], 'working groups can only be formed during emergence_besoins or co_construction');
  const groupId = requireText(data.groupId, 'a working group needs an id');
  if (state.groups.some((group) => group.groupId === groupId)) throw alreadyExists(`working group ${show(groupId)} already exists`);
  const theme = requireText(data.theme, 'a working group needs a theme');
  const sameThemed = state.groups.find((group) => sameTheme(group.theme, theme));
  if (sameThemed) throw alreadyExists(`working group ${show(sameThemed.groupId)} already works on ${show(sameThemed.theme)}`);
  const formedOn = requireCalendarDate(data.formedOn, 'the formation date');
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
  notEarlier(heldOn, 'the meeting', state.stageSince, 'the start of co_construction');
  const previous = group.meetings.at(-1);
  if (previous !== undefined) notEarlier(heldOn, 'the meeting', previous.heldOn, `the ${previous.step} meeting`);
  const attendees = requireList(data.attendees, 'a meeting needs at least one participant present').map((attendee) => {
    const participantId = requireText(attendee, 'an attendee id cannot be blank');
    if (!group.participants.some((participant) => participant.participantId === participantId)) {
      throw ruleViolated(`${show(participantId)} is not a participant of working group ${show(groupId)}`);
    }
    return participantId;
  });
  const twice = firstDuplicate(attendees);
  if (twice !== undefined) throw ruleViolated(`attendee ${show(twice)} is listed twice`);
  const notes = optionalText(data.notes);
  return [{ type: 'GroupMeetingHeld', data: { groupId, step, heldOn, attendees, ...(notes === undefined ? {} : { notes }) } }];
}

function adoptAction(data: AdoptAction['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['co_construction'], 'actions can only be adopted during co_construction');
  const actionId = requireText(data.actionId, 'an action id is needed');
  if (state.actions.some((action) => action.actionId === actionId)) throw alreadyExists(`action ${show(actionId)} already exists`);
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
  for (const plan of plans) notEarlier(adoptedOn, 'the adoption', plan.heldOn, `the plan_action meeting of working group ${show(plan.groupId)}`);
  const { hostPlaces, durationMonths } = data;
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
      },
    },
  ];
}

function evaluateResults(data: EvaluateResults['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['evaluation_resultats'], 'results can only be evaluated during evaluation_resultats');
  const { actionId } = findAction(state, data.actionId);
  const outcome = requireOneOf(ACTION_RESULT_OUTCOMES, data.outcome, 'outcome');
  const summary = requireText(data.summary, 'an evaluation of results needs a summary');
  const indicators = validIndicators(data.indicators);
  const evaluatedOn = requireCalendarDate(data.evaluatedOn, 'the evaluation date');
  notEarlier(evaluatedOn, 'the evaluation', state.stageSince, 'the start of evaluation_resultats');
  return [{ type: 'ResultsEvaluated', data: { actionId, outcome, summary, indicators, evaluatedOn } }];
}

function validIndicators(value: unknown): readonly ResultIndicator[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw ruleViolated('indicators must be a list');
  const indicators = (value as readonly unknown[]).map((indicator): ResultIndicator => {
    if (typeof indicator !== 'object' || indicator === null) throw ruleViolated('each indicator needs a name and a value');
    const { name, value: measured, unit } = indicator as Partial<Record<keyof ResultIndicator, unknown>>;
    const validName = requireText(name, 'an indicator needs a name');
    if (typeof measured !== 'number' || !Number.isFinite(measured)) throw ruleViolated(`indicator ${show(validName)} needs a finite number as value`);
    const validUnit = optionalText(unit);
    return { name: validName, value: measured, ...(validUnit === undefined ? {} : { unit: validUnit }) };
  });
  const twice = firstDuplicate(indicators.map((indicator) => indicator.name));
  if (twice !== undefined) throw ruleViolated(`indicator ${show(twice)} is listed twice`);
  return indicators;
}

function decideEssaimage(data: DecideEssaimage['data'], state: LaunchedExperimentation): readonly ExperimentationEvent[] {
  requireStage(state, ['evaluation_resultats'], 'the essaimage can only be decided during evaluation_resultats');
  const missing = state.actions.filter((action) => action.results === undefined);
  if (missing.length > 0) {
    throw ruleViolated(`the results of every action must be evaluated before deciding the essaimage (missing: ${missing.map((action) => action.title).join(', ')})`);
  }
  const decidedOn = requireCalendarDate(data.decidedOn, 'the decision date');
  notEarlier(decidedOn, 'the decision', state.stageSince, 'the start of evaluation_resultats');
  if (data.essaimer === true) {
    const territories = requireList(data.territories, 'an essaimage needs at least one territory to spread to').map((territory) =>
      requireText(territory, 'a territory of the essaimage cannot be blank'),
    );
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
  notEarlier(abandonedOn, 'abandoning', state.stageSince, `the start of ${state.stage}`);
  return [{ type: 'ExperimentationAbandoned', data: { reason, abandonedOn } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown, or malformed) leaves it as it was. */
export function evolveExperimentation(state: ExperimentationState, event: ExperimentationEvent): ExperimentationState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'ExperimentationLaunched') return state;
    const { experimentationId, title, objective, territory, conveners, catalyseurs, launchedOn } = event.data;
    return {
      status: 'running',
      experimentationId,
      title,
      ...(objective === undefined ? {} : { objective }),
      territory,
      conveners,
      catalyseurs,
      launchedOn,
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
      return { ...state, groups: [...state.groups, { groupId, theme, formedOn, participants: [], meetings: [] }] };
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
      const { actionId, title, groupIds, carriers, adoptedOn, hostPlaces, durationMonths } = event.data;
      if (state.actions.some((action) => action.actionId === actionId)) return state;
      const action: ExperimentationAction = {
        actionId,
        title,
        groupIds,
        carriers,
        adoptedOn,
        ...(hostPlaces === undefined ? {} : { hostPlaces }),
        ...(durationMonths === undefined ? {} : { durationMonths }),
      };
      return { ...state, actions: [...state.actions, action] };
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

export const experimentationDecider: Decider<ExperimentationCommand, ExperimentationEvent, ExperimentationState> = {
  initialState: initialExperimentationState,
  decide: decideExperimentation,
  evolve: evolveExperimentation,
};
