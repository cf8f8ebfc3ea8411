import type { IntroductionState, IntroductionStatus } from '@catalyse/domain';
import type { Created } from '../decider-view';
import type { DerivedChange } from '../read-model';

/** An introduction as the funnel sees it (an `IntroductionCard` without its version). */
type Introduction = Created<IntroductionState>;

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

/** The collection of the funnels (derived documents of the introduction cards), ids `network` and `territory:{id}`. */
export const INTRODUCTION_FUNNELS = 'funnel';

const FUNNEL_NETWORK = 'network';
export const funnelId = (territoryId?: string): string => (territoryId ? `territory:${territoryId}` : FUNNEL_NETWORK);

const stage = (doc: Introduction | undefined): { status?: IntroductionStatus; met: boolean; partnerships: number } =>
  doc ? { status: doc.status, met: doc.metOn !== undefined, partnerships: doc.partnershipIds.length } : { met: false, partnerships: 0 };

export const hasTerritory = (doc: Introduction): boolean => typeof doc.territoryId === 'string' && doc.territoryId !== '';

/** The funnel moves by the difference between an introduction before and after an event. */
export function funnelChanges(before: Introduction | undefined, after: Introduction | undefined): DerivedChange[] {
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
    collection: INTRODUCTION_FUNNELS,
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
