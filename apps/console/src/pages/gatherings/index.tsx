/**
 * Rencontres: the gatherings (annual rencontre, webinaires, ateliers, conférences, speed datings) and their attendance. Catalyseurs
 * and operators schedule one from the list and run its life from its page (`forms.tsx`), which follows its room.
 */
import { useState } from 'preact/hooks';
import { useGet, useGetAll } from '../../api';
import { useSession } from '../../session';
import { Async, date, Field, label, Page, SPHERES } from '../../ui/common';
import { ChartFigure } from '../../ui/chart';
import { LiveNote, useLiveReload } from '../../ui/live';
import { useTerritories } from '../../ui/places';
import { useQueryFilters } from '../../ui/query-filters';
import type { QuerySpec } from '../../ui/url-query';
import { DataTable } from '../../ui/table';
import { count, GATHERING_KINDS, hasLongWord, ofName } from '../../ui/words';
import { actionsOf, attendancePending, attendanceRateText, hoursText, registrationState, runsGatherings } from './act';
import { CancelRegistrationForm, type Gathering, GatheringActions, ScheduleGatheringForm, useActing } from './forms';

export const KINDS: Record<string, string> = GATHERING_KINDS;
const STATUSES: Record<string, string> = { scheduled: 'Programmée', held: 'Tenue', cancelled: 'Annulée' };

/** `/rencontres?type=atelier`. */
const FILTERS: QuerySpec<'kind'> = { kind: { name: 'type', type: { kind: 'choice', values: Object.keys(KINDS) } } };

export function GatheringsPage() {
  const [{ kind }, setFilters] = useQueryFilters(FILTERS);
  const list = useGetAll<Gathering>('/api/gatherings', { kind: kind || undefined });
  const runs = runsGatherings(useSession()?.role);
  const [scheduling, setScheduling] = useState(false);
  return (
    <Page title="Rencontres" lead="Les rencontres du réseau et leur fréquentation.">
      {runs &&
        (scheduling ? (
          <ScheduleGatheringForm onClose={() => setScheduling(false)} />
        ) : (
          <p>
            <button type="button" onClick={() => setScheduling(true)}>
              Programmer une rencontre
            </button>
          </p>
        ))}
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filtres">
        <div>
          <label for="f-kind">Type</label>
          <select id="f-kind" value={kind} onChange={(e) => setFilters({ kind: e.currentTarget.value })}>
            <option value="">tous</option>
            {Object.entries(KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Async state={list} what="les rencontres">
        {(gatherings) => {
          const rows = [...gatherings].sort((a, b) => a.date.localeCompare(b.date));
          return (
            <>
              {/* The count heads the chart and the table alike: the chart's title (h3) comes under it, never under the page's h1. */}
              <h2>{count(rows.length, 'rencontre')}</h2>
              <ChartFigure
                id="gatherings-attendance"
                title="Inscrits et présents par rencontre"
                labels={rows.map((g) => `${date(g.date)} · ${g.theme}`)}
                series={[
                  { label: 'Inscrits', values: rows.map((g) => g.registered) },
                  { label: 'Présents', values: rows.map((g) => g.attended) },
                ]}
                kind="hbar"
              />
              <DataTable
                caption="Rencontres"
                empty="Aucune rencontre pour ces filtres."
                hideCaption
                rows={rows}
                columns={[
                  { key: 'date', header: 'Date', cell: (g) => date(g.date) },
                  { key: 'theme', header: 'Thème', cell: (g) => <a href={`/rencontres/${encodeURIComponent(g.gatheringId)}`}>{g.theme}</a> },
                  { key: 'kind', header: 'Type', cell: (g) => label(KINDS, g.kind) },
                  { key: 'status', header: 'Statut', cell: (g) => label(STATUSES, g.status) },
                  { key: 'registered', header: 'Inscrits', numeric: true, cell: (g) => g.registered },
                  { key: 'attended', header: 'Présents', numeric: true, cell: (g) => g.attended },
                  { key: 'rate', header: 'Présence', numeric: true, cell: (g) => attendanceRateText(g) },
                ]}
              />
            </>
          );
        }}
      </Async>
    </Page>
  );
}

/** A name in a cell: one typed without spaces wraps anywhere rather than widening the table (the others keep whole words). */
function Words({ text }: { text: string }) {
  return hasLongWord(text) ? <span class="long-words">{text}</span> : <>{text}</>;
}

/** Where it takes place, in words: its place, or « en ligne » and its link. */
function venueText(g: Gathering) {
  if (g.link)
    return (
      <>
        en ligne :{' '}
        <a href={g.link} rel="noopener noreferrer" target="_blank">
          {g.link}
        </a>
      </>
    );
  return g.place ?? '—';
}

export function GatheringPage({ id }: { id: string }) {
  const g = useGet<Gathering>(`/api/gatherings/${encodeURIComponent(id)}`);
  const runs = runsGatherings(useSession()?.role);
  // Anything new in its room (a registration, its holding…): the gathering is read again.
  const live = useLiveReload(runs ? `gathering:${id}` : null, g.reload);
  return (
    <Page title={g.data?.theme ?? 'Rencontre'} lead={<a href="/rencontres">← Toutes les rencontres</a>}>
      <Async state={g} what="la rencontre">
        {(x) => <GatheringView x={x} runs={runs} live={live} reload={g.reload} />}
      </Async>
    </Page>
  );
}

function GatheringView({ x, runs, live, reload }: { x: Gathering; runs: boolean; live: ReturnType<typeof useLiveReload>; reload: () => void }) {
  const acting = useActing(x, reload);
  const territories = useTerritories();
  const [unregistering, setUnregistering] = useState<string | null>(null);
  const people = Object.entries(x.registrations ?? {}).map(([key, r]) => ({ key, ...r }));
  const mayUnregister = runs && actionsOf(x.status).includes('cancel-registration');
  const chosen = unregistering ? x.registrations?.[unregistering] : undefined;
  const territory = x.territoryId ? (territories.find((t) => t.value === x.territoryId)?.label ?? x.territoryId) : undefined;
  const hours = hoursText(x.time, x.endTime);
  const pending = attendancePending(x);
  return (
    <>
      {runs && <LiveNote state={live} />}
      <dl class="fields">
        <Field name="Type">{label(KINDS, x.kind)}</Field>
        <Field name="Date">
          {date(x.date)}
          {hours ? `, ${hours}` : ''}
        </Field>
        <Field name="Lieu">{venueText(x)}</Field>
        <Field name="Statut">
          <span class="badge">{label(STATUSES, x.status)}</span>
          {x.status === 'held' && x.heldOn && x.heldOn !== x.date ? ` le ${date(x.heldOn)}` : ''}
        </Field>
        {territory && <Field name="Territoire">{territory}</Field>}
        {x.organiser && <Field name="Organisée par">{x.organiser.inNetwork ? x.organiser.name : `${x.organiser.name} (hors du réseau)`}</Field>}
        <Field name="Inscrits / présents">
          {x.registered} / {x.attended}
          {x.capacity !== undefined ? ` (${x.capacity} places)` : ''}
        </Field>
        <Field name="Taux de présence">{attendanceRateText(x)}</Field>
      </dl>
      {runs && <GatheringActions g={x} acting={acting} />}
      {Object.keys(x.registeredBySphere).length > 0 && (
        <ChartFigure
          id="gathering-spheres"
          title="Inscrits par sphère"
          labels={Object.keys(x.registeredBySphere).map((s) => label(SPHERES, s))}
          series={[{ label: 'Inscrits', values: Object.values(x.registeredBySphere) }]}
        />
      )}
      <h2>Participants</h2>
      <DataTable
        caption="Participants"
        hideCaption
        rows={people}
        empty="Personne n’est encore inscrit."
        columns={[
          { key: 'name', header: 'Nom', cell: (p) => <Words text={p.name} /> },
          { key: 'org', header: 'Organisation', cell: (p) => (p.organisation ? <Words text={p.organisation} /> : '—') },
          { key: 'sphere', header: 'Sphère', cell: (p) => label(SPHERES, p.sphere) },
          { key: 'state', header: 'Présence', cell: (p) => registrationState(p, x.status, pending) },
          ...(mayUnregister
            ? [
                {
                  key: 'actions',
                  header: 'Inscription',
                  cell: (p: (typeof people)[number]) =>
                    p.cancelled ? (
                      '—'
                    ) : (
                      <button type="button" class="secondary small" disabled={acting.busy} onClick={() => setUnregistering(p.key)}>
                        Annuler l’inscription<span class="sr-only"> {ofName(p.name)}</span>
                      </button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {mayUnregister && unregistering && chosen && !chosen.cancelled && (
        <CancelRegistrationForm key={unregistering} id={unregistering} r={chosen} acting={acting} onClose={() => setUnregistering(null)} />
      )}
      {runs && acting.done?.form === 'cancel-registration' && (
        <p role="status" class="ok">
          Inscription annulée.
        </p>
      )}
    </>
  );
}
