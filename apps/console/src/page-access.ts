/**
 * Whether a path is a page of the console that the signed-in role may not see (`PAGES`' `roles`): a partner who
 * opens `/reseau` reads who the page is for, not « Page introuvable ». Pure, for the shell and its unit test.
 */
import type { Role } from './session';

/** What this needs of a page: its path (`:param` for a segment, as preact-iso reads it) and who sees it. */
export interface PageRoles {
  readonly path: string;
  readonly roles?: readonly Role[];
}

/** « aux catalyseurs », « aux opérateurs », « aux partenaires ». */
const TO_ROLES: Record<Role, string> = { catalyseur: 'aux catalyseurs', operator: 'aux opérateurs', partner: 'aux partenaires' };

/** Whether `path` is one of the page's addresses (`/territoires/:id` matches `/territoires/alsace`). */
export function matchesPage(pattern: string, path: string): boolean {
  const want = pattern.split('/').filter((s) => s !== '');
  const got = path.split('/').filter((s) => s !== '');
  return want.length === got.length && want.every((segment, i) => segment.startsWith(':') || segment === got[i]);
}

/**
 * « Cette page est réservée aux catalyseurs et aux opérateurs. » when `path` is a page `role` may not see (and no page
 * it may see has that address); `undefined` otherwise (a page it sees, or no page at all).
 */
export function reservedPageText(path: string, role: Role, pages: readonly PageRoles[]): string | undefined {
  const matching = pages.filter((p) => matchesPage(p.path, path));
  if (matching.length === 0 || matching.some((p) => !p.roles || p.roles.includes(role))) return undefined;
  const roles = [...new Set(matching.flatMap((p) => p.roles ?? []))];
  const to = roles.map((r) => TO_ROLES[r]);
  const words = to.length <= 1 ? (to[0] ?? '') : `${to.slice(0, -1).join(', ')} et ${to[to.length - 1] ?? ''}`;
  return `Cette page est réservée ${words}.`;
}
