import { accompanimentDecider } from './accompaniment/decider';
import { ACCOMPANIMENT_EVENT_TYPES, accompanimentStream } from './accompaniment/types';
import { catalyseurDecider } from './catalyseur/decider';
import { CATALYSEUR_EVENT_TYPES, catalyseurStream } from './catalyseur/types';
import { experimentationDecider } from './experimentation/decider';
import { EXPERIMENTATION_EVENT_TYPES, experimentationStream } from './experimentation/types';
import { gatheringDecider } from './gathering/decider';
import { GATHERING_EVENT_TYPES, gatheringStream } from './gathering/types';
import { introductionDecider } from './introduction/decider';
import { INTRODUCTION_EVENT_TYPES, introductionStream } from './introduction/types';
import { organisationDecider } from './organisation/decider';
import { ORGANISATION_EVENT_TYPES, organisationStream } from './organisation/types';
import { personDecider } from './person/decider';
import { PERSON_EVENT_TYPES, personStream } from './person/types';
import { parcoursDecider } from './parcours/decider';
import { PARCOURS_EVENT_TYPES, parcoursStream } from './parcours/types';
import { partnershipDecider } from './partnership/decider';
import { PARTNERSHIP_EVENT_TYPES, partnershipStream } from './partnership/types';
import { reportDecider } from './report/decider';
import { REPORT_EVENT_TYPES, reportStream } from './report/types';
import { roomDecider } from './room/decider';
import { ROOM_EVENT_TYPES, roomStream } from './room/types';
import type { Decider, Message } from './kernel/decider';
import { territoryDecider } from './territory/decider';
import { TERRITORY_EVENT_TYPES, territoryStream } from './territory/types';

/** One aggregate: its decider, the event types its evolve knows, and the name of its streams. */
export interface Aggregate<C extends Message<string, unknown>, E extends Message<string, unknown>, S> {
  /** The first part of its stream names (`{category}-{id}`). */
  readonly category: string;
  readonly decider: Decider<C, E, S>;
  readonly eventTypes: readonly E['type'][];
  readonly streamOf: (id: string) => string;
}

const define = <C extends Message<string, unknown>, E extends Message<string, unknown>, S>(
  category: string,
  decider: Decider<C, E, S>,
  eventTypes: readonly E['type'][],
  streamOf: (id: string) => string,
): Aggregate<C, E, S> => ({ category, decider, eventTypes, streamOf });

/**
 * Every aggregate by the category of its streams. The one registry the edges
 * use: the api derives a command's decider and stream from it, `verify`,
 * `as-of` and the demo loader fold any stream through it.
 */
export const AGGREGATES = {
  partnership: define('partnership', partnershipDecider, PARTNERSHIP_EVENT_TYPES, partnershipStream),
  room: define('room', roomDecider, ROOM_EVENT_TYPES, roomStream),
  catalyseur: define('catalyseur', catalyseurDecider, CATALYSEUR_EVENT_TYPES, catalyseurStream),
  gathering: define('gathering', gatheringDecider, GATHERING_EVENT_TYPES, gatheringStream),
  territory: define('territory', territoryDecider, TERRITORY_EVENT_TYPES, territoryStream),
  introduction: define('introduction', introductionDecider, INTRODUCTION_EVENT_TYPES, introductionStream),
  experimentation: define('experimentation', experimentationDecider, EXPERIMENTATION_EVENT_TYPES, experimentationStream),
  parcours: define('parcours', parcoursDecider, PARCOURS_EVENT_TYPES, parcoursStream),
  report: define('report', reportDecider, REPORT_EVENT_TYPES, reportStream),
  person: define('person', personDecider, PERSON_EVENT_TYPES, personStream),
  organisation: define('organisation', organisationDecider, ORGANISATION_EVENT_TYPES, organisationStream),
  accompaniment: define('accompaniment', accompanimentDecider, ACCOMPANIMENT_EVENT_TYPES, accompanimentStream),
} as const;

export type AggregateCategory = keyof typeof AGGREGATES;
export const AGGREGATE_CATEGORIES = Object.keys(AGGREGATES) as readonly AggregateCategory[];

type Registered<K extends AggregateCategory> = (typeof AGGREGATES)[K];
/** The commands, events and state of an aggregate, by category: `CommandOf<'gathering'>` is `GatheringCommand`. */
export type CommandOf<K extends AggregateCategory> = Parameters<Registered<K>['decider']['decide']>[0];
export type EventOf<K extends AggregateCategory> = ReturnType<Registered<K>['decider']['decide']>[number];
export type StateOf<K extends AggregateCategory> = ReturnType<Registered<K>['decider']['initialState']>;

/**
 * The aggregate of a category with its own types, for code generic in the
 * category (the api's one command path). The registry holds exactly these
 * types; the compiler cannot follow an index by a generic key, hence the one
 * widening here.
 */
export function aggregateFor<K extends AggregateCategory>(category: K): Aggregate<CommandOf<K>, EventOf<K>, StateOf<K>> {
  return AGGREGATES[category] as unknown as Aggregate<CommandOf<K>, EventOf<K>, StateOf<K>>;
}

/** A decider with its types erased, for code that handles every aggregate alike (verify, replay, demo). */
export type AnyDecider = Decider<Message<string, unknown>, Message<string, unknown>, unknown>;

export interface AggregateKind {
  readonly category: AggregateCategory;
  readonly decider: AnyDecider;
  /** Every event type its evolve knows. */
  readonly eventTypes: readonly string[];
}

export function isAggregateCategory(category: string): category is AggregateCategory {
  return Object.hasOwn(AGGREGATES, category);
}

/** Any aggregate with its types erased (its decider still only ever sees its own commands and events). */
export function anyAggregate(category: AggregateCategory): AggregateKind {
  const { decider, eventTypes } = AGGREGATES[category];
  return { category, decider: decider as unknown as AnyDecider, eventTypes };
}

/** The aggregate of a stream name, if its category is one. */
export function aggregateOf(stream: string): AggregateKind | undefined {
  const dash = stream.indexOf('-');
  if (dash <= 0) return undefined;
  const category = stream.slice(0, dash);
  return isAggregateCategory(category) ? anyAggregate(category) : undefined;
}
