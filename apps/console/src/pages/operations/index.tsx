/** Opérations (operators): health and projector lag, rebuilds with live progress, reports, exports. */
import { useEffect, useState } from 'preact/hooks';
import { apiCommand, apiGet, download, useGet } from '../../api';
import { Async, errorText, Field, Page } from '../../ui/common';
import { Reports } from './reports';

interface Check {
  readonly status: string;
  readonly head?: string;
  readonly checkpoint?: string;
  readonly lag?: string;
  readonly role?: string;
  readonly name?: string;
}
interface Health {
  readonly status: string;
  readonly details: Record<string, Check>;
}
interface Rebuild {
  readonly id: string;
  readonly status: string;
  readonly progress?: { readonly percent?: number; readonly message?: string } | number;
  readonly result?: { readonly epoch: number; readonly events: number; readonly rooms: number };
  readonly failedReason?: string;
}

const CHECKS: Record<string, string> = { eventStore: 'Journal des événements', projectionStore: 'Modèles de lecture', projector: 'Projecteur' };
const STATUS: Record<string, string> = {
  waiting: 'en attente',
  active: 'en cours',
  completed: 'terminée',
  failed: 'échouée',
  delayed: 'différée',
  queued: 'en file',
};

function HealthPanel() {
  const health = useGet<Health>('/api/health');
  useEffect(() => {
    const timer = setInterval(health.reload, 5000);
    return () => clearInterval(timer);
  }, [health.reload]);
  return (
    <section class="card" aria-labelledby="h-health">
      <h2 id="h-health">Santé</h2>
      <Async state={health} what="l’état de santé">
        {(h) => (
          <>
            <p class={h.status === 'ok' ? 'ok' : 'error'}>{h.status === 'ok' ? 'Tous les services répondent.' : 'Un service ne répond pas.'}</p>
            <dl class="fields">
              {Object.entries(h.details)
                .filter(([k]) => !k.startsWith('checkpoint:'))
                .map(([k, c]) => (
                  <Field key={k} name={CHECKS[k] ?? k}>
                    {c.status === 'up' ? 'disponible' : 'indisponible'}
                    {c.head !== undefined && k === 'eventStore' ? ` · ${Number(c.head).toLocaleString('fr-FR')} événements` : ''}
                    {c.lag !== undefined ? ` · retard ${c.lag} (${c.role === 'active' ? 'actif' : (c.role ?? '')})` : ''}
                  </Field>
                ))}
            </dl>
          </>
        )}
      </Async>
    </section>
  );
}

function percentOf(r: Rebuild): number {
  if (typeof r.progress === 'number') return r.progress;
  return r.progress?.percent ?? (r.status === 'completed' ? 100 : 0);
}

function RebuildPanel() {
  const [rebuild, setRebuild] = useState<Rebuild | null>(null);
  const [error, setError] = useState('');
  const running = rebuild !== null && rebuild.status !== 'completed' && rebuild.status !== 'failed';
  useEffect(() => {
    if (!rebuild || !running) return;
    const timer = setTimeout(async () => {
      const r = await apiGet<Rebuild>(`/api/operations/rebuilds/${encodeURIComponent(rebuild.id)}`);
      if (r.ok) setRebuild(r.value);
      else setError(errorText(r.error));
    }, 400);
    return () => clearTimeout(timer);
  }, [rebuild, running]);
  const start = async (): Promise<void> => {
    setError('');
    const r = await apiCommand<{ id: string }>('/api/operations/rebuilds', {});
    if (r.ok) setRebuild({ id: r.value.id, status: 'waiting' });
    else setError(errorText(r.error));
  };
  const percent = rebuild ? percentOf(rebuild) : 0;
  return (
    <section class="card" aria-labelledby="h-rebuild">
      <h2 id="h-rebuild">Reconstruction des modèles de lecture</h2>
      <p class="hint">
        Reconstruit tous les modèles de lecture et les fils des salons dans une nouvelle époque, sans interruption ; les salons ouverts se réinitialisent puis
        se resynchronisent.
      </p>
      <button type="button" onClick={start} disabled={running}>
        Lancer une reconstruction
      </button>
      {rebuild && (
        <div aria-live="polite">
          <label for="rebuild-progress">
            Reconstruction {STATUS[rebuild.status] ?? rebuild.status} : {percent} %
          </label>
          <progress id="rebuild-progress" class="progress" max={100} value={percent} />
          {rebuild.result && (
            <p class="ok">
              Époque {rebuild.result.epoch} en service : {rebuild.result.events.toLocaleString('fr-FR')} événements rejoués, {rebuild.result.rooms} salons.
            </p>
          )}
          {rebuild.failedReason && <p class="error">Échec : {rebuild.failedReason}</p>}
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}

function Exports() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const get = async (format: 'ndjson' | 'csv'): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await download('/api/exports/events', `catalyse-evenements.${format}`, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    } catch (e) {
      setError(`Export impossible : ${String(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="h-exports">
      <h2 id="h-exports">Exports</h2>
      <p class="hint">Le journal complet des événements, lu page à page par le serveur.</p>
      <button type="button" onClick={() => get('ndjson')} disabled={busy}>
        Télécharger le journal (NDJSON)
      </button>{' '}
      <button type="button" class="secondary" onClick={() => get('csv')} disabled={busy}>
        Télécharger le journal (CSV)
      </button>
      {busy && <p role="status">Export en cours…</p>}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}

export function OperationsPage() {
  return (
    <Page title="Opérations" lead="Pour les opérateurs : santé du système, reconstructions, rapports d’évaluation et exports.">
      <div class="columns">
        <HealthPanel />
        <RebuildPanel />
      </div>
      <Reports />
      <Exports />
    </Page>
  );
}
