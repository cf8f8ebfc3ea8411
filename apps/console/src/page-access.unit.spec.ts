/// <reference types="jest" />
import { matchesPage, reservedPageText } from './page-access';
import type { PageRoles } from './page-access';

/** The console's pages as `pages.ts` gives them (their paths and roles). */
const PAGES: readonly PageRoles[] = [
  { path: '/reseau', roles: ['catalyseur', 'operator'] },
  { path: '/partenariats' },
  { path: '/partenariats/:id' },
  { path: '/territoires/:id', roles: ['catalyseur', 'operator'] },
  { path: '/mon-organisation', roles: ['partner'] },
  { path: '/portefeuille', roles: ['catalyseur'] },
  { path: '/operations', roles: ['operator'] },
];

describe('a page the signed-in role does not see', () => {
  it('says who it is for, in French, rather than « Page introuvable »', () => {
    expect(reservedPageText('/reseau', 'partner', PAGES)).toBe('Cette page est réservée aux catalyseurs et aux opérateurs.');
    expect(reservedPageText('/territoires/alsace', 'partner', PAGES)).toBe('Cette page est réservée aux catalyseurs et aux opérateurs.');
    expect(reservedPageText('/operations', 'catalyseur', PAGES)).toBe('Cette page est réservée aux opérateurs.');
    expect(reservedPageText('/mon-organisation', 'operator', PAGES)).toBe('Cette page est réservée aux partenaires.');
    expect(reservedPageText('/portefeuille', 'partner', PAGES)).toBe('Cette page est réservée aux catalyseurs.');
  });

  it('says nothing of a page the role sees, nor of an address that is no page', () => {
    expect(reservedPageText('/reseau', 'catalyseur', PAGES)).toBeUndefined();
    expect(reservedPageText('/partenariats/flda', 'partner', PAGES)).toBeUndefined();
    expect(reservedPageText('/nulle-part', 'partner', PAGES)).toBeUndefined();
    expect(reservedPageText('/reseau/plus', 'partner', PAGES)).toBeUndefined();
  });

  it('matches a page’s `:param` segments', () => {
    expect(matchesPage('/territoires/:id', '/territoires/alsace')).toBe(true);
    expect(matchesPage('/territoires/:id', '/territoires')).toBe(false);
    expect(matchesPage('/reseau', '/reseau/')).toBe(true);
  });
});
