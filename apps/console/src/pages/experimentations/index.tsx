/**
 * Expérimentations: the list, and a board (stages, the invitation au dialogue and the restitution with their
 * compositions, working groups and their meetings and follow-ups, actions and their results).
 */
import { useGet, useGetAll } from '../../api';
import { Async, date, Field, label, numberText, Page, SPHERES } from '../../ui/common';
import { ChartFigure } from '../../ui/chart';
import { DataTable } from '../../ui/table';
import { type ExperimentationAction, componentsText, durationText, outcomeOf, recordedFigures, resultLines } from './actions';
import {
  CATEGORIES,
  compositionRows,
  type Essaimage,
  essaimageText,
  GROUP_STEPS,
  type Invitation,
  invitationText,
  type Restitution,
  restitutionFields,
  STAGES,
} from './fields';
import './experimentation.css';

const STATUSES: Record<string, string> = { running: 'En cours', concluded: 'Conclue', abandoned: 'Abandonnée' };

interface Experimentation {
  readonly experimentationId: string;
  readonly title: string;
  readonly objective?: string;
  readonly status: string;
  readonly territory: { readonly id: string; readonly name: string };
  readonly launchedOn: string;
  readonly category?: string;
  readonly stage: string;
  readonly stageDates: Record<string, string>;
  readonly conveners: readonly { readonly name: string; readonly sphere: string }[];
  readonly groupSummaries: readonly {
    readonly groupId: string;
    readonly theme: string;
    readonly participants: number;
    readonly bySphere: Record<string, number>;
    readonly meetingsHeld: number;
    readonly meetingDates: Record<string, string>;
    readonly followUpsHeld?: number;
  }[];
  readonly actions: readonly ExperimentationAction[];
  readonly participants: number;
  readonly participantsBySphere: Record<string, number>;
  readonly meetingsHeld: number;
  readonly actionsAdopted: number;
  readonly actionsEvaluated: number;
  readonly followUpsHeld?: number;
  readonly invitation?: Invitation;
  readonly restitution?: Restitution;
  readonly essaimage?: Essaimage;
  readonly abandonment?: { readonly reason: string; readonly abandonedOn: string };
}

export function ExperimentationsPage() {
  const list = useGetAll<Experimentation>('/api/experimentations');
  return (
    <Page title="Expérimentations" lead="Les expérimentations collectives : dirigeants mobilisés, groupes de travail, actions et essaimage.">
      <Async state={list} what="les expérimentations">
        {(experimentations) => (
          <DataTable
            caption="Expérimentations"
            empty="Aucune expérimentation pour l’instant."
            rows={experimentations}
            columns={[
              { key: 'title', header: 'Expérimentation', cell: (x) => <a href={`/experimentations/${encodeURIComponent(x.experimentationId)}`}>{x.title}</a> },
              { key: 'territory', header: 'Territoire', cell: (x) => x.territory.name },
              { key: 'launched', header: 'Lancée le', cell: (x) => date(x.launchedOn) },
              { key: 'stage', header: 'Étape', cell: (x) => label(STAGES, x.stage) },
              { key: 'status', header: 'Statut', cell: (x) => label(STATUSES, x.status) },
              { key: 'participants', header: 'Participants', numeric: true, cell: (x) => x.participants },
              { key: 'actions', header: 'Actions', numeric: true, cell: (x) => x.actionsAdopted },
            ]}
          />
        )}
      </Async>
    </Page>
  );
}

/** The section's heading: the meetings it shows. */
function compositionHeading({ invitation, restitution }: Experimentation): string {
  if (invitation && !restitution) return 'Invitation au dialogue';
  if (restitution && !invitation) return 'Restitution des travaux';
  return 'Invitation au dialogue et restitution';
}

/** Who came to the invitation au dialogue and to the restitution, by sphere, side by side. */
function Composition({ e }: { e: Experimentation }) {
  const { invitation, restitution } = e;
  if (!invitation && !restitution) return <p class="empty">Ni invitation au dialogue ni restitution enregistrée.</p>;
  const rows = compositionRows(invitation, restitution, (s) => label(SPHERES, s));
  type Row = (typeof rows)[number];
  return (
    <div class="composition">
      <DataTable
        caption="Dirigeants présents par sphère"
        empty="Aucun dirigeant compté pour l’instant."
        rows={rows}
        rowClass={(r) => (r.total ? 'total' : undefined)}
        columns={[
          { key: 'who', header: 'Dirigeants', cell: (r: Row) => (r.total ? <strong>{r.label}</strong> : r.label) },
          ...(invitation
            ? [{ key: 'invitation', header: `Invitation au dialogue (${date(invitation.invitedOn)})`, numeric: true, cell: (r: Row) => r.invitation }]
            : []),
          ...(restitution
            ? [{ key: 'restitution', header: `Restitution des travaux (${date(restitution.heldOn)})`, numeric: true, cell: (r: Row) => r.restitution }]
            : []),
        ]}
      />
      {restitution?.notes ? <p class="hint">Restitution : {restitution.notes}</p> : null}
    </div>
  );
}

/** The actions adopted, with the figures recorded at their adoption (a column only when one of them has its figure). */
function Actions({ actions }: { actions: readonly ExperimentationAction[] }) {
  const shown = recordedFigures(actions);
  return (
    <DataTable
      caption="Actions adoptées"
      empty="Aucune action adoptée pour l’instant."
      hideCaption
      rows={actions}
      columns={[
        { key: 'title', header: 'Action', cell: (a) => a.title },
        { key: 'carriers', header: 'Porteurs', cell: (a) => a.carriers.map((c) => c.name).join(', ') },
        { key: 'adopted', header: 'Adoptée le', cell: (a) => date(a.adoptedOn) },
        ...(shown.hostPlaces
          ? [{ key: 'places', header: 'Lieux d’accueil', numeric: true, cell: (a: ExperimentationAction) => numberText(a.hostPlaces ?? '—') }]
          : []),
        ...(shown.duration ? [{ key: 'duration', header: 'Durée prévue', cell: (a: ExperimentationAction) => durationText(a.durationMonths) }] : []),
        ...(shown.components ? [{ key: 'components', header: 'Briques', cell: (a: ExperimentationAction) => componentsText(a.components) }] : []),
        { key: 'outcome', header: 'Résultat', cell: outcomeOf },
      ]}
    />
  );
}

/** Each evaluated action's results: its outcome and day, its summary and its indicators, as recorded. */
function Results({ actions }: { actions: readonly ExperimentationAction[] }) {
  const lines = resultLines(actions);
  if (lines.length === 0) return null;
  return (
    <>
      <h2>Résultats des actions</h2>
      <ul class="results">
        {lines.map((r) => (
          <li key={r.actionId}>
            <strong>{r.title}</strong> : {r.head}
            {r.summary ? ` — ${r.summary}` : null}
            {r.indicators.length > 0 ? (
              <ul aria-label={`Indicateurs : ${r.title}`}>
                {r.indicators.map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ExperimentationPage({ id }: { id: string }) {
  const x = useGet<Experimentation>(`/api/experimentations/${encodeURIComponent(id)}`);
  return (
    <Page title={x.data?.title ?? 'Expérimentation'} lead={<a href="/experimentations">← Toutes les expérimentations</a>}>
      <Async state={x} what="l’expérimentation">
        {(e) => (
          <>
            {e.objective ? <p>{e.objective}</p> : null}
            <dl class="fields">
              <Field name="Territoire">{e.territory.name}</Field>
              {e.category ? <Field name="Catégorie">{label(CATEGORIES, e.category)}</Field> : null}
              <Field name="Étape">{label(STAGES, e.stage)}</Field>
              <Field name="Statut">{label(STATUSES, e.status)}</Field>
              <Field name="Lancée le">{date(e.launchedOn)}</Field>
              <Field name="Dirigeants invités">{invitationText(e.invitation)}</Field>
              {restitutionFields(e.restitution, e.stage).map(([name, value]) => (
                <Field key={name} name={name}>
                  {value}
                </Field>
              ))}
              <Field name="Réunions de suivi">{e.followUpsHeld ?? 0}</Field>
              <Field name="Essaimage">{essaimageText(e.essaimage)}</Field>
              {e.abandonment ? (
                <Field name="Abandonnée le">
                  {date(e.abandonment.abandonedOn)} : {e.abandonment.reason}
                </Field>
              ) : null}
            </dl>
            <h2>Étapes</h2>
            <ol>
              {Object.entries(e.stageDates).map(([s, d]) => (
                <li key={s}>
                  {label(STAGES, s)} : depuis le {date(d)}
                </li>
              ))}
            </ol>
            <h2>{compositionHeading(e)}</h2>
            <Composition e={e} />
            <h2>Groupes de travail</h2>
            <DataTable
              caption="Groupes de travail et leurs réunions"
              empty="Aucun groupe de travail pour l’instant."
              hideCaption
              rows={e.groupSummaries}
              columns={[
                { key: 'theme', header: 'Thème', cell: (g) => g.theme },
                { key: 'participants', header: 'Participants', numeric: true, cell: (g) => g.participants },
                ...Object.keys(GROUP_STEPS).map((step) => ({
                  key: step,
                  header: label(GROUP_STEPS, step),
                  cell: (g: Experimentation['groupSummaries'][number]) => date(g.meetingDates[step]),
                })),
                { key: 'followUps', header: 'Réunions de suivi', numeric: true, cell: (g) => g.followUpsHeld ?? 0 },
              ]}
            />
            <div class="grid">
              <ChartFigure
                id="exp-spheres"
                title="Participants des groupes de travail par sphère"
                labels={Object.keys(e.participantsBySphere).map((s) => label(SPHERES, s))}
                series={[{ label: 'Participants', values: Object.values(e.participantsBySphere) }]}
              />
              <ChartFigure
                id="exp-groups"
                title="Participants et réunions par groupe de travail"
                labels={e.groupSummaries.map((g) => g.theme)}
                series={[
                  { label: 'Participants', values: e.groupSummaries.map((g) => g.participants) },
                  { label: 'Réunions tenues', values: e.groupSummaries.map((g) => g.meetingsHeld) },
                ]}
              />
            </div>
            <h2>Actions</h2>
            <Actions actions={e.actions} />
            <Results actions={e.actions} />
          </>
        )}
      </Async>
    </Page>
  );
}
