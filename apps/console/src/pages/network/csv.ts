/**
 * The CSV of an observatory section, as the page shows it: the api serves a section as one long table
 * (`tableau;groupe;mesure;valeur;clé`) under `Accept: text/csv`, with the same filters (as of a date on a clock, a
 * region). Pure: the page downloads it with `download()` (ui's files), its unit test checks the address.
 */

/** The filters of the page as the observatory's query reads them (`undefined`: not set). */
export type SectionQuery = Readonly<Record<string, string | undefined>>;

/** `/api/observatory/partnerships?asOf=2014-12-31&clock=happened&region=Grand+Est`: the section's address with its filters set. */
export function sectionCsvPath(section: string, query: SectionQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return `/api/observatory/${encodeURIComponent(section)}${search ? `?${search}` : ''}`;
}

/**
 * The file's name when the api gives none (it does: `observatoire-partenariats-2014-12-31.csv`, kept by
 * `download()`): the section and the day the figures stand on.
 */
export function sectionCsvFallbackName(section: string, asOf: string): string {
  return `observatoire-${section}${asOf ? `-${asOf.slice(0, 10)}` : ''}.csv`;
}
