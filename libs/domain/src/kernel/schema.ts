import type { Message } from './decider';

/**
 * Schema evolution (docs/adr/0017-event-schema-evolution.md): every event
 * carries the version of its data's shape (`metadata.schemaVersion`); when a
 * type's shape changes, its version goes up by one and an upcaster brings the
 * previous version's data to the new shape. Stored events are never rewritten:
 * every read path upcasts them (the upcasting event store), so the deciders,
 * read models and reports only ever see the current shape.
 */

/**
 * The data of one version of an event type as the next version says it. Pure
 * (no clock, no I/O, no randomness) and total: data without the shape it
 * expects comes back as well as it can, and `evolve` ignores what does not fit.
 */
export type Upcaster = (data: unknown) => unknown;

/** An event type whose shape changed: the version the code writes and reads, and the upcaster from each earlier version to the next. */
export interface EventEvolution {
  /** The current version (2 or more; a type that never changed is at 1 and has no evolution). */
  readonly version: number;
  /** `upcasters[v]` brings version `v` to `v + 1`, for each `v` from 1 to `version - 1`. */
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}

/** The event types of one aggregate whose shape changed since their first version, by type (the others are at version 1). */
export type EventEvolutions<E extends Message<string, unknown>> = { readonly [T in E['type']]?: EventEvolution };
