import type { RecordedEvent } from '@catalyse/event-store';
import { happenedAt } from '@catalyse/domain';
import { type ReadModel, readModel, type Tags } from '../read-model';

/**
 * One event as the observatory keeps it: its type, the few fields the figures
 * need (never a name or a text: no personal data), and the event's two times —
 * `on`, when it happened (its own date, day precision, or its `occurredAt`),
 * and `at`, when the log recorded it. Both clocks of an as-of answer read these
 * (docs/adr/0014-as-of-and-the-observatory.md).
 */
export interface Observation<Data = unknown> {
  readonly type: string;
  /** When it happened: a calendar date or an instant. */
  readonly on: string;
  /** When it was recorded (`recordedAt`). */
  readonly at: string;
  readonly data: Data;
}

/** A subject's observations (one document per stream), in stream order. */
export interface ObservationDoc {
  readonly id: string;
  readonly observations: readonly Observation[];
}

/** For each event type of a category: the fields kept, or `undefined` when the observatory does not need the event. */
export type Observe<E extends { readonly type: string; readonly data: unknown }> = {
  readonly [T in E['type']]: (data: Extract<E, { type: T }>['data']) => unknown;
};

export interface ObservationModelSpec<E extends { readonly type: string; readonly data: unknown }> {
  readonly name: string;
  readonly category: string;
  readonly collection: string;
  readonly observe: Observe<E>;
  /** What the documents are found by (territory, region…), from the observations kept. */
  readonly tags: (doc: ObservationDoc) => Tags;
}

/**
 * A read model that keeps, per stream, the observations of its events: the
 * observatory's raw material. It routes nothing to the feeds. An event whose
 * data is not an object, or whose type the model does not know, is not kept.
 */
export function observationModel<E extends { readonly type: string; readonly data: unknown }>(spec: ObservationModelSpec<E>): ReadModel {
  const observe = spec.observe as Readonly<Record<string, (data: never) => unknown>>;
  const evolve = (doc: ObservationDoc | undefined, event: RecordedEvent): ObservationDoc | undefined => {
    const keep = Object.hasOwn(observe, event.type) ? observe[event.type] : undefined;
    if (keep === undefined || typeof event.data !== 'object' || event.data === null) return doc;
    const data = keep(event.data as never);
    if (data === undefined) return doc;
    const observation: Observation = { type: event.type, on: happenedAt(spec.category, event), at: event.recordedAt, data };
    const id = doc?.id ?? event.stream.slice(spec.category.length + 1);
    return { id, observations: [...(doc?.observations ?? []), observation] };
  };
  return readModel<ObservationDoc>({
    name: spec.name,
    category: spec.category,
    collection: spec.collection,
    evolve,
    tags: spec.tags,
    feeds: () => [],
  });
}
