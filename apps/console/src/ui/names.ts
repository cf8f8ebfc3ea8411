/**
 * Names of what documents name by id (catalyseurs, organisations, partnerships, experimentations, territories,
 * rooms), read from their own pages, a few at a time. Unknown (not found, refused, not read yet): not in the map,
 * and the page shows the id.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiGet } from '../api';
import { getSession } from '../session';

/** Most names read for one list (one request each), unless the list says (a room's authors: its window bounds them). */
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
/** How often a page's names are looked at again: a name past its TTL is read again, within this much. */
const NAME_RECHECK_MS = 60_000;

/**
 * Whether an answer to a name's page is kept for the TTL: a name read, or an answer that will not change by asking
 * again (404: no such catalyseur, an operator's or a partner's id; 403, 400, 410). Not kept, asked again by the next
 * page: no answer (offline, status 0), the service failing (5xx), too many requests (429), a timeout (408), a
 * token refused (401: the session ends).
 */
export function keepsAnswer(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 400 && status < 500 && ![401, 408, 429].includes(status));
}

/** One answer of a name's page: its status (0: no answer) and its body when read. */
export interface NameAnswer {
  readonly status: number;
  readonly value?: unknown;
}

/** Where the misses outlive the page (the browser tab's `sessionStorage`). */
export type MissStorage = Pick<Storage, 'getItem' | 'setItem'>;
const MISSES_KEY = 'catalyse.noms-absents';

/**
 * Names already asked for, by page address (`/api/catalyseurs/catalyseur-015`): a list whose ids change (people
 * joining a room) asks only for the new ones, and a name once read does not flicker back to its id. The 404s (an
 * operator's id in a room is no catalyseur's) are also kept in the tab's storage, for the TTL: a page loaded again
 * does not ask the directory for them again (each was a 404 in the browser's console). Kept for one token only
 * (`owner`): who signs in next (another person at the same browser) reads only what their own role lets them.
 */
export class NameCache {
  private readonly asked = new Map<string, { readonly name: Promise<string | undefined>; readonly at: number }>();

  constructor(
    private readonly read: (address: string) => Promise<NameAnswer>,
    private readonly owner: string,
    private readonly storage?: MissStorage,
    private readonly now: () => number = Date.now,
  ) {}

  /** The name the page at `address` gives (`pick` of its body), undefined when it gives none. */
  name(address: string, pick: (value: Record<string, unknown>) => unknown): Promise<string | undefined> {
    const kept = this.asked.get(address);
    if (kept && this.now() - kept.at < NAME_TTL_MS) return kept.name;
    if (this.missed(address)) return Promise.resolve(undefined);
    const answer = this.read(address).catch((): NameAnswer => ({ status: 0 }));
    const found = answer.then((r) => {
      const name = r.status >= 200 && r.status < 300 && typeof r.value === 'object' && r.value !== null ? pick(r.value as Record<string, unknown>) : undefined;
      return typeof name === 'string' && name !== '' ? name : undefined;
    });
    const entry = { name: found, at: this.now() };
    this.asked.set(address, entry);
    // A failure (offline, the service failing) is not kept: the next page that needs the name asks again. A 404 is:
    // a known « no name », not asked again on each view, nor after a reload.
    void answer.then((r) => {
      if (!keepsAnswer(r.status) && this.asked.get(address) === entry) this.asked.delete(address);
      if (r.status === 404) this.miss(address);
    });
    return found;
  }

  /** The names read are read again when next asked (a person's data were erased: their name is gone). The 404s stay. */
  forget(): void {
    this.asked.clear();
  }

  private misses(): Record<string, number> {
    try {
      const kept = JSON.parse(this.storage?.getItem(MISSES_KEY) ?? 'null') as { owner?: unknown; at?: unknown } | null;
      return kept?.owner === this.owner && typeof kept.at === 'object' && kept.at !== null ? (kept.at as Record<string, number>) : {};
    } catch {
      return {};
    }
  }

  private missed(address: string): boolean {
    const at = this.misses()[address];
    return typeof at === 'number' && this.now() - at < NAME_TTL_MS;
  }

  private miss(address: string): void {
    if (!this.storage) return;
    const now = this.now();
    const at = Object.fromEntries(Object.entries(this.misses()).filter(([, when]) => now - when < NAME_TTL_MS));
    at[address] = now;
    try {
      this.storage.setItem(MISSES_KEY, JSON.stringify({ owner: this.owner, at }));
    } catch {
      // storage full or refused: the miss is kept in memory only
    }
  }
}

let cache: { readonly token: string | undefined; readonly names: NameCache } | undefined;

function nameCache(): NameCache {
  const token = getSession()?.token;
  if (!cache || cache.token !== token) {
    const read = async (address: string): Promise<NameAnswer> => {
      const r = await apiGet<Record<string, unknown>>(address);
      return r.ok ? { status: 200, value: r.value } : { status: r.error.status };
    };
    // The token's signature tells whose misses these are, without keeping the token twice.
    cache = { token, names: new NameCache(read, token?.split('.').pop() ?? '', globalThis.sessionStorage) };
  }
  return cache.names;
}

/** The pages showing names, told to read them again. */
const rereaders = new Set<() => void>();

/**
 * Every name shown is read again (not the 404s): a person's data were erased (a room's `PersonalDataRedacted`), and
 * their name must leave the open pages now, not at the TTL.
 */
export function rereadNames(): void {
  nameCache().forget();
  for (const again of rereaders) again();
}

function sameNames(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([id, name]) => b.get(id) === name);
}

function useNames(
  base: string,
  ids: readonly string[],
  pick: (value: Record<string, unknown>) => unknown = byName,
  max = NAMES_MAX,
): ReadonlyMap<string, string> {
  const [shown, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  // Read again when told (an erasure) and every minute (a name past its TTL is then asked again).
  const [round, setRound] = useState(0);
  useEffect(() => {
    const again = (): void => setRound((n) => n + 1);
    rereaders.add(again);
    const timer = setInterval(again, NAME_RECHECK_MS);
    return () => {
      rereaders.delete(again);
      clearInterval(timer);
    };
  }, []);
  const key = [...new Set(ids)].slice(0, max).join('|');
  useEffect(() => {
    let live = true;
    void Promise.all(
      (key ? key.split('|') : []).map(async (id) => {
        const name = await nameCache().name(`${base}/${encodeURIComponent(id)}`, pick);
        return name === undefined ? null : ([id, name] as const);
      }),
    ).then((found) => {
      const next = new Map(found.filter((f) => f !== null));
      // The same names: the page is not drawn again.
      if (live) setNames((before) => (sameNames(before, next) ? before : next));
    });
    return () => {
      live = false;
    };
  }, [base, key, pick, round]);
  return shown;
}

/** Catalyseurs' names (their cards: everyone signed in reads them). */
export const useCatalyseurNames = (ids: readonly string[], max?: number): ReadonlyMap<string, string> => useNames('/api/catalyseurs', ids, byName, max);

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
