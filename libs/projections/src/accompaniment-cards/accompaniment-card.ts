import { ACCOMPANIMENT_EVENT_TYPES, type AccompanimentEvent, type AccompanimentState, accompanimentDecider } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel, type Route } from '../read-model';

export interface AccompanimentSummary {
  /** Sessions held so far. */
  readonly sessionCount: number;
}

/**
 * An accompaniment of an organisation by a catalyseur, as its decider folds
 * it: purpose, sessions (topics, summary, who recorded it), the maturity as
 * the accompaniment sees it (current and history), its closing and outcome.
 */
export type AccompanimentCard = StateView<AccompanimentState, AccompanimentSummary>;

/** The collection of the cards; tags: organisation, catalyseur, status, outcome (once closed). */
export const ACCOMPANIMENT_CARDS = 'accompaniment';

const summarise = (state: Created<AccompanimentState>): AccompanimentSummary => ({ sessionCount: state.sessions.length });

const cards = deciderView({
  name: 'accompaniment-cards',
  category: 'accompaniment',
  collection: ACCOMPANIMENT_CARDS,
  decider: accompanimentDecider,
  eventTypes: ACCOMPANIMENT_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc) => ({
    organisation: doc.organisationId,
    catalyseur: doc.catalyseurId,
    status: doc.status,
    ...(doc.outcome === undefined ? {} : { outcome: doc.outcome }),
  }),
  // The organisation's room: its page is live (`organisation:{orgId}`, ADR 0024). A session's entry carries its
  // summary beside `recordedBy`, whose erasure removes it there too.
  routes: (event: AccompanimentEvent, { after }, id): Route[] => {
    if (!after || typeof after.organisationId !== 'string') return [];
    const { organisationId, catalyseurId, status } = after;
    return [{ room: roomKey('organisation', organisationId), data: { accompanimentId: id, organisationId, catalyseurId, status, ...event.data } }];
  },
});

/**
 * `accompaniment-{id}` → the accompaniment card (collection `accompaniment`,
 * tags organisation, catalyseur, status, outcome). Feeds: every event in its
 * organisation's room `organisation:{orgId}`.
 */
export const accompanimentCards = readModel(cards);
