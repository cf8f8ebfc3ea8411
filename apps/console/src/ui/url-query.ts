/**
 * A page's filters in its address (`/partenariats?phase=pilotage&territoire=ardeche&page=2`): a reload or a link
 * shared opens the page as it was. Each page says which parameters it keeps and what each may hold; a value that is
 * not one (a phase unknown, a day that does not exist or is to come, a page « abc ») is read as the filter's default,
 * without a word, and left out of the address the page writes. Pure, for `query-filters.ts` and its unit test.
 */
import { ROOM_ID_PATTERN } from '@catalyse/protocol';
import { isIsoDay } from './french-date';

/** The most items a list read skips (the api's `offset`, `PageQuery`): a page further is refused, not empty. */
export const MAX_OFFSET = 1_000_000;

/** What one parameter may hold. */
export type ParamKind =
  /** One of these values (the domain's codes: `pilotage`, `atelier`…). */
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  /** A day of the calendar, ISO (`2014-12-31`), none after `max` (today, for an as-of date). */
  | { readonly kind: 'day'; readonly max?: () => string }
  /** A free text as typed (a name, a region): at most `max` characters, no control character. */
  | { readonly kind: 'text'; readonly max?: number }
  /** An identifier the api is given as is (a territory, an organisation): the api's rule (`ROOM_ID_PATTERN`). */
  | { readonly kind: 'id' }
  /**
   * A page of a list of `size` items a page: 1, 2, 3… (1 is the default, left out), none the api refuses (its first
   * item past `MAX_OFFSET`).
   */
  | { readonly kind: 'page'; readonly size: number }
  /** A flag: `oui` when set. */
  | { readonly kind: 'flag' };

export interface Param {
  /** Its name in the address (French, as the paths are: `territoire`, `au`). */
  readonly name: string;
  readonly type: ParamKind;
  /** Its value when the address has none, or none valid (empty when absent); left out of the address. */
  readonly fallback?: string;
}

/** A page's parameters, by the name the page gives each filter. */
export type QuerySpec<K extends string> = Readonly<Record<K, Param>>;

export const FLAG_ON = 'oui';

/** Whether `value` is one the parameter may hold. */
export function validParam(type: ParamKind, value: string): boolean {
  switch (type.kind) {
    case 'choice':
      return type.values.includes(value);
    case 'day':
      return isIsoDay(value) && (!type.max || value <= type.max());
    case 'text':
      return value !== '' && value.length <= (type.max ?? 200) && !/[\u0000-\u001f\u007f]/.test(value);
    case 'id':
      return ROOM_ID_PATTERN.test(value);
    case 'page':
      return /^[1-9]\d{0,6}$/.test(value) && Number(value) <= lastPage(type.size);
    case 'flag':
      return value === FLAG_ON;
  }
}

/** The page's filters as its address gives them: each valid value, else the filter's fallback. */
export function readQuery<K extends string>(query: Readonly<Record<string, string | undefined>>, spec: QuerySpec<K>): Record<K, string> {
  const values = {} as Record<K, string>;
  for (const key of Object.keys(spec) as K[]) {
    const param = spec[key];
    const raw = query[param.name];
    values[key] = raw !== undefined && validParam(param.type, raw) ? raw : (param.fallback ?? '');
  }
  return values;
}

/**
 * The address's query (`?phase=pilotage&page=2`, or empty) for `values`: each filter that holds a valid value other
 * than its fallback, in the page's order, then the parameters of the address that are not the page's, as they were.
 */
export function queryWith<K extends string>(
  query: Readonly<Record<string, string | undefined>>,
  spec: QuerySpec<K>,
  values: Readonly<Record<K, string>>,
): string {
  const params = new URLSearchParams();
  const own = new Set<string>();
  for (const key of Object.keys(spec) as K[]) {
    const param = spec[key];
    own.add(param.name);
    const value = values[key];
    if (value !== '' && value !== (param.fallback ?? '') && validParam(param.type, value)) params.set(param.name, value);
  }
  for (const [name, value] of Object.entries(query)) if (!own.has(name) && value !== undefined) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The furthest page the api serves for `size` items a page (40 001 for 25: its first item is the 1 000 000th skipped). */
export function lastPage(size: number): number {
  return Math.floor(MAX_OFFSET / size) + 1;
}

/** The first item of page `page` (« 2 » → 25 for 25 a page); the first page when empty. */
export function offsetOf(page: string, limit: number): number {
  const n = Number(page);
  return Number.isInteger(n) && n > 1 ? (n - 1) * limit : 0;
}

/** The page a list's `offset` is on, as the address writes it (the first: empty). */
export function pageOf(offset: number, limit: number): string {
  const n = Math.floor(offset / limit) + 1;
  return n > 1 ? String(n) : '';
}
