/**
 * `useQueryFilters(spec)`: a page's filters read from its address and written back to it (`url-query.ts`), through
 * preact-iso's router (`route(url, true)`: the address replaced, not a new entry of the history for every letter
 * typed). The address is the filters' one source: a reload, a link shared, back and forward all show the page as it
 * was. An address holding a value that is not one is corrected in place, quietly.
 */
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { type QuerySpec, queryWith, readQuery } from './url-query';

export function useQueryFilters<K extends string>(spec: QuerySpec<K>): [Readonly<Record<K, string>>, (changes: Partial<Record<K, string>>) => void] {
  const { path, query, url, route } = useLocation();
  const values = readQuery(query, spec);
  const search = url.includes('?') ? url.slice(url.indexOf('?')) : '';
  const canonical = queryWith(query, spec, values);
  useEffect(() => {
    // Compared as parameters, not as text (their order, their encoding): only a value dropped or changed rewrites it.
    if (!sameParams(search, canonical)) route(`${path}${canonical}`, true);
  }, [path, search, canonical]);
  const set = (changes: Partial<Record<K, string>>): void => {
    route(`${path}${queryWith(query, spec, { ...values, ...changes })}`, true);
  };
  return [values, set];
}

/** Whether two queries hold the same parameters, whatever their order and encoding. */
function sameParams(a: string, b: string): boolean {
  const x = [...new URLSearchParams(a)].map(([k, v]) => `${k}=${v}`).sort();
  const y = [...new URLSearchParams(b)].map(([k, v]) => `${k}=${v}`).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}
