import { isCalendarDate } from '../kernel/calendar-date';
import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import { isDateOrInstant } from '../kernel/instant';
import {
  dayAsWritten,
  recordedDay,
  firstDuplicate,
  isWellFormed,
  notAfterToday,
  notEarlier,
  requireCalendarDate,
  requireDateOrInstant,
  requireList,
  requireOneOf,
  requireText,
  show,
} from '../kernel/validation';
import { OBJECTIVE_FAMILIES, type ObjectiveFamily, SPHERES } from '../kernel/vocabulary';
import { registryNumberProblem } from './registry-number';
import {
  ALLIANCE_MATURITIES,
  ORGANISATION_SIZES,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationProfile,
  type OrganisationState,
  type RecordAllianceStrategy,
  type RegisterOrganisation,
  type UpdateOrganisationProfile,
} from './types';

/** An organisation once registered. */
export type RegisteredOrganisation = Extract<OrganisationState, { status: 'registered' }>;

export const initialOrganisationState = (): OrganisationState => ({ status: 'none' });

/** The fields of a profile, in the order they are checked and written. */
const PROFILE_FIELDS = ['name', 'kind', 'size', 'territoryId', 'registryNumber'] as const satisfies readonly (keyof OrganisationProfile)[];

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideOrganisation(command: OrganisationCommand, state: OrganisationState): readonly OrganisationEvent[] {
  switch (command.type) {
    case 'RegisterOrganisation':
      return register(command.data, state);
    case 'UpdateOrganisationProfile':
      return updateProfile(command.data, registered(state));
    case 'RecordAllianceStrategy':
      return recordStrategy(command.data, registered(state));
    default:
      return assertNever(command, 'organisation command');
  }
}

function registered(state: OrganisationState): RegisteredOrganisation {
  if (state.status === 'none') throw notFound('organisation not found');
  return state;
}

const validName = (name: unknown): string => requireText(name, 'an organisation needs a name');
const validKind = (kind: unknown): OrganisationProfile['kind'] => requireOneOf(SPHERES, kind, 'organisation kind');
const validSize = (size: unknown): OrganisationProfile['size'] => requireOneOf(ORGANISATION_SIZES, size, 'organisation size');
const validTerritory = (territoryId: unknown): string => requireText(territoryId, 'an organisation needs a territory');

function validRegistryNumber(value: unknown): string {
  const problem = registryNumberProblem(value);
  if (problem !== undefined) throw ruleViolated(`${problem} (got ${show(value)})`);
  return value as string;
}

function register(data: RegisterOrganisation['data'], state: OrganisationState): readonly OrganisationEvent[] {
  if (state.status !== 'none') throw alreadyExists('organisation already exists');
  const organisationId = requireText(data.organisationId, 'an organisation needs an id');
  const name = validName(data.name);
  const kind = validKind(data.kind);
  const size = validSize(data.size);
  const territoryId = validTerritory(data.territoryId);
  const registryNumber = data.registryNumber === undefined ? undefined : validRegistryNumber(data.registryNumber);
  const registeredAt = requireDateOrInstant(data.registeredAt, 'the time of registration is needed', 'the time of registration');
  const registeredOn = data.registeredOn === undefined ? undefined : recordedDay(data.registeredOn, registeredAt, 'the day of registration');
  return [
    {
      type: 'OrganisationRegistered',
      data: {
        organisationId,
        name,
        kind,
        size,
        territoryId,
        ...(registryNumber === undefined ? {} : { registryNumber }),
        registeredAt,
        ...(registeredOn === undefined ? {} : { registeredOn }),
      },
    },
  ];
}

function updateProfile(data: UpdateOrganisationProfile['data'], state: RegisteredOrganisation): readonly OrganisationEvent[] {
  const given = PROFILE_FIELDS.filter((field) => data[field] !== undefined);
  if (given.length === 0) throw ruleViolated('a profile update needs at least one field');
  const proposed: Partial<OrganisationProfile> = {
    ...(data.name === undefined ? {} : { name: validName(data.name) }),
    ...(data.kind === undefined ? {} : { kind: validKind(data.kind) }),
    ...(data.size === undefined ? {} : { size: validSize(data.size) }),
    ...(data.territoryId === undefined ? {} : { territoryId: validTerritory(data.territoryId) }),
    ...(data.registryNumber === undefined ? {} : { registryNumber: validRegistryNumber(data.registryNumber) }),
  };
  // Only what changes is written; an update that changes nothing writes nothing.
  const changed = Object.fromEntries(
    PROFILE_FIELDS.filter((field) => proposed[field] !== undefined && proposed[field] !== state[field]).map((f) => [f, proposed[f]]),
  );
  return Object.keys(changed).length === 0 ? [] : [{ type: 'OrganisationProfileUpdated', data: changed as Partial<OrganisationProfile> }];
}

function recordStrategy(data: RecordAllianceStrategy['data'], state: RegisteredOrganisation): readonly OrganisationEvent[] {
  const recordedOn = requireCalendarDate(data.recordedOn, 'the date of the strategy');
  notAfterToday(recordedOn, 'the strategy', data.today);
  // Nothing of an organisation is dated before it was registered (as a territory's diagnostic; docs/adr/0014).
  if (state.registeredAt !== undefined) {
    notEarlier(recordedOn, 'the strategy', state.registeredOn ?? dayAsWritten(state.registeredAt), 'the registration of the organisation');
  }
  // Dates written YYYY-MM-DD compare as strings. A strategy of the same date corrects the current one.
  if (state.strategy !== undefined && recordedOn < state.strategy.recordedOn) {
    throw ruleViolated(`a strategy of ${recordedOn} cannot replace the later one of ${state.strategy.recordedOn}`);
  }
  const maturity = requireOneOf(ALLIANCE_MATURITIES, data.maturity, 'alliance maturity');
  const objectiveFamilies: ObjectiveFamily[] = requireList(data.objectiveFamilies, 'a strategy needs at least one objective family').map((family) =>
    requireOneOf(OBJECTIVE_FAMILIES, family, 'objective family'),
  );
  const twice = firstDuplicate(objectiveFamilies);
  if (twice !== undefined) throw ruleViolated(`objective family ${show(twice)} is given twice`);
  return [{ type: 'AllianceStrategyRecorded', data: { maturity, objectiveFamilies, recordedOn } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveOrganisation(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'OrganisationRegistered') return state;
    const { organisationId, name, kind, size, territoryId, registryNumber, registeredAt, registeredOn } = event.data;
    return {
      status: 'registered',
      organisationId,
      name,
      kind,
      size,
      territoryId,
      ...(registryNumber === undefined ? {} : { registryNumber }),
      // A time that is not a date or an instant (written by hand) is left out: the organisation is then not checked.
      ...(isDateOrInstant(registeredAt) ? { registeredAt } : {}),
      ...(isDateOrInstant(registeredAt) && isCalendarDate(registeredOn) ? { registeredOn } : {}),
    };
  }
  switch (event.type) {
    case 'OrganisationRegistered':
      return state;
    case 'OrganisationProfileUpdated': {
      const changed = Object.fromEntries(PROFILE_FIELDS.filter((field) => event.data[field] !== undefined).map((field) => [field, event.data[field]]));
      return { ...state, ...changed };
    }
    case 'AllianceStrategyRecorded': {
      const { maturity, objectiveFamilies, recordedOn } = event.data;
      if (!Array.isArray(objectiveFamilies) || typeof recordedOn !== 'string') return state;
      return { ...state, strategy: { maturity, objectiveFamilies, recordedOn } };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, OrganisationState> = {
  initialState: initialOrganisationState,
  decide: decideOrganisation,
  evolve: evolveOrganisation,
};
