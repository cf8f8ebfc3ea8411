/**
 * Territoires: the territories, and one's view (diagnostic of fragilités, key figures, indicators against the national
 * average, needs and the actions that answer them with the actors that carry them, actors, partnerships, the
 * introductions funnel).
 */
import { useGet, useGetAll } from '../../api';
import { Async, date, Field, label, Page, PHASES, SPHERES } from '../../ui/common';
import { ChartFigure } from '../../ui/chart';
import { sortedBy } from '../../ui/collate';
import { DataTable } from '../../ui/table';
import { TERRITORY_SCALES, TERRITORY_TYPOLOGIES } from '../../ui/words';
import { KINDS } from '../gatherings';
import {
  actorNames,
  directionText,
  figureLabelText,
  figureShareText,
  frenchNumber,
  gapText,
  type IndicatorAgainstNational,
  type KeyFigure,
  measureText,
  needLabels,
  provenanceText,
  type TerritoryAction,
  type TerritoryNeed,
  byDate,
} from './diagnostic';
import './territory.css';

interface Territory {
  readonly territoryId: string;
  readonly name: string;
  readonly typology: string;
  readonly level: string;
  readonly region: string;
  readonly registeredAt: string;
  readonly actors: readonly { readonly orgId: string; readonly name: string; readonly sphere: string }[];
  readonly domains: readonly { readonly domain: string; readonly label: string }[];
  /** domain → kind of actor → `haute` | `moyenne` | `basse`. */
  readonly priorities: Record<string, Record<string, string>>;
  readonly highPriorities: readonly string[];
  /** The current key figures, once recorded. */
  readonly keyFigures?: { readonly recordedOn: string; readonly source?: string; readonly figures: readonly KeyFigure[] };
  /** The current indicators as recorded (their date and source); `indicatorsAgainstNational` gives their gaps. */
  readonly indicators?: { readonly measuredOn: string; readonly source?: string };
  readonly indicatorsAgainstNational?: readonly IndicatorAgainstNational[];
  readonly needs?: readonly TerritoryNeed[];
  /** Absent from profiles kept before actions were recorded. */
  readonly actions?: readonly TerritoryAction[];
}
interface Funnel {
  readonly introduced: number;
  readonly met: number;
  readonly ledToPartnership: number;
  readonly noFollowUp: number;
}
interface TerritoryView {
  readonly territory: Territory;
  readonly partnerships: readonly { readonly id: string; readonly title: string; readonly phase: string }[];
  readonly experimentations: readonly { readonly id?: string; readonly experimentationId?: string; readonly title: string }[];
  readonly gatherings: readonly { readonly gatheringId: string; readonly kind: string; readonly theme: string; readonly date: string }[];
  readonly catalyseurs: readonly { readonly id: string; readonly name: string; readonly sphere: string }[];
  readonly funnel: Funnel;
}

export function TerritoriesPage() {
  const list = useGetAll<Territory>('/api/territories');
  return (
    <Page title="Territoires" lead="Les territoires du réseau, leur diagnostic de fragilités et leurs acteurs.">
      <Async state={list} what="les territoires">
        {(territories) => (
          <DataTable
            caption={`${territories.length} territoires`}
            empty="Aucun territoire pour l’instant."
            rows={territories}
            columns={[
              { key: 'name', header: 'Territoire', cell: (t) => <a href={`/territoires/${encodeURIComponent(t.territoryId)}`}>{t.name}</a> },
              { key: 'region', header: 'Région', cell: (t) => t.region },
              { key: 'typology', header: 'Typologie', cell: (t) => label(TERRITORY_TYPOLOGIES, t.typology) },
              { key: 'actors', header: 'Acteurs', numeric: true, cell: (t) => t.actors.length },
              { key: 'high', header: 'Priorités fortes', cell: (t) => t.highPriorities.map((d) => domainLabel(t, d)).join(', ') || '—' },
            ]}
          />
        )}
      </Async>
    </Page>
  );
}

/** A domain of fragilité by its label (the territory's own list has them), its code otherwise. */
const domainLabel = (t: Territory, domain: string): string => t.domains.find((d) => d.domain === domain)?.label ?? domain.replace(/_/g, ' ');

const LEVELS: Record<string, number> = { basse: 1, moyenne: 2, haute: 3 };

function Diagnostic({ t }: { t: Territory }) {
  const domains = t.domains.filter((d) => t.priorities[d.domain]);
  const kinds = [...new Set(Object.values(t.priorities).flatMap((byKind) => Object.keys(byKind)))];
  if (domains.length === 0) return <p class="empty">Aucun diagnostic enregistré.</p>;
  return (
    <ChartFigure
      id="territory-diagnostic"
      title="Diagnostic : priorité de chaque domaine selon les acteurs"
      note="1 : basse, 2 : moyenne, 3 : haute."
      kind="hbar"
      labels={domains.map((d) => d.label)}
      series={kinds.map((k) => ({ label: label(SPHERES, k), values: domains.map((d) => LEVELS[t.priorities[d.domain]?.[k] ?? ''] ?? 0) }))}
      alternative={(tableId) => (
        <DataTable
          id={tableId}
          caption="Priorité de chaque domaine selon les acteurs"
          empty="Aucun diagnostic enregistré."
          rows={domains}
          columns={[
            { key: 'domain', header: 'Domaine', cell: (d) => d.label },
            ...kinds.map((k) => ({ key: k, header: label(SPHERES, k), cell: (d: Territory['domains'][number]) => t.priorities[d.domain]?.[k] ?? '—' })),
          ]}
        />
      )}
    />
  );
}

function KeyFigures({ t }: { t: Territory }) {
  const figures = t.keyFigures?.figures ?? [];
  if (!t.keyFigures || figures.length === 0) return <p class="empty">Aucun chiffre clé enregistré.</p>;
  return (
    <>
      <ul class="stats key-figures" aria-label="Chiffres clés du territoire">
        {figures.map((f) => {
          const share = figureShareText(f);
          return (
            <li key={f.key}>
              <span class="value">
                {frenchNumber(f.value)}
                {f.unit ? <span class="unit">{`\u00a0${f.unit}`}</span> : null}
              </span>
              <span class="figure-label">{figureLabelText(f)}</span>
              {share && <span class="share">{share}</span>}
            </li>
          );
        })}
      </ul>
      <p class="hint">{provenanceText('Relevés', t.keyFigures.recordedOn, t.keyFigures.source)}</p>
    </>
  );
}

function Indicators({ t }: { t: Territory }) {
  const indicators = t.indicatorsAgainstNational ?? [];
  if (indicators.length === 0) return <p class="empty">Aucun indicateur enregistré.</p>;
  return (
    <>
      <DataTable
        caption="Indicateurs du territoire face à la moyenne nationale"
        empty="Aucun indicateur enregistré."
        hideCaption
        rows={indicators}
        columns={[
          { key: 'name', header: 'Indicateur', cell: (i) => i.name },
          { key: 'domain', header: 'Domaine', cell: (i) => domainLabel(t, i.domain) },
          { key: 'value', header: 'Territoire', numeric: true, cell: (i) => measureText(i.value, i.unit) },
          { key: 'national', header: 'Moyenne nationale', numeric: true, cell: (i) => measureText(i.nationalAverage, i.unit) },
          {
            key: 'gap',
            header: 'Écart',
            cell: (i) => (
              <span class={`gap ${i.comparedToNational}`}>
                <strong>{gapText(i)}</strong> {directionText(i.comparedToNational)}
              </span>
            ),
          },
        ]}
      />
      {t.indicators && <p class="hint">{provenanceText('Mesurés', t.indicators.measuredOn, t.indicators.source)}</p>}
    </>
  );
}

function NeedsAndActions({ t }: { t: Territory }) {
  const needs = t.needs ?? [];
  const actions = t.actions ?? [];
  return (
    <div class="needs-actions">
      <DataTable
        caption="Besoins du territoire : ses priorités fortes et les domaines auxquels répondent ses actions"
        rows={needs}
        empty="Aucun besoin relevé : ni priorité forte, ni action enregistrée."
        columns={[
          { key: 'need', header: 'Besoin', cell: (n) => n.label },
          { key: 'high', header: 'Priorité forte', cell: (n) => (n.highPriority ? 'oui' : 'non') },
          { key: 'actions', header: 'Actions', numeric: true, cell: (n) => n.actionIds.length },
          { key: 'actors', header: 'Acteurs qui les portent', cell: (n) => actorNames(n.actorIds, t.actors).join(', ') || '—' },
        ]}
      />
      <DataTable
        caption="Actions qui répondent aux besoins"
        rows={actions}
        empty="Aucune action enregistrée."
        columns={[
          {
            key: 'title',
            header: 'Action',
            cell: (a) => (
              <>
                {a.title}
                {a.description ? <div class="hint">{a.description}</div> : null}
              </>
            ),
          },
          { key: 'started', header: 'Depuis le', cell: (a) => <span class="nowrap">{date(a.startedOn)}</span> },
          { key: 'needs', header: 'Besoins auxquels elle répond', cell: (a) => needLabels(a.domains, [...needs, ...t.domains]).join(', ') },
          { key: 'actors', header: 'Acteurs qui la portent', cell: (a) => actorNames(a.actorIds, t.actors).join(', ') },
        ]}
      />
    </div>
  );
}

export function TerritoryPage({ id }: { id: string }) {
  const view = useGet<TerritoryView>(`/api/territories/${encodeURIComponent(id)}`);
  return (
    <Page title={view.data?.territory.name ?? 'Territoire'} lead={<a href="/territoires">← Tous les territoires</a>}>
      <Async state={view} what="le territoire">
        {(v) => (
          <>
            <dl class="fields">
              <Field name="Région">{v.territory.region}</Field>
              <Field name="Typologie">{label(TERRITORY_TYPOLOGIES, v.territory.typology)}</Field>
              <Field name="Échelle">{label(TERRITORY_SCALES, v.territory.level)}</Field>
              <Field name="Inscrit le">{date(v.territory.registeredAt)}</Field>
              <Field name="Catalyseurs">{v.catalyseurs.length}</Field>
              <Field name="Partenariats">{v.partnerships.length}</Field>
            </dl>
            <h2>Diagnostic de fragilités</h2>
            <Diagnostic t={v.territory} />
            <h2>Chiffres clés</h2>
            <KeyFigures t={v.territory} />
            <h2>Indicateurs face à la moyenne nationale</h2>
            <Indicators t={v.territory} />
            <h2>Besoins, actions et acteurs</h2>
            <NeedsAndActions t={v.territory} />
            <h2>Mises en relation</h2>
            <ChartFigure
              id="territory-funnel"
              title="Entonnoir des mises en relation"
              labels={['Mises en relation', 'Rencontres', 'Partenariats proposés', 'Sans suite']}
              series={[{ label: 'Nombre', values: [v.funnel.introduced, v.funnel.met, v.funnel.ledToPartnership, v.funnel.noFollowUp] }]}
              none="Aucune mise en relation sur ce territoire pour l’instant."
            />
            <div class="columns">
              <section class="card" aria-labelledby="h-actors">
                <h2 id="h-actors">Acteurs</h2>
                <ul>
                  {v.territory.actors.map((a) => (
                    <li key={a.orgId}>
                      {a.name} ({label(SPHERES, a.sphere)})
                    </li>
                  ))}
                </ul>
                {v.territory.actors.length === 0 && <p class="empty">Aucun acteur enregistré.</p>}
              </section>
              <section class="card" aria-labelledby="h-gatherings">
                <h2 id="h-gatherings">Rencontres</h2>
                <ul>
                  {byDate(v.gatherings).map((g) => (
                    <li key={g.gatheringId}>
                      <a href={`/rencontres/${encodeURIComponent(g.gatheringId)}`}>{g.theme}</a> ({label(KINDS, g.kind)}, {date(g.date)})
                    </li>
                  ))}
                </ul>
                {v.gatherings.length === 0 && <p class="empty">Aucune rencontre.</p>}
              </section>
            </div>
            <h2>Partenariats</h2>
            <DataTable
              caption="Partenariats du territoire"
              empty="Aucun partenariat sur ce territoire pour l’instant."
              hideCaption
              rows={sortedBy(v.partnerships, (p) => p.title)}
              columns={[
                { key: 'title', header: 'Partenariat', cell: (p) => <a href={`/partenariats/${encodeURIComponent(p.id)}`}>{p.title}</a> },
                { key: 'phase', header: 'Phase', cell: (p) => label(PHASES, p.phase) },
              ]}
            />
          </>
        )}
      </Async>
    </Page>
  );
}
