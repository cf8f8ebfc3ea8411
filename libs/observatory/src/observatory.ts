import { dayOf, type HistoryClock } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import { CutTest, type DatedDoc, Dater } from './core/cut';
import { ObservationMemory } from './core/observation-memory';
import { COLLECTIONS, LIVE_PROJECTOR, type ObservationDoc, type ProjectionStore } from '@catalyse/projections';
import { regionResolver, sameRegion, slug, type TerritoryRegion, territoryNamer } from './core/regions';
import { type ObservatoryQuery, type Period, type Section, type SubjectTitles, subjectTitler, type TitledKind } from './core/section';
import type { Table } from './core/table';

/** An observatory answer: the section's tables, and the cut and filters they were computed with. */
export interface ObservatoryAnswer {
  readonly section: string;
  readonly title: string;
  /** The instant or day the figures stand as of, and on which clock. */
  readonly asOf: string;
  readonly clock: HistoryClock;
  readonly period: Period;
  readonly filters: { readonly territory?: string; readonly region?: string };
  /** Subjects counted (after the filters). */
  readonly subjects: number;
  readonly tables: readonly Table[];
}

export interface ObservatoryOptions {
  /** The network's time zone (days, years). */
  readonly timeZone: string;
  readonly now: () => Date;
  /** The live projector's checkpoint name (default `main`). */
  readonly projector?: string;
}

/**
 * The observatory: figures of the network computed from the observation
 * documents the projector keeps, as of any date on either clock
 * (docs/adr/0014-as-of-and-the-observatory.md). Each answer reads the
 * section's documents once (only the territory's when one is asked), keeps the
 * observations inside the cut, folds each subject and counts.
 */
export class Observatory {
  private readonly byName: ReadonlyMap<string, Section>;

  private readonly memory: ObservationMemory;

  /** Titles read last, by kind, with the read models' state they were read at (read again when it moved). */
  private readonly heldTitles = new Map<TitledKind, { readonly at: string; readonly titles: Promise<ReadonlyMap<string, string>> }>();

  constructor(
    private readonly readModels: ProjectionStore,
    events: EventStore,
    readonly sections: readonly Section[],
    private readonly options: ObservatoryOptions,
  ) {
    this.memory = new ObservationMemory(readModels, events, {
      timeZone: options.timeZone,
      ...(options.projector === undefined ? {} : { projector: options.projector }),
    });
    this.byName = new Map(sections.map((s) => [s.name, s]));
  }

  /** Reads every section's documents into memory (after the projector caught up), so that no first answer pays for it. */
  warm(signal: AbortSignal): Promise<void> {
    return this.memory.warm(this.sections, signal);
  }

  section(name: string): Section | undefined {
    return this.byName.get(name);
  }

  async answer(section: Section, query: ObservatoryQuery): Promise<ObservatoryAnswer> {
    const [docs, profiles, titles] = await Promise.all([
      this.memory.docs(section.collection, section.category),
      this.readModels.findDocs<TerritoryRegion>(COLLECTIONS.territories, {}),
      this.titles(section.titled ?? []),
    ]);
    return answerFrom(section, docs, profiles, query, { timeZone: this.options.timeZone, now: this.options.now(), titles });
  }

  /** Whether the query's period would start after the day its figures stand as of (`periodStartsAfterCut`). */
  startsAfterCut(query: Pick<ObservatoryQuery, 'asOf' | 'from'>): boolean {
    return periodStartsAfterCut(query, { timeZone: this.options.timeZone, now: this.options.now() });
  }

  /**
   * The filter of a query that names a place the network does not know, so that an answer counting nothing is
   * said to be about nowhere rather than shown as zeros: a `territory` neither registered (a territory profile) nor
   * on any partnership, a `region` no registered territory belongs to and no partnership names as its place.
   * `undefined` when both are known (or absent).
   * Ask it of an answer with no subject: a place with subjects exists.
   */
  async unknownPlace(query: Pick<ObservatoryQuery, 'territory' | 'region'>): Promise<'territory' | 'region' | undefined> {
    const { territory, region } = query;
    if (territory !== undefined) {
      const [profile, tagged] = await Promise.all([
        this.readModels.getDoc(COLLECTIONS.territories, territory),
        this.readModels.findDocs(COLLECTIONS.partnerships, { territory }, { limit: 1, offset: 0, fields: ['id'] }),
      ]);
      if (profile === undefined && tagged.length === 0) return 'territory';
    }
    if (region !== undefined) {
      // A region is a registered territory's, or a place of regional scale partnerships name (its id is its slug).
      const [profiles, regional] = await Promise.all([
        this.readModels.findDocs<TerritoryRegion>(COLLECTIONS.territories, {}),
        this.readModels.findDocs(COLLECTIONS.partnerships, { territory: slug(region) }, { limit: 1, offset: 0, fields: ['id'] }),
      ]);
      if (regional.length === 0 && !profiles.some((profile) => sameRegion(profile.region, region))) return 'region';
    }
    return undefined;
  }

  /**
   * The titles of the subjects a section names, from their read models (current titles: a title is no figure). Kept
   * while the read models stand still (same epoch and projector checkpoint): a board collection is not read and
   * parsed again at each answer, which the observation memory exists to avoid.
   */
  private async titles(kinds: readonly TitledKind[]): Promise<SubjectTitles> {
    if (kinds.length === 0) return {};
    const [checkpoint, { current: epoch }] = await Promise.all([
      this.readModels.getCheckpoint(this.options.projector ?? LIVE_PROJECTOR),
      this.readModels.epochs(),
    ]);
    const at = `${epoch}/${checkpoint}`;
    const entries = await Promise.all(
      kinds.map(async (kind): Promise<[TitledKind, ReadonlyMap<string, string>]> => {
        let held = this.heldTitles.get(kind);
        if (held?.at !== at) {
          held = { at, titles: this.readTitles(kind) };
          this.heldTitles.set(kind, held);
          held.titles.catch(() => this.heldTitles.delete(kind));
        }
        return [kind, await held.titles];
      }),
    );
    return Object.fromEntries(entries);
  }

  private async readTitles(kind: TitledKind): Promise<ReadonlyMap<string, string>> {
    const { collection, id, title } = TITLE_SOURCES[kind];
    const docs = await this.readModels.findDocs<Readonly<Record<string, unknown>>>(collection, {}, { fields: [id, title] });
    return new Map(docs.flatMap((d): [string, string][] => (typeof d[id] === 'string' && typeof d[title] === 'string' ? [[d[id], d[title]]] : [])));
  }
}

/** Where each titled subject's title is read: its read model's collection, its id and its title fields. */
const TITLE_SOURCES: Readonly<Record<TitledKind, { readonly collection: string; readonly id: string; readonly title: string }>> = {
  experimentation: { collection: COLLECTIONS.experimentations, id: 'experimentationId', title: 'title' },
  parcours: { collection: COLLECTIONS.parcours, id: 'parcoursId', title: 'title' },
  gathering: { collection: COLLECTIONS.gatherings, id: 'gatheringId', title: 'theme' },
};

/**
 * Whether a query's period starts after the day its figures stand as of (`asOf`, else today, in the network's time
 * zone): a period that would begin after its own end. The edges refuse it (400, exit 2) rather than answer it.
 */
export function periodStartsAfterCut(query: Pick<ObservatoryQuery, 'asOf' | 'from'>, options: { readonly timeZone: string; readonly now: Date }): boolean {
  return query.from !== undefined && query.from > dayOf(query.asOf ?? options.now.toISOString(), options.timeZone);
}

/**
 * An observatory answer from a section's documents and the territories'
 * profiles (their regions and names; pure: the reading is
 * `Observatory.answer`'s): keeps each document's observations inside the cut,
 * gives each its day, folds the subjects, applies the territory and region
 * filters, and computes the tables (a territory's `label` its name).
 */
export function answerFrom(
  section: Section,
  docs: Iterable<DatedDoc>,
  profiles: readonly TerritoryRegion[],
  query: ObservatoryQuery,
  options: { readonly timeZone: string; readonly now: Date; readonly titles?: SubjectTitles },
): ObservatoryAnswer {
  const { timeZone } = options;
  const clock = query.clock ?? 'happened';
  const asOf = query.asOf ?? options.now.toISOString();
  const asOfDay = dayOf(asOf, timeZone);
  const until = query.to !== undefined && query.to < asOfDay ? query.to : asOfDay;
  const period: Period = query.from === undefined ? { until } : { from: query.from, until };
  const regionOf = regionResolver(profiles);
  const cut = new CutTest(asOf, timeZone, clock === 'recorded');
  const subjects: unknown[] = [];
  for (const doc of docs) {
    // Most subjects lie wholly inside the cut: their observations are passed as they are.
    const observations = doc.observations.every((o) => cut.includes(o)) ? doc.observations : doc.observations.filter((o) => cut.includes(o));
    if (observations.length === 0) continue;
    const subject = section.subject(doc, observations, period);
    if (subject === undefined) continue;
    const place = section.placeOf(subject);
    if (query.territory !== undefined && place?.id !== query.territory) continue;
    if (query.region !== undefined && !sameRegion(place && regionOf(place), query.region)) continue;
    subjects.push(subject);
  }
  const filters = { ...(query.territory === undefined ? {} : { territory: query.territory }), ...(query.region === undefined ? {} : { region: query.region }) };
  return {
    section: section.name,
    title: section.title,
    asOf,
    clock,
    period,
    filters,
    subjects: subjects.length,
    tables: section.figures(subjects, { period, regionOf, territoryName: territoryNamer(profiles), titleOf: subjectTitler(options.titles) }),
  };
}

/** `answerFrom` over documents as the store holds them (tests, tools): dates their observations first. */
export function answerFromDocs(
  section: Section,
  docs: readonly ObservationDoc[],
  profiles: readonly TerritoryRegion[],
  query: ObservatoryQuery,
  options: { readonly timeZone: string; readonly now: Date; readonly titles?: SubjectTitles },
): ObservatoryAnswer {
  const dater = new Dater(options.timeZone);
  return answerFrom(
    section,
    docs.map((d) => dater.doc(d)),
    profiles,
    query,
    options,
  );
}
