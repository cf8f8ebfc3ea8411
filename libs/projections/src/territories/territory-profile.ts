import { FRAGILITY_DOMAINS, TERRITORY_EVENT_TYPES, type TerritoryEvent, type TerritoryState, territoryDecider } from '@catalyse/domain';
import { stateView, type StateView } from '../aggregate-views/state-view';
import { COLLECTIONS } from '../read-models';
import { territoryFeed } from '../room-feeds/feed-entries';

export interface TerritorySummary {
  /** Every domain it can be rated on: the standard ones, then its own. */
  readonly domains: readonly { readonly domain: string; readonly label: string; readonly custom: boolean }[];
  /** The current diagnostic by domain: the priority each sphere gives it. */
  readonly priorities: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Domains rated `haute` by at least one kind of actor. */
  readonly highPriorities: readonly string[];
}

/** A territory: its profile, diagnostic of fragilités and actors (the territory view adds its partnerships, experimentations, gatherings). */
export type TerritoryProfile = StateView<TerritoryState, TerritorySummary>;

const LABELS: Readonly<Record<string, string>> = {
  emploi: 'Emploi',
  education_formation: 'Éducation et formation',
  logement: 'Logement',
  environnement: 'Environnement',
  sante: 'Santé',
  vieillissement: 'Vieillissement',
  numerique: 'Numérique',
  mobilite: 'Mobilité',
};

/**
 * `territory-{id}` → the territory profile (collection `territory`, tags
 * typology, level, region, actor). Feeds: its events in `territory:{id}`.
 */
export const territoryProfiles = stateView<TerritoryEvent, TerritoryState, TerritorySummary>({
  category: 'territory',
  collection: COLLECTIONS.territories,
  decider: territoryDecider as never,
  eventTypes: TERRITORY_EVENT_TYPES,
  summarise: (state) => {
    const priorities: Record<string, Record<string, string>> = {};
    for (const rating of state.diagnostic?.ratings ?? []) (priorities[rating.domain] ??= {})[rating.sphere] = rating.priority;
    return {
      domains: [
        ...FRAGILITY_DOMAINS.map((domain) => ({ domain, label: LABELS[domain] ?? domain, custom: false })),
        ...Object.entries(state.customDomains).map(([domain, label]) => ({ domain, label, custom: true })),
      ],
      priorities,
      highPriorities: Object.keys(priorities).filter((domain) => Object.values(priorities[domain] ?? {}).includes('haute')).sort(),
    };
  },
  tags: (doc) => ({
    typology: doc.typology,
    level: doc.level,
    ...(doc.region ? { region: doc.region } : {}),
    actor: doc.actors.map((a) => a.orgId),
  }),
  routes: (event, { after }, id) => (after ? [{ room: territoryFeed(id), data: { territoryId: id, territoryName: after.name, ...event.data } }] : []),
});
