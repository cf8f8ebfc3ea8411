import { ORGANISATION_EVENT_TYPES, type OrganisationState, organisationDecider, type RegistryKind, registryKindOf } from '@catalyse/domain';
import { roomKey } from '@catalyse/protocol';
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
  // Its page is live: every event in its room `organisation:{id}`, beside its accompaniments' (ADR 0024).
  routes: (event, { after }, id) => (after ? [{ room: roomKey('organisation', id), data: { organisationId: id, ...event.data } }] : []),
});

/**
 * `organisation-{id}` → the organisation's page (collection `organisation`,
 * tags territory, kind, size, maturity, objective). Feeds: every event in
 * `organisation:{id}`, where its accompaniments' events appear too.
 */
export const organisationPages = readModel(pages);
