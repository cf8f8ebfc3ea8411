/**
 * The console's pages. To add one: a folder `pages/<name>/` whose `index.tsx`
 * exports a component, and one line here (its path, as preact-iso reads it:
 * `:param` for a segment, its title in the navigation when it has one, the
 * roles that see it). Routes without `nav` are reached from another page.
 */
import type { ComponentType } from 'preact';
import type { Role } from './session';
import { NetworkPage } from './pages/network';
import { PartnershipsPage } from './pages/partnerships';
import { PartnershipPage } from './pages/partnerships/board';
import { ExperimentationsPage, ExperimentationPage } from './pages/experimentations';
import { GatheringsPage, GatheringPage } from './pages/gatherings';
import { TerritoriesPage, TerritoryPage } from './pages/territories';
import { MyOrganisationPage, OrganisationPage, OrganisationsPage } from './pages/organisations';
import { PortfolioPage } from './pages/portfolio';
import { OperationsPage } from './pages/operations';
import { RoomPage } from './pages/room';

export interface PageDef {
  readonly path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each page takes its own route params
  readonly component: ComponentType<any>;
  /** Its entry in the navigation. */
  readonly nav?: string;
  /** Who sees it (everyone signed in when absent). */
  readonly roles?: readonly Role[];
}

const NETWORK: readonly Role[] = ['catalyseur', 'operator'];

export const PAGES: readonly PageDef[] = [
  { path: '/reseau', component: NetworkPage, nav: 'Réseau', roles: NETWORK },
  { path: '/partenariats', component: PartnershipsPage, nav: 'Partenariats' },
  { path: '/partenariats/:id', component: PartnershipPage },
  { path: '/experimentations', component: ExperimentationsPage, nav: 'Expérimentations', roles: NETWORK },
  { path: '/experimentations/:id', component: ExperimentationPage, roles: NETWORK },
  { path: '/rencontres', component: GatheringsPage, nav: 'Rencontres', roles: NETWORK },
  { path: '/rencontres/:id', component: GatheringPage, roles: NETWORK },
  { path: '/territoires', component: TerritoriesPage, nav: 'Territoires', roles: NETWORK },
  { path: '/territoires/:id', component: TerritoryPage, roles: NETWORK },
  { path: '/organisations', component: OrganisationsPage, nav: 'Organisations', roles: NETWORK },
  // A partner reads its own organisation only (the api refuses the others: 403).
  { path: '/organisations/:id', component: OrganisationPage },
  { path: '/mon-organisation', component: MyOrganisationPage, nav: 'Mon organisation', roles: ['partner'] },
  { path: '/portefeuille', component: PortfolioPage, nav: 'Mon portefeuille', roles: ['catalyseur'] },
  { path: '/salons', component: RoomPage, nav: 'Salons' },
  { path: '/salons/:salon', component: RoomPage },
  { path: '/operations', component: OperationsPage, nav: 'Opérations', roles: ['operator'] },
];

/** Where a role lands after signing in. */
export function homeOf(role: Role): string {
  return role === 'partner' ? '/partenariats' : '/reseau';
}
