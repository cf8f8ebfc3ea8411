import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { isDateOrInstant } from '../kernel/instant';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  dayAsWritten,
  firstDuplicate,
  isWellFormed,
  notEarlier,
  optionalText,
  requireDateOrInstant,
  requireList,
  requireOneOf,
  requireText,
  show,
} from '../kernel/validation';
import { CATALYSEUR_SKILLS, SPHERES, type CatalyseurSkill } from '../kernel/vocabulary';
import type { CatalyseurCommand, CatalyseurEvent, CatalyseurProfile, CatalyseurState, JoinNetwork, LeaveNetwork, UpdateProfile } from './types';

/** A catalyseur once joined, member or gone. */
export type KnownCatalyseur = Extract<CatalyseurState, { status: 'member' | 'left' }>;

export const initialCatalyseurState = (): CatalyseurState => ({ status: 'none' });

/** The fields of a profile, in the order they are checked and written. */
const PROFILE_FIELDS = ['name', 'sphere', 'territory', 'skills'] as const satisfies readonly (keyof CatalyseurProfile)[];

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideCatalyseur(command: CatalyseurCommand, state: CatalyseurState): readonly CatalyseurEvent[] {
  switch (command.type) {
    case 'JoinNetwork':
      return joinNetwork(command.data, state);
    case 'UpdateProfile':
      return updateProfile(command.data, member(state, 'update their profile'));
    case 'LeaveNetwork':
      return leaveNetwork(command.data, member(state, 'leave it again'));
    default:
      return assertNever(command, 'catalyseur command');
  }
}

function member(state: CatalyseurState, action: string): KnownCatalyseur {
  if (state.status === 'none') throw notFound('catalyseur not found');
  if (state.status === 'left') throw ruleViolated(`a catalyseur who left the network cannot ${action}`);
  return state;
}

const validName = (name: unknown): string => requireText(name, 'a catalyseur needs a name');
const validSphere = (sphere: unknown) => requireOneOf(SPHERES, sphere, 'sphere');
const validTerritory = (territory: unknown): string => requireText(territory, 'a catalyseur needs a territory');

function validSkills(value: unknown): readonly CatalyseurSkill[] {
  const skills = requireList(value, 'a catalyseur needs at least one skill').map((skill) => requireOneOf(CATALYSEUR_SKILLS, skill, 'skill'));
  const twice = firstDuplicate(skills);
  if (twice !== undefined) throw ruleViolated(`skill ${show(twice)} is listed twice`);
  return skills;
}

function joinNetwork(data: JoinNetwork['data'], state: CatalyseurState): readonly CatalyseurEvent[] {
  if (state.status !== 'none') throw alreadyExists('catalyseur already exists');
  const catalyseurId = requireText(data.catalyseurId, 'a catalyseur needs an id');
  const name = validName(data.name);
  const sphere = validSphere(data.sphere);
  const territory = validTerritory(data.territory);
  const skills = validSkills(data.skills);
  const joinedAt = requireDateOrInstant(data.joinedAt, 'the time of joining is needed', 'the time of joining');
  return [{ type: 'CatalyseurJoined', data: { catalyseurId, name, sphere, territory, skills, joinedAt } }];
}

function updateProfile(data: UpdateProfile['data'], state: KnownCatalyseur): readonly CatalyseurEvent[] {
  const given = PROFILE_FIELDS.filter((field) => data[field] !== undefined);
  if (given.length === 0) throw ruleViolated('a profile update needs at least one field');
  const proposed: Partial<CatalyseurProfile> = {
    ...(data.name === undefined ? {} : { name: validName(data.name) }),
    ...(data.sphere === undefined ? {} : { sphere: validSphere(data.sphere) }),
    ...(data.territory === undefined ? {} : { territory: validTerritory(data.territory) }),
    ...(data.skills === undefined ? {} : { skills: validSkills(data.skills) }),
  };
  // Only what changes is written; an update that changes nothing writes nothing.
  const changed: Partial<CatalyseurProfile> = {
    ...(proposed.name === undefined || proposed.name === state.name ? {} : { name: proposed.name }),
    ...(proposed.sphere === undefined || proposed.sphere === state.sphere ? {} : { sphere: proposed.sphere }),
    ...(proposed.territory === undefined || proposed.territory === state.territory ? {} : { territory: proposed.territory }),
    ...(proposed.skills === undefined || sameList(proposed.skills, state.skills) ? {} : { skills: proposed.skills }),
  };
  return Object.keys(changed).length === 0 ? [] : [{ type: 'ProfileUpdated', data: changed }];
}

function sameList<T>(left: readonly T[], right: readonly T[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function leaveNetwork(data: LeaveNetwork['data'], state: KnownCatalyseur): readonly CatalyseurEvent[] {
  const reason = optionalText(data.reason);
  const leftAt = requireDateOrInstant(data.leftAt, 'the time of leaving is needed', 'the time of leaving');
  // Nobody leaves before joining (docs/adr/0014-as-of-and-the-observatory.md). The decider has no time zone: both
  // days are their times' own calendar days as written (UTC from the api). A member whose event lacks a real time is not checked.
  if (isDateOrInstant(state.joinedAt)) notEarlier(dayAsWritten(leftAt), 'leaving the network', dayAsWritten(state.joinedAt), 'joining it');
  return [{ type: 'CatalyseurLeft', data: { ...(reason === undefined ? {} : { reason }), leftAt } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/**
 * Total: an event that does not fit the state (or is unknown) leaves it as it was;
 * a second `CatalyseurJoined` of a member changes nothing. A catalyseur who left
 * and joins again (written by hand: the network refuses a second join) is a
 * member again, with the profile of the new join.
 */
export function evolveCatalyseur(state: CatalyseurState, event: CatalyseurEvent): CatalyseurState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none' || (state.status === 'left' && event.type === 'CatalyseurJoined')) {
    if (event.type !== 'CatalyseurJoined') return state;
    const { catalyseurId, name, sphere, territory, skills, joinedAt } = event.data;
    return { status: 'member', catalyseurId, name, sphere, territory, skills: skills ?? [], joinedAt };
  }
  switch (event.type) {
    case 'CatalyseurJoined':
      return state;
    case 'ProfileUpdated': {
      const { name, sphere, territory, skills } = event.data;
      return {
        ...state,
        ...(name === undefined ? {} : { name }),
        ...(sphere === undefined ? {} : { sphere }),
        ...(territory === undefined ? {} : { territory }),
        ...(skills === undefined ? {} : { skills }),
      };
    }
    case 'CatalyseurLeft':
      return { ...state, status: 'left', leftAt: event.data.leftAt };
    default:
      return ignoreUnknown(event, state);
  }
}

export const catalyseurDecider: Decider<CatalyseurCommand, CatalyseurEvent, CatalyseurState> = {
  initialState: initialCatalyseurState,
  decide: decideCatalyseur,
  evolve: evolveCatalyseur,
};
