import type { CalendarDate, IntroductionEvent } from '@catalyse/domain';
import { INTRODUCTION_OBSERVATIONS, type IntroductionObserved } from '@catalyse/projections';
import { type DatedObservation, type FigureContext, inPeriod, livesIn, type Period, section } from '../core/section';
import { mean, median, percent, type Column, type Table } from '../core/table';
import { asItHappened, daysBetween, otherObservation, regionKey, YearlyCounts } from '../network/network-figures';

/** An introduction (mise en relation) as the funnel counts it, as it stands on the period's last day. */
export interface IntroductionSubject {
  readonly id: string;
  readonly territory: string;
  readonly catalyseur: string;
  readonly gathering?: string;
  /** The accompaniment it came from, if any. */
  readonly accompaniment?: string;
  readonly introduced: CalendarDate;
  readonly met?: CalendarDate;
  /** The partnerships proposed after it, with their days, in the order they happened. */
  readonly partnerships: readonly { readonly id: string; readonly day: CalendarDate }[];
  readonly closed?: CalendarDate;
}

/**
 * An introduction from its observations, or `undefined` before it was made or
 * when its life does not meet the period. Its life ends when it is closed
 * without follow-up or with the last partnership proposed after it (by the
 * period's last day); it goes on while it has neither.
 */
export function introductionSubject(id: string, observations: readonly DatedObservation[], period: Period): IntroductionSubject | undefined {
  let made: IntroductionObserved | undefined;
  let introduced: CalendarDate | undefined;
  let met: CalendarDate | undefined;
  let closed: CalendarDate | undefined;
  const partnerships: { id: string; day: CalendarDate }[] = [];
  for (const o of asItHappened(observations, period)) {
    const type = o.type as IntroductionEvent['type'];
    switch (type) {
      case 'OrganisationsIntroduced':
        made ??= o.data as IntroductionObserved;
        introduced ??= o.day;
        break;
      case 'IntroducedOrganisationsMet':
        met ??= o.day;
        break;
      case 'IntroductionLedToPartnership': {
        const partnership = (o.data as { partnership?: unknown }).partnership;
        if (typeof partnership === 'string' && !partnerships.some((p) => p.id === partnership)) partnerships.push({ id: partnership, day: o.day });
        break;
      }
      case 'IntroductionClosedWithoutFollowUp':
        if (partnerships.length === 0) closed ??= o.day;
        break;
      default:
        otherObservation(type);
    }
  }
  if (made === undefined || introduced === undefined) return undefined;
  if (!livesIn(introduced, closed ?? partnerships.at(-1)?.day, period)) return undefined;
  return {
    id,
    territory: made.territory,
    catalyseur: made.catalyseur,
    ...(made.gathering === undefined ? {} : { gathering: made.gathering }),
    ...(made.accompaniment === undefined ? {} : { accompaniment: made.accompaniment }),
    introduced,
    ...(met === undefined ? {} : { met }),
    partnerships,
    ...(closed === undefined ? {} : { closed }),
  };
}

/** The funnel of a set of introductions. */
export interface Funnel {
  readonly introduced: number;
  readonly met: number;
  readonly ledToPartnership: number;
  readonly partnerships: number;
  readonly noFollowUp: number;
  readonly open: number;
}

export function funnelOf(introductions: readonly IntroductionSubject[]): Funnel {
  const led = introductions.filter((i) => i.partnerships.length > 0).length;
  const noFollowUp = introductions.filter((i) => i.closed !== undefined).length;
  return {
    introduced: introductions.length,
    met: introductions.filter((i) => i.met !== undefined).length,
    ledToPartnership: led,
    partnerships: introductions.reduce((sum, i) => sum + i.partnerships.length, 0),
    noFollowUp,
    open: introductions.length - led - noFollowUp,
  };
}

const FUNNEL_COLUMNS: readonly Column[] = [
  { key: 'introduced', label: 'Mises en relation' },
  { key: 'met', label: 'Rencontres' },
  { key: 'led_to_partnership', label: 'Ayant abouti à un partenariat' },
  { key: 'partnerships', label: 'Partenariats proposés' },
  { key: 'no_follow_up', label: 'Sans suite' },
  { key: 'met_rate', label: 'Taux de rencontre (%)' },
  { key: 'partnership_rate', label: 'Taux de partenariat (%)' },
];

const funnelRow = (f: Funnel) => ({
  introduced: f.introduced,
  met: f.met,
  led_to_partnership: f.ledToPartnership,
  partnerships: f.partnerships,
  no_follow_up: f.noFollowUp,
  met_rate: percent(f.met, f.introduced),
  partnership_rate: percent(f.ledToPartnership, f.introduced),
});

/** The funnel per group (territory, gathering, catalyseur), the largest first. */
function funnelBy(
  name: string,
  title: string,
  key: Column,
  introductions: readonly IntroductionSubject[],
  groupOf: (i: IntroductionSubject) => string,
  extra: (group: string) => Record<string, string> = () => ({}),
  extraColumns: readonly Column[] = [],
): Table {
  const groups = new Map<string, IntroductionSubject[]>();
  for (const i of introductions) groups.set(groupOf(i), [...(groups.get(groupOf(i)) ?? []), i]);
  const rows = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([group, members]) => ({ [key.key]: group, ...extra(group), ...funnelRow(funnelOf(members)) }));
  return { name, title, columns: [key, ...extraColumns, ...FUNNEL_COLUMNS], rows };
}

/** The key of introductions made outside any gathering. */
export const NO_GATHERING = 'hors_rencontre';
const NO_GATHERING_LABEL = 'Hors rencontre';

/** Where an introduction comes from: an accompaniment of one of its organisations, or not (ADR 0024). */
export const ORIGINS = { accompanied: 'accompagnement', direct: 'sans_accompagnement' } as const;
const ORIGIN_LABELS: Readonly<Record<string, string>> = { accompagnement: 'Après un accompagnement', sans_accompagnement: 'Sans accompagnement préalable' };

const STAGES = [
  ['introduced', 'Mises en relation'],
  ['met', 'Rencontre des organisations'],
  ['led_to_partnership', 'Partenariat proposé'],
  ['no_follow_up', 'Sans suite'],
  ['open', 'En cours'],
] as const;

function introductionTables(introductions: readonly IntroductionSubject[], { period, regionOf, territoryName, titleOf }: FigureContext): Table[] {
  const funnel = funnelOf(introductions);
  const counts: Readonly<Record<(typeof STAGES)[number][0], number>> = {
    introduced: funnel.introduced,
    met: funnel.met,
    led_to_partnership: funnel.ledToPartnership,
    no_follow_up: funnel.noFollowUp,
    open: funnel.open,
  };
  const years = new YearlyCounts<'introduced' | 'met' | 'partnerships' | 'no_follow_up'>();
  const toMeet: number[] = [];
  const toPartnership: number[] = [];
  for (const i of introductions) {
    if (inPeriod(i.introduced, period)) years.add(i.introduced, 'introduced');
    if (i.met !== undefined && inPeriod(i.met, period)) years.add(i.met, 'met');
    for (const p of i.partnerships) if (inPeriod(p.day, period)) years.add(p.day, 'partnerships');
    if (i.closed !== undefined && inPeriod(i.closed, period)) years.add(i.closed, 'no_follow_up');
    if (i.met !== undefined) toMeet.push(daysBetween(i.introduced, i.met));
    const first = i.partnerships[0];
    if (first !== undefined) toPartnership.push(daysBetween(i.introduced, first.day));
  }
  const delay = (step: string, label: string, days: readonly number[]) => ({ step, label, count: days.length, mean: mean(days), median: median(days) });
  return [
    {
      name: 'funnel',
      title: 'Entonnoir des mises en relation',
      columns: [
        { key: 'stage', label: 'Étape' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
        { key: 'share', label: 'Part des mises en relation (%)' },
      ],
      rows: STAGES.map(([stage, label]) => ({ stage, label, count: counts[stage], share: percent(counts[stage], funnel.introduced) })),
    },
    funnelBy(
      'by_territory',
      'Mises en relation par territoire',
      { key: 'territory', label: 'Territoire' },
      introductions,
      (i) => i.territory,
      (t) => ({ label: territoryName({ id: t }), region: regionKey(regionOf, { id: t }) }),
      [
        { key: 'label', label: 'Libellé' },
        { key: 'region', label: 'Région' },
      ],
    ),
    funnelBy(
      'by_gathering',
      'Mises en relation par rencontre',
      { key: 'gathering', label: 'Rencontre' },
      introductions,
      (i) => i.gathering ?? NO_GATHERING,
      (g) => ({ label: g === NO_GATHERING ? NO_GATHERING_LABEL : titleOf('gathering', g) }),
      [{ key: 'label', label: 'Libellé' }],
    ),
    funnelBy('by_catalyseur', 'Mises en relation par catalyseur', { key: 'catalyseur', label: 'Catalyseur' }, introductions, (i) => i.catalyseur),
    // The accompaniments' funnel goes on here: the introductions they led to, and the partnerships after those.
    funnelBy(
      'by_origin',
      'Mises en relation selon leur origine (accompagnement préalable ou non)',
      { key: 'origin', label: 'Origine' },
      introductions,
      (i) => (i.accompaniment === undefined ? ORIGINS.direct : ORIGINS.accompanied),
      (origin) => ({ label: ORIGIN_LABELS[origin] ?? origin }),
      [{ key: 'label', label: 'Libellé' }],
    ),
    {
      name: 'by_year',
      title: 'Mises en relation par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'introduced', label: 'Mises en relation' },
        { key: 'met', label: 'Rencontres' },
        { key: 'partnerships', label: 'Partenariats proposés' },
        { key: 'no_follow_up', label: 'Sans suite' },
      ],
      rows: years.rows(['introduced', 'met', 'partnerships', 'no_follow_up']),
    },
    {
      name: 'delays',
      title: 'Délais depuis la mise en relation (jours)',
      columns: [
        { key: 'step', label: 'Étape' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
        { key: 'mean', label: 'Moyenne' },
        { key: 'median', label: 'Médiane' },
      ],
      rows: [delay('met', 'Jusqu’à la rencontre', toMeet), delay('partnership', 'Jusqu’au premier partenariat', toPartnership)],
    },
  ];
}

/**
 * The introductions funnel (introduced → met → partnership): the
 * introductions whose life meets the period, as they stand on its last day,
 * for the network, by territory, by gathering and by catalyseur, with the
 * rates met / introduced and partnership / introduced; the steps per year
 * (events of the period); the delays from introduction to meeting and to the
 * first partnership.
 */
export const introductionsSection = section<IntroductionSubject>({
  name: 'introductions',
  title: 'Mises en relation',
  collection: INTRODUCTION_OBSERVATIONS,
  category: 'introduction',
  subject: (doc, observations, period) => introductionSubject(doc.id, observations, period),
  placeOf: (i) => ({ id: i.territory }),
  titled: ['gathering'],
  figures: (subjects, context) => introductionTables(subjects, context),
});
