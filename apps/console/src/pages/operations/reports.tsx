/** Evaluation reports: ask for one (a job), follow it, download it as HTML, CSV or JSON. */
import { useEffect, useState } from 'preact/hooks';
import { apiCommand, download, useGet } from '../../api';
import { Async, date, errorText } from '../../ui/common';
import { AsOfPicker } from '../../ui/as-of';
import type { AsOf } from '../../ui/as-of';
import { DataTable } from '../../ui/table';
import type { Page as ListPage } from '../partnerships/types';

interface Report {
  readonly id: string;
  readonly status: string;
  readonly kind: string;
  readonly subject?: string;
  readonly asOf?: { readonly time?: string; readonly clock?: string };
  readonly requestedAt: string;
  readonly progress?: { readonly percent?: number; readonly message?: string };
  readonly formats?: readonly string[];
}

const KINDS: Record<string, string> = { partnership: 'Partenariat', experimentation: 'Expérimentation', territory: 'Territoire' };
const STATUS: Record<string, string> = { requested: 'demandé', running: 'en cours', completed: 'prêt', failed: 'échoué' };

export function Reports() {
  const list = useGet<ListPage<Report>>('/api/reports', { limit: 20 });
  const [kind, setKind] = useState('partnership');
  const [id, setId] = useState('flda-cg-ardeche');
  const [asOf, setAsOf] = useState<AsOf>({ date: '', clock: 'happened' });
  const [message, setMessage] = useState('');
  const pending = (list.data?.items ?? []).some((r) => r.status !== 'completed' && r.status !== 'failed');
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(list.reload, 700);
    return () => clearTimeout(timer);
  }, [pending, list]);
  const ask = async (): Promise<void> => {
    const r = await apiCommand<{ id: string }>('/api/reports', { kind, id, ...(asOf.date ? { asOf: asOf.date, clock: asOf.clock } : {}) });
    setMessage(r.ok ? 'Rapport demandé : il apparaît dans la liste dès qu’il est prêt.' : `Demande refusée. ${errorText(r.error)}`);
    list.reload();
  };
  const get = (r: Report, format: string): void => {
    download(`/api/reports/${encodeURIComponent(r.id)}/download?format=${format}`, `rapport-${r.subject ?? r.id}.${format}`).catch((e: unknown) =>
      setMessage(`Téléchargement impossible : ${String(e)}`),
    );
  };
  return (
    <section class="card" aria-labelledby="h-reports">
      <h2 id="h-reports">Rapports d’évaluation</h2>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <div>
          <label for="r-kind">Objet</label>
          <select id="r-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {Object.entries(KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="r-id">Identifiant</label>
          <input id="r-id" value={id} required onInput={(e) => setId(e.currentTarget.value)} />
        </div>
        <AsOfPicker value={asOf} onChange={setAsOf} idPrefix="r-asof" />
        <button type="submit">Demander le rapport</button>
      </form>
      {message && <p role="status">{message}</p>}
      <Async state={list} what="les rapports">
        {(page) => (
          <DataTable
            caption={`Rapports (${page.total})`}
            rows={page.items}
            columns={[
              { key: 'at', header: 'Demandé le', cell: (r) => date(r.requestedAt) },
              { key: 'kind', header: 'Objet', cell: (r) => `${KINDS[r.kind] ?? r.kind} ${r.subject ?? ''}` },
              { key: 'asOf', header: 'À la date du', cell: (r) => (r.asOf?.time ? date(r.asOf.time) : 'aujourd’hui') },
              {
                key: 'status',
                header: 'État',
                cell: (r) =>
                  `${STATUS[r.status] ?? r.status}${r.progress?.percent !== undefined && r.status !== 'completed' ? ` (${r.progress.percent} %)` : ''}`,
              },
              {
                key: 'dl',
                header: 'Télécharger',
                cell: (r) =>
                  r.status === 'completed'
                    ? (r.formats ?? ['html', 'csv', 'json']).map((f) => (
                        <button
                          key={f}
                          type="button"
                          class="link"
                          style={{ marginRight: '0.75rem' }}
                          onClick={() => get(r, f)}
                          aria-label={`Télécharger le rapport ${r.subject ?? r.id} en ${f.toUpperCase()}`}
                        >
                          {f.toUpperCase()}
                        </button>
                      ))
                    : '—',
              },
            ]}
          />
        )}
      </Async>
    </section>
  );
}
