import type { CalendarDate, PartnershipEvent, PartnershipPhase } from '@catalyse/domain';
import type { RecordedEvent } from '@catalyse/event-store';
import { roomKey } from '@catalyse/protocol';
import { readModel, type Route, routeEntries, type Tags } from '../read-model';
import { isRecord, parseStream, type Versioned, versionOf } from '../streams';

/** One stretch of a catalyseur's accompaniment of a partnership: from its assignment to its release (absent: still). */
export interface AccompanimentSpan {
  readonly catalyseurId: string;
  readonly assignedOn: CalendarDate;
  readonly releasedOn?: CalendarDate;
  readonly reason?: string;
}

/**
 * A partnership as the portfolios see it: what it is (title, territory,
 * partners' names, phase) and who accompanied it when. One document per
 * partnership, found by catalyseur (every one who ever accompanied it) and by
 * `current` (those who accompany it now).
 */
export interface PortfolioPartnership extends Versioned {
  readonly partnershipId: string;
  readonly title: string;
  readonly territory: { readonly id: string; readonly name: string };
  readonly partners: readonly { readonly orgId: string; readonly name: string }[];
  readonly phase: PartnershipPhase;
  /** Every stretch of accompaniment, in the order they started. */
  readonly spans: readonly AccompanimentSpan[];
}

/** The collection of the partnerships of the portfolios; tags: catalyseur (many: ever), current (many: now). */
export const PORTFOLIO_PARTNERSHIPS = 'portfolio-partnership';

const PHASE_OF: Partial<Readonly<Record<PartnershipEvent['type'], PartnershipPhase>>> = {
  PilotageStarted: 'pilotage',
  EvaluationOpened: 'evaluation',
  PartnershipRenewed: 'cadrage',
  PartnershipClosed: 'closed',
};

const KNOWN: ReadonlySet<string> = new Set<PartnershipEvent['type']>([
  'PartnershipProposed',
  'CatalyseurAssigned',
  'CatalyseurReleased',
  'PilotageStarted',
  'EvaluationOpened',
  'PartnershipRenewed',
  'PartnershipClosed',
]);

/** The catalyseurs who accompany it now. */
export const currentCatalyseurs = (doc: PortfolioPartnership): readonly string[] =>
  doc.spans.filter((s) => s.releasedOn === undefined).map((s) => s.catalyseurId);

/**
 * Folds a partnership's event into its portfolio document. Pure and total: an
 * event that does not fit (an assignment of someone already there, a release
 * of someone who is not, anything before the proposal) leaves it as it was.
 */
export function evolvePortfolioPartnership(doc: PortfolioPartnership | undefined, event: RecordedEvent): PortfolioPartnership | undefined {
  if (!KNOWN.has(event.type) || !isRecord(event.data)) return doc;
  try {
    return evolveKnown(doc, event);
  } catch {
    // Data without the shape its type promises (written by hand): left as it was, as the decider's evolve does.
    return doc;
  }
}

function evolveKnown(doc: PortfolioPartnership | undefined, event: RecordedEvent): PortfolioPartnership | undefined {
  const e = { type: event.type, data: event.data } as PartnershipEvent;
  const version = versionOf(event);
  if (e.type === 'PartnershipProposed') {
    if (doc) return doc;
    const { partnershipId, title, territory, partners } = e.data;
    return {
      partnershipId,
      title,
      territory: { id: territory.id, name: territory.name },
      partners: (partners ?? []).map((p) => ({ orgId: p.orgId, name: p.name })),
      phase: 'cadrage',
      spans: [],
      ...version,
    };
  }
  if (!doc) return undefined;
  switch (e.type) {
    case 'CatalyseurAssigned': {
      const { catalyseurId, assignedOn } = e.data;
      if (currentCatalyseurs(doc).includes(catalyseurId)) return doc;
      return { ...doc, spans: [...doc.spans, { catalyseurId, assignedOn }], ...version };
    }
    case 'CatalyseurReleased': {
      const { catalyseurId, releasedOn, reason } = e.data;
      if (!currentCatalyseurs(doc).includes(catalyseurId)) return doc;
      const spans = doc.spans.map((s) =>
        s.catalyseurId === catalyseurId && s.releasedOn === undefined ? { ...s, releasedOn, ...(reason === undefined ? {} : { reason }) } : s,
      );
      return { ...doc, spans, ...version };
    }
    default: {
      const phase = PHASE_OF[e.type];
      return phase === undefined ? doc : { ...doc, phase, ...version };
    }
  }
}

/** The tags a document is found by (see `PORTFOLIO_PARTNERSHIPS`). */
export function portfolioPartnershipTags(doc: PortfolioPartnership): Tags {
  return { catalyseur: [...new Set(doc.spans.map((s) => s.catalyseurId))], current: currentCatalyseurs(doc) };
}

/**
 * Where an event appears in the portfolios (`portfolio:{catalyseurId}`): an
 * assignment or a release in the portfolio of that catalyseur; a change of
 * phase in the portfolio of each catalyseur who accompanies it.
 */
export function portfolioPartnershipRoutes(event: RecordedEvent, before: PortfolioPartnership | undefined, after: PortfolioPartnership | undefined): Route[] {
  if (!after || after === before) return [];
  const head = { partnershipId: after.partnershipId, title: after.title, phase: after.phase };
  const e = { type: event.type, data: event.data } as PartnershipEvent;
  switch (e.type) {
    case 'CatalyseurAssigned':
    case 'CatalyseurReleased':
      return [{ room: roomKey('portfolio', e.data.catalyseurId), data: { ...head, ...e.data } }];
    case 'PartnershipProposed':
      return [];
    default:
      return currentCatalyseurs(after).map((catalyseurId) => ({ room: roomKey('portfolio', catalyseurId), data: head }));
  }
}

/**
 * `partnership-{id}` → the partnerships of the portfolios (collection
 * `portfolio-partnership`). Feeds: `portfolio:{catalyseurId}` (see
 * `portfolioPartnershipRoutes`).
 */
export const portfolioPartnerships = readModel<PortfolioPartnership>({
  name: 'catalyseur-portfolio-partnerships',
  category: 'partnership',
  collection: PORTFOLIO_PARTNERSHIPS,
  evolve: evolvePortfolioPartnership,
  tags: portfolioPartnershipTags,
  feeds: (event, { before, after }) => (parseStream(event.stream) ? routeEntries(event, portfolioPartnershipRoutes(event, before, after)) : []),
});
