import type { AccompanimentEvent, AccompanimentOutcome, CalendarDate } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { roomKey } from '@catalyse/protocol';
import { readModel, routeEntries, type Tags } from '../read-model';
import { isRecord, type Versioned, versionOf } from '../streams';

/**
 * An organisation's accompaniment as the portfolios see it: which catalyseur
 * accompanies which organisation, since when, until when. One document per
 * accompaniment (`accompaniment-{id}`), found by catalyseur and organisation.
 */
export interface PortfolioAccompaniment extends Versioned {
  readonly accompanimentId: string;
  readonly organisationId: string;
  readonly catalyseurId: string;
  readonly openedOn: CalendarDate;
  readonly closedOn?: CalendarDate;
  readonly outcome?: AccompanimentOutcome;
}

/** The collection of the accompaniments of the portfolios; tags: catalyseur, organisation, status (`open`, `closed`). */
export const PORTFOLIO_ACCOMPANIMENTS = 'portfolio-accompaniment';

const KNOWN: ReadonlySet<string> = new Set<AccompanimentEvent['type']>(['AccompanimentOpened', 'AccompanimentClosed']);

/** Folds an accompaniment's opening and closing (its other events do not change a portfolio). Pure and total. */
export function evolvePortfolioAccompaniment(doc: PortfolioAccompaniment | undefined, event: RecordedEvent): PortfolioAccompaniment | undefined {
  if (!KNOWN.has(event.type) || !isRecord(event.data)) return doc;
  const e = { type: event.type, data: event.data } as AccompanimentEvent;
  if (e.type === 'AccompanimentOpened') {
    if (doc) return doc;
    const { accompanimentId, organisationId, catalyseurId, openedOn } = e.data;
    return { accompanimentId, organisationId, catalyseurId, openedOn, ...versionOf(event) };
  }
  if (e.type !== 'AccompanimentClosed' || !doc || doc.closedOn !== undefined) return doc;
  const { closedOn, outcome } = e.data;
  return { ...doc, closedOn, ...(outcome === undefined ? {} : { outcome }), ...versionOf(event) };
}

/**
 * `accompaniment-{id}` → the accompaniments of the portfolios (collection
 * `portfolio-accompaniment`). Feeds: its opening and closing in
 * `portfolio:{catalyseurId}`.
 */
export const portfolioAccompaniments = readModel<PortfolioAccompaniment>({
  name: 'catalyseur-portfolio-accompaniments',
  category: 'accompaniment',
  collection: PORTFOLIO_ACCOMPANIMENTS,
  evolve: evolvePortfolioAccompaniment,
  tags: (doc): Tags => ({ catalyseur: doc.catalyseurId, organisation: doc.organisationId, status: doc.closedOn === undefined ? 'open' : 'closed' }),
  feeds: (event, { before, after }) => {
    if (!after || after === before) return [];
    const { accompanimentId, organisationId, catalyseurId, openedOn, closedOn, outcome } = after;
    return routeEntries(event, [
      {
        room: roomKey('portfolio', catalyseurId),
        data: {
          accompanimentId,
          organisationId,
          catalyseurId,
          openedOn,
          ...(closedOn === undefined ? {} : { closedOn }),
          ...(outcome === undefined ? {} : { outcome }),
        },
      },
    ]);
  },
});
