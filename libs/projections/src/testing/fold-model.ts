import type { RecordedEvent } from '@catalyse/event-store';
import { foldEvent } from '../projection';
import type { ReadModel, RoutedFeedEntry } from '../read-model';

/**
 * Folds events through one read model with `Projection`'s own step
 * (`foldEvent`), without a store: the document after each event, every feed
 * entry, and the derived documents (by `collection/id`). An event the model
 * cannot fold is left out, as the projector leaves it out.
 */
export function foldModel<Doc>(
  model: ReadModel,
  events: readonly RecordedEvent[],
): { doc: Doc | undefined; entries: RoutedFeedEntry[]; derived: Map<string, unknown>; docs: (Doc | undefined)[] } {
  let doc: unknown;
  const entries: RoutedFeedEntry[] = [];
  const derived = new Map<string, unknown>();
  const docs: (Doc | undefined)[] = [];
  for (const event of events) {
    const folded = foldEvent(model, doc, event);
    if (folded.ok) {
      doc = folded.after;
      for (const d of folded.derived) derived.set(`${d.collection}/${d.id}`, d.update(derived.get(`${d.collection}/${d.id}`)));
      entries.push(...folded.routes);
    }
    docs.push(doc as Doc | undefined);
  }
  return { doc: doc as Doc | undefined, entries, derived, docs };
}
