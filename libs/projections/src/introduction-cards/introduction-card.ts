import { INTRODUCTION_EVENT_TYPES, type IntroductionEvent, type IntroductionState, introductionDecider } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel, type Route } from '../read-model';
import { funnelChanges, hasTerritory, INTRODUCTION_FUNNELS } from './introduction-funnel';

/** An introduction (mise en relation) as its decider folds it. */
export type IntroductionCard = StateView<IntroductionState, Record<never, never>>;

/** The collection of the cards; tags: status, territory, catalyseur, org (many), gathering, accompaniment (the one it comes from). */
export const INTRODUCTION_CARDS = 'introduction';

const cards = deciderView({
  name: 'introduction-cards',
  category: 'introduction',
  collection: INTRODUCTION_CARDS,
  decider: introductionDecider,
  eventTypes: INTRODUCTION_EVENT_TYPES,
  ...stateWithSummaries<IntroductionState, Record<never, never>>(() => ({})),
  tags: (doc) => ({
    status: doc.status,
    territory: doc.territoryId,
    catalyseur: doc.catalyseurId,
    org: doc.organisations.map((o) => o.orgId),
    ...(doc.gatheringId ? { gathering: doc.gatheringId } : {}),
    ...(doc.accompanimentId ? { accompaniment: doc.accompanimentId } : {}),
  }),
  routes: (event: IntroductionEvent, { after }, id): Route[] => {
    if (!after) return [];
    const summary = { introductionId: id, ...event.data, status: after.status };
    return [
      ...(hasTerritory(after) ? [{ room: roomKey('territory', after.territoryId), data: summary }] : []),
      { room: roomKey('ops'), data: summary },
      // The organisations' pages list their introductions: each step is news in both rooms.
      ...[...new Set(after.organisations.map((o) => o.orgId))].map((orgId) => ({ room: roomKey('organisation', orgId), data: summary })),
    ];
  },
  derived: (_event, { before, after }) => funnelChanges(before, after),
  derivedCollections: [INTRODUCTION_FUNNELS],
});

/**
 * `introduction-{id}` → the introduction card (collection `introduction`, tags
 * status, territory, catalyseur, org, gathering) and the funnels of the
 * network and of its territory (collection `funnel`, derived). Feeds: a
 * summary in the territory's feed and in `ops`.
 */
export const introductionCards = readModel(cards);
