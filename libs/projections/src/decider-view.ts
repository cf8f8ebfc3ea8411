import type { Decider, Message } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { type Change, type DerivedChange, type ReadModel, type Route, routeEntries, type Tags } from './read-model';
import { isRecord, type Versioned, versionOf } from './streams';

/** A created aggregate's state (not the `none` before its first event). */
export type Created<S> = Exclude<S, { readonly status: 'none' }>;

/** The document of a view that shows the state as it is: the aggregate's folded state, the view's own summaries, and its version. */
export type StateView<S, Extra> = Created<S> & Extra & Versioned;

export interface DeciderViewSpec<E extends Message<string, unknown>, S extends { readonly status: string }, Doc extends Versioned> {
  readonly name: string;
  readonly category: string;
  readonly collection: string;
  /** The aggregate's decider: its `evolve` (pure, total) folds the document, so the view never drifts from the rules. */
  readonly decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>;
  /** Every event type its evolve knows; the view leaves the others out (not even the version moves). */
  readonly eventTypes: readonly E['type'][];
  /**
   * The document of a state: the state under the document's names, the view's
   * summaries (recomputed after each event) and `version`. `before` is the
   * document before the event, for what the state does not keep. Pure.
   */
  readonly toDoc: (state: Created<S>, version: Versioned, before: Doc | undefined) => Doc;
  /** The state inside a document: the inverse of `toDoc` on the state's fields. */
  readonly toState: (doc: Doc) => Created<S>;
  readonly tags: (doc: Doc) => Tags;
  /** The rooms an event appears in and what it says there, given the documents before and after it (no document after: none yet). */
  readonly routes: (event: E, change: Change<Doc>, streamId: string) => readonly Route[];
  readonly derived?: (event: RecordedEvent, change: Change<Doc>) => readonly DerivedChange[];
  readonly derivedCollections?: readonly string[];
}

const isCreated = <S extends { readonly status: string }>(state: S): state is Created<S> => state.status !== 'none';

/**
 * A read model whose document is its aggregate's state, folded by the
 * decider's own `evolve`, under the document's names (`toDoc` / `toState`)
 * with a few summaries and the version. The one way a document follows a
 * decider: every read model of an aggregate's own streams but the room cards.
 *
 * - An unknown event type leaves the document as it is (not even the version).
 * - An event whose data is not an object is refused (`refuse`): `Projection`
 *   leaves it out and reports it; `evolve` leaves the document as it is and it
 *   appears in no feed.
 * - Otherwise the version moves, even when the event changes nothing else
 *   (evolve leaves what does not fit as it was: an unknown milestone, say).
 * - A state that cannot be made a document or tagged (data without what its
 *   type promises: a launch without a territory) leaves the document as it was.
 */
export function deciderView<E extends Message<string, unknown>, S extends { readonly status: string }, Doc extends Versioned>(
  spec: DeciderViewSpec<E, S, Doc>,
): ReadModel<Doc> {
  const known: ReadonlySet<string> = new Set(spec.eventTypes);
  const folds = (event: RecordedEvent): boolean => known.has(event.type) && isRecord(event.data);
  const asEvent = (event: RecordedEvent): E => ({ type: event.type, data: event.data }) as E;
  /**
   * The tags of the document this view made last, computed once: `Projection` asks them right after `evolve`. One
   * slot, not a map of every document: a replay makes millions of them, and a WeakMap's entries cost the garbage
   * collector.
   */
  let tagged: { readonly doc: Doc; readonly tags: Tags } | undefined;

  const evolve = (doc: Doc | undefined, event: RecordedEvent): Doc | undefined => {
    if (!folds(event)) return doc;
    try {
      const after = spec.decider.evolve(doc ? spec.toState(doc) : spec.decider.initialState(), asEvent(event));
      if (!isCreated(after)) return doc;
      const next = spec.toDoc(after, versionOf(event), doc);
      // A document that cannot be tagged is not stored; its tags are kept for `tags`, which the projection asks next.
      tagged = { doc: next, tags: spec.tags(next) };
      return next;
    } catch {
      // Data without the shape its type promises (written by hand, or by a bug): the view ignores it, as the
      // decider's evolve ignores what does not fit, so that evolve stays total.
      return doc;
    }
  };

  return {
    name: spec.name,
    category: spec.category,
    collection: spec.collection,
    evolve,
    tags: (doc) => (tagged?.doc === doc ? tagged.tags : spec.tags(doc)),
    feeds: (event, change) => (folds(event) ? routeEntries(event, spec.routes(asEvent(event), change, event.stream.slice(event.stream.indexOf('-') + 1))) : []),
    refuse: (event) => (known.has(event.type) && !isRecord(event.data) ? `the data of ${event.type} is not an object` : undefined),
    ...(spec.derived ? { derived: spec.derived } : {}),
    ...(spec.derivedCollections ? { derivedCollections: spec.derivedCollections } : {}),
  };
}

/**
 * `toDoc` and `toState` of a view whose document is the state itself plus
 * summaries (gathering, territory, introduction, experimentation, parcours):
 * the summaries are recomputed from the state after each event, and the
 * decider's evolve ignores them in the document it is given.
 */
export function stateWithSummaries<S extends { readonly status: string }, Extra>(
  summarise: (state: Created<S>) => Extra,
): Pick<DeciderViewSpec<Message<string, unknown>, S, StateView<S, Extra>>, 'toDoc' | 'toState'> {
  return {
    toDoc: (state, version) => ({ ...state, ...summarise(state), ...version }),
    toState: (doc) => doc,
  };
}

/** Counts of a list by a key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (Object.hasOwn(counts, k) ? (counts[k] ?? 0) : 0) + 1;
  }
  return counts;
}
