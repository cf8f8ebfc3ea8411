import { setImmediate as nextTurn } from 'node:timers/promises';
import { AGGREGATES, type AggregateCategory, type CalendarDate, type EventInHistory, type HistoryCut, inCut, type StateOf } from '@catalyse/domain';
import { type EventStore, readWholeStream, unreadableReason } from '@catalyse/event-store';
import type { ProjectionStore } from '@catalyse/projections';
import type { BatchSelection } from '../batch/batch-index';

/** What the report job reads: the log (each stream cut to the history asked for) and the read models (to find what to read). */
export interface ReportSources {
  readonly events: EventStore;
  readonly readModels: Pick<ProjectionStore, 'findDocs'>;
  readonly timeZone: string;
}

const PAGE = 500;

/**
 * A stream's events inside the cut, in stream order, at the current version of
 * their types (the store upcasts them); an event this code cannot read at that
 * version is left out, as the read models leave it out.
 */
export async function streamInCut(sources: ReportSources, category: AggregateCategory, id: string, cut: HistoryCut): Promise<EventInHistory[]> {
  const keep = inCut(category, cut, sources.timeZone);
  const events: EventInHistory[] = [];
  for await (const event of readWholeStream(sources.events, AGGREGATES[category].streamOf(id))) {
    if (keep(event) && unreadableReason(event) === undefined) events.push(event);
  }
  return events;
}

/** An aggregate's state inside the cut, folded with its decider. */
export async function stateInCut<K extends AggregateCategory>(sources: ReportSources, category: K, id: string, cut: HistoryCut): Promise<StateOf<K>> {
  const { decider } = AGGREGATES[category] as unknown as {
    decider: { initialState: () => StateOf<K>; evolve: (state: StateOf<K>, event: { type: string; data: unknown }) => StateOf<K> };
  };
  const events = await streamInCut(sources, category, id, cut);
  return events.reduce((state, event) => decider.evolve(state, { type: event.type, data: event.data }), decider.initialState());
}

/** Every document of a collection matching `filter`, page by page; only `fields` of each when given (`DocsPage.fields`). */
export async function allDocs<T>(
  readModels: ReportSources['readModels'],
  collection: string,
  filter: Readonly<Record<string, string>>,
  fields?: readonly string[],
): Promise<T[]> {
  const docs: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    // A turn between two pages: an embedded store answers each at once, and a batch reads 20,000 boards.
    if (offset > 0) await nextTurn();
    const page = await readModels.findDocs<T>(collection, filter, { limit: PAGE, offset, ...(fields === undefined ? {} : { fields }) });
    docs.push(...page);
    if (page.length < PAGE) return docs;
  }
}

/** The fields of a partnership board a batch looks at. */
interface BoardForSelection {
  readonly id: string;
  readonly proposedAt: string;
  readonly phase: string;
  readonly conclusions?: readonly { readonly concludedOn: CalendarDate }[];
}
const BOARD_SELECTION_FIELDS = ['id', 'proposedAt', 'phase', 'conclusions'] as const satisfies readonly (keyof BoardForSelection)[];

/**
 * The partnerships of a batch, by id: those of the territory (its tag), alive
 * during the year (proposed by its end, not closed before it began), or both.
 * Found in the current read models; each is then folded inside the cut, and
 * one that did not exist then is left out of the batch.
 */
export async function selectPartnerships(sources: ReportSources, selection: BatchSelection): Promise<string[]> {
  const boards = await allDocs<BoardForSelection>(
    sources.readModels,
    'partnership',
    selection.territory === undefined ? {} : { territory: selection.territory },
    // A board may weigh megabytes, and a batch reads thousands: only what the selection looks at.
    BOARD_SELECTION_FIELDS,
  );
  const { year } = selection;
  return boards
    .filter((board) => {
      if (year === undefined) return true;
      const proposedYear = Number(board.proposedAt.slice(0, 4));
      const lastConclusion = board.conclusions?.[board.conclusions.length - 1]?.concludedOn;
      const closedYear = board.phase === 'closed' && lastConclusion ? Number(lastConclusion.slice(0, 4)) : Number.POSITIVE_INFINITY;
      return proposedYear <= year && closedYear >= year;
    })
    .map((board) => board.id)
    .sort();
}

/** The ids of a collection's documents about a territory (`territory` tag), read from `idField`. */
export async function idsOnTerritory(sources: ReportSources, collection: string, territory: string, idField: string): Promise<string[]> {
  const docs = await allDocs<Record<string, unknown>>(sources.readModels, collection, { territory }, [idField]);
  return docs.flatMap((doc) => (typeof doc[idField] === 'string' ? [doc[idField]] : [])).sort();
}
