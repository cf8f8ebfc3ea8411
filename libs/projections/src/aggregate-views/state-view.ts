import type { Decider, Message } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import type { RoomKey } from '@catalyse/protocol';
import { type Change, type ReadModel, readModel, routeEntries, type Tags } from '../read-model';
import type { Versioned } from '../read-models';
import { versionOf } from '../streams';

/** A created aggregate's state (not the `none` before its first event). */
type Created<S> = Exclude<S, { readonly status: 'none' }>;

/** A read model document: the aggregate's folded state, the view's own summaries, and its version. */
export type StateView<S, Extra> = Created<S> & Extra & Versioned;

export interface StateViewSpec<E extends Message<string, unknown>, S extends { readonly status: string }, Extra> {
  readonly category: string;
  readonly collection: string;
  /** The aggregate's decider: its `evolve` (pure, total) folds the document, so the view never drifts from the rules. */
  readonly decider: Decider<never, E, S>;
  readonly eventTypes: readonly string[];
  /** What the view adds to the state (counts, rates, what comes next); recomputed after each event. */
  readonly summarise: (state: Created<S>) => Extra;
  readonly tags: (doc: StateView<S, Extra>) => Tags;
  /** The rooms an event appears in and what it says there (given the document after it). */
  readonly routes: (event: E, change: Change<StateView<S, Extra>>, streamId: string) => readonly { readonly room: RoomKey; readonly data: unknown }[];
  readonly derived?: ReadModel<StateView<S, Extra>>['derived'];
}

const VERSION_FIELDS = ['revision', 'position', 'updatedAt'] as const;

/**
 * A read model whose document is the aggregate's own state (folded by the
 * decider's `evolve`) plus a few summaries, for the aggregates whose state is
 * plain JSON and already what readers want (gathering, territory,
 * introduction, experimentation, parcours). Unknown event types leave the
 * document as it is; an event that does not fit leaves the state as it is
 * (evolve is total) but moves the version.
 */
export function stateView<E extends Message<string, unknown>, S extends { readonly status: string }, Extra>(spec: StateViewSpec<E, S, Extra>): ReadModel {
  const known = new Set(spec.eventTypes);
  const evolve = (doc: StateView<S, Extra> | undefined, event: RecordedEvent): StateView<S, Extra> | undefined => {
    if (!known.has(event.type)) return doc;
    const before: S = doc ? (strip(doc) as unknown as S) : spec.decider.initialState();
    try {
      const after = spec.decider.evolve(before, { type: event.type, data: event.data } as E);
      if (after.status === 'none') return undefined;
      const created = after as Created<S>;
      const next = { ...created, ...spec.summarise(created), ...versionOf(event) } as StateView<S, Extra>;
      spec.tags(next); // a document that cannot be tagged is not stored
      return next;
    } catch {
      // An event whose data does not have the shape its type promises (written by hand, or by a bug):
      // the view ignores it, as the decider's evolve ignores what does not fit, so that evolve stays total
      // (`Projection`'s `foldEvent` also leaves out what any model throws on, the older ones included).
      return doc;
    }
  };
  return readModel<StateView<S, Extra>>({
    category: spec.category,
    collection: spec.collection,
    evolve,
    tags: spec.tags,
    feeds: (event, change) => {
      if (!known.has(event.type) || !change.after) return [];
      const id = event.stream.slice(event.stream.indexOf('-') + 1);
      return routeEntries(event, spec.routes({ type: event.type, data: event.data } as E, change, id));
    },
    ...(spec.derived ? { derived: spec.derived } : {}),
  });
}

/** The state inside a document: without its version (summaries are recomputed, and evolve ignores them). */
function strip(doc: Record<string, unknown>): Record<string, unknown> {
  const state = { ...doc };
  for (const field of VERSION_FIELDS) delete state[field];
  return state;
}

/** Counts of a list by a key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
