import type { ReportDocument, Section } from '../document/document';
import { contextFacts, type ReportContext } from '../document/context';
import {
  EXPERIMENTATION_STATUSES,
  FRAGILITY_DOMAINS,
  frenchDate,
  frenchNumber,
  frenchPercent,
  GATHERING_KINDS,
  GATHERING_STATUSES,
  MODES,
  PARCOURS_STATUSES,
  PARCOURS_STEPS,
  PHASES,
  PRIORITIES,
  SCALES,
  say,
  sayAll,
  SKILLS,
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
      { label: 'Catalyseurs', value: report.catalyseurs.filter((c) => c.status === 'member').length },
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
      keyFiguresSection(report, date),
      indicatorsSection(report, date),
      {
        title: 'Actions qui répondent aux besoins',
        tables: [
          {
            columns: [
              'Action',
              'Depuis le',
              'Besoins auxquels elle répond',
              'Acteurs qui la portent',
              ...(report.actions.some((a) => a.description) ? ['Description'] : []),
            ],
            nameColumns: [3],
            rows: report.actions.map((a) => [
              a.title,
              date(a.startedOn),
              a.needs.map(domain).join(', '),
              a.actors.map((actor) => actor.name).join(', '),
              ...(report.actions.some((x) => x.description) ? [a.description ?? ''] : []),
            ]),
            empty: 'Aucune action enregistrée',
          },
        ],
      },
      {
        title: 'Acteurs du territoire',
        tables: [
          {
            columns: ['Organisation', 'Sphère'],
            nameColumns: [0],
            rows: report.actors.map((a) => [a.name, say(SPHERES, a.sphere)]),
            empty: 'Aucun acteur enregistré',
          },
        ],
      },
      {
        title: 'Catalyseurs territoriaux',
        tables: [
          {
            // A catalyseur's name is a person's (not in `nameColumns`): a text, where an erasure removes a name of two words
            // wherever it is written. Their row holds their id, which makes it their record in every format (ADR 0006,
            // amendment « a person's row in a kept report »): a one-word name, their own values, go from it too.
            columns: ['Catalyseur', 'Identifiant', 'Sphère', 'Compétences', 'Dans le réseau depuis le', 'État'],
            rows: report.catalyseurs.map((c) => [
              c.name,
              c.id,
              say(SPHERES, c.sphere),
              sayAll(SKILLS, c.skills),
              date(c.joinedAt),
              c.status === 'member' ? 'membre' : `a quitté le réseau${c.leftAt ? ` le ${date(c.leftAt)}` : ''}`,
            ]),
            empty: 'Aucun catalyseur sur ce territoire',
          },
        ],
      },
      {
        title: 'Parcours d’expérience',
        tables: [
          {
            columns: ['Parcours', 'État du parcours', 'Inscrit le', 'Le territoire', 'Étape de la méthode', 'Séances suivies', 'Séances tenues', 'Issue'],
            rows: report.parcours.map((p) => [
              p.title,
              say(PARCOURS_STATUSES, p.status),
              date(p.enrolledOn),
              p.pilot === 'enrolled' ? 'territoire pilote' : `retiré le ${date(p.withdrawnOn)}`,
              p.step === undefined ? 'pas encore commencée' : say(PARCOURS_STEPS, p.step),
              p.sessionsAttended,
              p.sessionsHeld,
              p.outcome ?? '',
            ]),
            empty: 'Pilote d’aucun parcours d’expérience',
          },
        ],
      },
      {
        title: 'Partenariats',
        tables: [
          {
            columns: ['Partenariat', 'Partenaires', 'Modes', 'Proposé le', 'Phase', 'Cycle'],
            nameColumns: [1],
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
          // Introductions (each puts two organisations in touch), not organisations; proposed + open + without follow-up = introduced.
          { label: 'Mises en relation', value: funnel.introduced },
          { label: 'dont suivies d’une rencontre', value: funnel.met },
          { label: 'dont ayant abouti à un partenariat proposé', value: funnel.partnershipProposed },
          { label: 'dont en cours', value: funnel.open },
          { label: 'dont sans suite', value: funnel.noFollowUp },
          { label: 'Taux de transformation', value: funnel.conversion === undefined ? 'sans objet' : frenchPercent(funnel.conversion) },
        ],
        paragraphs: [
          'Une mise en relation rapproche deux organisations. Chacune a abouti à un partenariat proposé, est encore en cours ou est restée sans suite : ces trois nombres font le total des mises en relation.',
        ],
      },
    ],
  };
}

/** « 4 % de la France », or nothing when unknown or when the value already says it (« 7 % de la France »). */
function shareText(figure: { readonly value: number; readonly unit?: string; readonly shareOfFrance?: number }): string {
  if (figure.shareOfFrance === undefined) return '';
  const share = `${frenchPercent(figure.shareOfFrance)} de la France`;
  return figure.unit !== undefined && `${frenchPercent(figure.value)} ${figure.unit.replace(/^%\s*/, '')}` === share ? '' : share;
}

/**
 * The gap in the indicator's unit, in words rather than a sign: « 1,5 point de plus » for a rate in percent,
 * « 0,6 point de moins », « 3 € de plus »; « 0 point » or « 0 » when equal. No cell starts with `+` or `-`: a
 * spreadsheet would take it for a formula, and the CSV's guard would show it behind an apostrophe (« '+1,5 point »).
 */
export function gapText(gap: number, unit: string | undefined): string {
  if (gap === 0) return unit === '%' ? '0 point' : '0';
  const size = frenchNumber(Math.abs(gap));
  const measured = unit === '%' ? `${size} ${Math.abs(gap) >= 2 ? 'points' : 'point'}` : unit ? `${size} ${unit}` : size;
  return `${measured} ${gap > 0 ? 'de plus' : 'de moins'}`;
}

const COMPARED: Readonly<Record<string, string>> = {
  above: 'au-dessus de la moyenne',
  below: 'en dessous de la moyenne',
  equal: 'égal à la moyenne',
};

function keyFiguresSection(report: TerritoryReport, date: (value: string | undefined) => string): Section {
  const key = report.keyFigures;
  return {
    title: 'Chiffres clés',
    facts: key ? [{ label: 'Relevés le', value: date(key.recordedOn) }, ...(key.source ? [{ label: 'Source', value: key.source }] : [])] : [],
    tables: [
      {
        columns: ['Chiffre', 'Valeur', 'Unité', 'Part de la France'],
        rows: (key?.figures ?? []).map((f) => [f.year === undefined ? f.label : `${f.label} (${f.year})`, f.value, f.unit ?? '', shareText(f)]),
        empty: 'Aucun chiffre clé enregistré',
      },
    ],
  };
}

function indicatorsSection(report: TerritoryReport, date: (value: string | undefined) => string): Section {
  const measured = report.indicators;
  const domain = (d: { domain: string; label: string }): string => (d.label === d.domain ? say(FRAGILITY_DOMAINS, d.domain) : d.label);
  return {
    title: 'Indicateurs face à la moyenne nationale',
    facts: measured
      ? [{ label: 'Mesurés le', value: date(measured.measuredOn) }, ...(measured.source ? [{ label: 'Source', value: measured.source }] : [])]
      : [],
    tables: [
      {
        columns: ['Indicateur', 'Domaine', 'Territoire', 'Moyenne nationale', 'Unité', 'Écart', 'Situation'],
        rows: (measured?.indicators ?? []).map((i) => [
          i.name,
          domain(i),
          i.value,
          i.nationalAverage,
          i.unit ?? '',
          gapText(i.gap, i.unit),
          COMPARED[i.comparedToNational] ?? i.comparedToNational,
        ]),
        empty: 'Aucun indicateur enregistré',
      },
    ],
  };
}
