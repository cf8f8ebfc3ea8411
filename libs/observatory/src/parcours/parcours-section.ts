import { type CalendarDate, type ParcoursEvent, PARCOURS_STEPS } from '@catalyse/domain';
import { PARCOURS_OBSERVATIONS } from '@catalyse/projections';
import { type DatedObservation, type FigureContext, livesIn, type Period, section } from '../core/section';
import { countTable, Counter, percent, type Table } from '../core/table';
import { labelIn, PARCOURS_STEP_LABELS } from '../network/labels';
import { asItHappened, otherObservation, regionKey } from '../network/network-figures';

export type ParcoursStanding = 'open' | 'started' | 'completed';

export interface ObservedPilot {
  readonly territory: string;
  readonly withdrawn: boolean;
  /** The step it works on, none before its first progress. */
  readonly step?: string;
  /** Sessions it was present at. */
  readonly sessions: number;
}

/** A parcours d'expérience as the observatory counts it, as it stands on the period's last day. */
export interface ParcoursSubject {
  readonly id: string;
  readonly status: ParcoursStanding;
  readonly opened: CalendarDate;
  readonly completed?: CalendarDate;
  readonly pilots: readonly ObservedPilot[];
  readonly sessions: number;
}

/** A parcours from its observations, or `undefined` before it opened or when its life does not meet the period. */
export function parcoursSubject(id: string, observations: readonly DatedObservation[], period: Period): ParcoursSubject | undefined {
  let opened: CalendarDate | undefined;
  let completed: CalendarDate | undefined;
  let status: ParcoursStanding = 'open';
  let sessions = 0;
  const pilots = new Map<string, { withdrawn: boolean; step?: string; sessions: number }>();
  for (const o of asItHappened(observations, period)) {
    const data = o.data as Record<string, unknown>;
    const territory = typeof data['territory'] === 'string' ? data['territory'] : undefined;
    const type = o.type as ParcoursEvent['type'];
    switch (type) {
      case 'ParcoursOpened':
        opened ??= o.day;
        break;
      case 'PilotTerritoryEnrolled':
        if (territory !== undefined && !pilots.has(territory)) pilots.set(territory, { withdrawn: false, sessions: 0 });
        break;
      case 'PilotTerritoryWithdrawn': {
        const pilot = territory === undefined ? undefined : pilots.get(territory);
        if (pilot) pilot.withdrawn = true;
        break;
      }
      case 'ParcoursStarted':
        if (status === 'open') status = 'started';
        break;
      case 'ParcoursSessionHeld':
        sessions += 1;
        for (const present of Array.isArray(data['present']) ? (data['present'] as unknown[]) : []) {
          const pilot = typeof present === 'string' ? pilots.get(present) : undefined;
          if (pilot) pilot.sessions += 1;
        }
        break;
      case 'PilotProgressRecorded': {
        const pilot = territory === undefined ? undefined : pilots.get(territory);
        if (pilot && typeof data['step'] === 'string') pilot.step = data['step'];
        break;
      }
      case 'ParcoursCompleted':
        if (status !== 'completed') [status, completed] = ['completed', o.day];
        break;
      default:
        otherObservation(type);
    }
  }
  if (opened === undefined || !livesIn(opened, completed, period)) return undefined;
  return {
    id,
    status,
    opened,
    ...(completed === undefined ? {} : { completed }),
    pilots: [...pilots.entries()].map(([territory, p]) => ({
      territory,
      withdrawn: p.withdrawn,
      ...(p.step === undefined ? {} : { step: p.step }),
      sessions: p.sessions,
    })),
    sessions,
  };
}

const STATUS_LABELS: Readonly<Record<ParcoursStanding, string>> = { open: 'Inscriptions ouvertes', started: 'En cours', completed: 'Terminé' };
/** The key of a pilot territory that has recorded no progress yet. */
export const NOT_STARTED = 'non_commencee';

function parcoursTables(subjects: readonly ParcoursSubject[], { regionOf, territoryName, titleOf }: FigureContext): Table[] {
  const status = new Counter();
  const current = new Counter();
  const region = new Counter();
  const reached = new Counter();
  const active = subjects.flatMap((p) => p.pilots.filter((pilot) => !pilot.withdrawn).map((pilot) => ({ parcours: p, pilot })));
  for (const p of subjects) status.add(p.status);
  for (const { pilot } of active) {
    current.add(pilot.step ?? NOT_STARTED);
    region.add(regionKey(regionOf, { id: pilot.territory }));
    const at = pilot.step === undefined ? -1 : (PARCOURS_STEPS as readonly string[]).indexOf(pilot.step);
    PARCOURS_STEPS.forEach((step, index) => index <= at && reached.add(step));
  }
  const stepLabel = labelIn({ ...PARCOURS_STEP_LABELS, [NOT_STARTED]: 'Pas encore commencée' });
  return [
    {
      name: 'progress_by_step',
      title: 'Avancement des territoires pilotes par étape',
      columns: [
        { key: 'step', label: 'Étape' },
        { key: 'label', label: 'Libellé' },
        { key: 'current', label: 'Territoires à cette étape' },
        { key: 'share', label: 'Part (%)' },
        { key: 'reached', label: 'Territoires l’ayant atteinte' },
        { key: 'reached_share', label: 'Part l’ayant atteinte (%)' },
      ],
      rows: [...PARCOURS_STEPS, NOT_STARTED].map((step) => ({
        step,
        label: stepLabel(step),
        current: current.get(step),
        share: percent(current.get(step), active.length),
        reached: step === NOT_STARTED ? null : reached.get(step),
        reached_share: step === NOT_STARTED ? null : percent(reached.get(step), active.length),
      })),
    },
    countTable(
      'by_status',
      'Parcours par statut',
      { key: 'status', label: 'Statut' },
      status,
      subjects.length,
      ['open', 'started', 'completed'],
      labelIn(STATUS_LABELS),
    ),
    {
      name: 'parcours',
      title: 'Parcours d’expérience',
      columns: [
        { key: 'parcours', label: 'Parcours' },
        { key: 'label', label: 'Libellé' },
        { key: 'status', label: 'Statut' },
        { key: 'status_label', label: 'Statut (libellé)' },
        { key: 'pilots', label: 'Territoires pilotes' },
        { key: 'withdrawn', label: 'Retirés' },
        { key: 'sessions', label: 'Séances' },
        { key: 'presence_rate', label: 'Présence aux séances (%)' },
        { key: 'completed', label: 'Terminé le' },
      ],
      rows: [...subjects]
        .sort((a, b) => a.opened.localeCompare(b.opened) || a.id.localeCompare(b.id))
        .map((p) => {
          const pilots = p.pilots.filter((pilot) => !pilot.withdrawn);
          return {
            parcours: p.id,
            label: titleOf('parcours', p.id),
            status: p.status,
            status_label: labelIn(STATUS_LABELS)(p.status),
            pilots: pilots.length,
            withdrawn: p.pilots.length - pilots.length,
            sessions: p.sessions,
            presence_rate: percent(
              pilots.reduce((sum, pilot) => sum + pilot.sessions, 0),
              pilots.length * p.sessions,
            ),
            completed: p.completed ?? null,
          };
        }),
    },
    countTable('pilots_by_region', 'Territoires pilotes par région', { key: 'region', label: 'Région' }, region, active.length),
    {
      name: 'pilots',
      title: 'Territoires pilotes',
      columns: [
        { key: 'territory', label: 'Territoire' },
        { key: 'label', label: 'Libellé' },
        { key: 'parcours', label: 'Parcours' },
        { key: 'parcours_label', label: 'Parcours (libellé)' },
        { key: 'region', label: 'Région' },
        { key: 'step', label: 'Étape' },
        { key: 'step_label', label: 'Étape (libellé)' },
        { key: 'sessions', label: 'Séances suivies' },
      ],
      rows: active.map(({ parcours, pilot }) => ({
        territory: pilot.territory,
        label: territoryName({ id: pilot.territory }),
        parcours: parcours.id,
        parcours_label: titleOf('parcours', parcours.id),
        region: regionKey(regionOf, { id: pilot.territory }),
        step: pilot.step ?? NOT_STARTED,
        step_label: stepLabel(pilot.step ?? NOT_STARTED),
        sessions: pilot.sessions,
      })),
    },
  ];
}

/**
 * The parcours d'expérience: those whose life (opened → completed) meets the
 * period, as they stand on its last day: the progress of their pilot
 * territories (withdrawn ones left out) by step — the step each works on and
 * the steps each has reached —, by status, one row each (pilots, sessions,
 * presence), the pilots by region and one row per pilot. A parcours spans
 * several territories: it has no place of its own, so a territory or region
 * filter leaves it out.
 */
export const parcoursSection = section<ParcoursSubject>({
  name: 'parcours',
  title: 'Parcours d’expérience',
  collection: PARCOURS_OBSERVATIONS,
  category: 'parcours',
  subject: (doc, observations, period) => parcoursSubject(doc.id, observations, period),
  placeOf: () => undefined,
  titled: ['parcours'],
  figures: (subjects, context) => parcoursTables(subjects, context),
});
