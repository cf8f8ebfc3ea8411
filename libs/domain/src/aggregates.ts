import { catalyseurDecider } from './catalyseur/decider';
import { CATALYSEUR_EVENT_TYPES } from './catalyseur/types';
import { experimentationDecider } from './experimentation/decider';
import { EXPERIMENTATION_EVENT_TYPES } from './experimentation/types';
import { gatheringDecider } from './gathering/decider';
import { GATHERING_EVENT_TYPES } from './gathering/types';
import { introductionDecider } from './introduction/decider';
import { INTRODUCTION_EVENT_TYPES } from './introduction/types';
import { parcoursDecider } from './parcours/decider';
import { PARCOURS_EVENT_TYPES } from './parcours/types';
import { partnershipDecider } from './partnership/decider';
import { PARTNERSHIP_EVENT_TYPES } from './partnership/types';
import { roomDecider } from './room/decider';
import { ROOM_EVENT_TYPES } from './room/types';
import type { Decider, Message } from './shared/decider';
import { territoryDecider } from './territory/decider';
import { TERRITORY_EVENT_TYPES } from './territory/types';

/** A decider with its types erased, for code that handles every aggregate alike (verify, replay, demo). */
export type AnyDecider = Decider<Message<string, unknown>, Message<string, unknown>, unknown>;

export interface AggregateKind {
  readonly decider: AnyDecider;
  /** Every event type its evolve knows. */
  readonly eventTypes: readonly string[];
}

const erase = <C, E, S>(decider: Decider<C, E, S>): AnyDecider => decider as unknown as AnyDecider;

/** Every aggregate by the category of its streams (`{category}-{id}`). */
export const AGGREGATES = {
  partnership: { decider: erase(partnershipDecider), eventTypes: PARTNERSHIP_EVENT_TYPES },
  room: { decider: erase(roomDecider), eventTypes: ROOM_EVENT_TYPES },
  catalyseur: { decider: erase(catalyseurDecider), eventTypes: CATALYSEUR_EVENT_TYPES },
  gathering: { decider: erase(gatheringDecider), eventTypes: GATHERING_EVENT_TYPES },
  territory: { decider: erase(territoryDecider), eventTypes: TERRITORY_EVENT_TYPES },
  introduction: { decider: erase(introductionDecider), eventTypes: INTRODUCTION_EVENT_TYPES },
  experimentation: { decider: erase(experimentationDecider), eventTypes: EXPERIMENTATION_EVENT_TYPES },
  parcours: { decider: erase(parcoursDecider), eventTypes: PARCOURS_EVENT_TYPES },
} as const satisfies Readonly<Record<string, AggregateKind>>;

export type AggregateCategory = keyof typeof AGGREGATES;

/** The aggregate of a stream name, if its category is one. */
export function aggregateOf(stream: string): AggregateKind | undefined {
  const dash = stream.indexOf('-');
  if (dash <= 0) return undefined;
  const category = stream.slice(0, dash);
  return Object.hasOwn(AGGREGATES, category) ? AGGREGATES[category as AggregateCategory] : undefined;
}
