import { CATALYSEUR_SKILLS, type CalendarDate, type CatalyseurEvent } from '@catalyse/domain';
import { CATALYSEUR_OBSERVATIONS, type ProfileObserved } from '@catalyse/projections';
import { type DatedObservation, type FigureContext, inPeriod, livesIn, type Period, section } from '../core/section';
import { countTable, Counter, percent, type Table } from '../core/table';
import { labelIn, SKILL_LABELS, SPHERE_LABELS } from '../network/labels';
import { asItHappened, otherObservation, regionKey, YearlyCounts } from '../network/network-figures';

/** A catalyseur as the observatory counts it: its profile as it stands on the period's last day, and its arrivals and departures. */
export interface CatalyseurSubject {
  readonly id: string;
  readonly sphere: string;
  readonly territory: string;
  readonly skills: readonly string[];
  /** Its first arrival in the network. */
  readonly joined: CalendarDate;
  /** When it left, if it is not a member on the period's last day. */
  readonly left?: CalendarDate;
  /** The days it joined and left (a catalyseur who left may come back). */
  readonly joins: readonly CalendarDate[];
  readonly leaves: readonly CalendarDate[];
}

/** A catalyseur from its observations, or `undefined` before it joined or when its membership does not meet the period. */
export function catalyseurSubject(id: string, observations: readonly DatedObservation[], period: Period): CatalyseurSubject | undefined {
  let profile: ProfileObserved = {};
  let member = false;
  let left: CalendarDate | undefined;
  const joins: CalendarDate[] = [];
  const leaves: CalendarDate[] = [];
  for (const o of asItHappened(observations, period)) {
    const data = o.data as ProfileObserved;
    const type = o.type as CatalyseurEvent['type'];
    switch (type) {
      case 'CatalyseurJoined':
        profile = { ...profile, ...data };
        member = true;
        left = undefined;
        joins.push(o.day);
        break;
      case 'ProfileUpdated':
        profile = { ...profile, ...data };
        break;
      case 'CatalyseurLeft':
        if (!member) break;
        member = false;
        left = o.day;
        leaves.push(o.day);
        break;
      default:
        otherObservation(type);
    }
  }
  const joined = joins[0];
  if (joined === undefined || profile.sphere === undefined || profile.territory === undefined) return undefined;
  if (!livesIn(joined, left, period)) return undefined;
  return {
    id,
    sphere: profile.sphere,
    territory: profile.territory,
    skills: profile.skills ?? [],
    joined,
    ...(left === undefined ? {} : { left }),
    joins,
    leaves,
  };
}

const STATUS_LABELS = { member: 'Membre', left: 'Parti' };

function catalyseurTables(subjects: readonly CatalyseurSubject[], { period, regionOf, territoryName }: FigureContext): Table[] {
  const whole = subjects.length;
  const status = new Counter();
  const sphere = new Counter();
  const region = new Counter();
  const territory = new Counter();
  const skill = new Counter();
  const flows = new YearlyCounts<'joined' | 'left'>();
  for (const c of subjects) {
    status.add(c.left === undefined ? 'member' : 'left');
    sphere.add(c.sphere);
    region.add(regionKey(regionOf, { id: c.territory }));
    territory.add(c.territory);
    for (const s of new Set(c.skills)) skill.add(s);
    for (const day of c.joins) if (inPeriod(day, period)) flows.add(day, 'joined');
    for (const day of c.leaves) if (inPeriod(day, period)) flows.add(day, 'left');
  }
  const byTerritory: Table = {
    name: 'by_territory',
    title: 'Catalyseurs par territoire',
    columns: [
      { key: 'territory', label: 'Territoire' },
      { key: 'label', label: 'Libellé' },
      { key: 'region', label: 'Région' },
      { key: 'count', label: 'Nombre' },
      { key: 'share', label: 'Part (%)' },
    ],
    rows: territory
      .entries()
      .map(([id, count]) => ({ territory: id, label: territoryName({ id }), region: regionKey(regionOf, { id }), count, share: percent(count, whole) })),
  };
  return [
    countTable('by_status', 'Catalyseurs par statut', { key: 'status', label: 'Statut' }, status, whole, ['member', 'left'], labelIn(STATUS_LABELS)),
    countTable('by_sphere', 'Catalyseurs par sphère', { key: 'sphere', label: 'Sphère' }, sphere, whole, [], labelIn(SPHERE_LABELS)),
    countTable('by_region', 'Catalyseurs par région', { key: 'region', label: 'Région' }, region, whole),
    byTerritory,
    countTable('by_skill', 'Catalyseurs par compétence', { key: 'skill', label: 'Compétence' }, skill, whole, CATALYSEUR_SKILLS, labelIn(SKILL_LABELS)),
    {
      name: 'joined_left_by_year',
      title: 'Arrivées et départs par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'joined', label: 'Arrivées' },
        { key: 'left', label: 'Départs' },
        { key: 'net', label: 'Solde' },
      ],
      rows: flows.rows(['joined', 'left']).map((row) => ({ ...row, net: Number(row['joined']) - Number(row['left']) })),
    },
  ];
}

/**
 * The catalyseurs: those whose membership meets the period, by status, sphere,
 * region, territory and skill (a catalyseur has several skills: those shares
 * add up to more than 100 %) as they stand on the period's last day; arrivals
 * and departures per year.
 */
export const catalyseursSection = section<CatalyseurSubject>({
  name: 'catalyseurs',
  title: 'Catalyseurs territoriaux',
  collection: CATALYSEUR_OBSERVATIONS,
  category: 'catalyseur',
  subject: (doc, observations, period) => catalyseurSubject(doc.id, observations, period),
  placeOf: (c) => ({ id: c.territory }),
  figures: (subjects, context) => catalyseurTables(subjects, context),
});
