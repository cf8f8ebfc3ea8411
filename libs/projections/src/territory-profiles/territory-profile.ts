import { FRAGILITY_DOMAINS, TERRITORY_EVENT_TYPES, type TerritoryEvent, type TerritoryState, territoryDecider } from '@catalyse/domain';
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

/** The collection of the profiles; tags: typology, level, region, actor (many). */
export const TERRITORY_PROFILES = 'territory';

/** Its domains (standard, then its own), the current diagnostic by domain and sphere, and the high priorities. */
function summarise(state: Created<TerritoryState>): TerritorySummary {
  const priorities: Record<string, Record<string, string>> = {};
  for (const rating of state.diagnostic?.ratings ?? []) (priorities[rating.domain] ??= {})[rating.sphere] = rating.priority;
  return {
    domains: [
      ...FRAGILITY_DOMAINS.map((domain) => ({ domain, label: LABELS[domain] ?? domain, custom: false })),
      ...Object.entries(state.customDomains).map(([domain, label]) => ({ domain, label, custom: true })),
    ],
    priorities,
    highPriorities: Object.keys(priorities)
      .filter((domain) => Object.values(priorities[domain] ?? {}).includes('haute'))
      .sort(),
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
