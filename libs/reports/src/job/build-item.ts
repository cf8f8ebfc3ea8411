import { calendarDateOf, type CalendarDate, dayOf, type HistoryCut, type ReportAsOf, type ReportKind } from '@catalyse/domain';
import type { ReportDocument } from '../document/document';
import type { ReportContext } from '../document/context';
import { experimentationDocument } from '../experimentation/experimentation-document';
import { buildExperimentationReport } from '../experimentation/experimentation-report';
import { partnershipDocument } from '../partnership/partnership-document';
import { buildPartnershipReport, type PartnershipReport } from '../partnership/partnership-report';
import { territoryDocument } from '../territory/territory-document';
import { buildTerritoryReport } from '../territory/territory-report';
import { idsOnTerritory, type ReportSources, stateInCut, streamInCut } from './sources';

/** One report built: its title, its figures and its document. */
export interface BuiltItem {
  readonly title: string;
  readonly data: unknown;
  readonly document: ReportDocument;
  /** The partnership's figures, for a batch's index. */
  readonly partnership?: PartnershipReport;
}

/** The history cut of a report's `asOf` (none: the whole history). */
export function cutOf(asOf: ReportAsOf | undefined): HistoryCut {
  return asOf ? { time: asOf.time, clock: asOf.clock } : {};
}

/** The day a report speaks of: the cut's day, or today in the network's time zone. */
export function reportDay(asOf: ReportAsOf | undefined, now: Date, timeZone: string): CalendarDate {
  return asOf ? dayOf(asOf.time, timeZone) : calendarDateOf(now, timeZone);
}

/** "partenariat", for messages. */
export const KIND_WORDS: Readonly<Record<ReportKind, string>> = {
  partnership: 'le partenariat',
  experimentation: 'l’expérimentation',
  territory: 'le territoire',
};

/**
 * The report of one aggregate inside the cut, or `undefined` when it did not
 * exist there (never created, or created after the cut).
 */
export async function buildItem(
  sources: ReportSources,
  kind: ReportKind,
  id: string,
  asOf: ReportAsOf | undefined,
  context: ReportContext,
): Promise<BuiltItem | undefined> {
  const cut = cutOf(asOf);
  switch (kind) {
    case 'partnership': {
      const report = buildPartnershipReport(
        await streamInCut(sources, 'partnership', id, cut),
        reportDay(asOf, new Date(context.generatedAt), sources.timeZone),
      );
      return report && { title: report.title, data: report, document: partnershipDocument(report, context), partnership: report };
    }
    case 'experimentation': {
      const report = buildExperimentationReport(await streamInCut(sources, 'experimentation', id, cut));
      return report && { title: report.title, data: report, document: experimentationDocument(report, context) };
    }
    case 'territory': {
      const territory = await streamInCut(sources, 'territory', id, cut);
      if (territory.length === 0) return undefined;
      const [partnerships, experimentations, gatherings, introductions, catalyseurs, parcours] = await Promise.all([
        idsOnTerritory(sources, 'partnership', id, 'id').then((ids) => Promise.all(ids.map((p) => stateInCut(sources, 'partnership', p, cut)))),
        idsOnTerritory(sources, 'experimentation', id, 'experimentationId').then((ids) =>
          Promise.all(ids.map((x) => stateInCut(sources, 'experimentation', x, cut))),
        ),
        idsOnTerritory(sources, 'gathering', id, 'gatheringId').then((ids) => Promise.all(ids.map((g) => stateInCut(sources, 'gathering', g, cut)))),
        idsOnTerritory(sources, 'introduction', id, 'introductionId').then((ids) => Promise.all(ids.map((i) => stateInCut(sources, 'introduction', i, cut)))),
        // Two more reads of the same kind: the catalyseur cards tagged with the territory, the parcours boards naming it a pilot.
        idsOnTerritory(sources, 'catalyseur', id, 'id').then((ids) => Promise.all(ids.map((c) => stateInCut(sources, 'catalyseur', c, cut)))),
        idsOnTerritory(sources, 'parcours', id, 'parcoursId').then((ids) => Promise.all(ids.map((p) => stateInCut(sources, 'parcours', p, cut)))),
      ]);
      const report = buildTerritoryReport({ territory, partnerships, experimentations, gatherings, introductions, catalyseurs, parcours });
      return report && { title: report.name, data: report, document: territoryDocument(report, context) };
    }
    default: {
      const unknown: never = kind;
      throw new RangeError(`unknown report kind ${String(unknown)}`);
    }
  }
}
