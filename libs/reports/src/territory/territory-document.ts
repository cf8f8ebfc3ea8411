import type { ReportDocument } from '../document/document';
import { contextFacts, type ReportContext } from '../document/context';
import {
  EXPERIMENTATION_STATUSES,
  FRAGILITY_DOMAINS,
  frenchDate,
  frenchPercent,
  GATHERING_KINDS,
  GATHERING_STATUSES,
  MODES,
  PHASES,
  PRIORITIES,
  SCALES,
  say,
  sayAll,
  SPHERES,
  STAGES,
  TYPOLOGIES,
} from '../document/french';
import type { TerritoryReport } from './territory-report';

/** The territory report as people read it, in French. */
export function territoryDocument(report: TerritoryReport, context: ReportContext): ReportDocument {
  const date = (value: string | undefined): string => frenchDate(value, context.timeZone);
  const domain = (d: { domain: string; label: string }): string => (d.label === d.domain ? say(FRAGILITY_DOMAINS, d.domain) : d.label);
  const { funnel } = report;
  return {
    title: `Rapport du territoire « ${report.name} »`,
    subtitle: [say(TYPOLOGIES, report.typology), say(SCALES, report.level), report.departement, report.region].filter(Boolean).join(' — '),
    facts: [
      { label: 'Partenariats', value: report.partnerships.length },
      { label: 'Expérimentations', value: report.experimentations.length },
      { label: 'Rencontres', value: report.gatherings.length },
      { label: 'Mises en relation', value: funnel.introduced },
      ...contextFacts(context),
    ],
    sections: [
      {
        title: 'Diagnostic des fragilités et priorités',
        facts: report.diagnostic
          ? [
              { label: 'Diagnostic du', value: date(report.diagnostic.diagnosedOn) },
              ...(report.diagnostic.source ? [{ label: 'Source', value: report.diagnostic.source }] : []),
            ]
          : [],
        tables: [
          {
            title: 'Priorités (nombre de sphères par niveau de priorité)',
            columns: ['Domaine', 'Haute', 'Moyenne', 'Basse'],
            rows: report.priorities.map((p) => [domain(p), p.haute, p.moyenne, p.basse]),
            empty: 'Pas encore de diagnostic',
          },
          {
            title: 'Diagnostic par domaine et par sphère',
            columns: ['Domaine', 'Sphère', 'Priorité', 'Notes'],
            rows: report.diagnostic?.ratings.map((r) => [domain(r), say(SPHERES, r.sphere), say(PRIORITIES, r.priority), r.notes ?? '']) ?? [],
            empty: 'Pas encore de diagnostic',
          },
          {
            title: 'Diagnostics successifs',
            columns: ['Date', 'Source', 'Appréciations'],
            rows: report.diagnostics.map((d) => [date(d.diagnosedOn), d.source ?? '', d.ratings]),
            empty: 'Aucun diagnostic',
          },
        ],
      },
      {
        title: 'Acteurs du territoire',
        tables: [{ columns: ['Organisation', 'Sphère'], rows: report.actors.map((a) => [a.name, say(SPHERES, a.sphere)]), empty: 'Aucun acteur enregistré' }],
      },
      {
        title: 'Partenariats',
        tables: [
          {
            columns: ['Partenariat', 'Partenaires', 'Modes', 'Proposé le', 'Phase', 'Cycle'],
            rows: report.partnerships.map((p) => [p.title, p.partners.join(', '), sayAll(MODES, p.modes), date(p.proposedAt), say(PHASES, p.phase), p.cycle]),
            empty: 'Aucun partenariat',
          },
        ],
      },
      {
        title: 'Expérimentations',
        tables: [
          {
            columns: ['Expérimentation', 'Lancée le', 'Étape', 'État', 'Groupes', 'Actions'],
            rows: report.experimentations.map((x) => [
              x.title,
              date(x.launchedOn),
              say(STAGES, x.stage),
              say(EXPERIMENTATION_STATUSES, x.status),
              x.groups,
              x.actions,
            ]),
            empty: 'Aucune expérimentation',
          },
        ],
      },
      {
        title: 'Rencontres',
        tables: [
          {
            columns: ['Rencontre', 'Type', 'Date', 'État', 'Inscrits', 'Présents'],
            rows: report.gatherings.map((g) => [
              g.theme,
              say(GATHERING_KINDS, g.kind),
              date(g.date),
              say(GATHERING_STATUSES, g.status),
              g.registered,
              g.attended,
            ]),
            empty: 'Aucune rencontre',
          },
        ],
      },
      {
        title: 'Mises en relation : de la rencontre au partenariat',
        facts: [
          { label: 'Organisations mises en relation', value: funnel.introduced },
          { label: 'qui se sont rencontrées', value: funnel.met },
          { label: 'qui ont proposé un partenariat', value: funnel.partnershipProposed },
          { label: 'sans suite', value: funnel.noFollowUp },
          { label: 'Taux de transformation', value: funnel.conversion === undefined ? 'sans objet' : frenchPercent(funnel.conversion) },
        ],
      },
    ],
  };
}
