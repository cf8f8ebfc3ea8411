import { AGGREGATE_CATEGORIES, type AggregateCategory, anyAggregate, type EventOf } from './aggregates';
import type { EventEvolution, EventEvolutions, Upcaster } from './kernel/schema';
import { PARTNERSHIP_EVOLUTIONS } from './partnership/upcasters';

/**
 * The event types whose shape changed, per aggregate: one line for each
 * aggregate with an `upcasters.ts` (docs/adr/0017-event-schema-evolution.md).
 */
const EVOLUTIONS: { readonly [K in AggregateCategory]?: EventEvolutions<EventOf<K>> } = {
  partnership: PARTNERSHIP_EVOLUTIONS,
};

/** One aggregate's event types, each with its current version and its evolution when it has one. */
type Schemas = ReadonlyMap<string, { readonly version: number; readonly evolution?: EventEvolution }>;

/**
 * Every event type of every aggregate (the registry's `eventTypes`, which the
 * compiler checks are complete) with its version: 1, or its evolution's. Each
 * evolution must have an upcaster from every earlier version to the next:
 * checked when the module loads, so a gap never reaches a reader.
 */
function schemasOf(category: AggregateCategory): Schemas {
  const evolutions = (EVOLUTIONS[category] ?? {}) as Readonly<Record<string, EventEvolution | undefined>>;
  const types = anyAggregate(category).eventTypes;
  for (const type of Object.keys(evolutions))
    if (!types.includes(type)) throw new RangeError(`${category} has an evolution of ${type}, a type it does not know`);
  return new Map(
    types.map((type) => {
      const evolution = evolutions[type];
      if (!evolution) return [type, { version: 1 }];
      if (!Number.isInteger(evolution.version) || evolution.version < 2) throw new RangeError(`${type} of ${category}: an evolution is at version 2 or more`);
      for (let v = 1; v < evolution.version; v++) {
        if (typeof evolution.upcasters[v] !== 'function')
          throw new RangeError(`${type} of ${category} is at version ${evolution.version} but has no upcaster from ${v}`);
      }
      return [type, { version: evolution.version, evolution }];
    }),
  );
}

const SCHEMAS: ReadonlyMap<string, Schemas> = new Map(AGGREGATE_CATEGORIES.map((category) => [category, schemasOf(category)]));

const categoryOf = (stream: string): string => stream.slice(0, Math.max(0, stream.indexOf('-')));

/** The version the code writes and reads of an event type of a category (`undefined`: a type the category does not know). */
export function schemaVersionOf(category: string, type: string): number | undefined {
  return SCHEMAS.get(category)?.get(type)?.version;
}

/** The version of every event type of every aggregate (1 unless it evolved), for docs and operators. */
export function eventSchemaVersions(): { readonly [K in AggregateCategory]: Readonly<Record<EventOf<K>['type'], number>> } {
  return Object.fromEntries(
    [...SCHEMAS].map(([category, schemas]) => [category, Object.fromEntries([...schemas].map(([type, { version }]) => [type, version]))]),
  ) as { readonly [K in AggregateCategory]: Readonly<Record<EventOf<K>['type'], number>> };
}

/**
 * The registry of event schemas, by stream and type: what the command path
 * stamps (`metadata.schemaVersion`) and what the upcasting event store of
 * `@catalyse/event-store` brings every read event to (its `EventSchemas`).
 * Streams of no aggregate and unknown types have no version: readers leave
 * them as stored.
 */
export const EVENT_SCHEMAS = {
  currentVersion(stream: string, type: string): number | undefined {
    return schemaVersionOf(categoryOf(stream), type);
  },
  /** The upcaster from `version` to `version + 1` of this type on this stream, if there is one. */
  upcaster(stream: string, type: string, version: number): Upcaster | undefined {
    return SCHEMAS.get(categoryOf(stream))?.get(type)?.evolution?.upcasters[version];
  },
} as const;
