/** The domain's words in French, with no component: for the pages and for the pure modules their unit tests read. */

/** A known word in French, or the word itself with underscores as spaces. */
export function label(dict: Record<string, string>, key: string | undefined | null): string {
  if (!key) return '—';
  return dict[key] ?? key.replace(/_/g, ' ');
}

/** `2011-12-31` (or an instant) → « 31 décembre 2011 ». */
export function date(value: string | undefined | null): string {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
}

export const GATHERING_KINDS: Record<string, string> = {
  rencontre_annuelle: 'Rencontre annuelle',
  webinaire: 'Webinaire',
  atelier: 'Atelier',
  speed_dating: 'Speed dating',
};
