import { isCalendarDate } from '../kernel/calendar-date';
import { assertNever, ignoreUnknown, type Decider } from '../kernel/decider';
import { isDateOrInstant } from '../kernel/instant';
import { alreadyExists, notFound, ruleViolated } from '../kernel/errors';
import {
  atMost,
  dayAsWritten,
  recordedDay,
  firstDuplicate,
  isOneOf,
  isWellFormed,
  notAfterToday,
  notEarlier,
  optionalText,
  ownEntry,
  requireCalendarDate,
  requireDateOrInstant,
  requireList,
  requireOneOf,
  requireText,
  roomForOneMore,
  show,
} from '../kernel/validation';
import { SPHERES, TERRITORY_SCALES } from '../kernel/vocabulary';
import {
  CUSTOM_FRAGILITY_DOMAIN,
  CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH,
  FRAGILITY_DOMAINS,
  FRAGILITY_PRIORITIES,
  TERRITORY_ACTIONS_MAX,
  TERRITORY_ACTORS_MAX,
  TERRITORY_CUSTOM_DOMAINS_MAX,
  TERRITORY_INDICATORS_MAX,
  TERRITORY_KEY_FIGURES_MAX,
  TERRITORY_TYPOLOGIES,
  type AddFragilityDomain,
  type FragilityIndicator,
  type FragilityRating,
  type KeyFigure,
  type RecordFragilityDiagnostic,
  type RecordFragilityIndicators,
  type RecordKeyFigures,
  type RecordTerritoryAction,
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
    case 'RecordKeyFigures':
      return recordKeyFigures(command.data, registered(state));
    case 'RecordFragilityIndicators':
      return recordIndicators(command.data, registered(state));
    case 'RecordTerritoryAction':
      return recordAction(command.data, registered(state));
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
  const registeredOn = data.registeredOn === undefined ? undefined : recordedDay(data.registeredOn, registeredAt, 'the day of registration');
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
        ...(registeredOn === undefined ? {} : { registeredOn }),
      },
    },
  ];
}

function addFragilityDomain(data: AddFragilityDomain['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const domain = requireText(data.domain, 'a fragility domain needs a slug');
  if (!CUSTOM_FRAGILITY_DOMAIN.test(domain) || domain.length > CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH) {
    throw ruleViolated(
      `a fragility domain is a slug of lower-case letters, digits and underscores, starting with a letter, at most ${CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH} characters, not constructor (got ${show(domain)})`,
    );
  }
  if (isFragilityDomainOf(state, domain)) throw alreadyExists(`fragility domain ${show(domain)} already exists`);
  roomForOneMore(Object.keys(state.customDomains).length, TERRITORY_CUSTOM_DOMAINS_MAX, 'a territory cannot add more fragility domains of its own');
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

/**
 * Nothing of a territory is dated before it was registered (docs/adr/0014-as-of-and-the-observatory.md). The decider
 * has no time zone: the day of registration is the one the edge gave in the network's zone (`registeredOn`), else its
 * time's own calendar day as written (UTC from the api). A territory whose event lacks a real time is not checked.
 */
function notBeforeRegistration(date: string, what: string, state: RegisteredTerritory): void {
  if (state.registeredAt !== undefined) notEarlier(date, what, state.registeredOn ?? dayAsWritten(state.registeredAt), 'the registration of the territory');
}

function recordDiagnostic(data: RecordFragilityDiagnostic['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const diagnosedOn = requireCalendarDate(data.diagnosedOn, 'the date of the diagnostic');
  notAfterToday(diagnosedOn, 'the diagnostic', data.today);
  notBeforeRegistration(diagnosedOn, 'the diagnostic', state);
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
  roomForOneMore(state.actors.length, TERRITORY_ACTORS_MAX, 'a territory cannot register more actors');
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

/** A finite number, else RULE_VIOLATED naming `what`. */
function requireFinite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw ruleViolated(`${what} needs a finite number`);
  return value;
}

/** A slug of lower-case letters, digits and underscores (a key figure's key): the same rule as a domain's. */
const KEY = CUSTOM_FRAGILITY_DOMAIN;

function validKeyFigure(figure: unknown): KeyFigure {
  if (typeof figure !== 'object' || figure === null) throw ruleViolated('each key figure needs a key, a label and a value');
  const fields = figure as Partial<Record<keyof KeyFigure, unknown>>;
  const key = requireText(fields.key, 'each key figure needs a key');
  if (!KEY.test(key) || key.length > CUSTOM_FRAGILITY_DOMAIN_MAX_LENGTH) {
    throw ruleViolated(
      `a key figure's key is a slug of lower-case letters, digits and underscores, starting with a letter, not constructor (got ${show(key)})`,
    );
  }
  const label = requireText(fields.label, `key figure ${show(key)} needs a label`);
  const value = requireFinite(fields.value, `key figure ${show(key)}`);
  const unit = optionalText(fields.unit);
  const { shareOfFrance, year } = fields;
  if (shareOfFrance !== undefined && (typeof shareOfFrance !== 'number' || !Number.isFinite(shareOfFrance) || shareOfFrance < 0 || shareOfFrance > 100)) {
    throw ruleViolated(`the share of France of key figure ${show(key)} is a percentage from 0 to 100`);
  }
  if (year !== undefined && (typeof year !== 'number' || !Number.isInteger(year) || year < 1800 || year > 2200)) {
    throw ruleViolated(`the year of key figure ${show(key)} must be a whole year`);
  }
  return {
    key,
    label,
    value,
    ...(unit === undefined ? {} : { unit }),
    ...(shareOfFrance === undefined ? {} : { shareOfFrance }),
    ...(year === undefined ? {} : { year }),
  };
}

function recordKeyFigures(data: RecordKeyFigures['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const recordedOn = requireCalendarDate(data.recordedOn, 'the date of the key figures');
  notAfterToday(recordedOn, 'the key figures', data.today);
  notBeforeRegistration(recordedOn, 'the key figures', state);
  if (state.keyFigures !== undefined && recordedOn < state.keyFigures.recordedOn) {
    throw ruleViolated(`key figures of ${recordedOn} cannot replace the later ones of ${state.keyFigures.recordedOn}`);
  }
  const figures = atMost(requireList(data.figures, 'key figures need at least one figure'), TERRITORY_KEY_FIGURES_MAX, 'too many key figures').map(
    validKeyFigure,
  );
  const twice = firstDuplicate(figures.map((figure) => figure.key));
  if (twice !== undefined) throw ruleViolated(`key figure ${show(twice)} is listed twice`);
  const source = optionalText(data.source);
  return [{ type: 'KeyFiguresRecorded', data: { recordedOn, ...(source === undefined ? {} : { source }), figures } }];
}

function validIndicator(state: RegisteredTerritory, indicator: unknown): FragilityIndicator {
  if (typeof indicator !== 'object' || indicator === null) throw ruleViolated('each indicator needs a domain, a name, a value and the national average');
  const fields = indicator as Partial<Record<keyof FragilityIndicator, unknown>>;
  const domain = requireText(fields.domain, 'each indicator needs a domain');
  if (!isFragilityDomainOf(state, domain))
    throw ruleViolated(`unknown fragility domain ${show(domain)} (a territory adds its own domains before measuring them)`);
  const name = requireText(fields.name, 'each indicator needs a name');
  const value = requireFinite(fields.value, `indicator ${show(name)}`);
  const nationalAverage = requireFinite(fields.nationalAverage, `the national average of indicator ${show(name)}`);
  const unit = optionalText(fields.unit);
  return { domain, name, value, nationalAverage, ...(unit === undefined ? {} : { unit }) };
}

function recordIndicators(data: RecordFragilityIndicators['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const measuredOn = requireCalendarDate(data.measuredOn, 'the date of the indicators');
  notAfterToday(measuredOn, 'the indicators', data.today);
  notBeforeRegistration(measuredOn, 'the indicators', state);
  if (state.indicators !== undefined && measuredOn < state.indicators.measuredOn) {
    throw ruleViolated(`indicators of ${measuredOn} cannot replace the later ones of ${state.indicators.measuredOn}`);
  }
  const indicators = atMost(requireList(data.indicators, 'indicators need at least one indicator'), TERRITORY_INDICATORS_MAX, 'too many indicators').map(
    (indicator) => validIndicator(state, indicator),
  );
  const twice = firstDuplicate(indicators.map((indicator) => indicator.name));
  if (twice !== undefined) throw ruleViolated(`indicator ${show(twice)} is listed twice`);
  const source = optionalText(data.source);
  return [{ type: 'FragilityIndicatorsRecorded', data: { measuredOn, ...(source === undefined ? {} : { source }), indicators } }];
}

function recordAction(data: RecordTerritoryAction['data'], state: RegisteredTerritory): readonly TerritoryEvent[] {
  const actionId = requireText(data.actionId, 'an action needs an id');
  if ((state.actions ?? []).some((action) => action.actionId === actionId)) throw alreadyExists(`action ${show(actionId)} already exists`);
  roomForOneMore(state.actions?.length ?? 0, TERRITORY_ACTIONS_MAX, 'a territory cannot record more actions');
  const title = requireText(data.title, 'an action needs a title');
  const domains = requireList(data.domains, 'an action answers at least one fragility domain').map((value) => {
    const domain = requireText(value, 'a fragility domain cannot be blank');
    if (!isFragilityDomainOf(state, domain)) throw ruleViolated(`unknown fragility domain ${show(domain)}`);
    return domain;
  });
  const domainTwice = firstDuplicate(domains);
  if (domainTwice !== undefined) throw ruleViolated(`domain ${show(domainTwice)} is listed twice`);
  const actorIds = requireList(data.actorIds, 'an action is carried by at least one actor of the territory').map((value) => {
    const orgId = requireText(value, 'an actor id cannot be blank');
    if (!state.actors.some((actor) => actor.orgId === orgId)) throw ruleViolated(`organisation ${show(orgId)} is not an actor of this territory`);
    return orgId;
  });
  const actorTwice = firstDuplicate(actorIds);
  if (actorTwice !== undefined) throw ruleViolated(`actor ${show(actorTwice)} is listed twice`);
  const startedOn = requireCalendarDate(data.startedOn, 'the start date of the action');
  notAfterToday(startedOn, 'the start of the action', data.today);
  notBeforeRegistration(startedOn, 'the start of the action', state);
  const description = optionalText(data.description);
  return [
    {
      type: 'TerritoryActionRecorded',
      data: { actionId, title, domains, actorIds, startedOn, ...(description === undefined ? {} : { description }) },
    },
  ];
}

// ─── evolve ─────────────────────────────────────────────────────────────────

/** Total: an event that does not fit the state (or is unknown) leaves it as it was. */
export function evolveTerritory(state: TerritoryState, event: TerritoryEvent): TerritoryState {
  if (!isWellFormed(event)) return state;
  if (state.status === 'none') {
    if (event.type !== 'TerritoryRegistered') return state;
    const { territoryId, name, typology, level, region, departement, registeredAt, registeredOn } = event.data;
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
      ...(isDateOrInstant(registeredAt) && isCalendarDate(registeredOn) ? { registeredOn } : {}),
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
    case 'KeyFiguresRecorded': {
      const { recordedOn, source, figures } = event.data;
      if (!Array.isArray(figures) || typeof recordedOn !== 'string') return state;
      return { ...state, keyFigures: { recordedOn, ...(source === undefined ? {} : { source }), figures } };
    }
    case 'FragilityIndicatorsRecorded': {
      const { measuredOn, source, indicators } = event.data;
      if (!Array.isArray(indicators) || typeof measuredOn !== 'string') return state;
      return { ...state, indicators: { measuredOn, ...(source === undefined ? {} : { source }), indicators } };
    }
    case 'TerritoryActionRecorded': {
      const { actionId, title, domains, actorIds, startedOn, description } = event.data;
      const actions = state.actions ?? [];
      if (!Array.isArray(domains) || !Array.isArray(actorIds) || actions.some((action) => action.actionId === actionId)) return state;
      const action = { actionId, title, domains, actorIds, startedOn, ...(description === undefined ? {} : { description }) };
      return { ...state, actions: [...actions, action] };
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
