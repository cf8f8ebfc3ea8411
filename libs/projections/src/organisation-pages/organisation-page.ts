import { ORGANISATION_EVENT_TYPES, type OrganisationState, organisationDecider, type RegistryKind, registryKindOf } from '@catalyse/domain';
import { type Created, deciderView, type StateView, stateWithSummaries } from '../decider-view';
import { readModel } from '../read-model';

export interface OrganisationSummary {
  /** The register its number belongs to (`siren` or `rna`), when it has one. */
  readonly registry?: RegistryKind;
}

/**
 * An organisation's page: its profile (name, kind, size band, territory,
 * registry number), its current alliance strategy, when it was registered
 * (`registeredAt`) and last changed (`updatedAt`).
 */
export type OrganisationPage = StateView<OrganisationState, OrganisationSummary>;

/** The collection of the pages; tags: territory, kind, size, maturity (once a strategy is recorded), objective (many). */
export const ORGANISATION_PAGES = 'organisation';

function summarise(state: Created<OrganisationState>): OrganisationSummary {
  const registry = registryKindOf(state.registryNumber);
  return registry === undefined ? {} : { registry };
}

const pages = deciderView({
  name: 'organisation-pages',
  category: 'organisation',
  collection: ORGANISATION_PAGES,
  decider: organisationDecider,
  eventTypes: ORGANISATION_EVENT_TYPES,
  ...stateWithSummaries(summarise),
  tags: (doc) => ({
    territory: doc.territoryId,
    kind: doc.kind,
    size: doc.size,
    ...(doc.strategy ? { maturity: doc.strategy.maturity } : {}),
    objective: [...(doc.strategy?.objectiveFamilies ?? [])],
  }),
  // No feed yet: an organisation's life appears in no room until organisations are linked to partnerships (ADR 0023).
  routes: () => [],
});

/**
 * `organisation-{id}` → the organisation's page (collection `organisation`,
 * tags territory, kind, size, maturity, objective). Feeds: none yet.
 */
export const organisationPages = readModel(pages);
