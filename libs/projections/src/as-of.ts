import { type EventStore, readWholeStream } from '@catalyse/event-store';
import { foldEvent } from './projection';
import type { ReadModel } from './read-model';

/** Where a stream's history stops: at a global position, or at an instant. */
export interface HistoryCut {
  /** Events up to this global position (inclusive). */
  readonly position?: bigint;
  /** Events that occurred at or before this instant (ISO-8601, compared with the metadata's `occurredAt`). */
  readonly time?: string;
}

/** A read model's document as it was, and the last event folded into it. */
export interface DocumentAsOf<Doc> {
  /** `undefined` when the stream had no document yet (or no event before the cut). */
  readonly doc: Doc | undefined;
  /** Revision of the last event of the prefix (-1n when none). */
  readonly revision: bigint;
  /** Its global position (0n when none). */
  readonly position: bigint;
  /** Its `occurredAt`. */
  readonly at?: string;
}

/**
 * One stream's document as it was at a position or an instant: the prefix of
 * the stream (read page by page; the cut rule of `foldAsOf` of
 * `@catalyse/commands`: stop at the first event past the position, or that
 * occurred after the instant) folded once through the read model, the way
 * `Projection` folds it (an event the model refuses or cannot fold is left
 * out), so a past document reads exactly like the live one. `Doc` is the
 * model's document type, as with `ProjectionStore.getDoc`.
 */
export async function readModelAsOf<Doc>(store: EventStore, model: ReadModel, stream: string, cut: HistoryCut): Promise<DocumentAsOf<Doc>> {
  const limit = cut.time === undefined ? undefined : Date.parse(cut.time);
  let doc: unknown;
  let revision = -1n;
  let position = 0n;
  let at: string | undefined;
  for await (const event of readWholeStream(store, stream)) {
    if (cut.position !== undefined && event.position > cut.position) break;
    if (limit !== undefined && Date.parse(event.metadata.occurredAt) > limit) break;
    const folded = foldEvent(model, doc, event);
    if (folded.ok) doc = folded.after;
    revision = event.revision;
    position = event.position;
    at = event.metadata.occurredAt;
  }
  const found = doc as Doc | undefined;
  return at === undefined ? { doc: found, revision, position } : { doc: found, revision, position, at };
}
