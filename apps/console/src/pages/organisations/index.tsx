/**
 * Organisations: the list (by territory, nature and maturity), and an organisation's page — its
 * profile, its alliance strategy, its accompaniments, partnerships, introductions and the gatherings
 * its people registered for — live through its room `organisation:{id}` (any entry: read it again).
 * A partner reads its own organisation only (« Mon organisation »); the api refuses the others.
 * Catalyseurs and operators act from here (./forms.tsx, ./acting-panel.tsx, ./accompaniment-forms.tsx): they register an
 * organisation from the list, and on its page update its profile, record its alliance strategy, open an accompaniment
 * and act on those they hold.
 */
import { useState } from 'preact/hooks';
import { useGet, useGetAll } from '../../api';
import { useSession } from '../../session';
import { actorOf, actsOn } from './act';
import { organisationsPage, organisationsStatus } from './list';
import { AccompanimentActForm, type AccompanimentAct, AccompanimentButtons } from './accompaniment-forms';
import { ActingPanel } from './acting-panel';
import { RegisterForm, useActing } from './forms';
import { LiveNote, useLiveReload } from '../../ui/live';
import { Async, date, Field, label, MODES, OBJECTIVES, Page, PHASES, SPHERES } from '../../ui/common';
import { useCatalyseurNames } from '../../ui/names';
import { PlacePicker, useTerritories } from '../../ui/places';
import { useQueryFilters } from '../../ui/query-filters';
import { offsetOf, pageOf, type QuerySpec } from '../../ui/url-query';
import { DataTable } from '../../ui/table';
import { ACCOMPANIMENT_OUTCOMES, ACCOMPANIMENT_STATUSES, GATHERING_KINDS, INTRODUCTION_STATUSES, MATURITIES, SIZES } from '../../ui/words';

export interface Organisation {
  readonly organisationId: string;
  readonly name: string;
  readonly kind: string;
  readonly size: string;
  readonly territoryId: string;
  readonly registryNumber?: string;
  readonly registry?: 'siren' | 'rna';
  readonly registeredAt?: string;
  readonly updatedAt: string;
  readonly strategy?: { readonly maturity: string; readonly objectiveFamilies: readonly string[]; readonly recordedOn: string };
}
interface OrganisationView extends Organisation {
  readonly revision: number;
  readonly accompaniments: readonly {
    readonly accompanimentId: string;
    readonly catalyseurId: string;
    readonly purpose: string;
    readonly status: string;
    readonly openedOn: string;
    readonly sessionCount: number;
    readonly lastSessionOn?: string;
    readonly maturity?: string;
    readonly closedOn?: string;
    readonly outcome?: string;
  }[];
  readonly partnerships: readonly { readonly id: string; readonly title: string; readonly phase: string; readonly modes: readonly string[] }[];
  readonly introductions: readonly {
    readonly introductionId: string;
    readonly status: string;
    readonly introducedOn: string;
    readonly purpose: string;
    readonly with: readonly { readonly orgId: string; readonly name: string }[];
    readonly partnershipIds: readonly string[];
  }[];
  readonly gatherings: readonly {
    readonly gatheringId: string;
    readonly kind: string;
    readonly theme: string;
    readonly date: string;
    readonly status: string;
    readonly registered: number;
    readonly attended: number;
  }[];
}

const LIMIT = 25;

/** `/organisations?territoire=ardeche&nature=association&maturite=emergente&nom=loisirs&page=2`. */
const FILTERS: QuerySpec<'territory' | 'kind' | 'maturity' | 'name' | 'page'> = {
  territory: { name: 'territoire', type: { kind: 'id' } },
  kind: { name: 'nature', type: { kind: 'choice', values: Object.keys(SPHERES) } },
  maturity: { name: 'maturite', type: { kind: 'choice', values: Object.keys(MATURITIES) } },
  name: { name: 'nom', type: { kind: 'text', max: 200 } },
  page: { name: 'page', type: { kind: 'page', size: LIMIT } },
};
const orgHref = (id: string): string => `/organisations/${encodeURIComponent(id)}`;

/** « SIREN 775 672 272 », « RNA W123456789 », or a dash. */
function registryText(o: Organisation): string {
  if (!o.registryNumber) return '—';
  if (o.registry === 'siren') return `SIREN ${o.registryNumber.replace(/(\d{3})(?=\d)/g, '$1 ')}`;
  return o.registry === 'rna' ? `RNA ${o.registryNumber}` : o.registryNumber;
}

function Select({
  id,
  name,
  all,
  value,
  options,
  onChange,
}: {
  id: string;
  name: string;
  all: string;
  value: string;
  options: Record<string, string>;
  onChange: (v: string) => void;
}) {
  return (
    <div>
      <label for={id}>{name}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{all}</option>
        {Object.entries(options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}

export function OrganisationsPage() {
  const [{ territory, kind, maturity, name, page: shown }, setFilters] = useQueryFilters(FILTERS);
  const offset = offsetOf(shown, LIMIT);
  const setOffset = (next: number): void => setFilters({ page: pageOf(next, LIMIT) });
  const territories = useTerritories();
  const names = new Map(territories.map((t) => [t.value, t.label]));
  const actor = actorOf(useSession());
  const [registering, setRegistering] = useState(false);
  // The whole list the filters keep (a few hundred), sorted and filtered by name here: the api sorts names as text
  // (« n° 100 » before « n° 2 ») and has no name filter.
  const list = useGetAll<Organisation>('/api/organisations', {
    territory: territory || undefined,
    kind: kind || undefined,
    maturity: maturity || undefined,
  });
  // Another filter: from the first page.
  const reset = (key: 'territory' | 'kind' | 'maturity' | 'name') => (v: string) => setFilters({ [key]: v, page: '' });
  return (
    <Page title="Organisations" lead="Les organisations du réseau : leur profil, leur stratégie d’alliance et ce qui les lie au réseau.">
      {actor &&
        (registering ? (
          <RegisterForm territories={territories} onCancel={() => setRegistering(false)} />
        ) : (
          <p class="act-open">
            <button type="button" onClick={() => setRegistering(true)}>
              Enregistrer une organisation
            </button>
          </p>
        ))}
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filtres">
        <PlacePicker id="f-territory" label="Territoire" all="tous les territoires" value={territory} options={territories} onChange={reset('territory')} />
        <Select id="f-kind" name="Nature" all="toutes" value={kind} options={SPHERES} onChange={reset('kind')} />
        <Select id="f-maturity" name="Maturité" all="toutes" value={maturity} options={MATURITIES} onChange={reset('maturity')} />
        <div>
          <label for="f-name">Nom</label>
          <input id="f-name" type="search" maxLength={200} value={name} placeholder="ex. Adidas" onInput={(e) => reset('name')(e.currentTarget.value)} />
        </div>
      </form>
      <Async state={list} what="les organisations">
        {(all) => {
          const page = organisationsPage(all, name, offset, LIMIT);
          return (
            <>
              <p role="status">{organisationsStatus(page, name)}</p>
              <DataTable
                caption="Organisations"
                empty="Aucune organisation pour ces filtres."
                hideCaption
                rows={page.items}
                columns={[
                  { key: 'name', header: 'Organisation', cell: (o) => <a href={orgHref(o.organisationId)}>{o.name}</a> },
                  { key: 'kind', header: 'Nature', cell: (o) => label(SPHERES, o.kind) },
                  { key: 'size', header: 'Taille', cell: (o) => label(SIZES, o.size) },
                  { key: 'territory', header: 'Territoire', cell: (o) => names.get(o.territoryId) ?? o.territoryId },
                  { key: 'maturity', header: 'Maturité', cell: (o) => (o.strategy ? label(MATURITIES, o.strategy.maturity) : '—') },
                ]}
              />
              {page.total > LIMIT && (
                <nav class="pager" aria-label="Pages">
                  <button type="button" class="secondary" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, page.offset - LIMIT))}>
                    Précédentes
                  </button>{' '}
                  <button type="button" class="secondary" disabled={page.offset + LIMIT >= page.total} onClick={() => setOffset(page.offset + LIMIT)}>
                    Suivantes
                  </button>
                </nav>
              )}
            </>
          );
        }}
      </Async>
    </Page>
  );
}

function OrganisationView({ o, partner, reload }: { o: OrganisationView; partner: boolean; reload: () => void }) {
  const session = useSession();
  const actor = actorOf(session);
  // The territories' names: the network's profiles, or for a partner (who reads none) those of its partnerships.
  const profiles = useTerritories(!partner);
  const own = useGetAll<{ readonly territory: { readonly id: string; readonly name: string } }>(partner ? '/api/partnerships' : null);
  const territory =
    profiles.find((t) => t.value === o.territoryId)?.label ?? own.data?.find((p) => p.territory.id === o.territoryId)?.territory.name ?? o.territoryId;
  const catalyseurs = useCatalyseurNames(o.accompaniments.map((a) => a.catalyseurId));
  const acting = useActing(o, reload, session?.sub, (id) => catalyseurs.get(id));
  const [chosen, setChosen] = useState<AccompanimentAct | null>(null);
  const chosenRow = chosen ? o.accompaniments.find((a) => a.accompanimentId === chosen.accompanimentId && actsOn(actor, a)) : undefined;
  const acts = actor !== null && o.accompaniments.some((a) => actsOn(actor, a));
  return (
    <>
      <dl class="fields">
        <Field name="Nature">{label(SPHERES, o.kind)}</Field>
        <Field name="Taille">{label(SIZES, o.size)}</Field>
        <Field name="Territoire">{partner ? territory : <a href={`/territoires/${encodeURIComponent(o.territoryId)}`}>{territory}</a>}</Field>
        <Field name="N° SIREN / RNA">{registryText(o)}</Field>
        <Field name="Inscrite le">{date(o.registeredAt)}</Field>
      </dl>
      <section class="card" aria-labelledby="h-strategy">
        <h2 id="h-strategy">Stratégie d’alliance</h2>
        {o.strategy ? (
          <dl class="fields">
            <Field name="Maturité">
              <span class="badge">{label(MATURITIES, o.strategy.maturity)}</span>
            </Field>
            <Field name="Objectifs recherchés">{o.strategy.objectiveFamilies.map((f) => label(OBJECTIVES, f)).join(', ')}</Field>
            <Field name="Enregistrée le">{date(o.strategy.recordedOn)}</Field>
          </dl>
        ) : (
          <p class="empty">Aucune stratégie d’alliance enregistrée.</p>
        )}
      </section>
      {actor && <ActingPanel o={o} actor={actor} territories={profiles} acting={acting} />}
      <h2>Accompagnements</h2>
      <DataTable
        caption="Accompagnements"
        hideCaption
        empty="Aucun accompagnement."
        rows={o.accompaniments}
        columns={[
          { key: 'purpose', header: 'Objet', cell: (a) => a.purpose },
          { key: 'catalyseur', header: 'Catalyseur', cell: (a) => catalyseurs.get(a.catalyseurId) ?? a.catalyseurId },
          { key: 'opened', header: 'Ouvert le', cell: (a) => date(a.openedOn) },
          { key: 'sessions', header: 'Séances', numeric: true, cell: (a) => a.sessionCount },
          { key: 'last', header: 'Dernière séance', cell: (a) => date(a.lastSessionOn) },
          { key: 'maturity', header: 'Maturité constatée', cell: (a) => label(MATURITIES, a.maturity) },
          {
            key: 'status',
            header: 'État',
            cell: (a) =>
              a.status === 'closed'
                ? `Clos le ${date(a.closedOn)}${a.outcome ? ` : ${label(ACCOMPANIMENT_OUTCOMES, a.outcome)}` : ''}`
                : label(ACCOMPANIMENT_STATUSES, a.status),
          },
          ...(acts
            ? [
                {
                  key: 'actions',
                  header: 'Actions',
                  cell: (a: OrganisationView['accompaniments'][number]) =>
                    actsOn(actor, a) ? <AccompanimentButtons a={a} acting={acting} onChoose={setChosen} /> : '—',
                },
              ]
            : []),
        ]}
      />
      {chosen && chosenRow && (
        <AccompanimentActForm key={`${chosen.accompanimentId}-${chosen.act}`} a={chosenRow} act={chosen.act} acting={acting} onClose={() => setChosen(null)} />
      )}
      {acting.done?.form === 'accompaniment' && (
        <p role="status" class="ok">
          {acting.done.text}
        </p>
      )}
      <h2>Partenariats</h2>
      <DataTable
        caption="Partenariats"
        hideCaption
        empty="Aucun partenariat."
        rows={o.partnerships}
        columns={[
          { key: 'title', header: 'Partenariat', cell: (p) => <a href={`/partenariats/${encodeURIComponent(p.id)}`}>{p.title}</a> },
          { key: 'modes', header: 'Modes', cell: (p) => p.modes.map((m) => label(MODES, m)).join(', ') },
          { key: 'phase', header: 'Phase', cell: (p) => <span class="badge">{label(PHASES, p.phase)}</span> },
        ]}
      />
      <h2>Mises en relation</h2>
      <DataTable
        caption="Mises en relation"
        hideCaption
        empty="Aucune mise en relation."
        rows={o.introductions}
        columns={[
          { key: 'on', header: 'Le', cell: (i) => date(i.introducedOn) },
          { key: 'with', header: 'Avec', cell: (i) => i.with.map((w) => w.name).join(', ') || '—' },
          { key: 'purpose', header: 'Objet', cell: (i) => i.purpose },
          { key: 'status', header: 'Suite', cell: (i) => label(INTRODUCTION_STATUSES, i.status) },
          {
            key: 'partnerships',
            header: 'Partenariats',
            cell: (i) =>
              i.partnershipIds.length === 0
                ? '—'
                : i.partnershipIds.map((id, n) => (
                    <span key={id}>
                      {n > 0 && ', '}
                      <a href={`/partenariats/${encodeURIComponent(id)}`}>{o.partnerships.find((p) => p.id === id)?.title ?? id}</a>
                    </span>
                  )),
          },
        ]}
      />
      <h2>Rencontres</h2>
      <DataTable
        caption="Rencontres"
        hideCaption
        empty="Aucune rencontre."
        rows={o.gatherings}
        columns={[
          { key: 'date', header: 'Date', cell: (g) => date(g.date) },
          // Gatherings' pages are the network's (catalyseurs, operators): a partner reads the theme only.
          { key: 'theme', header: 'Thème', cell: (g) => (partner ? g.theme : <a href={`/rencontres/${encodeURIComponent(g.gatheringId)}`}>{g.theme}</a>) },
          { key: 'kind', header: 'Type', cell: (g) => label(GATHERING_KINDS, g.kind) },
          { key: 'registered', header: 'Inscrits', numeric: true, cell: (g) => g.registered },
          { key: 'attended', header: 'Présents', numeric: true, cell: (g) => g.attended },
        ]}
      />
    </>
  );
}

export function OrganisationPage({ id }: { id: string }) {
  const session = useSession();
  const partner = session?.role === 'partner';
  // A partner reads its own organisation only: another's page says it cannot be read, not that it is theirs.
  const own = partner && session?.org === id;
  const view = useGet<OrganisationView>(`/api/organisations/${encodeURIComponent(id)}`);
  const live = useLiveReload(view.error ? null : `organisation:${id}`, view.reload);
  return (
    <Page
      title={view.data?.name ?? (own ? 'Mon organisation' : 'Organisation')}
      lead={own ? 'Votre organisation dans le réseau.' : partner ? undefined : <a href="/organisations">← Toutes les organisations</a>}
    >
      {own && view.error?.code === 'NOT_FOUND' ? (
        <p class="empty" role="status">
          {unregisteredText(id)}
        </p>
      ) : (
        <Async state={view} what="l’organisation">
          {(o) => (
            <>
              <LiveNote state={live} />
              <OrganisationView o={o} partner={partner} reload={view.reload} />
            </>
          )}
        </Async>
      )}
    </Page>
  );
}

/** What a partner reads when its token's organisation is not registered (its page answers 404). */
export const unregisteredText = (org: string): string =>
  `Votre organisation (${org}) n’est pas encore enregistrée dans Catalyse : votre catalyseur ou un opérateur peut l’enregistrer.`;

/** A partner's own organisation (its token's `org`). */
export function MyOrganisationPage() {
  const org = useSession()?.org;
  if (!org) {
    return (
      <Page title="Mon organisation">
        <p class="empty">Votre jeton ne désigne aucune organisation.</p>
      </Page>
    );
  }
  return <OrganisationPage id={org} />;
}
