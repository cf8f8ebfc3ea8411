/**
 * Names of what documents name by id (catalyseurs, organisations, partnerships, experimentations, territories,
 * rooms), read from their own pages, a few at a time. Unknown (not found, refused, not read yet): not in the map,
 * and the page shows the id.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api';

/** Most names read for one list (one request each); beyond, the id is shown. */
const NAMES_MAX = 60;

/** What a page names a thing by: its `name` (catalyseurs, organisations). */
const byName = (value: Record<string, unknown>): unknown => value['name'];
/** Its `title` (partnerships, experimentations, rooms). */
const byTitle = (value: Record<string, unknown>): unknown => value['title'];
/** A territory's view: `{ territory: { name } }`. */
const byTerritoryName = (value: Record<string, unknown>): unknown =>
  typeof value['territory'] === 'object' && value['territory'] !== null ? (value['territory'] as Record<string, unknown>)['name'] : undefined;

function useNames(base: string, ids: readonly string[], pick: (value: Record<string, unknown>) => unknown = byName): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].slice(0, NAMES_MAX).join('|');
  useEffect(() => {
    let live = true;
    void Promise.all(
      (key ? key.split('|') : []).map(async (id) => {
        const r = await apiGet<Record<string, unknown>>(`${base}/${encodeURIComponent(id)}`).catch(() => null);
        const name = r?.ok && typeof r.value === 'object' && r.value !== null ? pick(r.value) : undefined;
        return typeof name === 'string' && name !== '' ? ([id, name] as const) : null;
      }),
    ).then((found) => live && setNames(new Map(found.filter((f) => f !== null))));
    return () => {
      live = false;
    };
  }, [base, key, pick]);
  return names;
}

/** Catalyseurs' names (their cards: everyone signed in reads them). */
export const useCatalyseurNames = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/catalyseurs', ids);

/** Organisations' names (their pages: catalyseurs and operators read them all, a partner its own). */
export const useOrganisationNames = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/organisations', ids);

/** Partnerships' titles. */
export const usePartnershipTitles = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/partnerships', ids, byTitle);

/** Experimentations' titles. */
export const useExperimentationTitles = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/experimentations', ids, byTitle);

/** Territories' names. */
export const useTerritoryNames = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/territories', ids, byTerritoryName);

/** Rooms' titles (`room:{id}` keys: the id alone). */
export const useRoomTitles = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/rooms', ids, byTitle);
