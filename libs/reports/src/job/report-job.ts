import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CommandHandler } from '@catalyse/commands';
import {
  type RecordReportProgress,
  type ReportCommand,
  reportDecider,
  type ReportItem,
  type ReportState,
  reportStream,
  type RequestedReport,
} from '@catalyse/domain';
import type { JobHandler } from '@catalyse/jobs';
import { batchIndexDocument, batchIndexLine, type BatchIndexLine, describeSelection } from '../batch/batch-index';
import type { ReportContext } from '../document/context';
import { frenchDate, frenchDateTime, frenchNumber } from '../document/french';
import { CONTENT_TYPES, REPORT_FORMATS, type ReportFormat, reportFileName } from '../render/formats';
import { renderReport, type ReportJson } from '../render/render';
import { INDEX_ITEM, type ReportStore } from '../store/report-store';
import { type BuiltItem, buildItem, cutOf, KIND_WORDS } from './build-item';
import { type ReportSources, selectPartnerships, stateInCut, streamInCut } from './sources';

/** The job that builds reports (asked over HTTP or by `ops report`, run beside the projector or by the CLI). */
export const REPORT_JOB = 'report';

export interface ReportJobData {
  /** The report's id: its stream `report-{id}` holds the request. */
  readonly reportId: string;
}

export interface ReportJobResult {
  readonly reportId: string;
  readonly status: 'completed' | 'failed';
  readonly items: number;
  readonly reason?: string;
}

export interface ReportJobDeps extends ReportSources {
  readonly commands: CommandHandler;
  readonly reports: ReportStore;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** Who the job writes as in the events' metadata. Default `report-job`. */
  readonly actor?: string;
}

/** Progress of the job itself, besides the report's events (for `JobQueue.state`). */
const percentOf = (done: number, total: number): number => (total === 0 ? 100 : Math.floor((done * 100) / total));

/**
 * The `report` job: reads the request from the report's stream, builds one
 * report per aggregate (a batch: one per partnership, then an index), keeps
 * each in the three formats, and records its progress as report events (the
 * decider keeps one every 10 % or every second), which the projector pushes
 * into the `ops` feed. Ends with `ReportCompleted`, or `ReportFailed` and the
 * job fails. A report already finished is answered as it ended (a retried job
 * writes nothing).
 */
export function reportJobHandler(deps: ReportJobDeps): JobHandler<ReportJobData, ReportJobResult> {
  const now = deps.now ?? (() => new Date());
  return async (job) => {
    const { reportId } = job.data;
    const stream = reportStream(reportId);
    const send = (command: ReportCommand) =>
      deps.commands.handle(reportDecider, stream, command, {
        actor: deps.actor ?? 'report-job',
        correlationId: `report-${reportId}`,
        occurredAt: now().toISOString(),
      });
    const { state } = await deps.commands.load(reportDecider, stream);
    const finished = ended(reportId, state);
    if (finished) return finished;
    if (state.status === 'none') throw new Error(`report ${reportId} was never requested`);
    try {
      const items = await produce(deps, state, now, async (progress) => {
        await send({ type: 'RecordReportProgress', data: progress });
        await job.progress({ percent: percentOf(progress.done, progress.total), message: progress.message });
      });
      await send({ type: 'CompleteReport', data: { formats: REPORT_FORMATS, items, completedAt: now().toISOString() } });
      return { reportId, status: 'completed', items: items.length };
    } catch (error) {
      const reason =
        error instanceof ReportRefused ? error.message : `le rapport n’a pas pu être établi : ${error instanceof Error ? error.message : String(error)}`;
      await send({ type: 'FailReport', data: { reason, failedAt: now().toISOString() } });
      if (error instanceof ReportRefused) return { reportId, status: 'failed', items: 0, reason };
      throw error;
    }
  };
}

/** What a report cannot be made of, said to the operator (the job ends, the report fails with this reason). */
export class ReportRefused extends Error {}

function ended(reportId: string, state: ReportState): ReportJobResult | undefined {
  if (state.status === 'completed') return { reportId, status: 'completed', items: state.items?.length ?? 0 };
  if (state.status === 'failed') return { reportId, status: 'failed', items: 0, ...(state.reason ? { reason: state.reason } : {}) };
  return undefined;
}

async function produce(
  deps: ReportJobDeps,
  state: RequestedReport,
  now: () => Date,
  progress: (progress: RecordReportProgress['data']) => Promise<void>,
): Promise<ReportItem[]> {
  const context: ReportContext = {
    generatedAt: now().toISOString(),
    timeZone: deps.timeZone,
    ...(state.asOf ? { asOf: { time: state.asOf.time, clock: state.asOf.clock } } : {}),
  };
  const asOfWords = state.asOf ? ['au', state.asOf.time.slice(0, 10)] : [];
  const keep = async (item: string, built: { title: string; data: unknown; document: BuiltItem['document'] }, nameParts: readonly string[]): Promise<void> => {
    const json: ReportJson<unknown> = {
      kind: state.kind,
      subject: item,
      generatedAt: context.generatedAt,
      ...(state.asOf ? { asOf: { time: state.asOf.time, clock: state.asOf.clock } } : {}),
      data: built.data,
      document: built.document,
    };
    for (const format of REPORT_FORMATS) {
      // A turn before each format's rendering and writing: a batch index's are 50–100 ms each, one task of them
      // all (and of the build before them) kept the service from answering anyone else.
      await nextTurn();
      await deps.reports.put({
        reportId: state.reportId,
        item,
        format,
        fileName: reportFileName([...nameParts, ...asOfWords], format),
        contentType: CONTENT_TYPES[format as ReportFormat],
        content: renderReport(format, json),
        createdAt: context.generatedAt,
      });
    }
  };
  const at = (): string => now().toISOString();

  const { selection } = state;
  if (selection.scope === 'one') {
    const built = await buildItem(deps, state.kind, selection.id, state.asOf, context);
    if (!built) {
      throw new ReportRefused(`${KIND_WORDS[state.kind]} ${selection.id} n’existe pas${asOfText(state.asOf, deps.timeZone)}`);
    }
    // Said once it is known what the report is about: by its title, not its id.
    await progress({ done: 0, total: 1, message: `rapport « ${built.title} » : en cours`, at: at() });
    await keep(selection.id, built, ['rapport', KIND_LABEL[state.kind], selection.id]);
    await progress({ done: 1, total: 1, message: `rapport « ${built.title} » établi`, at: at() });
    return [{ item: selection.id, title: built.title }];
  }

  const ids = await selectPartnerships(deps, selection);
  if (selection.territory !== undefined && ids.length === 0 && !(await territoryExists(deps, selection.territory, state.asOf))) {
    // As the territory's own report: a territory without events inside the cut does not exist there.
    throw new ReportRefused(`${KIND_WORDS.territory} ${selection.territory} n’existe pas${asOfText(state.asOf, deps.timeZone)}`);
  }
  const total = ids.length + 1; // and the index
  const territoryName = selection.territory === undefined ? undefined : await territoryNameOf(deps, selection.territory, state.asOf);
  await progress({
    done: 0,
    total,
    message: `${ids.length} partenariat${ids.length > 1 ? 's' : ''} ${describeSelection(selection, territoryName)}`,
    at: at(),
  });
  const items: ReportItem[] = [];
  const lines: BatchIndexLine[] = [];
  const absent: string[] = [];
  for (const [index, id] of ids.entries()) {
    // A turn of the event loop between two partnerships (and between their formats, in `keep`): an embedded store
    // answers without one, so a batch of 11,762 was one 19 s task whose only gaps the stores happened to leave
    // (probes and the hub waited up to 3 s).
    await nextTurn();
    const built = await buildItem(deps, 'partnership', id, state.asOf, context);
    if (built?.partnership) {
      await keep(id, built, ['rapport', 'partenariat', id]);
      items.push({ item: id, title: built.title });
      lines.push(batchIndexLine(id, built.partnership));
    } else {
      absent.push(id);
    }
    await progress({ done: index + 1, total, message: `rapport ${index + 1} sur ${ids.length} : ${built?.title ?? `${id} (absent à cette date)`}`, at: at() });
  }
  const batchIndex = {
    selection: { ...(selection.territory ? { territory: selection.territory } : {}), ...(selection.year ? { year: selection.year } : {}) },
    lines,
    absent,
    ...(territoryName === undefined ? {} : { territoryName }),
  };
  await nextTurn();
  const document = batchIndexDocument(batchIndex, context);
  await keep(INDEX_ITEM, { title: document.title, data: batchIndex, document }, [
    'rapports',
    'partenariats',
    ...(selection.territory ? [selection.territory] : []),
    ...(selection.year ? [String(selection.year)] : []),
  ]);
  await progress({ done: total, total, message: batchDoneMessage(items.length), at: at() });
  return items;
}

/** The batch's last progress message: « 36 rapports et l’index du lot établis », « aucun rapport ; seul l’index du lot a été établi ». */
export function batchDoneMessage(reports: number): string {
  if (reports === 0) return 'aucun rapport ; seul l’index du lot a été établi';
  return `${frenchNumber(reports)} rapport${reports > 1 ? 's' : ''} et l’index du lot établis`;
}

/** « au 1er janvier 2020 » (a date), « au 1er janvier 2020 à 09:30 » (an instant), nothing without a cut. */
function asOfText(asOf: RequestedReport['asOf'], timeZone: string): string {
  if (!asOf) return '';
  const when = ` au ${asOf.time.includes('T') ? frenchDateTime(asOf.time, timeZone) : frenchDate(asOf.time, timeZone)}`;
  // On the recorded clock the question is what Catalyse knew then, not what had happened: said so.
  return asOf.clock === 'recorded' ? `${when} selon ce qui était enregistré` : when;
}

/** A territory's name inside the report's cut (its name now when it had none then), `undefined` when it has no profile. */
async function territoryNameOf(sources: ReportSources, territory: string, asOf: RequestedReport['asOf']): Promise<string | undefined> {
  const state = await stateInCut(sources, 'territory', territory, cutOf(asOf));
  return state.status === 'registered' ? state.name : undefined;
}

/** Whether a territory exists inside the report's cut: its stream has events there (as `buildItem` decides for a territory's report). */
async function territoryExists(sources: ReportSources, territory: string, asOf: RequestedReport['asOf']): Promise<boolean> {
  return (await streamInCut(sources, 'territory', territory, cutOf(asOf))).length > 0;
}

const KIND_LABEL: Readonly<Record<RequestedReport['kind'], string>> = {
  partnership: 'partenariat',
  experimentation: 'experimentation',
  territory: 'territoire',
};
