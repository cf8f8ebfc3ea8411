import type { ReportDocument } from '../document/document';
import { contextFacts, type ReportContext } from '../document/context';
import { MODES, PHASES, say, sayAll } from '../document/french';
import type { PartnershipReport } from '../partnership/partnership-report';

/** What a batch asked for: every partnership of a territory, of a year, or both. */
export interface BatchSelection {
  readonly territory?: string;
  readonly year?: number;
}

/** One line of a batch's index: a partnership report kept, and its headline figures. */
export interface BatchIndexLine {
  readonly item: string;
  readonly title: string;
  readonly territory: string;
  readonly modes: readonly string[];
  readonly phase: string;
  readonly cycle: number;
  readonly outcome: string;
  readonly milestonesReached: number;
  readonly milestonesPlanned: number;
  /** Late as the board says it: still planned and due before the report's day (`life.counts.overdue`). */
  readonly milestonesLate: number;
  /** Reached, but after their due date (`life.counts.late`). */
  readonly milestonesReachedLate: number;
  readonly committees: number;
  readonly indicatorsReached: number;
  readonly indicatorsWithTarget: number;
}

export interface BatchIndex {
  readonly selection: BatchSelection;
  readonly lines: readonly BatchIndexLine[];
  /** Aggregates selected that did not exist in the history asked for. */
  readonly absent: readonly string[];
  /** The selected territory's name (its profile's), when the job read it: an empty batch has no partnership to give it. */
  readonly territoryName?: string;
}

export function batchIndexLine(item: string, report: PartnershipReport): BatchIndexLine {
  const { life } = report;
  return {
    item,
    title: report.title,
    territory: report.territory.name,
    modes: report.modes,
    phase: report.phase,
    cycle: report.cycle,
    outcome: life.outcome,
    milestonesReached: life.counts.reached,
    milestonesPlanned: life.counts.planned,
    milestonesLate: life.counts.overdue,
    milestonesReachedLate: life.counts.late,
    committees: life.committees,
    indicatorsReached: life.indicatorsReached,
    indicatorsWithTarget: life.indicatorsWithTarget,
  };
}

const OUTCOMES: Readonly<Record<string, string>> = { en_cours: 'en cours', renouvele: 'renouvelé', essaime: 'clos pour essaimer', clos: 'clos' };

/** « du territoire « Ardèche », actifs en 2012 » (the id in its place while the name is not known: « du territoire ardeche »). */
export function describeSelection(selection: BatchSelection, territoryName?: string): string {
  const territory = selection.territory === undefined ? '' : territoryName ? `du territoire « ${territoryName} »` : `du territoire ${selection.territory}`;
  return [territory, selection.year === undefined ? '' : `actifs en ${selection.year}`].filter((part) => part !== '').join(', ');
}

/** The index of a batch, in French: one line per partnership report, with links to each file. */
export function batchIndexDocument(index: BatchIndex, context: ReportContext): ReportDocument {
  return {
    // The partnerships of a territory all carry its name: the evaluator reads that, not its id.
    title: `Rapports d’évaluation des partenariats ${describeSelection(index.selection, index.territoryName ?? index.lines[0]?.territory)}`,
    subtitle: index.lines.length === 0 ? 'Aucun rapport' : `${index.lines.length} rapport${index.lines.length > 1 ? 's' : ''}`,
    facts: contextFacts(context),
    sections: [
      {
        title: 'Partenariats',
        tables: [
          {
            columns: [
              'Partenariat',
              'Identifiant',
              'Territoire',
              'Modes',
              'Phase',
              'Cycle',
              'Issue',
              'Jalons atteints',
              'Jalons prévus',
              'Jalons en retard (non atteints)',
              'Jalons atteints en retard',
              'Comités',
              'Indicateurs atteints',
            ],
            rows: index.lines.map((l) => [
              l.title,
              l.item,
              l.territory,
              sayAll(MODES, l.modes),
              say(PHASES, l.phase),
              l.cycle,
              OUTCOMES[l.outcome] ?? l.outcome,
              l.milestonesReached,
              l.milestonesPlanned,
              l.milestonesLate,
              l.milestonesReachedLate,
              l.committees,
              l.indicatorsWithTarget === 0 ? 'aucun ciblé' : `${l.indicatorsReached} / ${l.indicatorsWithTarget}`,
            ]),
            empty: 'Aucun partenariat ne répond à cette sélection',
          },
        ],
        paragraphs: [
          // For people first: where to find each report. Nothing to download in an empty batch.
          ...(index.lines.length > 0
            ? ['Chaque rapport du lot se télécharge à part dans la console : Opérations, « Rapports du lot » sur la ligne du lot.']
            : []),
          ...(index.absent.length > 0 ? [`Sans rapport (n’existaient pas à la date demandée) : ${index.absent.join(', ')}.`] : []),
        ],
        // For operators: smaller on screen, not printed; in the JSON document too.
        notes:
          index.lines.length > 0
            ? [
                'Par l’API : GET /api/reports/{rapport}/download?item={identifiant}&format=html (ou csv, json). ' +
                  'Tous à la fois, chacun dans chaque format : npm run ops -- report … --out-dir <dossier>.',
              ]
            : [],
      },
    ],
  };
}
