/** Names of what documents name by id (catalyseurs, organisations), read from their own pages, a few at a time. */
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api';

/** Most names read for one list (one request each); beyond, the id is shown. */
const NAMES_MAX = 60;

function useNames(base: string, ids: readonly string[]): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].slice(0, NAMES_MAX).join('|');
  useEffect(() => {
    let live = true;
    void Promise.all(
      (key ? key.split('|') : []).map(async (id) => {
        const r = await apiGet<{ name?: unknown }>(`${base}/${encodeURIComponent(id)}`);
        return r.ok && typeof r.value.name === 'string' ? ([id, r.value.name] as const) : null;
      }),
    ).then((found) => live && setNames(new Map(found.filter((f) => f !== null))));
    return () => {
      live = false;
    };
  }, [base, key]);
  return names;
}

/** Catalyseurs' names (their cards: everyone signed in reads them). */
export const useCatalyseurNames = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/catalyseurs', ids);

/** Organisations' names (their pages: catalyseurs and operators read them all, a partner its own). */
export const useOrganisationNames = (ids: readonly string[]): ReadonlyMap<string, string> => useNames('/api/organisations', ids);
