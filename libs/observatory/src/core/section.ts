import type { CalendarDate, HistoryClock } from '@catalyse/domain';
import type { DatedDoc, DatedObservation } from './cut';

export type { DatedDoc, DatedObservation } from './cut';
import type { Table } from './table';

/** What an observatory answer is asked for. */
export interface ObservatoryQuery {
  /** The figures as they stood then: a calendar date (by the end of that day) or an instant. Default: now. */
  readonly asOf?: string;
  /** Which clock `asOf` reads: when things happened (default), or when they were recorded. */
  readonly clock?: HistoryClock;
  /** The period of the flows (per year…) and of the subjects counted: those alive at some point of it. */
  readonly from?: CalendarDate;
  readonly to?: CalendarDate;
  /** Only the subjects of this territory (id). */
  readonly territory?: string;
  /** Only the subjects of this region (its name, or its name's slug: `ile-de-france`). */
  readonly region?: string;
}

/** The days a section folds and counts over. */
export interface Period {
  /** First day of the period (none: since the beginning). */
  readonly from?: CalendarDate;
  /** The day the figures stand on: `to`, or the as-of day, or today (the earliest of them). */
  readonly until: CalendarDate;
}

/** A place as a subject names it: the observatory resolves its region. */
export interface Place {
  readonly id: string;
  readonly name?: string;
  readonly scale?: string;
}

export interface FigureContext {
  readonly period: Period;
  /** The region of a territory (from its profile; a regional territory is its own region), `undefined` when unknown. */
  readonly regionOf: (place: Place) => string | undefined;
  /** The name of a territory (from its profile, else the subject's own name of it), its id when unknown: the `label` of tables by territory. */
  readonly territoryName: (place: Place) => string;
  /** The title of an experimentation, a parcours or a gathering (from its read model), its id when unknown: the `label` of tables by subject. */
  readonly titleOf: (kind: TitledKind, id: string) => string;
}

/** The subjects whose titles a table may give beside their ids (their titles are not personal data). */
export const TITLED_KINDS = ['experimentation', 'parcours', 'gathering'] as const;
export type TitledKind = (typeof TITLED_KINDS)[number];

/** Titles by kind and id, as the read models give them. */
export type SubjectTitles = Readonly<Partial<Record<TitledKind, ReadonlyMap<string, string>>>>;

/** A namer of subjects by their titles, the id when unknown. */
export function subjectTitler(titles: SubjectTitles = {}): (kind: TitledKind, id: string) => string {
  return (kind, id) => {
    const title = titles[kind]?.get(id);
    return typeof title === 'string' && title.trim() !== '' ? title : id;
  };
}

/**
 * One section of the observatory (partnerships, catalyseurs, gatherings…):
 * how a subject is folded from its observations, where it is, and the tables
 * of a set of subjects. Pure functions only; `Observatory` reads and filters.
 */
export interface Section<Subject = unknown> {
  /** Its path: `/api/observatory/{name}`. */
  readonly name: string;
  /** Its title (French). */
  readonly title: string;
  /** The collection of its observation documents (a model of `@catalyse/projections`). */
  readonly collection: string;
  /** The category of the streams those documents fold. */
  readonly category: string;
  /**
   * A subject from its observations inside the cut (stream order), as it
   * stands on `period.until`; `undefined` when it did not exist yet or has no
   * life in the period.
   */
  readonly subject: (doc: DatedDoc, observations: readonly DatedObservation[], period: Period) => Subject | undefined;
  /** Where a subject is (for the territory and region filters); `undefined`: nowhere in particular. */
  readonly placeOf: (subject: Subject) => Place | undefined;
  /** The subjects whose titles its tables give (read from their read models by `Observatory.answer`). */
  readonly titled?: readonly TitledKind[];
  /** Its tables. */
  readonly figures: (subjects: readonly Subject[], context: FigureContext) => readonly Table[];
}

/** Erases a section's subject type for the registry of sections. */
export function section<Subject>(definition: Section<Subject>): Section {
  return definition as unknown as Section;
}

/** Whether a life from `start` to `end` (none: still going) meets the period. */
export function livesIn(start: CalendarDate, end: CalendarDate | undefined, period: Period): boolean {
  return start <= period.until && (period.from === undefined || end === undefined || end >= period.from);
}

/** Whether a day is inside the period. */
export function inPeriod(day: CalendarDate, period: Period): boolean {
  return day <= period.until && (period.from === undefined || day >= period.from);
}
