/** Partenariats: the list, filtered by territory, phase and mode, paged; its filters and page kept in its address. */
import { useEffect } from 'preact/hooks';
import { useGetPage } from '../../api';
import { useSession } from '../../session';
import { Async, label, MODES, Page, PHASES } from '../../ui/common';
import { PlacePicker, usePartnershipTerritories } from '../../ui/places';
import { useQueryFilters } from '../../ui/query-filters';
import { offsetOf, pageOf, type QuerySpec } from '../../ui/url-query';
import { DataTable } from '../../ui/table';
import type { Board } from './types';

const LIMIT = 25;
const PHASE_CHOICES = ['cadrage', 'pilotage', 'evaluation', 'closed'];

/** `/partenariats?territoire=ardeche&phase=pilotage&mode=mecenat_de_competences&page=2`. */
const FILTERS: QuerySpec<'territory' | 'phase' | 'mode' | 'page'> = {
  territory: { name: 'territoire', type: { kind: 'id' } },
  phase: { name: 'phase', type: { kind: 'choice', values: PHASE_CHOICES } },
  mode: { name: 'mode', type: { kind: 'choice', values: Object.keys(MODES) } },
  page: { name: 'page', type: { kind: 'page', size: LIMIT } },
};

export function PartnershipsPage() {
  const [{ territory, phase, mode, page: shown }, setFilters] = useQueryFilters(FILTERS);
  const offset = offsetOf(shown, LIMIT);
  const setOffset = (next: number): void => setFilters({ page: pageOf(next, LIMIT) });
  const territories = usePartnershipTerritories(useSession()?.role);
  const list = useGetPage<Board>('/api/partnerships', {
    territory: territory || undefined,
    phase: phase || undefined,
    mode: mode || undefined,
    limit: LIMIT,
    offset,
  });
  // Another filter: from the first page.
  const reset = (key: 'territory' | 'phase' | 'mode') => (v: string) => setFilters({ [key]: v, page: '' });
  // A page past the end (an address kept while the list shrank): the first one.
  const past = list.data !== undefined && offset > 0 && offset >= list.data.total;
  useEffect(() => {
    if (past) setFilters({ page: '' });
  }, [past]);
  return (
    <Page title="Partenariats" lead="Les partenariats suivis par le réseau, de leur cadrage à leur évaluation.">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filtres">
        <PlacePicker id="f-territory" label="Territoire" all="tous les territoires" value={territory} options={territories} onChange={reset('territory')} />
        <div>
          <label for="f-phase">Phase</label>
          <select id="f-phase" value={phase} onChange={(e) => reset('phase')(e.currentTarget.value)}>
            <option value="">toutes</option>
            {PHASE_CHOICES.map((p) => (
              <option key={p} value={p}>
                {label(PHASES, p)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-mode">Mode</label>
          <select id="f-mode" value={mode} onChange={(e) => reset('mode')(e.currentTarget.value)}>
            <option value="">tous</option>
            {Object.entries(MODES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Async state={list} what="les partenariats">
        {(page) => (
          <>
            <p role="status">
              {page.total.toLocaleString('fr-FR')} partenariat{page.total > 1 ? 's' : ''}
              {page.total > 0 ? ` · ${page.offset + 1} à ${Math.min(page.offset + page.items.length, page.total)}` : ''}
            </p>
            <DataTable
              caption="Partenariats"
              empty="Aucun partenariat pour ces filtres."
              hideCaption
              rows={page.items}
              columns={[
                { key: 'title', header: 'Partenariat', cell: (b) => <a href={`/partenariats/${encodeURIComponent(b.id)}`}>{b.title}</a> },
                { key: 'territory', header: 'Territoire', cell: (b) => b.territory.name },
                { key: 'partners', header: 'Partenaires', cell: (b) => b.partners.map((p) => p.name).join(' · ') },
                { key: 'modes', header: 'Modes', cell: (b) => b.modes.map((m) => label(MODES, m)).join(', ') },
                { key: 'phase', header: 'Phase', cell: (b) => <span class="badge">{label(PHASES, b.phase)}</span> },
                { key: 'cycle', header: 'Cycle', numeric: true, cell: (b) => b.cycle },
              ]}
            />
            {page.total > LIMIT && (
              <nav class="pager" aria-label="Pages">
                <button type="button" class="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
                  Précédents
                </button>{' '}
                <button type="button" class="secondary" disabled={offset + LIMIT >= page.total} onClick={() => setOffset(offset + LIMIT)}>
                  Suivants
                </button>
              </nav>
            )}
          </>
        )}
      </Async>
    </Page>
  );
}
