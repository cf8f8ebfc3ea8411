/** Names in the order a French reader expects them: accents and case aside, numbers by value (« n° 2 » before « n° 100 »). */

export const FRENCH_ORDER = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

/** A list sorted by a name it holds, the French way; the list itself is left as it is. */
export function sortedBy<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => FRENCH_ORDER.compare(name(a), name(b)));
}

/** A name as matched by a filter: lower case, without accents or extra spaces (« Élan » matches « elan »). */
export function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether `name` holds `filter` (« alsacienne n° 1 »: n° 1, n° 10…, n° 100…), accents, case and spaces aside; an empty filter keeps all. */
export function nameMatches(name: string, filter: string): boolean {
  return folded(name).includes(folded(filter));
}
