import type { AccompanimentEvent, AccompanimentOutcome, CalendarDate } from '@catalyse/domain';
import { ACCOMPANIMENT_OBSERVATIONS, type AccompanimentObserved } from '@catalyse/projections';
import { type DatedObservation, type FigureContext, inPeriod, livesIn, type Period, section } from '../core/section';
import { type Column, mean, median, percent, type Table } from '../core/table';
import { asItHappened, daysBetween, otherObservation, YearlyCounts } from '../network/network-figures';

/** An accompaniment (a catalyseur preparing an organisation for partnerships) as it stands on the period's last day. */
export interface AccompanimentSubject {
  readonly id: string;
  readonly organisation: string;
  readonly catalyseur: string;
  readonly opened: CalendarDate;
  /** The days of its sessions, in the order they happened. */
  readonly sessions: readonly CalendarDate[];
  /** The maturities seen, in the order they were seen. */
  readonly maturities: readonly string[];
  readonly closed?: { readonly on: CalendarDate; readonly outcome: AccompanimentOutcome };
}

/**
 * An accompaniment from its observations, or `undefined` before it was opened
 * or when its life (opening to closing, or still going) does not meet the period.
 */
export function accompanimentSubject(id: string, observations: readonly DatedObservation[], period: Period): AccompanimentSubject | undefined {
  let opened: { day: CalendarDate; data: AccompanimentObserved } | undefined;
  const sessions: CalendarDate[] = [];
  const maturities: string[] = [];
  let closed: AccompanimentSubject['closed'];
  for (const o of asItHappened(observations, period)) {
    const type = o.type as AccompanimentEvent['type'];
    switch (type) {
      case 'AccompanimentOpened':
        opened ??= { day: o.day, data: o.data as AccompanimentObserved };
        break;
      case 'AccompanimentSessionHeld':
        sessions.push(o.day);
        break;
      case 'OrganisationMaturityRecorded': {
        const maturity = (o.data as { maturity?: unknown }).maturity;
        if (typeof maturity === 'string') maturities.push(maturity);
        break;
      }
      case 'AccompanimentClosed': {
        const outcome = (o.data as { outcome?: unknown }).outcome;
        if (closed === undefined && (outcome === 'ready' || outcome === 'not-ready' || outcome === 'abandoned')) closed = { on: o.day, outcome };
        break;
      }
      default:
        otherObservation(type);
    }
  }
  if (opened === undefined || !livesIn(opened.day, closed?.on, period)) return undefined;
  return {
    id,
    organisation: opened.data.organisation,
    catalyseur: opened.data.catalyseur,
    opened: opened.day,
    sessions,
    maturities,
    ...(closed === undefined ? {} : { closed }),
  };
}

const STAGES = [
  ['opened', 'Accompagnements ouverts'],
  ['with_session', 'Avec au moins une séance'],
  ['closed_ready', 'Clos : prêt pour des partenariats'],
  ['closed_not_ready', 'Clos : pas encore prêt'],
  ['abandoned', 'Abandonnés'],
  ['open', 'En cours'],
] as const;
type Stage = (typeof STAGES)[number][0];

function stagesOf(accompaniments: readonly AccompanimentSubject[]): Readonly<Record<Stage, number>> {
  const outcome = (o: AccompanimentOutcome) => accompaniments.filter((a) => a.closed?.outcome === o).length;
  return {
    opened: accompaniments.length,
    with_session: accompaniments.filter((a) => a.sessions.length > 0).length,
    closed_ready: outcome('ready'),
    closed_not_ready: outcome('not-ready'),
    abandoned: outcome('abandoned'),
    open: accompaniments.filter((a) => a.closed === undefined).length,
  };
}

const BY_CATALYSEUR_COLUMNS: readonly Column[] = [
  { key: 'catalyseur', label: 'Catalyseur' },
  { key: 'opened', label: 'Accompagnements' },
  { key: 'sessions', label: 'Séances' },
  { key: 'closed_ready', label: 'Prêts pour des partenariats' },
  { key: 'ready_rate', label: 'Taux de préparation (%)' },
];

function accompanimentTables(accompaniments: readonly AccompanimentSubject[], { period }: FigureContext): Table[] {
  const counts = stagesOf(accompaniments);
  const years = new YearlyCounts<'opened' | 'sessions' | 'closed_ready'>();
  const toReady: number[] = [];
  for (const a of accompaniments) {
    if (inPeriod(a.opened, period)) years.add(a.opened, 'opened');
    for (const day of a.sessions) if (inPeriod(day, period)) years.add(day, 'sessions');
    if (a.closed?.outcome === 'ready') {
      if (inPeriod(a.closed.on, period)) years.add(a.closed.on, 'closed_ready');
      toReady.push(daysBetween(a.opened, a.closed.on));
    }
  }
  const byCatalyseur = new Map<string, AccompanimentSubject[]>();
  for (const a of accompaniments) byCatalyseur.set(a.catalyseur, [...(byCatalyseur.get(a.catalyseur) ?? []), a]);
  return [
    {
      name: 'funnel',
      title: 'Entonnoir des accompagnements (en amont des mises en relation)',
      columns: [
        { key: 'stage', label: 'Étape' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
        { key: 'share', label: 'Part des accompagnements (%)' },
      ],
      rows: STAGES.map(([stage, label]) => ({ stage, label, count: counts[stage], share: percent(counts[stage], counts.opened) })),
    },
    {
      name: 'by_catalyseur',
      title: 'Accompagnements par catalyseur',
      columns: BY_CATALYSEUR_COLUMNS,
      rows: [...byCatalyseur.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([catalyseur, members]) => {
          const ready = members.filter((m) => m.closed?.outcome === 'ready').length;
          const sessions = members.reduce((sum, m) => sum + m.sessions.length, 0);
          return { catalyseur, opened: members.length, sessions, closed_ready: ready, ready_rate: percent(ready, members.length) };
        }),
    },
    {
      name: 'by_year',
      title: 'Accompagnements par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'opened', label: 'Ouverts' },
        { key: 'sessions', label: 'Séances' },
        { key: 'closed_ready', label: 'Clos prêts' },
      ],
      rows: years.rows(['opened', 'sessions', 'closed_ready']),
    },
    {
      name: 'delays',
      title: 'Délai de l’ouverture à la clôture « prêt » (jours)',
      columns: [
        { key: 'count', label: 'Nombre' },
        { key: 'mean', label: 'Moyenne' },
        { key: 'median', label: 'Médiane' },
      ],
      rows: [{ count: toReady.length, mean: mean(toReady), median: median(toReady) }],
    },
  ];
}

/**
 * The accompaniments (« préparer les partenaires »), in front of the
 * introductions funnel: opened → with a session → closed ready, not ready or
 * abandoned, still open; by catalyseur, per year, and the delay to "ready".
 * Accompaniments name an organisation, not a territory: the territory and
 * region filters leave none (docs/adr/0024-accompaniments.md).
 */
export const accompanimentsSection = section<AccompanimentSubject>({
  name: 'accompaniments',
  title: 'Accompagnements',
  collection: ACCOMPANIMENT_OBSERVATIONS,
  category: 'accompaniment',
  subject: (doc, observations, period) => accompanimentSubject(doc.id, observations, period),
  placeOf: () => undefined,
  figures: (subjects, context) => accompanimentTables(subjects, context),
});
