/** Rencontres: the gatherings (annual rencontre, webinaires, ateliers, speed datings) and their attendance. */
import { useState } from 'preact/hooks';
import { useGet } from '../../api';
import { Async, date, Field, label, Page, SPHERES } from '../../ui/common';
import { ChartFigure } from '../../ui/chart';
import { DataTable } from '../../ui/table';
import { GATHERING_KINDS } from '../../ui/words';
import type { Page as ListPage } from '../partnerships/types';

export const KINDS: Record<string, string> = GATHERING_KINDS;
const STATUSES: Record<string, string> = { scheduled: 'Programmée', held: 'Tenue', cancelled: 'Annulée' };

interface Registration {
  readonly name: string;
  readonly organisation?: string;
  readonly sphere?: string;
  readonly cancelled: boolean;
  readonly attended?: boolean;
}
interface Gathering {
  readonly gatheringId: string;
  readonly kind: string;
  readonly theme: string;
  readonly status: string;
  readonly date: string;
  readonly time?: string;
  readonly place?: string;
  readonly territoryId?: string;
  readonly registered: number;
  readonly attended: number;
  readonly attendanceRate?: number;
  readonly registeredBySphere: Record<string, number>;
  readonly registrations?: Record<string, Registration>;
  readonly pairs?: readonly unknown[];
}

const percent = (r: number | undefined): string => (r === undefined ? '—' : `${Math.round(r * 100)} %`);

export function GatheringsPage() {
  const [kind, setKind] = useState('');
  const list = useGet<ListPage<Gathering>>('/api/gatherings', { kind: kind || undefined, limit: 100 });
  return (
    <Page title="Rencontres" lead="Les rencontres du réseau et leur fréquentation.">
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filtres">
        <div>
          <label for="f-kind">Type</label>
          <select id="f-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
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
        {(page) => {
          const rows = [...page.items].sort((a, b) => a.date.localeCompare(b.date));
          return (
            <>
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
              <h2>{page.total} rencontres</h2>
              <DataTable
                caption="Rencontres"
                hideCaption
                rows={rows}
                columns={[
                  { key: 'date', header: 'Date', cell: (g) => date(g.date) },
                  { key: 'theme', header: 'Thème', cell: (g) => <a href={`/rencontres/${encodeURIComponent(g.gatheringId)}`}>{g.theme}</a> },
                  { key: 'kind', header: 'Type', cell: (g) => label(KINDS, g.kind) },
                  { key: 'status', header: 'Statut', cell: (g) => label(STATUSES, g.status) },
                  { key: 'registered', header: 'Inscrits', numeric: true, cell: (g) => g.registered },
                  { key: 'attended', header: 'Présents', numeric: true, cell: (g) => g.attended },
                  { key: 'rate', header: 'Présence', numeric: true, cell: (g) => percent(g.attendanceRate) },
                ]}
              />
            </>
          );
        }}
      </Async>
    </Page>
  );
}

export function GatheringPage({ id }: { id: string }) {
  const g = useGet<Gathering>(`/api/gatherings/${encodeURIComponent(id)}`);
  return (
    <Page title={g.data?.theme ?? 'Rencontre'} lead={<a href="/rencontres">← Toutes les rencontres</a>}>
      <Async state={g} what="la rencontre">
        {(x) => {
          const people = Object.entries(x.registrations ?? {}).map(([key, r]) => ({ key, ...r }));
          return (
            <>
              <dl class="fields">
                <Field name="Type">{label(KINDS, x.kind)}</Field>
                <Field name="Date">
                  {date(x.date)}
                  {x.time ? ` à ${x.time}` : ''}
                </Field>
                <Field name="Lieu">{x.place ?? '—'}</Field>
                <Field name="Statut">{label(STATUSES, x.status)}</Field>
                <Field name="Inscrits / présents">
                  {x.registered} / {x.attended}
                </Field>
                <Field name="Taux de présence">{percent(x.attendanceRate)}</Field>
              </dl>
              <ChartFigure
                id="gathering-spheres"
                title="Inscrits par sphère"
                labels={Object.keys(x.registeredBySphere).map((s) => label(SPHERES, s))}
                series={[{ label: 'Inscrits', values: Object.values(x.registeredBySphere) }]}
              />
              <h2>Participants</h2>
              <DataTable
                caption="Participants"
                hideCaption
                rows={people}
                columns={[
                  { key: 'name', header: 'Nom', cell: (p) => p.name },
                  { key: 'org', header: 'Organisation', cell: (p) => p.organisation ?? '—' },
                  { key: 'sphere', header: 'Sphère', cell: (p) => label(SPHERES, p.sphere) },
                  {
                    key: 'state',
                    header: 'Présence',
                    cell: (p) => (p.cancelled ? 'inscription annulée' : p.attended ? 'présent·e' : x.status === 'held' ? 'absent·e' : 'inscrit·e'),
                  },
                ]}
              />
            </>
          );
        }}
      </Async>
    </Page>
  );
}
