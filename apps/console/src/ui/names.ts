/**
 * Names of what documents name by id (catalyseurs, organisations, partnerships, experimentations, territories,
 * rooms), read from their own pages, a few at a time. Unknown (not found, refused, not read yet): not in the map,
 * and the page shows the id.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api';
import { getSession } from '../session';

/** Most names read for one list (one request each); beyond, the id is shown. */
const NAMES_MAX = 60;

/** What a page names a thing by: its `name` (catalyseurs, organisations). */
const byName = (value: Record<string, unknown>): unknown => value['name'];
/** Its `title` (partnerships, experimentations, rooms). */
const byTitle = (value: Record<string, unknown>): unknown => value['title'];
/** A territory's view: `{ territory: { name } }`. */
const byTerritoryName = (value: Record<string, unknown>): unknown =>
  typeof value['territory'] === 'object' && value['territory'] !== null ? (value['territory'] as Record<string, unknown>)['name'] : undefined;

/** How long a name read is trusted: a renamed organisation, an erased person's name, is gone from the pages after it. */
export const NAME_TTL_MS = 5 * 60_000;

/**
 * Names already asked for, by page address (`/api/catalyseurs/catalyseur-015`): a list whose ids change (people
 * joining a room) asks only for the new ones, and a name once read does not flicker back to its id. Kept for one
 * token only: who signs in next (another person at the same browser) reads only what their own role lets them.
 */
const asked = new Map<string, { readonly name: Promise<string | undefined>; readonly at: number }>();

/**
 * Whether an answer to a name's page is kept for the TTL: a name read, or an answer that will not change by asking
 * again (404: no such catalyseur, an operator's or a partner's id; 403, 400, 410). Not kept, asked again by the next
 * page: no answer (offline, status 0), the service failing (5xx), too many requests (429), a timeout (408), a
 * token refused (401: the session ends).
 */
export function keepsAnswer(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 400 && status < 500 && ![401, 408, 429].includes(status));
}
let askedFor: string | undefined;

function nameAt(address: string, pick: (value: Record<string, unknown>) => unknown): Promise<string | undefined> {
  const token = getSession()?.token;
  if (token !== askedFor) {
    asked.clear();
    askedFor = token;
  }
  const kept = asked.get(address);
  if (kept && Date.now() - kept.at < NAME_TTL_MS) return kept.name;
  const answer = apiGet<Record<string, unknown>>(address).catch(() => null);
  const found = answer.then((r) => {
    const name = r?.ok && typeof r.value === 'object' && r.value !== null ? pick(r.value) : undefined;
    return typeof name === 'string' && name !== '' ? name : undefined;
  });
  const entry = { name: found, at: Date.now() };
  asked.set(address, entry);
  // A failure (offline, the service failing) is not kept: the next page that needs the name asks again. A 404 is:
  // a known « no name » (an operator's id in a room is no catalyseur's), not asked again on each view.
  void answer.then((r) => {
    const status = r ? (r.ok ? 200 : r.error.status) : 0;
    if (!keepsAnswer(status) && asked.get(address) === entry) asked.delete(address);
  });
  return found;
}

function useNames(base: string, ids: readonly string[], pick: (value: Record<string, unknown>) => unknown = byName): ReadonlyMap<string, string> {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].slice(0, NAMES_MAX).join('|');
  useEffect(() => {
    let live = true;
    void Promise.all(
      (key ? key.split('|') : []).map(async (id) => {
        const name = await nameAt(`${base}/${encodeURIComponent(id)}`, pick);
        return name === undefined ? null : ([id, name] as const);
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
