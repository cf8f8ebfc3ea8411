import { type CalendarDate, GATHERING_KINDS, type GatheringEvent } from '@catalyse/domain';
import { GATHERING_OBSERVATIONS, type ScheduleObserved } from '@catalyse/projections';
import { type DatedObservation, type FigureContext, inPeriod, livesIn, type Period, section } from '../core/section';
import { countTable, Counter, mean, percent, type Table } from '../core/table';
import { GATHERING_KIND_LABELS, labelIn, SPHERE_LABELS } from '../network/labels';
import { asItHappened, otherObservation, regionKey, YearlyCounts } from '../network/network-figures';

export type GatheringStanding = 'scheduled' | 'held' | 'cancelled';

/** A gathering as the observatory counts it, as it stands on the period's last day. */
export interface GatheringSubject {
  readonly id: string;
  readonly kind: string;
  readonly territory?: string;
  readonly status: GatheringStanding;
  /** When it was scheduled; held or cancelled on `ended`. */
  readonly scheduled: CalendarDate;
  readonly ended?: CalendarDate;
  /** The day it was held. */
  readonly held?: CalendarDate;
  /** Standing registrations (cancelled ones left out). */
  readonly registered: number;
  /** The sphere of each participant present. */
  readonly present: readonly string[];
  /** Speed-dating pairs who met. */
  readonly pairs: number;
}

interface Registration {
  readonly sphere: string;
  cancelled: boolean;
}

/** A gathering from its observations, or `undefined` before it was scheduled or when its life does not meet the period. */
export function gatheringSubject(id: string, observations: readonly DatedObservation[], period: Period): GatheringSubject | undefined {
  let schedule: ScheduleObserved | undefined;
  let scheduled: CalendarDate | undefined;
  let status: GatheringStanding = 'scheduled';
  let ended: CalendarDate | undefined;
  let pairs = 0;
  const registrations = new Map<string, Registration>();
  const present = new Set<string>();
  for (const o of asItHappened(observations, period)) {
    const data = o.data as Record<string, unknown>;
    const type = o.type as GatheringEvent['type'];
    switch (type) {
      case 'GatheringScheduled':
        schedule = o.data as ScheduleObserved;
        scheduled = o.day;
        break;
      case 'ParticipantRegistered':
        if (typeof data['participant'] === 'string') registrations.set(data['participant'], { sphere: String(data['sphere']), cancelled: false });
        break;
      case 'RegistrationCancelled': {
        const registration = typeof data['participant'] === 'string' ? registrations.get(data['participant']) : undefined;
        if (registration) registration.cancelled = true;
        break;
      }
      case 'GatheringHeld':
        if (status === 'scheduled') [status, ended] = ['held', o.day];
        break;
      case 'GatheringCancelled':
        if (status === 'scheduled') [status, ended] = ['cancelled', o.day];
        break;
      case 'AttendanceRecorded':
        for (const participant of Array.isArray(data['participants']) ? (data['participants'] as unknown[]) : []) {
          if (typeof participant === 'string') present.add(participant);
        }
        break;
      case 'SpeedDatingPairsRecorded':
        pairs += typeof data['pairs'] === 'number' ? data['pairs'] : 0;
        break;
      case 'GatheringRescheduled':
        break;
      default:
        otherObservation(type);
    }
  }
  if (schedule === undefined || scheduled === undefined || !livesIn(scheduled, ended, period)) return undefined;
  const standing = [...registrations.values()].filter((r) => !r.cancelled).length;
  return {
    id,
    kind: schedule.kind,
    ...(schedule.territory === undefined ? {} : { territory: schedule.territory }),
    status,
    scheduled,
    ...(ended === undefined ? {} : { ended }),
    ...(status === 'held' && ended !== undefined ? { held: ended } : {}),
    registered: standing,
    present: [...present].map((p) => registrations.get(p)?.sphere ?? 'inconnue'),
    pairs,
  };
}

const STATUS_LABELS: Readonly<Record<GatheringStanding, string>> = { scheduled: 'Programmée', held: 'Tenue', cancelled: 'Annulée' };
/** The key of gatherings of the whole network (a webinaire has no territory). */
export const NETWORK_WIDE = 'reseau';
const NETWORK_WIDE_LABEL = 'Tout le réseau';

interface KindTotals {
  held: number;
  registered: number;
  present: number;
  pairs: number;
}

function gatheringTables(subjects: readonly GatheringSubject[], { period, regionOf, territoryName }: FigureContext): Table[] {
  const status = new Counter();
  const held = subjects.filter((g) => g.held !== undefined && inPeriod(g.held, period));
  const byKind = new Map<string, KindTotals>();
  const bySphere = new Counter();
  const byTerritory = new Map<string, { held: number; present: number }>();
  const years = new YearlyCounts<'held' | 'present'>();
  for (const g of subjects) status.add(g.status);
  for (const g of held) {
    const totals = byKind.get(g.kind) ?? { held: 0, registered: 0, present: 0, pairs: 0 };
    totals.held += 1;
    totals.registered += g.registered;
    totals.present += g.present.length;
    totals.pairs += g.pairs;
    byKind.set(g.kind, totals);
    for (const sphere of g.present) bySphere.add(sphere);
    const territory = byTerritory.get(g.territory ?? NETWORK_WIDE) ?? { held: 0, present: 0 };
    territory.held += 1;
    territory.present += g.present.length;
    byTerritory.set(g.territory ?? NETWORK_WIDE, territory);
    if (g.held !== undefined) {
      years.add(g.held, 'held');
      years.add(g.held, 'present', g.present.length);
    }
  }
  const kinds = [...GATHERING_KINDS, ...[...byKind.keys()].filter((k) => !(GATHERING_KINDS as readonly string[]).includes(k))];
  const presences = held.reduce((sum, g) => sum + g.present.length, 0);
  return [
    countTable(
      'by_status',
      'Rencontres par statut',
      { key: 'status', label: 'Statut' },
      status,
      subjects.length,
      ['scheduled', 'held', 'cancelled'],
      labelIn(STATUS_LABELS),
    ),
    {
      name: 'held_by_kind',
      title: 'Rencontres tenues par type',
      columns: [
        { key: 'kind', label: 'Type' },
        { key: 'label', label: 'Libellé' },
        { key: 'held', label: 'Tenues' },
        { key: 'share', label: 'Part (%)' },
        { key: 'registered', label: 'Inscrits' },
        { key: 'present', label: 'Présents' },
        { key: 'attendance_rate', label: 'Taux de présence (%)' },
        { key: 'mean_present', label: 'Présents par rencontre' },
        { key: 'pairs', label: 'Binômes formés' },
      ],
      rows: kinds.map((kind) => {
        const t = byKind.get(kind) ?? { held: 0, registered: 0, present: 0, pairs: 0 };
        return {
          kind,
          label: labelIn(GATHERING_KIND_LABELS)(kind),
          held: t.held,
          share: percent(t.held, held.length),
          registered: t.registered,
          present: t.present,
          attendance_rate: percent(t.present, t.registered),
          mean_present: t.held === 0 ? null : mean(held.filter((g) => g.kind === kind).map((g) => g.present.length)),
          pairs: t.pairs,
        };
      }),
    },
    countTable('attendance_by_sphere', 'Présence par sphère', { key: 'sphere', label: 'Sphère' }, bySphere, presences, [], labelIn(SPHERE_LABELS)),
    {
      name: 'held_by_territory',
      title: 'Rencontres tenues par territoire',
      columns: [
        { key: 'territory', label: 'Territoire' },
        { key: 'label', label: 'Libellé' },
        { key: 'region', label: 'Région' },
        { key: 'held', label: 'Tenues' },
        { key: 'present', label: 'Présents' },
      ],
      rows: [...byTerritory.entries()]
        .sort((a, b) => b[1].held - a[1].held || a[0].localeCompare(b[0]))
        .map(([territory, t]) => ({
          territory,
          label: territory === NETWORK_WIDE ? NETWORK_WIDE_LABEL : territoryName({ id: territory }),
          // A gathering of the whole network lies in no one region.
          region: territory === NETWORK_WIDE ? null : regionKey(regionOf, { id: territory }),
          held: t.held,
          present: t.present,
        })),
    },
    {
      name: 'held_by_year',
      title: 'Rencontres tenues par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'held', label: 'Tenues' },
        { key: 'present', label: 'Présents' },
      ],
      rows: years.rows(['held', 'present']),
    },
  ];
}

/**
 * The gatherings: those whose life (scheduled → held or cancelled) meets the
 * period, by status on the period's last day; those held in the period by kind
 * (registrations, presence, speed-dating pairs), by territory and by year, and
 * their attendance by sphere (a participation per person present).
 */
export const gatheringsSection = section<GatheringSubject>({
  name: 'gatherings',
  title: 'Rencontres du réseau',
  collection: GATHERING_OBSERVATIONS,
  category: 'gathering',
  subject: (doc, observations, period) => gatheringSubject(doc.id, observations, period),
  placeOf: (g) => (g.territory === undefined ? undefined : { id: g.territory }),
  figures: (subjects, context) => gatheringTables(subjects, context),
});
