import { type Decider, type HistoryCut, isInCut } from '@catalyse/domain';
import { type EventStore, readWholeStream, unreadableReason } from '@catalyse/event-store';

/** Where the history stops (the domain's `HistoryCut`: a position, a time on the `happened` or `recorded` clock, or both). */
export type AsOf = HistoryCut;

export interface FoldedAsOf<S> {
  readonly state: S;
  /** Revision of the last event folded (-1n when none). */
  readonly revision: bigint;
  /** Its global position (0n when none). */
  readonly position: bigint;
  /** Its `occurredAt`. */
  readonly at?: string;
  /** Events of the stream folded, and left out by the cut (recorded before it yet dated after it, or the reverse). */
  readonly folded: number;
  readonly leftOut: number;
  /** Events inside the cut left out because this code cannot read them at their type's current version (`metadata.unreadable`), with why. */
  readonly unreadable: readonly { readonly revision: bigint; readonly type: string; readonly reason: string }[];
}

/**
 * The state of one stream as it was: its events inside the cut (`isInCut` of
 * `@catalyse/domain`: at or before the position; on the `happened` clock, the
 * events whose fact happened by then, at day precision for dates; on the
 * `recorded` clock, what the log held then), folded in stream order. The
 * stream is read to its end (page by page): an event recorded late, out of
 * date order, is not lost behind an earlier one past the cut. `timeZone` is
 * the network's (what day an instant falls on). An event the code cannot read
 * at its type's current version is left out and listed in `unreadable`.
 */
export async function foldAsOf<C, E, S>(store: EventStore, decider: Decider<C, E, S>, stream: string, cut: AsOf, timeZone: string): Promise<FoldedAsOf<S>> {
  const category = categoryOf(stream);
  let state = decider.initialState();
  let revision = -1n;
  let position = 0n;
  let at: string | undefined;
  let folded = 0;
  let leftOut = 0;
  const unreadable: { revision: bigint; type: string; reason: string }[] = [];
  for await (const event of readWholeStream(store, stream)) {
    if (!isInCut(category, event, cut, timeZone)) {
      leftOut++;
      continue;
    }
    const reason = unreadableReason(event);
    if (reason !== undefined) {
      // A read, not a decision: the state is shown without it, as the read models show it, and the answer says so.
      unreadable.push({ revision: event.revision, type: event.type, reason });
      continue;
    }
    state = decider.evolve(state, { type: event.type, data: event.data } as E);
    revision = event.revision;
    position = event.position;
    at = event.metadata.occurredAt;
    folded++;
  }
  return at === undefined ? { state, revision, position, folded, leftOut, unreadable } : { state, revision, position, at, folded, leftOut, unreadable };
}

/** The category of a stream name (`experimentation-agir-ensemble` → `experimentation`). */
function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : stream;
}
