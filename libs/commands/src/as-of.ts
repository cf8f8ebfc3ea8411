import type { Decider } from '@catalyse/domain';
import { type EventStore, readWholeStream } from '@catalyse/event-store';

export interface AsOf {
  /** Fold events up to this global position (inclusive). */
  readonly position?: bigint;
  /** Fold events that occurred at or before this instant (ISO-8601). */
  readonly time?: string;
}

export interface FoldedAsOf<S> {
  readonly state: S;
  /** Revision of the last event folded (-1n when none). */
  readonly revision: bigint;
  readonly position: bigint;
  readonly at?: string;
}

/** The state of one stream as it was at a position or an instant: a fold of its prefix. */
export async function foldAsOf<C, E, S>(store: EventStore, decider: Decider<C, E, S>, stream: string, asOf: AsOf): Promise<FoldedAsOf<S>> {
  const limit = asOf.time === undefined ? undefined : Date.parse(asOf.time);
  let state = decider.initialState();
  let revision = -1n;
  let position = 0n;
  let at: string | undefined;
  for await (const event of readWholeStream(store, stream)) {
    if (asOf.position !== undefined && event.position > asOf.position) break;
    if (limit !== undefined && Date.parse(event.metadata.occurredAt) > limit) break;
    state = decider.evolve(state, { type: event.type, data: event.data } as E);
    revision = event.revision;
    position = event.position;
    at = event.metadata.occurredAt;
  }
  return at === undefined ? { state, revision, position } : { state, revision, position, at };
}
