import {
  IMPACT_DIMENSIONS,
  IMPACT_SCORE_MAX,
  IMPACT_SCORE_MIN,
  IMPACT_SUB_DIMENSIONS,
  type ImpactSubDimension,
  PARTNERSHIP_MODES,
  PARTNERSHIP_PHASES,
  TERRITORY_SCALES,
} from '@catalyse/domain';
import { inPeriod, type FigureContext } from '../core/section';
import { labelIn, SPHERE_LABELS } from '../network/labels';
import { Counter, countTable, mean, median, percent, type Table } from '../core/table';
import type { PartnershipSubject } from './partnership-subject';

const MODE_LABELS: Readonly<Record<string, string>> = {
  pratiques_responsables: 'Pratiques responsables',
  mecenat: 'Mécénat',
  cooperation_economique: 'Coopération économique',
  innovation_societale: 'Innovation sociétale',
};
const PHASE_LABELS: Readonly<Record<string, string>> = { cadrage: 'Cadrage', pilotage: 'Pilotage', evaluation: 'Évaluation', closed: 'Clos' };
const DIMENSION_LABELS: Readonly<Record<string, string>> = {
  innovation_societale: 'Innovation sociétale',
  performance_organisations: 'Performance des organisations',
  confiance: 'Confiance',
};
const SUB_DIMENSION_LABELS: Readonly<Record<ImpactSubDimension, string>> = {
  growth_and_jobs: 'Croissance économique et emplois',
  fewer_fragilities: 'Réduction des fragilités',
  association_performance: 'Performance des associations',
  company_performance: 'Performance des entreprises',
  collective_trust: 'Confiance collective',
  individual_trust: 'Confiance individuelle',
};
const SCALE_LABELS: Readonly<Record<string, string>> = {
  local: 'Local',
  departemental: 'Départemental',
  regional: 'Régional',
  national: 'National',
  'non renseignée': 'Non renseignée',
};
/** `association + collectivite` → `Association + Collectivité`. */
const spherePairLabel = (pair: string): string =>
  pair
    .split(' + ')
    .map((sphere) => labelIn(SPHERE_LABELS)(sphere))
    .join(' + ');
const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  on_time: 'Atteints à temps',
  late: 'Atteints en retard',
  overdue: 'En retard (non atteints)',
  pending: 'À venir',
  dropped: 'Abandonnés',
};
const labelOf =
  (labels: Readonly<Record<string, string>>) =>
  (key: string): string =>
    labels[key] ?? key;
const year = (day: string): string => day.slice(0, 4);
const MEASURE_COLUMNS = [
  { key: 'measure', label: 'Mesure' },
  { key: 'label', label: 'Libellé' },
  { key: 'value', label: 'Valeur' },
];

/** Every table of the partnerships section. */
export function partnershipFigures(subjects: readonly PartnershipSubject[], context: FigureContext): Table[] {
  const total = subjects.length;
  const by = (pick: (s: PartnershipSubject) => readonly string[] | string): Counter => {
    const counter = new Counter();
    for (const s of subjects) {
      const keys = pick(s);
      if (typeof keys === 'string') counter.add(keys);
      else for (const key of keys) counter.add(key);
    }
    return counter;
  };
  const regions = by((s) => context.regionOf(s.territory) ?? 'non renseignée');
  // The name each partnership gives its territory: the label when the territory's profile gives none.
  const territories = new Map(subjects.flatMap((s): [string, string][] => (s.territory.name === undefined ? [] : [[s.territory.id, s.territory.name]])));
  return [
    countTable(
      'by_mode',
      'Partenariats par mode (un partenariat peut en avoir plusieurs)',
      { key: 'mode', label: 'Mode' },
      by((s) => [...new Set(s.modes)]),
      total,
      PARTNERSHIP_MODES,
      labelOf(MODE_LABELS),
    ),
    countTable(
      'by_sphere_pair',
      'Partenariats par paire de sphères',
      { key: 'spheres', label: 'Sphères' },
      by((s) => s.spheres),
      total,
      [],
      spherePairLabel,
    ),
    countTable(
      'by_territory',
      'Partenariats par territoire',
      { key: 'territory', label: 'Territoire' },
      by((s) => s.territory.id),
      total,
      [],
      (id) => context.territoryName({ id, ...(territories.has(id) ? { name: territories.get(id) } : {}) }),
    ),
    countTable('by_region', 'Partenariats par région', { key: 'region', label: 'Région' }, regions, total),
    countTable(
      'by_scale',
      'Partenariats par échelle du territoire',
      { key: 'scale', label: 'Échelle' },
      by((s) => s.territory.scale ?? 'non renseignée'),
      total,
      TERRITORY_SCALES,
      labelOf(SCALE_LABELS),
    ),
    countTable(
      'by_phase',
      'Partenariats par phase',
      { key: 'phase', label: 'Phase' },
      by((s) => s.phase),
      total,
      PARTNERSHIP_PHASES,
      labelOf(PHASE_LABELS),
    ),
    countTable(
      'by_cycle',
      'Partenariats par cycle',
      { key: 'cycle', label: 'Cycle' },
      by((s) => String(s.cycle)),
      total,
      ['1'],
    ),
    perYear(subjects, context),
    renewal(subjects),
    phaseDurations(subjects),
    milestones(subjects),
    committees(subjects),
    impacts(subjects),
  ];
}

function perYear(subjects: readonly PartnershipSubject[], { period }: FigureContext): Table {
  const rows = new Map<string, { proposed: number; renewed: number; closed: number }>();
  const row = (y: string) => rows.get(y) ?? rows.set(y, { proposed: 0, renewed: 0, closed: 0 }).get(y) ?? { proposed: 0, renewed: 0, closed: 0 };
  for (const s of subjects) {
    if (inPeriod(s.proposedOn, period)) row(year(s.proposedOn)).proposed += 1;
    for (const day of s.renewedOn) if (inPeriod(day, period)) row(year(day)).renewed += 1;
    if (s.closed && inPeriod(s.closed.on, period)) row(year(s.closed.on)).closed += 1;
  }
  // Every year between the first and the last, a quiet one with its zeros: a chart's axis has no hole.
  const years = [...rows.keys()].map(Number);
  for (let y = Math.min(...years) + 1; y < Math.max(...years); y++) row(String(y));
  return {
    name: 'per_year',
    title: 'Partenariats proposés, renouvelés et clos par année',
    columns: [
      { key: 'year', label: 'Année' },
      { key: 'proposed', label: 'Proposés' },
      { key: 'renewed', label: 'Renouvelés' },
      { key: 'closed', label: 'Clos' },
    ],
    rows: [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([y, r]) => ({ year: y, ...r })),
  };
}

function renewal(subjects: readonly PartnershipSubject[]): Table {
  const decisions = new Counter();
  for (const s of subjects) for (const c of s.concluded) decisions.add(c.decision);
  const concluded = decisions.get('renouveler') + decisions.get('essaimer') + decisions.get('clore');
  return {
    name: 'renewal',
    title: 'Conclusions des évaluations et taux de renouvellement',
    columns: MEASURE_COLUMNS,
    rows: [
      { measure: 'evaluations_concluded', label: 'Évaluations conclues', value: concluded },
      { measure: 'renewed', label: 'Renouvelés', value: decisions.get('renouveler') },
      { measure: 'spread', label: 'Essaimés', value: decisions.get('essaimer') },
      { measure: 'closed', label: 'Clos', value: decisions.get('clore') },
      { measure: 'renewal_rate_percent', label: 'Taux de renouvellement (%)', value: percent(decisions.get('renouveler'), concluded) },
    ],
  };
}

function phaseDurations(subjects: readonly PartnershipSubject[]): Table {
  const phases = ['cadrage', 'pilotage', 'evaluation'] as const;
  const done = new Map<string, number[]>(phases.map((p) => [p, []]));
  const ongoing = new Counter();
  for (const s of subjects) {
    for (const stay of s.stays) {
      if (stay.done) done.get(stay.phase)?.push(stay.days);
      else ongoing.add(stay.phase);
    }
  }
  const rows = phases.map((phase) => {
    const days = done.get(phase) ?? [];
    return {
      phase,
      label: PHASE_LABELS[phase] ?? phase,
      completed: days.length,
      mean_days: mean(days),
      median_days: median(days),
      ongoing: ongoing.get(phase),
    };
  });
  return {
    name: 'phase_durations',
    title: 'Temps passé par phase (séjours terminés, en jours)',
    columns: [
      { key: 'phase', label: 'Phase' },
      { key: 'label', label: 'Libellé' },
      { key: 'completed', label: 'Séjours terminés' },
      { key: 'mean_days', label: 'Durée moyenne (jours)' },
      { key: 'median_days', label: 'Durée médiane (jours)' },
      { key: 'ongoing', label: 'En cours' },
    ],
    rows,
  };
}

function milestones(subjects: readonly PartnershipSubject[]): Table {
  const all = subjects.flatMap((s) => s.milestones);
  const outcomes = new Counter();
  for (const m of all) outcomes.add(m.outcome);
  const rows = outcomes
    .entries(Object.keys(OUTCOME_LABELS))
    .map(([outcome, count]) => ({ status: outcome, label: OUTCOME_LABELS[outcome] ?? outcome, count, share: percent(count, all.length) }));
  const rescheduled = all.filter((m) => m.rescheduled > 0).length;
  return {
    name: 'milestones',
    title: 'Jalons : à temps, en retard, reportés, abandonnés',
    columns: [
      { key: 'status', label: 'Statut' },
      { key: 'label', label: 'Libellé' },
      { key: 'count', label: 'Nombre' },
      { key: 'share', label: 'Part (%)' },
    ],
    rows: [...rows, { status: 'rescheduled', label: 'Reportés au moins une fois', count: rescheduled, share: percent(rescheduled, all.length) }],
  };
}

function committees(subjects: readonly PartnershipSubject[]): Table {
  const held = subjects.reduce((sum, s) => sum + s.committees, 0);
  const withOne = subjects.filter((s) => s.committees > 0).length;
  return {
    name: 'steering_committees',
    title: 'Comités de pilotage tenus',
    columns: MEASURE_COLUMNS,
    rows: [
      { measure: 'held', label: 'Comités tenus', value: held },
      { measure: 'partnerships_with_one', label: 'Partenariats en ayant tenu au moins un', value: withOne },
      { measure: 'mean_per_partnership', label: 'Moyenne par partenariat', value: mean(subjects.map((s) => s.committees)) },
    ],
  };
}

/**
 * Each dimension, then its two sub-dimensions (machine keys, each with its French words beside it: `label` after the
 * key, `part_of_label` after `part_of`, the dimension a sub-dimension belongs to): the assessments, the mean score
 * and how many scored 1 to 5. The notes from 1 to 5 are given to the
 * sub-dimensions: a sub-dimension's row counts its own (whole) notes. A
 * dimension's score is the mean of its two sub-scores (3.5 for 3 and 4), not a
 * note: its row gives the assessments and the mean of those scores, and no
 * distribution (a count of notes is a whole number; sharing an assessment
 * between its sub-scores counted halves). An observation kept before
 * sub-dimensions reads as both sub-dimensions at its score, so its note is
 * counted in them (docs/adr/0017-event-schema-evolution.md).
 */
function impacts(subjects: readonly PartnershipSubject[]): Table {
  const scores = Array.from({ length: IMPACT_SCORE_MAX - IMPACT_SCORE_MIN + 1 }, (_, i) => IMPACT_SCORE_MIN + i);
  const byDimension = new Map<string, PartnershipSubject['impacts'][number][]>(IMPACT_DIMENSIONS.map((d) => [d, []]));
  for (const s of subjects) for (const impact of s.impacts) byDimension.get(impact.dimension)?.push(impact);
  const rows = IMPACT_DIMENSIONS.flatMap((dimension) => {
    const assessed = byDimension.get(dimension) ?? [];
    const row = {
      dimension,
      label: DIMENSION_LABELS[dimension] ?? dimension,
      assessments: assessed.length,
      mean: mean(assessed.map((a) => a.score)),
      ...Object.fromEntries(scores.map((score) => [`score_${score}`, null])),
    };
    const subRows = IMPACT_SUB_DIMENSIONS[dimension].map((sub) => {
      const values = assessed.flatMap((a) => (typeof a.scores[sub] === 'number' ? [a.scores[sub]] : []));
      return {
        dimension: sub,
        label: SUB_DIMENSION_LABELS[sub],
        part_of: dimension,
        part_of_label: DIMENSION_LABELS[dimension] ?? dimension,
        assessments: values.length,
        mean: mean(values),
        ...Object.fromEntries(scores.map((score) => [`score_${score}`, values.filter((v) => v === score).length])),
      };
    });
    return [row, ...subRows];
  });
  return {
    name: 'impacts',
    title: 'Impacts évalués par dimension et sous-dimension (moyenne et répartition des notes de 1 à 5)',
    columns: [
      { key: 'dimension', label: 'Dimension' },
      { key: 'label', label: 'Libellé' },
      { key: 'part_of', label: 'Sous-dimension de' },
      { key: 'part_of_label', label: 'Sous-dimension de (libellé)' },
      { key: 'assessments', label: 'Évaluations' },
      { key: 'mean', label: 'Note moyenne' },
      ...scores.map((score) => ({ key: `score_${score}`, label: `Note ${score}` })),
    ],
    rows,
  };
}
