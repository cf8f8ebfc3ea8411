/**
 * Mon portefeuille (catalyseurs): the partnerships the signed-in catalyseur accompanies, those it
 * was released from (greyed), and the organisations it accompanies or accompanied, live through
 * `portfolio:{sub}` (any entry: read it again). Its id is its token's `sub`.
 */
import { useGet } from '../../api';
import { useSession } from '../../session';
import { Async, date, label, Page, PHASES } from '../../ui/common';
import { LiveNote, useLiveReload } from '../../ui/live';
import { useOrganisationNames } from '../../ui/names';
import { DataTable } from '../../ui/table';
import { ACCOMPANIMENT_OUTCOMES } from '../../ui/words';

interface PartnershipAbout {
  readonly partnershipId: string;
  readonly title: string;
  readonly territory: { readonly id: string; readonly name: string };
  readonly partners: readonly { readonly orgId: string; readonly name: string }[];
  readonly phase: string;
}
interface Portfolio {
  readonly catalyseurId: string;
  readonly partnerships: readonly (PartnershipAbout & { readonly since: string })[];
  readonly pastPartnerships: readonly (PartnershipAbout & { readonly from: string; readonly until: string; readonly reason?: string })[];
  readonly organisations: readonly { readonly organisationId: string; readonly accompanimentId: string; readonly since: string }[];
  readonly pastOrganisations: readonly {
    readonly organisationId: string;
    readonly accompanimentId: string;
    readonly from: string;
    readonly until: string;
    readonly outcome?: string;
  }[];
}

const partnersText = (p: PartnershipAbout): string => p.partners.map((x) => x.name).join(' · ');
const partnershipLink = (p: PartnershipAbout) => <a href={`/partenariats/${encodeURIComponent(p.partnershipId)}`}>{p.title}</a>;

function PortfolioView({ p }: { p: Portfolio }) {
  const names = useOrganisationNames([...p.organisations, ...p.pastOrganisations].map((o) => o.organisationId));
  const orgLink = (id: string) => <a href={`/organisations/${encodeURIComponent(id)}`}>{names.get(id) ?? id}</a>;
  const partnerships = [
    ...p.partnerships.map((x) => ({ ...x, past: false as const, when: `depuis le ${date(x.since)}` })),
    ...p.pastPartnerships.map((x) => ({ ...x, past: true as const, when: `du ${date(x.from)} au ${date(x.until)}${x.reason ? ` (${x.reason})` : ''}` })),
  ];
  const organisations = [
    ...p.organisations.map((o) => ({ ...o, past: false, when: `depuis le ${date(o.since)}`, state: 'En cours' })),
    ...p.pastOrganisations.map((o) => ({
      ...o,
      past: true,
      when: `du ${date(o.from)} au ${date(o.until)}`,
      state: `Clos${o.outcome ? ` : ${label(ACCOMPANIMENT_OUTCOMES, o.outcome)}` : ''}`,
    })),
  ];
  return (
    <>
      <ul class="stats" aria-label="Chiffres clés">
        {(
          [
            [p.partnerships.length, 'partenariat accompagné', 'partenariats accompagnés'],
            [p.pastPartnerships.length, 'partenariat quitté', 'partenariats quittés'],
            [p.organisations.length, 'organisation accompagnée', 'organisations accompagnées'],
            [p.pastOrganisations.length, 'accompagnement d’organisation clos', 'accompagnements d’organisation clos'],
          ] as const
        ).map(([n, one, many]) => (
          <li key={many}>
            <span class="value">{n.toLocaleString('fr-FR')}</span>
            {n > 1 ? many : one}
          </li>
        ))}
      </ul>
      <h2>Partenariats</h2>
      <p class="hint">Ceux dont vous avez été libéré sont grisés.</p>
      <DataTable
        caption="Partenariats accompagnés"
        hideCaption
        rows={partnerships}
        rowClass={(x) => (x.past ? 'past' : undefined)}
        empty="Vous n’accompagnez aucun partenariat."
        columns={[
          { key: 'title', header: 'Partenariat', cell: partnershipLink },
          { key: 'territory', header: 'Territoire', cell: (x) => x.territory.name },
          { key: 'partners', header: 'Partenaires', cell: partnersText },
          { key: 'phase', header: 'Phase', cell: (x) => label(PHASES, x.phase) },
          { key: 'when', header: 'Accompagné', cell: (x) => (x.past ? <>Libéré · {x.when}</> : x.when) },
        ]}
      />
      <h2>Organisations</h2>
      <p class="hint">Les accompagnements clos sont grisés.</p>
      <DataTable
        caption="Organisations accompagnées"
        hideCaption
        rows={organisations}
        rowClass={(o) => (o.past ? 'past' : undefined)}
        empty="Vous n’accompagnez aucune organisation."
        columns={[
          { key: 'org', header: 'Organisation', cell: (o) => orgLink(o.organisationId) },
          { key: 'when', header: 'Accompagnée', cell: (o) => o.when },
          { key: 'state', header: 'État', cell: (o) => o.state },
        ]}
      />
    </>
  );
}

/** What the page says to someone the directory does not know (signed in as a catalyseur, never recorded as one). */
export const NOT_IN_DIRECTORY =
  'Vous ne figurez pas encore dans l’annuaire des catalyseurs territoriaux : aucun partenariat ni aucune organisation ne peut vous être confié. Demandez à un opérateur de vous inscrire au réseau ; votre portefeuille se remplira quand vous accompagnerez un partenariat ou une organisation.';

export function PortfolioPage() {
  const sub = useSession()?.sub ?? '';
  const portfolio = useGet<Portfolio>(`/api/catalyseurs/${encodeURIComponent(sub)}/portfolio`);
  // The directory's card: someone it does not know has an empty portfolio, said so, and no live feed (there is none).
  const card = useGet<unknown>(`/api/catalyseurs/${encodeURIComponent(sub)}`);
  const unknown = card.error?.status === 404;
  const live = useLiveReload(portfolio.error || card.loading || unknown ? null : `portfolio:${sub}`, portfolio.reload);
  return (
    <Page title="Mon portefeuille" lead="Les partenariats et les organisations que vous accompagnez, et ceux que vous avez accompagnés.">
      <Async state={portfolio} what="votre portefeuille">
        {(p) => (
          <>
            {unknown ? (
              <p class="hint" role="note">
                {NOT_IN_DIRECTORY}
              </p>
            ) : (
              <LiveNote state={live} />
            )}
            <PortfolioView p={p} />
          </>
        )}
      </Async>
    </Page>
  );
}
