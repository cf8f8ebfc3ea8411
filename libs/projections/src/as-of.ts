import { type HistoryCut, isInCut } from '@catalyse/domain';
import { type EventStore, readWholeStream } from '@catalyse/event-store';
import { foldEvent } from './projection';
import type { ReadModel } from './read-model';

/** A read model's document as it was, and the last event folded into it. */
export interface DocumentAsOf<Doc> {
  /** `undefined` when the stream had no document yet (or no event inside the cut). */
  readonly doc: Doc | undefined;
  /** Revision of the last event inside the cut (-1n when none). */
  readonly revision: bigint;
  /** Its global position (0n when none). */
  readonly position: bigint;
  /** Its `occurredAt`. */
  readonly at?: string;
}

/**
 * One stream's document as it was: the stream's events inside the cut
 * (`isInCut` of `@catalyse/domain`, the rule of `foldAsOf` of
 * `@catalyse/commands`: on the `happened` clock the facts that happened by
 * then, at day precision for dates, wherever they were recorded in the stream;
 * on the `recorded` clock what the log held then; a position bounds both),
 * read page by page to the stream's end and folded once through the read
 * model in stream order, the way `Projection` folds them (an event the model
 * refuses or cannot fold is left out), so a past document reads exactly like
 * the live one. `Doc` is the model's document type, as with
 * `ProjectionStore.getDoc`; `timeZone` is the network's.
 */
export async function readModelAsOf<Doc>(store: EventStore, model: ReadModel, stream: string, cut: HistoryCut, timeZone: string): Promise<DocumentAsOf<Doc>> {
  let doc: unknown;
  let revision = -1n;
  let position = 0n;
  let at: string | undefined;
  for await (const event of readWholeStream(store, stream)) {
    if (!isInCut(model.category, event, cut, timeZone)) continue;
    const folded = foldEvent(model, doc, event);
    if (folded.ok) doc = folded.after;
    revision = event.revision;
    position = event.position;
    at = event.metadata.occurredAt;
  }
  const found = doc as Doc | undefined;
  return at === undefined ? { doc: found, revision, position } : { doc: found, revision, position, at };
}
