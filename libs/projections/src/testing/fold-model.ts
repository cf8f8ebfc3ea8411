import type { RecordedEvent } from '@catalyse/event-store';
import type { ReadModel } from '../read-model';
import type { RoutedFeedEntry } from '../room-feeds/feed-entries';

/**
 * Folds events through one read model the way `Projection` does, without a
 * store: the document after each event, every feed entry, and the derived
 * documents (by `collection/id`).
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
    const before = doc;
    const after = model.evolve(before, event);
    doc = after;
    docs.push(after as Doc | undefined);
    const change = { before, after };
    for (const d of model.derived?.(event, change) ?? []) {
      const key = `${d.collection}/${d.id}`;
      derived.set(key, d.update(derived.get(key)));
    }
    entries.push(...model.feeds(event, change));
  }
  return { doc: doc as Doc | undefined, entries, derived, docs };
}
