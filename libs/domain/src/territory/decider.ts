import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { isDateOrInstant } from '../kernel/instant';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  dayAsWritten,
  firstDuplicate,
  isOneOf,
  isWellFormed,
  notEarlier,
  optionalText,
  ownEntry,
  requireCalendarDate,
  requireDateOrInstant,
  requireList,
  requireOneOf,
  requireText,
  show,
} from '../kernel/validation';
import { SPHERES, TERRITORY_SCALES } from '../kernel/vocabulary';
import {
  CUSTOM_FRAGILITY_DOMAIN,
  CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH,
  FRAGILITY_DOMAINS,
  FRAGILITY_PRIORITIES,
  TERRITORY_TYPOLOGIES,
  type AddFragilityDomain,
  type FragilityRating,
  type RecordFragilityDiagnostic,
  type RegisterTerritory,
  type RegisterTerritoryActor,
  type RemoveTerritoryActor,
  type TerritoryActor,
  type TerritoryCommand,
  type TerritoryEvent,
  type TerritoryState,
} from './types';

/** A territory once registered. */
export type RegisteredTerritory = Extract<TerritoryState, { status: 'registered' }>;

export const initialTerritoryState = (): TerritoryState => ({ status: 'none' });

/** Whether a domain counts for this territory: a standard one, or one it added. */
export function isFragilityDomainOf(state: RegisteredTerritory, domain: string): boolean {
  return isOneOf(FRAGILITY_DOMAINS, domain) || ownEntry(state.customDomains, domain) !== undefined;
}

// ─── decide ─────────────────────────────────────────────────────────────────

export function decideTerritory(command: TerritoryCommand, state: TerritoryState): readonly TerritoryEvent[] {
  switch (command.type) {
    case 'RegisterTerritory':
      return register(command.data, state);
    case 'AddFragilityDomain':
      return addFragilityDomain(command.data, registered(state));
    case 'RecordFragilityDiagnostic':
      return recordDiagnostic(command.data, registered(state));
    case 'RegisterTerritoryActor':
      return registerActor(command.data, registered(state));
    case 'RemoveTerritoryActor':
      return removeActor(command.data, registered(state));
    default:
      return assertNever(command, 'territory command');
  }
}

function registered(state: TerritoryState): RegisteredTerritory {
  if (state.status === 'none') throw notFound('territory not found');
  return state;
}

function register(data: RegisterTerritory['data'], state: TerritoryState): readonly TerritoryEvent[] {
  if (state.status !== 'none') throw alreadyExists('territory already exists');
  const territoryId = requireText(data.territoryId, 'a territory needs an id');
  const name = requireText(data.name, 'a territory needs a name');
  const typology = requireOneOf(TERRITORY_TYPOLOGIES, data.typology, 'territory typology');
  const level = requireOneOf(TERRITORY_SCALES, data.level, 'territory level');
  const region = optionalText(data.region);
  const departement = optionalText(data.departement);
  const registeredAt = requireDateOrInstant(data.registeredAt, 'the time of registration is needed', 'the time of registration');
  return [
    {
      type: 'TerritoryRegistered',
      data: {
        territoryId,
        name,
        typology,
        level,
        ...(region === undefined ? {} : { region }),
        ...(departement === undefined ? {} : { departement }),
        registeredAt,
      },
    },
  ];
}

function addFragilityDomain(data: AddFragilityDomain['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const domain = requireText(data.domain, 'a fragility domain needs a slug');
  if (!CUSTOM_FRAGILITY_DOMAIN.test(domain) || domain.length > CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH) {
    throw ruleViolated(
      `a fragility domain is a slug of lower-case letters, digits and underscores, starting with a letter, at most ${CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH} characters (got ${show(domain)})`,
    );
  }
  if (isFragilityDomainOf(state, domain)) throw alreadyExists(`fragility domain ${show(domain)} already exists`);
  const label = requireText(data.label, 'a fragility domain needs a label');
  return [{ type: 'FragilityDomainAdded', data: { domain, label } }];
}

function validRating(state: RegisteredTerritory, rating: unknown): FragilityRating {
  if (typeof rating !== 'object' || rating === null) throw ruleViolated('each rating needs a domain, a sphere and a priority');
  const fields = rating as Partial<Record<keyof FragilityRating, unknown>>;
  const domain = requireText(fields.domain, 'each rating needs a domain');
  if (!isFragilityDomainOf(state, domain)) throw ruleViolated(`unknown fragility domain ${show(domain)} (a territory adds its own domains before rating them)`);
  const sphere = requireOneOf(SPHERES, fields.sphere, 'sphere');
  const priority = requireOneOf(FRAGILITY_PRIORITIES, fields.priority, 'priority');
  const notes = optionalText(fields.notes);
  return { domain, sphere, priority, ...(notes === undefined ? {} : { notes }) };
}

function recordDiagnostic(data: RecordFragilityDiagnostic['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const diagnosedOn = requireCalendarDate(data.diagnosedOn, 'the date of the diagnostic');
  // Nothing of a territory is dated before it was registered (docs/adr/0014-as-of-and-the-observatory.md). The decider
  // has no time zone: the day of registration is its time's own calendar day as written (UTC from the api, which errs
  // on the side of accepting by at most the network's offset). A territory whose event lacks a real time is not checked.
  if (state.registeredAt !== undefined) notEarlier(diagnosedOn, 'the diagnostic', dayAsWritten(state.registeredAt), 'the registration of the territory');
  // Dates written YYYY-MM-DD compare as strings. A diagnostic of the same date corrects the current one.
  if (state.diagnostic !== undefined && diagnosedOn < state.diagnostic.diagnosedOn) {
    throw ruleViolated(`a diagnostic of ${diagnosedOn} cannot replace the later one of ${state.diagnostic.diagnosedOn}`);
  }
  const ratings = requireList(data.ratings, 'a diagnostic needs at least one rating').map((rating) => validRating(state, rating));
  const twice = firstDuplicate(ratings.map((rating) => JSON.stringify([rating.domain, rating.sphere])));
  const ratedTwice = ratings.find((rating) => JSON.stringify([rating.domain, rating.sphere]) === twice);
  if (ratedTwice !== undefined) throw ruleViolated(`domain ${show(ratedTwice.domain)} is rated twice for sphere ${show(ratedTwice.sphere)}`);
  const source = optionalText(data.source);
  return [{ type: 'FragilityDiagnosticRecorded', data: { diagnosedOn, ...(source === undefined ? {} : { source }), ratings } }];
}

function registerActor(data: RegisterTerritoryActor['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const orgId = requireText(data.orgId, 'an actor needs an organisation id');
  if (state.actors.some((actor) => actor.orgId === orgId)) throw alreadyExists(`organisation ${show(orgId)} is already an actor of this territory`);
  const name = requireText(data.name, 'an actor needs a name');
  const sphere = requireOneOf(SPHERES, data.sphere, 'sphere');
  return [{ type: 'TerritoryActorRegistered', data: { orgId, name, sphere } }];
}

function removeActor(data: RemoveTerritoryActor['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const orgId = requireText(data.orgId, 'an organisation id is needed');
  if (!state.actors.some((actor) => actor.orgId === orgId)) throw notFound(`organisation ${show(orgId)} is not an actor of this territory`);
  const reason = optionalText(data.reason);
  return [{ type: 'TerritoryActorRemoved', data: { orgId, ...(reason === undefined ? {} : { reason }) } }];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveTerritory(state: TerritoryState, event: TerritoryEvent): TerritoryState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'TerritoryRegistered') return state;
    const { territoryId, name, typology, level, region, departement, registeredAt } = event.data;
    return {
      status: 'registered',
      territoryId,
      name,
      typology,
      level,
      ...(region === undefined ? {} : { region }),
      ...(departement === undefined ? {} : { departement }),
      // A time that is not a date or an instant (written by hand) is left out: the territory is then not checked.
      ...(isDateOrInstant(registeredAt) ? { registeredAt } : {}),
      customDomains: {},
      actors: [],
    };
  }
  switch (event.type) {
    case 'TerritoryRegistered':
      return state;
    case 'FragilityDomainAdded': {
      const { domain, label } = event.data;
      if (typeof domain !== 'string' || isFragilityDomainOf(state, domain)) return state;
      return { ...state, customDomains: { ...state.customDomains, [domain]: label } };
    }
    case 'FragilityDiagnosticRecorded': {
      const { diagnosedOn, source, ratings } = event.data;
      if (!Array.isArray(ratings) || typeof diagnosedOn !== 'string') return state;
      return { ...state, diagnostic: { diagnosedOn, ...(source === undefined ? {} : { source }), ratings } };
    }
    case 'TerritoryActorRegistered': {
      const { orgId, name, sphere } = event.data;
      if (state.actors.some((actor) => actor.orgId === orgId)) return state;
      const actor: TerritoryActor = { orgId, name, sphere };
      return { ...state, actors: [...state.actors, actor] };
    }
    case 'TerritoryActorRemoved': {
      const actors = state.actors.filter((actor) => actor.orgId !== event.data.orgId);
      return actors.length === state.actors.length ? state : { ...state, actors };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

export const territoryDecider: Decider<TerritoryCommand, TerritoryEvent, TerritoryState> = {
  initialState: initialTerritoryState,
  decide: decideTerritory,
  evolve: evolveTerritory,
};
