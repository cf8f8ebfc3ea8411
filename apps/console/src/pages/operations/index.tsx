/**
 * Opérations (operators): health and projector lag, rebuilds with their progress and the rooms
 * resetting as they happen, the system's activity live (the `ops` room through the hub),
 * reports followed live, exports.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiCommand, apiGet, download, useGet, useHubStatus } from '../../api';
import { Async, errorText, Field, Page } from '../../ui/common';
import { feedOrderText, recordedLater } from '../../ui/feed-order';
import { LateMark } from '../../ui/late-mark';
import { dayOf, frenchClock, frenchShortDate, networkToday } from '../../ui/network-time';
import { type OpsFeed, useOpsFeed } from './live';
import { liveRows, namedIds, opsLine, resetText } from './ops-rows';
import { useOpsNameOf } from './ops-names';
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

function clock(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? '' : frenchClock(d, true);
}

function RebuildPanel({ ops }: { ops: OpsFeed }) {
  const [rebuild, setRebuild] = useState<Rebuild | null>(null);
  const [since, setSince] = useState(0);
  const [error, setError] = useState('');
  const running = rebuild !== null && rebuild.status !== 'completed' && rebuild.status !== 'failed';
  // The rebuild's percent is BullMQ's job progress, which is not an event: no feed carries it, so it is
  // polled while the job runs. The rooms it resets are seen live (the ops room's `room:reset`, below).
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
    setSince(ops.resets.length);
    const r = await apiCommand<{ id: string }>('/api/operations/rebuilds', {});
    if (r.ok) setRebuild({ id: r.value.id, status: 'waiting' });
    else setError(errorText(r.error));
  };
  const percent = rebuild ? percentOf(rebuild) : 0;
  const message = rebuild && typeof rebuild.progress === 'object' ? rebuild.progress.message : undefined;
  const resets = rebuild ? ops.resets.slice(since) : [];
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
        <div class="rebuild" aria-live="polite">
          <label for="rebuild-progress">
            Reconstruction {STATUS[rebuild.status] ?? rebuild.status} : {percent} %
          </label>
          <div class="rebuild-row">
            <progress id="rebuild-progress" class="progress" max={100} value={percent} aria-describedby={message ? 'rebuild-message' : undefined} />
            <section class="resetting" aria-labelledby="h-resetting">
              <h3 id="h-resetting">Salons réinitialisés</h3>
              {resets.length === 0 ? (
                <p class="hint">{running ? 'Aucun encore : les salons basculent quand la nouvelle époque entre en service.' : 'Aucun vu en direct.'}</p>
              ) : (
                <ul>
                  {resets.map((reset) => (
                    <li key={`${reset.epoch}-${reset.at}`}>
                      {resetText(reset)}{' '}
                      <time class="when" dateTime={reset.at}>
                        {clock(reset.at)}
                      </time>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          {message && (
            <p id="rebuild-message" class="hint">
              {message.charAt(0).toUpperCase() + message.slice(1)}
            </p>
          )}
          {rebuild.result && (
            <p class="ok">
              Époque {rebuild.result.epoch} en service : {rebuild.result.events.toLocaleString('fr-FR')} événements rejoués,{' '}
              {rebuild.result.rooms.toLocaleString('fr-FR')} fils de salons reconstruits et réinitialisés.
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

const SHOWN = 12;

/** The ops room live: its latest entries, newest first, and each reset as it happens. */
function LivePanel({ ops }: { ops: OpsFeed }) {
  const status = useHubStatus();
  const shown = ops.entries.slice(-SHOWN).reverse();
  // Its facts in the order they were recorded, each dated by its entry's `at` (`ui/feed-order.ts`): one dated before one recorded before it says so.
  const late = useMemo(() => {
    const flags = recordedLater(ops.entries.map((e) => e.at));
    return new Set(ops.entries.filter((_, i) => flags[i]).map((e) => `${e.epoch}-${e.seq}`));
  }, [ops.entries]);
  // What the lines name by id (a report's partnership, a catalyseur), by name once read.
  const nameOf = useOpsNameOf(namedIds(shown));
  const rows = liveRows(shown, ops.resets);
  return (
    <section class="card live-ops" aria-labelledby="h-live">
      <h2 id="h-live">Activité en direct</h2>
      <p class="hint">
        {status !== 'online'
          ? 'Hors ligne : l’activité reprendra au retour, sans rien perdre.'
          : !ops.joined
            ? 'Connexion au salon des opérations…'
            : `Le salon des opérations, époque ${ops.epoch ?? '?'} : ses ${Math.min(SHOWN, ops.entries.length)} dernières entrées. ${feedOrderText(true)}`}
      </p>
      {ops.joined && rows.length === 0 ? (
        <p class="empty">Rien pour l’instant.</p>
      ) : (
        // One list, newest first: the entries and each reset of the room where it happened, each row its topic, its
        // words, then its time.
        <ol class="ops-feed" aria-label="Activité des opérations" aria-live="polite" aria-relevant="additions">
          {rows.map((row) => {
            const line =
              row.type === 'entry'
                ? opsLine(row.entry, nameOf)
                : { key: `reset-${row.reset.epoch}-${row.reset.at}`, at: row.reset.at, topic: 'Salon', text: resetText(row.reset) };
            return (
              <li key={line.key} class={row.type === 'reset' ? 'reset' : undefined}>
                <span class="badge">{line.topic}</span> <span class="text">{line.text}</span>{' '}
                <time class="when" dateTime={line.at}>
                  {when(line.at)}
                </time>
                {row.type === 'entry' && late.has(line.key) && <LateMark />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Today (on the network's calendar): the time; before: the date (an imported history dates facts as they happened, some long ago: `ui/feed-order.ts`). */
function when(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  return dayOf(d) === networkToday() ? frenchClock(d, true) : frenchShortDate(d);
}

function Exports() {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const get = async (format: 'ndjson' | 'csv'): Promise<void> => {
    setBusy(true);
    setError('');
    try {
      await download(`/api/exports/events?format=${format === 'csv' ? 'spreadsheet' : format}`, `catalyse-evenements.${format}`);
    } catch (e) {
      setError(`Export impossible. ${e instanceof Error ? e.message : String(e)}`);
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
  const ops = useOpsFeed();
  return (
    <Page title="Opérations" lead="Pour les opérateurs : santé du système, reconstructions, activité en direct, rapports d’évaluation et exports.">
      <div class="columns">
        <HealthPanel />
        <RebuildPanel ops={ops} />
      </div>
      <LivePanel ops={ops} />
      <Reports ops={ops} />
      <Exports />
    </Page>
  );
}
