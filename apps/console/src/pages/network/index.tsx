/** Réseau: the observatory's figures, as of a date on either clock, section by section; all four kept in its address. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { download, useGet } from '../../api';
import { Async, date, errorText, Page } from '../../ui/common';
import { sectionCsvFallbackName, sectionCsvPath, type SectionQuery } from './csv';
import { withParcoursStanding } from './parcours-standing';
import { noSubjectsText, subjectsText, subjectsWord } from './subjects';
import { AsOfPicker } from '../../ui/as-of';
import type { AsOf } from '../../ui/as-of';
import { ObservatoryTable } from '../../ui/observatory-table';
import type { ObservatoryTableData } from '../../ui/observatory-table';
import { PlacePicker, useRegions } from '../../ui/places';
import { useQueryFilters } from '../../ui/query-filters';
import type { QuerySpec } from '../../ui/url-query';
import { networkToday } from '../../ui/words';

interface SectionRef {
  readonly name: string;
  readonly title: string;
}
interface Section {
  readonly section: string;
  readonly title: string;
  readonly asOf: string;
  readonly clock: 'happened' | 'recorded';
  readonly period: { readonly from?: string; readonly until?: string };
  readonly subjects: number;
  readonly tables: readonly ObservatoryTableData[];
}

function query(asOf: AsOf, region: string): Record<string, string | undefined> {
  return { asOf: asOf.date || undefined, clock: asOf.date ? asOf.clock : undefined, region: region || undefined };
}

function Headline({ asOf, region }: { asOf: AsOf; region: string }) {
  const q = query(asOf, region);
  const sections = [
    { name: 'catalyseurs', state: useGet<Section>('/api/observatory/catalyseurs', q) },
    { name: 'partnerships', state: useGet<Section>('/api/observatory/partnerships', q) },
    { name: 'gatherings', state: useGet<Section>('/api/observatory/gatherings', q) },
    { name: 'introductions', state: useGet<Section>('/api/observatory/introductions', q) },
  ];
  // A read refused (a day after today, a region unknown) or failed: its box says so, and why once under them, as the
  // section does, instead of « … » for ever.
  const failed = sections.find(({ state }) => state.error)?.state.error;
  return (
    <>
      <ul class="stats" aria-label="Chiffres clés">
        {sections.map(({ name, state }) => (
          <li key={name}>
            <span class="value">{state.error ? '—' : state.data ? state.data.subjects.toLocaleString('fr-FR') : '…'}</span>
            {subjectsWord(name, state.error ? undefined : state.data?.subjects)}
            {state.error && <span class="sr-only"> : non lus</span>}
          </li>
        ))}
      </ul>
      {failed && (
        <p role="alert" class="error">
          Impossible de lire les chiffres clés. {errorText(failed)}
        </p>
      )}
    </>
  );
}

/**
 * The section as the api's CSV (one long table: `tableau;groupe;mesure;valeur;clé`), with the page's filters, under
 * the name the api gives it (`observatoire-partenariats-2026-12-05.csv`); fetched with the token, as the journal's
 * export.
 */
function SectionCsv({ section, title, query, asOf }: { section: string; title: string; query: SectionQuery; asOf: string }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const get = async (): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await download(sectionCsvPath(section, query), sectionCsvFallbackName(section, asOf), { accept: 'text/csv', serverName: true });
    } catch (e) {
      setError(`Téléchargement impossible. ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <p class="downloads">
      <button type="button" class="secondary" onClick={get} disabled={busy}>
        Télécharger (CSV)<span class="sr-only"> : {title}</span>
      </button>
      {busy && <span role="status"> Téléchargement en cours…</span>}
      {error && (
        <span role="alert" class="error">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}

const FIRST_SECTION = 'partnerships';

/** `/reseau?au=2014-12-31&horloge=recorded&region=Grand+Est&section=gatherings`; no day after today. */
const FILTERS: QuerySpec<'date' | 'clock' | 'region' | 'section'> = {
  date: { name: 'au', type: { kind: 'day', max: () => networkToday() } },
  clock: { name: 'horloge', type: { kind: 'choice', values: ['happened', 'recorded'] }, fallback: 'happened' },
  region: { name: 'region', type: { kind: 'text', max: 100 } },
  section: { name: 'section', type: { kind: 'text', max: 50 }, fallback: FIRST_SECTION },
};

export function NetworkPage() {
  const [filters, setFilters] = useQueryFilters(FILTERS);
  const asOf: AsOf = { date: filters.date, clock: filters.clock === 'recorded' ? 'recorded' : 'happened' };
  const setAsOf = (next: AsOf): void => setFilters({ date: next.date, clock: next.clock });
  const { region } = filters;
  const setRegion = (next: string): void => setFilters({ region: next });
  const regions = useRegions();
  const list = useGet<SectionRef[]>('/api/observatory');
  // A section the observatory does not have (an address typed by hand): the first, once the sections are read.
  const wanted = filters.section;
  const current = list.data ? (list.data.some((s) => s.name === wanted) ? wanted : FIRST_SECTION) : wanted === FIRST_SECTION ? wanted : null;
  const setCurrent = (next: string): void => setFilters({ section: next });
  useEffect(() => {
    if (current === FIRST_SECTION && wanted !== FIRST_SECTION) setFilters({ section: '' });
  }, [current, wanted]);
  const section = useGet<Section>(current ? `/api/observatory/${current}` : null, query(asOf, region));
  // A parcours « Terminé » says which of its pilots stopped before its last step (kept across renders: its chart's data).
  const tables = useMemo(
    () => (section.data?.section === 'parcours' ? withParcoursStanding(section.data.tables) : (section.data?.tables ?? [])),
    [section.data],
  );
  return (
    <Page title="Réseau" lead="Les chiffres de l’observatoire : partenariats, catalyseurs, rencontres, mises en relation, expérimentations et parcours.">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Période et filtres">
        <AsOfPicker value={asOf} onChange={setAsOf} refused={section.error !== undefined} />
        <PlacePicker id="region" label="Région" all="toutes les régions" value={region} options={regions} onChange={setRegion} />
      </form>
      <Headline asOf={asOf} region={region} />
      <Async state={list} what="les sections">
        {(sections) => (
          <nav aria-label="Sections de l’observatoire" class="tabs">
            {sections.map((s) => (
              <button
                key={s.name}
                type="button"
                class={s.name === current ? '' : 'secondary'}
                aria-pressed={s.name === current}
                onClick={() => setCurrent(s.name)}
              >
                {s.title}
              </button>
            ))}
          </nav>
        )}
      </Async>
      <Async state={section} what="la section">
        {(s) => (
          <section aria-labelledby="section-title">
            <h2 id="section-title">{s.title}</h2>
            <p class="hint">
              {subjectsText(s.section, s.subjects)} · {s.period.from ? `du ${date(s.period.from)} ` : ''}
              jusqu’au {date(s.period.until ?? s.asOf)} · horloge : {s.clock === 'happened' ? 'faits survenus' : 'faits enregistrés'}
            </p>
            <SectionCsv section={s.section} title={s.title} query={query(asOf, region)} asOf={s.asOf} />
            {s.subjects === 0 ? (
              // Nothing to count (a region without any partnership): one sentence, not empty axes and rows of zeros.
              <p class="empty">{noSubjectsText(s.section, region !== '')}</p>
            ) : (
              <div class="grid">
                {tables.map((t) => (
                  <ObservatoryTable key={`${s.section}-${t.name}`} table={t} idPrefix={s.section} />
                ))}
              </div>
            )}
          </section>
        )}
      </Async>
    </Page>
  );
}
