import type { Cell, ReportDocument } from '../document/document';
import { contextFacts, type ReportContext } from '../document/context';
import { ACTION_OUTCOMES, EXPERIMENTATION_STATUSES, frenchDate, frenchNumber, MEETING_STEPS, say, SPHERES, STAGES } from '../document/french';
import type { ExperimentationReport } from './experimentation-report';

/** A part of a whole in percent with one decimal, nothing of no whole. */
const shareOf = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

/** The experimentation report as people read it, in French. */
export function experimentationDocument(report: ExperimentationReport, context: ReportContext): ReportDocument {
  const date = (value: string | undefined): string => frenchDate(value, context.timeZone);
  const { invitation, restitution, essaimage, abandonment } = report;
  return {
    title: `Rapport de l’expérimentation « ${report.title} »`,
    subtitle: report.territory.name,
    facts: [
      ...(report.objective ? [{ label: 'Objet', value: report.objective }] : []),
      { label: 'Lancée le', value: date(report.launchedOn) },
      { label: 'État', value: say(EXPERIMENTATION_STATUSES, report.status) },
      { label: 'Porteurs', value: report.conveners.map((c) => `${c.name} (${say(SPHERES, c.sphere)})`).join(', ') },
      ...contextFacts(context),
    ],
    sections: [
      {
        title: 'Étapes',
        tables: [
          {
            columns: ['Étape', 'Du', 'Au'],
            rows: report.stages.map((s) => [say(STAGES, s.stage), date(s.from), s.until ? date(s.until) : 'en cours']),
          },
        ],
      },
      {
        title: 'Invitation au dialogue : les dirigeants par sphère',
        facts: invitation
          ? [
              { label: 'Invitation le', value: date(invitation.invitedOn) },
              { label: 'Dirigeants présents', value: invitation.dirigeants },
              ...(invitation.volunteers === undefined ? [] : [{ label: 'Volontaires pour un groupe', value: invitation.volunteers }]),
            ]
          : [],
        tables: [
          {
            columns: ['Sphère', 'Dirigeants'],
            rows: invitation?.bySphere.map((s) => [say(SPHERES, s.sphere), s.count]) ?? [],
            empty: invitation ? 'Répartition par sphère non renseignée' : 'Pas encore d’invitation au dialogue',
          },
        ],
      },
      {
        title: 'Groupes de travail et réunions',
        facts: [
          { label: 'Groupes', value: report.groups.length },
          { label: 'Réunions tenues', value: report.meetingsHeld },
          { label: 'Réunions de suivi tenues', value: report.followUpsHeld },
        ],
        tables: [
          {
            title: 'Groupes',
            columns: ['Thème', 'Formé le', 'Participants', 'Par sphère', 'Réunions'],
            rows: report.groups.map((g) => [
              g.theme,
              date(g.formedOn),
              g.participants,
              g.bySphere.map((s) => `${say(SPHERES, s.sphere)} : ${frenchNumber(s.count)}`).join(', '),
              g.meetings.length,
            ]),
            empty: 'Aucun groupe de travail',
          },
          {
            title: 'Réunions',
            columns: ['Groupe', 'Réunion', 'Tenue le', 'Présents', 'Notes'],
            rows: report.groups.flatMap((g) => g.meetings.map((m) => [g.theme, say(MEETING_STEPS, m.step), date(m.heldOn), m.attendees, m.notes ?? ''])),
            empty: 'Aucune réunion',
          },
          {
            title: 'Réunions de suivi (mise en œuvre des actions)',
            columns: ['Groupe', 'Tenue le', 'Présents', 'Notes'],
            rows: report.groups.flatMap((g) => g.followUps.map((m) => [g.theme, date(m.heldOn), m.attendees, m.notes ?? ''])),
            empty: 'Aucune réunion de suivi',
          },
          {
            title: 'Participants des groupes par sphère',
            columns: ['Sphère', 'Participants'],
            rows: report.participantsBySphere.map((s) => [say(SPHERES, s.sphere), s.count]),
            empty: 'Aucun participant',
          },
        ],
      },
      {
        title: 'Restitution des travaux : les dirigeants présents',
        facts: restitution
          ? [
              { label: 'Restitution le', value: date(restitution.heldOn) },
              { label: 'Dirigeants présents', value: restitution.dirigeants },
              ...(restitution.fromOutside === undefined ? [] : [{ label: 'dont venus d’autres territoires', value: restitution.fromOutside }]),
              ...(restitution.notes ? [{ label: 'Notes', value: restitution.notes }] : []),
            ]
          : [],
        tables: [
          {
            title: 'Composition de la restitution',
            columns: ['Dirigeants', 'Nombre', 'Part des présents (%)'],
            rows: restitution
              ? [
                  ...restitution.bySphere.map((s): Cell[] => [say(SPHERES, s.sphere), s.count, shareOf(s.count, restitution.dirigeants)]),
                  ...(restitution.fromOutside === undefined
                    ? []
                    : [['venus d’autres territoires', restitution.fromOutside, shareOf(restitution.fromOutside, restitution.dirigeants)]]),
                ]
              : [],
            empty: restitution
              ? 'Composition non renseignée'
              : report.status !== 'running' || report.stages.some((s) => s.stage === 'mise_en_oeuvre' || s.stage === 'evaluation_resultats')
                ? 'Pas de restitution des travaux'
                : 'Restitution des travaux pas encore tenue',
          },
        ],
      },
      {
        title: 'Actions et résultats',
        facts: [
          { label: 'Actions adoptées', value: report.actions.length },
          { label: 'Concluantes', value: report.outcomes.concluante },
          { label: 'Mitigées', value: report.outcomes.mitigee },
          { label: 'Non concluantes', value: report.outcomes.non_concluante },
          { label: 'Pas encore évaluées', value: report.outcomes.notEvaluated },
        ],
        tables: [
          {
            columns: ['Action', 'Groupes', 'Porteurs', 'Adoptée le', 'Lieux d’accueil', 'Durée (mois)', 'Résultat', 'Évaluée le', 'Bilan', 'Indicateurs'],
            nameColumns: [2],
            rows: report.actions.map((a) => [
              a.title,
              a.groups.join(', '),
              a.carriers.join(', '),
              date(a.adoptedOn),
              a.hostPlaces ?? null,
              a.durationMonths ?? null,
              a.outcome ? say(ACTION_OUTCOMES, a.outcome) : 'pas encore évaluée',
              date(a.evaluatedOn),
              a.summary ?? '',
              a.indicators.map((i) => `${i.name} : ${frenchNumber(i.value)}${i.unit ? ` ${i.unit}` : ''}`).join(' ; '),
            ]),
            empty: 'Aucune action adoptée',
          },
        ],
      },
      {
        title: 'Essaimage',
        paragraphs: [
          essaimage
            ? essaimage.essaimer
              ? `Essaimage décidé le ${date(essaimage.decidedOn)} vers : ${essaimage.territories.join(', ')}.`
              : `Pas d’essaimage (décidé le ${date(essaimage.decidedOn)}) : ${essaimage.reason}.`
            : abandonment
              ? `Expérimentation abandonnée le ${date(abandonment.abandonedOn)} : ${abandonment.reason}.`
              : 'Essaimage pas encore décidé.',
        ],
      },
    ],
  };
}
