/** The organisations' list as the page shows it: filtered by name, in French order, a page at a time. Pure, for the page and its unit test. */
import { nameMatches, sortedBy } from '../../ui/collate';

/** One page of the list: its items, how many the filters keep, and where it starts. */
export interface ListView<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly offset: number;
}

/**
 * The organisations whose name holds `name` (accents, case and spaces aside), sorted by name the French way
 * (« n° 2 » before « n° 100 », « Élan » among the E), the page from `offset` of `limit` items (an offset past the
 * end, after the filter narrowed the list, goes back to the first page).
 */
export function organisationsPage<T extends { readonly name: string }>(all: readonly T[], name: string, offset: number, limit: number): ListView<T> {
  const kept = sortedBy(
    all.filter((o) => nameMatches(o.name, name)),
    (o) => o.name,
  );
  const from = offset < kept.length ? offset : 0;
  return { items: kept.slice(from, from + limit), total: kept.length, offset: from };
}

/** « 475 organisations · 1 à 25 », « 1 organisation », « Aucune organisation ne porte ce nom. ». */
export function organisationsStatus(view: ListView<unknown>, name: string): string {
  if (view.total === 0) return name.trim() ? 'Aucune organisation ne porte ce nom avec ces filtres.' : '0 organisation';
  const count = `${view.total.toLocaleString('fr-FR')} organisation${view.total > 1 ? 's' : ''}`;
  return `${count} · ${view.offset + 1} à ${view.offset + view.items.length}`;
}
