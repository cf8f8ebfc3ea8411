/**
 * Who is present, as the room page lists them: the signed-in person first, then the others in the order given, the
 * first `PRESENT_NAMED` by name and the rest counted (« et 11 autres »): a room of hundreds would be a name request
 * each, and a list nobody reads. Pure, for the page and its unit tests.
 */

/** Present people listed by name, at most. */
export const PRESENT_NAMED = 60;

export function presentShown(present: readonly string[], me: string, max = PRESENT_NAMED): { readonly shown: readonly string[]; readonly others: number } {
  const ordered = present.includes(me) ? [me, ...present.filter((who) => who !== me)] : [...present];
  return { shown: ordered.slice(0, max), others: Math.max(0, ordered.length - max) };
}

/** « et 11 autres », « et 1 autre ». */
export function othersText(others: number): string {
  return others === 1 ? 'et 1 autre' : `et ${others.toLocaleString('fr-FR')} autres`;
}
