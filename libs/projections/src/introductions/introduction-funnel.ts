import { INTRODUCTION_EVENT_TYPES, type IntroductionEvent, type IntroductionState, introductionDecider, type IntroductionStatus } from '@catalyse/domain';
import type { DerivedChange } from '../read-model';
import { stateView, type StateView } from '../aggregate-views/state-view';
import { COLLECTIONS } from '../read-models';
import { OPS_FEED, territoryFeed } from '../room-feeds/feed-entries';

/** An introduction (mise en relation) as its decider folds it. */
export type IntroductionCard = StateView<IntroductionState, Record<never, never>>;

/** The introduction funnel of the network (`network`) or of a territory (`territory:{id}`). */
export interface IntroductionFunnel {
  readonly scope: string;
  /** Introductions made. */
  readonly introduced: number;
  /** Of which the organisations met. */
  readonly met: number;
  /** Of which at least one partnership was proposed. */
  readonly ledToPartnership: number;
  /** Partnerships proposed after them (an introduction may lead to several). */
  readonly partnerships: number;
  /** Closed without follow-up. */
  readonly noFollowUp: number;
}

const FUNNEL_NETWORK = 'network';
export const funnelId = (territoryId?: string): string => (territoryId ? `territory:${territoryId}` : FUNNEL_NETWORK);

const stage = (doc: IntroductionCard | undefined): { status?: IntroductionStatus; met: boolean; partnerships: number } =>
  doc ? { status: doc.status, met: doc.metOn !== undefined, partnerships: doc.partnershipIds.length } : { met: false, partnerships: 0 };

const hasTerritory = (doc: IntroductionCard): boolean => typeof doc.territoryId === 'string' && doc.territoryId !== '';

/** The funnel moves by the difference between an introduction before and after an event. */
function funnelChanges(before: IntroductionCard | undefined, after: IntroductionCard | undefined): DerivedChange[] {
  if (!after) return [];
  const was = stage(before);
  const is = stage(after);
  const delta = {
    introduced: before ? 0 : 1,
    met: Number(is.met) - Number(was.met),
    ledToPartnership: Number(is.partnerships > 0) - Number(was.partnerships > 0),
    partnerships: is.partnerships - was.partnerships,
    noFollowUp: Number(is.status === 'no_follow_up') - Number(was.status === 'no_follow_up'),
  };
  if (Object.values(delta).every((d) => d === 0)) return [];
  // The network's funnel, and the territory's when the introduction names one (a malformed event may not: never count it twice).
  const scopes = hasTerritory(after) ? [funnelId(), funnelId(after.territoryId)] : [funnelId()];
  return scopes.map((scope) => ({
    collection: COLLECTIONS.funnels,
    id: scope,
    update: (doc) => {
      const current = (doc as IntroductionFunnel | undefined) ?? { scope, introduced: 0, met: 0, ledToPartnership: 0, partnerships: 0, noFollowUp: 0 };
      return {
        ...current,
        introduced: current.introduced + delta.introduced,
        met: current.met + delta.met,
        ledToPartnership: current.ledToPartnership + delta.ledToPartnership,
        partnerships: current.partnerships + delta.partnerships,
        noFollowUp: current.noFollowUp + delta.noFollowUp,
      };
    },
    tags: () => ({}),
  }));
}

/**
 * `introduction-{id}` → the introduction card (collection `introduction`, tags
 * status, territory, catalyseur, org, gathering) and the funnels of the
 * network and of its territory (collection `funnel`, derived). Feeds: a
 * summary in the territory's feed and in `ops`.
 */
export const introductionCards = stateView<IntroductionEvent, IntroductionState, Record<never, never>>({
  category: 'introduction',
  collection: COLLECTIONS.introductions,
  decider: introductionDecider as never,
  eventTypes: INTRODUCTION_EVENT_TYPES,
  summarise: () => ({}),
  tags: (doc) => ({
    status: doc.status,
    territory: doc.territoryId,
    catalyseur: doc.catalyseurId,
    org: doc.organisations.map((o) => o.orgId),
    ...(doc.gatheringId ? { gathering: doc.gatheringId } : {}),
  }),
  routes: (event, { after }, id) => {
    if (!after) return [];
    const summary = { introductionId: id, ...event.data, status: after.status };
    return [...(hasTerritory(after) ? [{ room: territoryFeed(after.territoryId), data: summary }] : []), { room: OPS_FEED, data: summary }];
  },
  derived: (_event, { before, after }) => funnelChanges(before, after),
});
