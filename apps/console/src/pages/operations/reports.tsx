/**
 * Evaluation reports: ask for one (a job) or for a batch (every partnership of a territory, of a
 * year, or both), follow it live (its progress and its end are events the `ops` feed carries),
 * download it as HTML, CSV or JSON.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { apiCommand, download, reportArchiveUrl, useGet, useGetPage, useHubStatus } from '../../api';
import { Async, errorText } from '../../ui/common';
import { identifierProblem, unanswered, UNANSWERED_RETRY } from '../../ui/errors';
import { AsOfPicker } from '../../ui/as-of';
import type { AsOf } from '../../ui/as-of';
import { PlacePicker, useTerritories } from '../../ui/places';
import { useQueryFilters } from '../../ui/query-filters';
import type { QuerySpec } from '../../ui/url-query';
import { DataTable } from '../../ui/table';
import { dateTime, networkToday } from '../../ui/words';
import type { OpsFeed } from './live';
import { useOpsNameOf } from './ops-names';
import { SubjectChoices } from './subject-choices';
import {
  batchItems,
  batchName,
  batchProblem,
  batchSelection,
  batchTerritory,
  type LiveReport,
  liveReports,
  namedIds,
  orderedFormats,
  progressMessage,
  reportDay,
  reportFailure,
  reportSubjectName,
  requestedReports,
} from './ops-rows';

interface Report {
  readonly id: string;
  readonly status: string;
  readonly kind: string;
  readonly subject?: string;
  readonly asOf?: { readonly time?: string; readonly clock?: string };
  readonly requestedAt: string;
  readonly progress?: { readonly percent?: number; readonly message?: string };
  readonly formats?: readonly string[];
  /** Why it failed (the report job's words). */
  readonly reason?: string;
}

const KINDS: Record<string, string> = { partnership: 'Partenariat', experimentation: 'Expérimentation', territory: 'Territoire' };
/** What the form asks for: one subject of a kind, or a batch of partnerships (`batch`: not a kind of the api). */
const CHOICES: Record<string, string> = { ...KINDS, batch: 'Lot de partenariats (territoire, année)' };
const STATUS: Record<string, string> = { requested: 'demandé', running: 'en cours', completed: 'prêt', failed: 'échoué' };

const DONE = new Set(['completed', 'failed']);

/**
 * The request being written, in the page's address (`/operations?rapport=batch&territoire=alsace&annee=2014&au=2014-12-31`):
 * a reload keeps it, and a link shared opens the form filled in.
 */
const REQUEST: QuerySpec<'kind' | 'id' | 'territory' | 'year' | 'date' | 'clock'> = {
  kind: { name: 'rapport', type: { kind: 'choice', values: Object.keys(CHOICES) }, fallback: 'partnership' },
  id: { name: 'id', type: { kind: 'text', max: 100 } },
  territory: { name: 'territoire', type: { kind: 'text', max: 100 } },
  // As typed (« 201 » on the way to « 2014 »): the request's own check says what is wrong when it is sent.
  year: { name: 'annee', type: { kind: 'text', max: 6 } },
  date: { name: 'au', type: { kind: 'day', max: () => networkToday() } },
  clock: { name: 'horloge', type: { kind: 'choice', values: ['happened', 'recorded'] }, fallback: 'happened' },
};

/** The subjects of the reports of one kind (not the batches: `territory:ardeche year:2012`). */
const subjectsOf = (reports: readonly Report[], kind: string): string[] =>
  reports.filter((r) => r.kind === kind && r.subject && !/\s|:/.test(r.subject)).map((r) => r.subject ?? '');

/** The card as read, brought up to date by what the ops feed said since (a later status, a higher percent). */
function current(r: Report, live: LiveReport | undefined): Report {
  if (!live || DONE.has(r.status)) return r;
  const percent = Math.max(r.progress?.percent ?? 0, live.percent ?? 0);
  const message = live.message ?? r.progress?.message;
  return {
    ...r,
    status: DONE.has(live.status) || r.status === 'requested' ? live.status : r.status,
    progress: { percent, ...(message ? { message } : {}) },
    ...(live.formats ? { formats: live.formats } : {}),
    ...(live.reason ? { reason: live.reason } : {}),
  };
}

export function Reports({ ops }: { ops: OpsFeed }) {
  // The api lists reports the newest first: the page reads the latest 200 (and keeps them so as their states move).
  const list = useGetPage<Report>('/api/reports', { limit: 200, offset: 0 });
  const [request, setRequest] = useQueryFilters(REQUEST);
  const { kind, id, territory, year } = request;
  const setKind = (next: string): void => setRequest({ kind: next });
  const setId = (next: string): void => setRequest({ id: next });
  const setTerritory = (next: string): void => setRequest({ territory: next });
  const setYear = (next: string): void => setRequest({ year: next });
  const territories = useTerritories(kind === 'territory' || kind === 'batch');
  const asOf: AsOf = { date: request.date, clock: request.clock === 'recorded' ? 'recorded' : 'happened' };
  const setAsOf = (next: AsOf): void => setRequest({ date: next.date, clock: next.clock });
  const [message, setMessage] = useState('');
  // The batch whose partnership reports are listed below the table (one at a time).
  const [opened, setOpened] = useState<Report | undefined>();
  // One Idempotency-Key per request asked, kept until it is answered (a double click records one report; the same
  // request sent again after no answer is recorded once), and the button waiting meanwhile, as the other forms do
  // (ui/command-forms.tsx). Another request (another subject or date) takes a new key: the api refuses a key reused
  // for another report.
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const requestKey = useRef({ key: crypto.randomUUID(), body: '' });
  const live = useMemo(() => liveReports(ops.entries), [ops.entries]);
  const items = (list.data?.items ?? []).map((r) => current(r, live.get(r.id)));
  const pending = items.some((r) => !DONE.has(r.status));
  // The subjects by name (a partnership's title…), the id until read.
  const nameOf = useOpsNameOf({
    ...namedIds([]),
    partnership: subjectsOf(items, 'partnership'),
    experimentation: subjectsOf(items, 'experimentation'),
    // A batch's territory (`territory:alsace year:2014`) by its name too.
    territory: [...subjectsOf(items, 'territory'), ...items.flatMap((r) => (r.subject && batchTerritory(r.subject)) || [])],
  });
  const subjectText = (r: Report): string => (r.subject ? reportSubjectName(r.kind, r.subject, nameOf) : '');
  const hub = useHubStatus();
  const following = ops.joined && hub === 'online';
  // A report asked (here or by another operator) appears in the feed: its card is read once.
  const known = useRef(new Set<string>());
  useEffect(() => {
    if (list.loading || !list.data) return;
    for (const r of list.data.items) known.current.add(r.id);
    const fresh = requestedReports(ops.entries).filter((reportId) => !known.current.has(reportId));
    if (fresh.length === 0) return;
    for (const reportId of fresh) known.current.add(reportId);
    list.reload();
  }, [ops.entries, list.data, list.loading]);
  // Only while the ops room is not followed (the hub unreachable) is the list read again to see reports progress.
  useEffect(() => {
    if (!pending || following) return;
    const timer = setTimeout(list.reload, 2000);
    return () => clearTimeout(timer);
  }, [pending, following, list]);
  const subject = kind === 'territory' ? territory : id;
  const ask = async (): Promise<void> => {
    // A new request: what the last one said goes (its refusal is not this one's).
    setMessage('');
    if (kind === 'batch') {
      const refusal = batchProblem(territory, year);
      if (refusal) {
        setMessage(refusal);
        return;
      }
      await send({ kind: 'partnership', ...(territory ? { territory } : {}), ...(year ? { year: Number(year) } : {}) });
      return;
    }
    if (!subject) {
      setMessage(kind === 'territory' ? 'Choisissez un territoire.' : 'L’identifiant est obligatoire.');
      return;
    }
    const problem = kind === 'territory' ? undefined : identifierProblem(subject);
    if (problem) {
      setMessage(problem);
      return;
    }
    await send({ kind, id: subject });
  };
  const send = async (selection: Record<string, unknown>): Promise<void> => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      const body = { ...selection, ...(asOf.date ? { asOf: asOf.date, clock: asOf.clock } : {}) };
      const text = JSON.stringify(body);
      if (requestKey.current.body !== text) requestKey.current = { key: crypto.randomUUID(), body: text };
      const r = await apiCommand<{ id: string }>('/api/reports', body, requestKey.current.key);
      if (!r.ok && unanswered(r.error)) {
        setMessage(`${errorText(r.error)} ${UNANSWERED_RETRY}`);
        return;
      }
      setMessage(r.ok ? 'Rapport demandé : son avancement s’affiche en direct dans la liste.' : `Demande refusée. ${errorText(r.error)}`);
      // Answered: the next request is another one.
      requestKey.current = { key: crypto.randomUUID(), body: '' };
      list.reload();
    } catch (e: unknown) {
      setMessage(`${errorText({ code: 'NETWORK', message: String(e) })} ${UNANSWERED_RETRY}`);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  const get = (r: Report, format: string, item?: string): void => {
    // The server's name (« rapports-partenariats-alsace-2014.html »), the console's own when it gives none.
    const one = item === undefined ? '' : `&item=${encodeURIComponent(item)}`;
    download(`/api/reports/${encodeURIComponent(r.id)}/download?format=${format}${one}`, `rapport-${item ?? r.subject ?? r.id}.${format}`, {
      serverName: true,
    }).catch((e: unknown) => setMessage(`Téléchargement impossible. ${e instanceof Error ? e.message : String(e)}`));
  };
  const getAll = (r: Report): void => {
    // As a report's files: with the token, under the api's name (« rapports-partenariats-alsace-2014.zip »).
    download(reportArchiveUrl(r.id), `rapport-${r.subject ?? r.id}.zip`, { serverName: true }).catch((e: unknown) =>
      setMessage(`Téléchargement impossible. ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <section class="card" aria-labelledby="h-reports">
      <h2 id="h-reports">Rapports d’évaluation</h2>
      <form
        class="toolbar"
        // Stopped by the browser's own checks (a day after today): what the last request said is no longer shown.
        onInvalidCapture={() => setMessage('')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!inFlight.current) void ask();
        }}
      >
        <div>
          <label for="r-kind">Objet</label>
          <select id="r-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {Object.entries(CHOICES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {kind === 'batch' ? (
          <>
            <PlacePicker id="r-territory" label="Territoire" all="tous les territoires" value={territory} options={territories} onChange={setTerritory} />
            <div>
              <label for="r-year">Actifs en</label>
              <input
                id="r-year"
                type="number"
                inputMode="numeric"
                placeholder="toutes les années"
                value={year}
                aria-describedby="r-year-aide"
                onInput={(e) => setYear(e.currentTarget.value)}
              />
              <small id="r-year-aide" class="hint">
                Un rapport par partenariat, et leur sommaire
              </small>
            </div>
          </>
        ) : kind === 'territory' ? (
          <PlacePicker id="r-territory" label="Territoire" all="choisir…" value={territory} options={territories} onChange={setTerritory} />
        ) : (
          <div>
            <label for="r-id">Identifiant</label>
            <input
              id="r-id"
              list="r-id-choix"
              value={id}
              required
              maxLength={100}
              aria-describedby="r-id-aide"
              aria-invalid={id !== '' && identifierProblem(id) !== undefined}
              onInput={(e) => setId(e.currentTarget.value)}
            />
            <SubjectChoices id="r-id-choix" kind={kind} />
            <small id="r-id-aide" class="hint">
              Tapez une partie du titre et choisissez, ou l’identifiant (ex. flda-cg-ardeche)
            </small>
          </div>
        )}
        <AsOfPicker value={asOf} onChange={setAsOf} idPrefix="r-asof" />
        <button type="submit" disabled={busy}>
          Demander le rapport
        </button>
      </form>
      {message && <p role="status">{message}</p>}
      <Async state={list} what="les rapports">
        {(page) => (
          <DataTable
            caption={`Rapports (${page.total})`}
            empty="Aucun rapport pour l’instant."
            stackOnNarrow
            rows={items}
            columns={[
              { key: 'at', header: 'Demandé le', cell: (r) => dateTime(r.requestedAt) },
              { key: 'kind', header: 'Objet', cell: (r) => (r.subject && batchName(r.subject, nameOf)) || `${KINDS[r.kind] ?? r.kind} ${subjectText(r)}` },
              { key: 'asOf', header: 'À la date du', cell: (r) => reportDay(r) },
              {
                key: 'status',
                header: 'État',
                cell: (r) => (
                  <>
                    {STATUS[r.status] ?? r.status}
                    {r.progress?.percent !== undefined && !DONE.has(r.status) ? ` (${r.progress.percent} %)` : ''}
                    {r.progress?.message && !DONE.has(r.status) && (
                      <span class="hint"> — {progressMessage(r.progress.message, r.kind, r.subject ?? '', nameOf)}</span>
                    )}
                    {r.status === 'failed' && <span class="hint"> — {reportFailure(r.reason)}</span>}
                  </>
                ),
              },
              {
                key: 'dl',
                header: 'Télécharger',
                cell: (r) =>
                  r.status === 'completed' ? (
                    <>
                      {orderedFormats(r.formats).map((f) => (
                        <button
                          key={f}
                          type="button"
                          class="link"
                          style={{ marginRight: '0.75rem' }}
                          onClick={() => get(r, f)}
                          aria-label={`Télécharger ${r.subject && batchSelection(r.subject) ? 'l’index du lot' : 'le rapport'} ${subjectText(r) || r.id} en ${f.toUpperCase()}`}
                        >
                          {f.toUpperCase()}
                        </button>
                      ))}
                      <button
                        type="button"
                        class="link"
                        style={{ marginRight: '0.75rem' }}
                        onClick={() => getAll(r)}
                        aria-label={`Tout télécharger (.zip) : ${r.subject && batchSelection(r.subject) ? 'le lot' : 'le rapport'} ${subjectText(r) || r.id}`}
                      >
                        Tout télécharger (.zip)
                      </button>
                      {r.subject && batchSelection(r.subject) && (
                        <button type="button" class="link" aria-expanded={opened?.id === r.id} onClick={() => setOpened(opened?.id === r.id ? undefined : r)}>
                          {opened?.id === r.id ? 'Masquer les rapports du lot' : 'Rapports du lot'}
                        </button>
                      )}
                    </>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </Async>
      {opened && <BatchReports report={opened} name={subjectText(opened)} get={get} />}
    </section>
  );
}

/** A report's page as `GET /api/reports/{id}` answers it: what the list below needs. */
interface ReportPage {
  readonly items?: readonly { readonly item: string; readonly title?: string }[];
  readonly files?: readonly { readonly item: string; readonly format: string }[];
}

/** The partnership reports of a batch, each to download in its formats (the index above lists them with their figures). */
function BatchReports({ report, name, get }: { report: Report; name: string; get: (r: Report, format: string, item?: string) => void }) {
  const page = useGet<ReportPage>(`/api/reports/${encodeURIComponent(report.id)}`);
  return (
    <Async state={page} what="les rapports du lot">
      {(read) => {
        const lines = batchItems(read);
        return lines.length === 0 ? (
          <p>Ce lot ne compte aucun rapport de partenariat : son index seul a été établi.</p>
        ) : (
          <DataTable
            caption={`Rapports du lot : ${name} (${lines.length})`}
            empty="Aucun rapport dans ce lot."
            stackOnNarrow
            rows={lines}
            columns={[
              { key: 'title', header: 'Partenariat', cell: (line) => line.title },
              {
                key: 'dl',
                header: 'Télécharger',
                cell: (line) =>
                  line.formats.map((f) => (
                    <button
                      key={f}
                      type="button"
                      class="link"
                      style={{ marginRight: '0.75rem' }}
                      onClick={() => get(report, f, line.item)}
                      aria-label={`Télécharger le rapport ${line.title} en ${f.toUpperCase()}`}
                    >
                      {f.toUpperCase()}
                    </button>
                  )),
              },
            ]}
          />
        );
      }}
    </Async>
  );
}
