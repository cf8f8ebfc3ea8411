import {
  FRAGILITY_DOMAIN_LABELS,
  FRAGILITY_DOMAINS,
  TERRITORY_EVENT_TYPES,
  type TerritoryEvent,
  type TerritoryState,
  territoryDecider,
} from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
import { type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel } from '../read-model';

export interface TerritorySummary {
  /** Every domain it can be rated on: the standard ones, then its own. */
  readonly domains: readonly { readonly domain: string; readonly label: string; readonly custom: boolean }[];
  /** The current diagnostic by domain: the priority each sphere gives it. */
  readonly priorities: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Domains rated `haute` by at least one kind of actor. */
  readonly highPriorities: readonly string[];
  /** The current indicators against the national average: the gap (value − average) and its direction. */
  readonly indicatorsAgainstNational: readonly IndicatorAgainstNational[];
  /**
   * The triptych besoins, acteurs, actions by domain: for each domain rated `haute` or answered by an action, the
   * actions that answer it and the actors that carry them.
   */
  readonly needs: readonly TerritoryNeed[];
}

export interface IndicatorAgainstNational {
  readonly domain: string;
  readonly name: string;
  readonly value: number;
  readonly nationalAverage: number;
  readonly unit?: string;
  /** Value − national average, rounded to 0.01. */
  readonly gap: number;
  readonly comparedToNational: 'above' | 'below' | 'equal';
}

export interface TerritoryNeed {
  readonly domain: string;
  readonly label: string;
  readonly highPriority: boolean;
  readonly actionIds: readonly string[];
  readonly actorIds: readonly string[];
}

/** A territory: its profile, diagnostic of fragilités and actors (the territory view adds its partnerships, experimentations, gatherings). */
export type TerritoryProfile = StateView<TerritoryState, TerritorySummary>;

const LABELS: Readonly<Record<string, string>> = FRAGILITY_DOMAIN_LABELS;

/** The collection of the profiles; tags: typology, level, region, actor (many). */
export const TERRITORY_PROFILES = 'territory';

/** An own entry of a record: never a member every object has (`constructor`…), whatever the key. */
function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Its domains (standard, then its own), the current diagnostic by domain and sphere, and the high priorities. */
function summarise(state: Created<TerritoryState>): TerritorySummary {
  // Read and written as own entries only: a domain is a key of these objects (see `own`).
  const priorities: Record<string, Record<string, string>> = {};
  for (const rating of state.diagnostic?.ratings ?? []) {
    const bySphere = own(priorities, rating.domain) ?? (priorities[rating.domain] = {});
    bySphere[rating.sphere] = rating.priority;
  }
  const highPriorities = Object.keys(priorities)
    .filter((domain) => Object.values(priorities[domain] ?? {}).includes('haute'))
    .sort();
  const actions = state.actions ?? [];
  const labelOf = (domain: string): string => own(LABELS, domain) ?? own(state.customDomains, domain) ?? domain;
  const needed = [...new Set([...highPriorities, ...actions.flatMap((action) => action.domains)])];
  return {
    indicatorsAgainstNational: (state.indicators?.indicators ?? []).map((indicator) => {
      const gap = Math.round((indicator.value - indicator.nationalAverage) * 100) / 100;
      return { ...indicator, gap, comparedToNational: gap > 0 ? 'above' : gap < 0 ? 'below' : 'equal' };
    }),
    needs: needed.map((domain) => {
      const answering = actions.filter((action) => action.domains.includes(domain));
      return {
        domain,
        label: labelOf(domain),
        highPriority: highPriorities.includes(domain),
        actionIds: answering.map((action) => action.actionId),
        actorIds: [...new Set(answering.flatMap((action) => action.actorIds))],
      };
    }),
    domains: [
      ...FRAGILITY_DOMAINS.map((domain) => ({ domain, label: LABELS[domain] ?? domain, custom: false })),
      ...Object.entries(state.customDomains).map(([domain, label]) => ({ domain, label, custom: true })),
    ],
    priorities,
    highPriorities,
  };
}

const profiles = deciderView({
  name: 'territory-profiles',
  category: 'territory',
  collection: TERRITORY_PROFILES,
  decider: territoryDecider,
  eventTypes: TERRITORY_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc) => ({
    typology: doc.typology,
    level: doc.level,
    ...(doc.region ? { region: doc.region } : {}),
    actor: doc.actors.map((a) => a.orgId),
  }),
  routes: (event: TerritoryEvent, { after }, id) =>
    after ? [{ room: roomKey('territory', id), data: { territoryId: id, territoryName: after.name, ...event.data } }] : [],
});

/**
 * `territory-{id}` → the territory profile (collection `territory`, tags
 * typology, level, region, actor). Feeds: its events in `territory:{id}`.
 */
export const territoryProfiles = readModel(profiles);
