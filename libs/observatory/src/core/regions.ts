import type { Place } from './section';

/** What the observatory reads of a territory's profile: its region (the region filter and tables) and its name (the tables' labels). */
export interface TerritoryRegion {
  readonly territoryId: string;
  readonly name?: string;
  readonly region?: string;
}

/**
 * What may name a region in a query (`GET /api/observatory?region=`, `ops observatory --region`): its name or its slug,
 * letters, digits, spaces, hyphens, apostrophes and dots, tested on the text in its composed form (NFC) — « Île »
 * decomposed (`I` and a combining circumflex) is composed first, then tested.
 */
export const REGION_PATTERN = /^[\p{L}\p{N} '’.-]+$/u;
/** The longest text (UTF-16 units, composed form) that may name a region in a query. */
export const REGION_MAX_LENGTH = 100;

/** `Île-de-France` → `ile-de-france`: how a region may be written in a query. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The region of a place: its territory profile's region when it has one, else
 * the place's own name when it is a region (`scale: regional` with no profile),
 * else unknown.
 */
export function regionResolver(profiles: readonly TerritoryRegion[]): (place: Place) => string | undefined {
  const byTerritory = new Map(profiles.filter((p) => p.region).map((p) => [p.territoryId, p.region]));
  return (place) => byTerritory.get(place.id) ?? (place.scale === 'regional' ? place.name : undefined);
}

/** Whether a region answers a query's `region` (its name or its slug). */
export function sameRegion(region: string | undefined, asked: string): boolean {
  return region !== undefined && slug(region) === slug(asked);
}

/**
 * The name of a place as a French reader knows it (« Petite couronne parisienne » for `petite-couronne`): its
 * territory profile's name when it has one, else the name the subject gives it (a partnership's, an
 * experimentation's territory), else its id.
 */
export function territoryNamer(profiles: readonly TerritoryRegion[]): (place: Place) => string {
  const byTerritory = new Map(
    profiles.flatMap((p): [string, string][] => (typeof p.name === 'string' && p.name.trim() !== '' ? [[p.territoryId, p.name]] : [])),
  );
  return (place) => byTerritory.get(place.id) ?? (place.name !== undefined && place.name.trim() !== '' ? place.name : place.id);
}
