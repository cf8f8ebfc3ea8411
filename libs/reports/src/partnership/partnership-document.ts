import type { ReportDocument, Section, Table } from '../document/document';
import { contextFacts, type ReportContext } from '../document/context';
import {
  DECISIONS,
  DIMENSIONS,
  DIRECTIONS,
  frenchDate,
  frenchNumber,
  MILESTONE_STATUSES,
  MODES,
  OBJECTIVES,
  OUTCOMES,
  PHASES,
  plural,
  SCALES,
  say,
  sayAll,
  SPHERES,
  SUB_DIMENSIONS,
  yesNo,
} from '../document/french';
import { IMPACT_DIMENSIONS, IMPACT_SUB_DIMENSIONS } from '@catalyse/domain';
import type { CycleReport, IndicatorLine, MilestoneCounts, PartnershipReport } from './partnership-report';

const LIFE_OUTCOMES: Readonly<Record<PartnershipReport['life']['outcome'], string>> = {
  en_cours: 'en cours',
  renouvele: 'renouvelé',
  essaime: 'clos pour essaimer',
  clos: 'clos',
};

/** The partnership report as people read it, in French. */
export function partnershipDocument(report: PartnershipReport, context: ReportContext): ReportDocument {
  const date = (value: string | undefined): string => frenchDate(value, context.timeZone);
  return {
    title: `Rapport d’évaluation du partenariat « ${report.title} »`,
    subtitle: report.partners.map((p) => p.name).join(' × '),
    facts: [
      { label: 'Territoire', value: `${report.territory.name} (${say(SCALES, report.territory.scale)})` },
      { label: 'Modes', value: sayAll(MODES, report.modes) },
      { label: 'Proposé le', value: date(report.proposedAt) },
      { label: 'Phase', value: `${say(PHASES, report.phase)} — cycle ${report.cycle}` },
      ...contextFacts(context),
    ],
    sections: [
      {
        title: 'Partenaires',
        tables: [{ columns: ['Organisation', 'Sphère'], nameColumns: [0], rows: report.partners.map((p) => [p.name, say(SPHERES, p.sphere)]) }],
      },
      lifeSection(report, date),
      ...report.cycles.map((cycle) => cycleSection(cycle, date)),
    ],
  };
}

function lifeSection(report: PartnershipReport, date: (value: string | undefined) => string): Section {
  const { life } = report;
  return {
    title: 'Sur toute la vie du partenariat',
    facts: [
      { label: 'Cycles', value: report.cycles.length },
      { label: 'Issue', value: LIFE_OUTCOMES[life.outcome] },
      ...countFacts(life.counts),
      { label: 'Comités de pilotage', value: life.committees },
      { label: 'Décisions des comités', value: life.decisions },
      {
        label: 'Indicateurs ayant atteint leur cible',
        value: indicatorsReachedText(life.indicatorsReached, life.indicatorsWithTarget),
      },
    ],
    tables: [
      {
        title: 'Évaluation de l’impact par dimension et sous-dimension, par cycle (note sur 5)',
        columns: ['Dimension', ...report.cycles.map((c) => `Cycle ${c.cycle}`)],
        rows: IMPACT_DIMENSIONS.flatMap((dimension) => {
          const of = (cycle: number) => life.impact.find((i) => i.cycle === cycle && i.dimension === dimension);
          return [
            [say(DIMENSIONS, dimension), ...report.cycles.map((c) => of(c.cycle)?.score ?? null)],
            ...IMPACT_SUB_DIMENSIONS[dimension].map((sub) => [
              `dont ${say(SUB_DIMENSIONS, sub)}`,
              ...report.cycles.map((c) => of(c.cycle)?.scores[sub] ?? null),
            ]),
          ];
        }),
      },
      {
        title: 'Conclusions',
        columns: ['Cycle', 'Décision', 'Conclue le'],
        rows: life.conclusions.map((c) => [c.cycle, capitalised(say(DECISIONS, c.decision)), date(c.concludedOn)]),
        empty: 'Aucune évaluation conclue',
      },
      indicatorsTable('Indicateurs dans le temps, au regard de leur cible', life.indicators, date),
    ],
  };
}

function cycleSection(cycle: CycleReport, date: (value: string | undefined) => string): Section {
  return {
    title: `Cycle ${cycle.cycle}`,
    facts: [
      { label: cycle.cycle === 1 ? 'Proposé le' : 'Renouvelé le', value: date(cycle.startedOn) },
      { label: 'Pilotage engagé le', value: date(cycle.pilotageStartedOn) || 'pas encore' },
      { label: 'Évaluation ouverte le', value: date(cycle.evaluationOpenedOn) || 'pas encore' },
      {
        label: 'Conclusion',
        value: cycle.conclusion
          ? // What the decision made of the partnership, dated: « renouvelé le 14 décembre 2012 » (the decision itself is in « Conclusions »).
            `${say(OUTCOMES, cycle.conclusion.decision)} le ${date(cycle.conclusion.concludedOn)}`
          : 'pas encore',
      },
    ],
    sections: [
      {
        title: 'Cadrage : objectifs des partenaires',
        tables: [
          {
            columns: ['Organisation', 'Objectifs'],
            nameColumns: [0],
            rows: cycle.objectives.map((o) => [o.name, sayAll(OBJECTIVES, o.objectives)]),
            empty: 'Aucun objectif convenu',
          },
        ],
      },
      {
        title: 'Pilotage : jalons prévus et atteints',
        facts: countFacts(cycle.counts),
        tables: [
          {
            columns: [
              'Jalon',
              'Prévu pour',
              'Échéance',
              'Statut',
              'Atteint le',
              'En retard',
              'Écart au plan (jours)',
              'Reports et leurs raisons',
              'Motif d’abandon',
            ],
            rows: cycle.milestones.map((m) => [
              m.title,
              date(m.plannedFor),
              date(m.dueDate),
              m.overdue ? 'en souffrance' : say(MILESTONE_STATUSES, m.status),
              date(m.reachedOn),
              m.status === 'reached' ? yesNo(m.late) : '',
              m.daysAfterPlan ?? null,
              m.reschedules.map((r) => `du ${date(r.from)} au ${date(r.to)} : ${r.reason}`).join(' ; '),
              m.dropReason ?? '',
            ]),
            empty: 'Aucun jalon',
          },
        ],
      },
      {
        title: 'Pilotage : comités de pilotage et leurs décisions',
        tables: [
          {
            columns: ['Tenu le', 'Présents', 'Décisions'],
            rows: cycle.committees.map((c) => [date(c.heldOn), c.attendees.join(', '), c.decisions.join(' ; ')]),
            empty: 'Aucun comité de pilotage',
          },
        ],
      },
      { title: 'Pilotage : indicateurs', tables: [indicatorsTable(undefined, cycle.indicators, date)] },
      {
        title: 'Évaluation : impact par dimension et sous-dimension',
        tables: [
          {
            columns: ['Dimension', 'Note (sur 5)', 'Éléments de preuve'],
            // The dimension's score (the mean of its sub-dimensions'), then each sub-dimension's.
            rows: cycle.impact.flatMap((i) => [
              [say(DIMENSIONS, i.dimension), i.score, i.evidence],
              ...IMPACT_SUB_DIMENSIONS[i.dimension].map((sub) => [`dont ${say(SUB_DIMENSIONS, sub)}`, i.scores[sub] ?? null, '']),
            ]),
            empty: 'Impact pas encore évalué',
          },
        ],
      },
    ],
  };
}

/** A word heading a cell: « Renouvellement ». */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function countFacts(counts: MilestoneCounts): { label: string; value: number }[] {
  return [
    { label: 'Jalons prévus', value: counts.planned },
    { label: 'Jalons atteints', value: counts.reached },
    { label: 'dont à l’heure', value: counts.onTime },
    { label: 'dont en retard', value: counts.late },
    { label: 'Jalons reportés', value: counts.rescheduled },
    { label: 'Jalons abandonnés', value: counts.dropped },
    { label: 'Jalons en cours', value: counts.open },
    { label: 'dont en souffrance', value: counts.overdue },
  ];
}

function indicatorsTable(title: string | undefined, indicators: readonly IndicatorLine[], date: (value: string | undefined) => string): Table {
  return {
    ...(title ? { title } : {}),
    columns: ['Indicateur', 'Mesuré le', 'Valeur', 'Unité', 'Cible', 'Sens de la cible', 'Cible atteinte'],
    rows: indicators.flatMap((indicator) =>
      indicator.measures.map((m, index) => {
        const last = index === indicator.measures.length - 1;
        return [
          indicator.name,
          date(m.measuredOn),
          m.value,
          indicator.unit ?? '',
          m.target ?? null,
          say(DIRECTIONS, indicator.direction),
          last ? (indicator.reached === undefined ? 'sans cible' : yesNo(indicator.reached)) : '',
        ];
      }),
    ),
    empty: 'Aucun indicateur mesuré',
  };
}

/** « 1 sur 2 indicateurs ciblés », « 1 sur 1 indicateur ciblé », or « aucun indicateur ciblé » when none has a target. */
export function indicatorsReachedText(reached: number, withTarget: number): string {
  return withTarget === 0 ? 'aucun indicateur ciblé' : `${frenchNumber(reached)} sur ${plural(withTarget, 'indicateur ciblé', 'indicateurs ciblés')}`;
}
