/**
 * Validation of experimentation command data: shapes, lists without
 * duplicates, whole numbers. Pure; throws `DomainError` (RULE_VIOLATED).
 */
import { ruleViolated } from '../kernel/errors';
import { atMost, firstDuplicate, notBeforeJoining, optionalText, ownEntry, requireList, requireOneOf, requireText, show } from '../kernel/validation';
import { SPHERES, TERRITORY_SCALES, type CalendarDate, type Sphere } from '../kernel/vocabulary';
import {
  ACTION_COMPONENTS_MAX,
  EXPERIMENTATION_CATALYSEURS_MAX,
  EXPERIMENTATION_ORGANISATIONS_MAX,
  RESULT_INDICATORS_MAX,
  type ExperimentationOrganisation,
  type ExperimentationTerritory,
  type ResultIndicator,
  type WorkingGroup,
} from './types';

export function isWhole(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export const sameTheme = (left: string, right: string): boolean => left.toLocaleLowerCase('fr') === right.toLocaleLowerCase('fr');

export function validTerritory(territory: unknown): ExperimentationTerritory {
  if (typeof territory !== 'object' || territory === null) throw ruleViolated('an experimentation needs a territory');
  const { id, name, scale } = territory as Partial<Record<keyof ExperimentationTerritory, unknown>>;
  return {
    id: requireText(id, 'the territory needs an id'),
    name: requireText(name, 'the territory needs a name'),
    scale: requireOneOf(TERRITORY_SCALES, scale, 'territory scale'),
  };
}

export function validOrganisations(value: unknown, role: string, emptyMessage: string): readonly ExperimentationOrganisation[] {
  const listed = atMost(requireList(value, emptyMessage), EXPERIMENTATION_ORGANISATIONS_MAX, `too many ${role}s`);
  const organisations = listed.map((organisation): ExperimentationOrganisation => {
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

export function validCatalyseurs(value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw ruleViolated('catalyseurs must be a list of catalyseur ids');
  const catalyseurs = atMost(value as readonly unknown[], EXPERIMENTATION_CATALYSEURS_MAX, 'too many catalyseurs').map((id) =>
    requireText(id, 'a catalyseur id cannot be blank'),
  );
  const twice = firstDuplicate(catalyseurs);
  if (twice !== undefined) throw ruleViolated(`catalyseur ${show(twice)} is listed twice`);
  return catalyseurs;
}

/**
 * Each catalyseur's launch is not dated before the day it joined the network, when `joinedOn` (by catalyseur id, from
 * the edge) gives that day; one without a day is not compared.
 */
export function notBeforeAnyJoined(launchedOn: CalendarDate, catalyseurs: readonly string[], joinedOn: unknown): void {
  if (joinedOn === undefined) return;
  if (typeof joinedOn !== 'object' || joinedOn === null || Array.isArray(joinedOn)) {
    throw ruleViolated('the days the catalyseurs joined the network must be given by catalyseur id');
  }
  const days = joinedOn as Readonly<Record<string, unknown>>;
  for (const catalyseurId of catalyseurs) notBeforeJoining(launchedOn, 'the launch of the experimentation', catalyseurId, ownEntry(days, catalyseurId));
}

/** Counts per known sphere, in the vocabulary's order; left out when absent or empty. */
export function validSplitBySphere(value: unknown, dirigeants: number): Partial<Record<Sphere, number>> | undefined {
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

export function validIndicators(value: unknown): readonly ResultIndicator[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw ruleViolated('indicators must be a list');
  const indicators = atMost(value as readonly unknown[], RESULT_INDICATORS_MAX, 'too many indicators').map((indicator): ResultIndicator => {
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

/** Participants of the group present at one of its meetings: at least one, each a participant, none twice. */
export function validAttendees(group: WorkingGroup, value: unknown): readonly string[] {
  const attendees = requireList(value, 'a meeting needs at least one participant present').map((attendee) => {
    const participantId = requireText(attendee, 'an attendee id cannot be blank');
    if (!group.participants.some((participant) => participant.participantId === participantId)) {
      throw ruleViolated(`${show(participantId)} is not a participant of working group ${show(group.groupId)}`);
    }
    return participantId;
  });
  const twice = firstDuplicate(attendees);
  if (twice !== undefined) throw ruleViolated(`attendee ${show(twice)} is listed twice`);
  return attendees;
}

/** An action's "briques": a list of names, none blank nor twice; left out when absent or empty. */
export function validComponents(value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw ruleViolated('the components of an action must be a list of names');
  const components = atMost(value as readonly unknown[], ACTION_COMPONENTS_MAX, 'too many components').map((component) =>
    requireText(component, 'a component of an action cannot be blank'),
  );
  const twice = firstDuplicate(components.map((component) => component.toLocaleLowerCase('fr')));
  if (twice !== undefined) throw ruleViolated(`component ${show(twice)} is listed twice`);
  return components.length === 0 ? undefined : components;
}
