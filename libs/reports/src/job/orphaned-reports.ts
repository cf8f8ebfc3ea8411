import type { CommandHandler } from '@catalyse/commands';
import { reportDecider, reportStream, type RequestedReport } from '@catalyse/domain';
import type { JobQueue } from '@catalyse/jobs';
import { COLLECTIONS, type ProjectionStore } from '@catalyse/projections';
import { allDocs } from './sources';
import { REPORT_JOB, type ReportJobData } from './report-job';

/** `ops report`'s actor prefix (`ops-cli/{host}`): its job runs in that CLI's process, not in a service's queue. */
const OPS_ACTOR = 'ops-cli/';
/**
 * A report asked by `ops report` with no event for this long is taken as orphaned (the CLI was killed): a build
 * records its progress at least every second while it runs (one item may take longer: a territory of thousands).
 */
export const OPS_REPORT_SILENT_MS = 10 * 60_000;

/** Why an orphaned report is failed, in French: its job failed for good without saying so in the report. */
export const orphanFailedReason = (why: string): string =>
  `le rapport n’a pas pu être établi : sa tâche s’est arrêtée sans le terminer (${why}) ; demandez-le de nouveau`;

export interface OrphanedReportsDeps {
  readonly readModels: Pick<ProjectionStore, 'findDocs'>;
  readonly commands: CommandHandler;
  readonly jobs: Pick<JobQueue, 'enqueue' | 'state'>;
  /** Default: the system clock. */
  readonly now?: () => Date;
}

export interface OrphanedReports {
  /** Reports whose job was enqueued again (built anew from the log: the same request, the same cut). */
  readonly resumed: string[];
  /** Reports failed, their job having failed for good (BullMQ: stalled twice). */
  readonly failed: string[];
  /** `ops report` reports heard from lately (its CLI may still run): the delay after which to look at them again. */
  readonly recheckInMs?: number;
}

/**
 * The reports left unfinished by a process that stopped mid-build (kill -9, a stopped service), found when a
 * process that runs report jobs starts. The in-process queue keeps nothing across a restart: a report requested
 * or running whose job this queue does not know is enqueued again (the job builds it anew, its files replaced).
 * With BullMQ a job whose worker died is retried by its stalled-job check: a job still waiting, delayed or active
 * is left to it; one failed or completed for good while its report still runs is failed with a French reason.
 * A report of `ops report` (its job in that CLI's process) is resumed once silent for `OPS_REPORT_SILENT_MS`.
 */
export async function recoverOrphanedReports(deps: OrphanedReportsDeps): Promise<OrphanedReports> {
  const now = deps.now ?? (() => new Date());
  const cards = [
    ...(await allDocs<{ reportId: string }>(deps.readModels, COLLECTIONS.reports, { status: 'running' })),
    ...(await allDocs<{ reportId: string }>(deps.readModels, COLLECTIONS.reports, { status: 'requested' })),
  ];
  const resumed: string[] = [];
  const failed: string[] = [];
  let recheckInMs: number | undefined;
  for (const { reportId } of cards) {
    // The log says, not the read model (it may lag).
    const { state } = await deps.commands.load(reportDecider, reportStream(reportId));
    if (state.status !== 'requested' && state.status !== 'running') continue;
    const job = await deps.jobs.state(REPORT_JOB, reportId);
    if (job === undefined) {
      if (state.requestedBy.startsWith(OPS_ACTOR)) {
        const silentMs = now().getTime() - Date.parse(lastHeard(state));
        if (silentMs < OPS_REPORT_SILENT_MS) {
          recheckInMs = Math.min(recheckInMs ?? Number.POSITIVE_INFINITY, OPS_REPORT_SILENT_MS - silentMs);
          continue;
        }
      }
      await deps.jobs.enqueue<ReportJobData>(REPORT_JOB, { reportId }, { jobId: reportId });
      resumed.push(reportId);
    } else if (job.status === 'failed' || job.status === 'completed') {
      const why = job.failedReason ?? `tâche ${job.status === 'failed' ? 'en échec' : 'terminée'}`;
      await deps.commands.handle(
        reportDecider,
        reportStream(reportId),
        { type: 'FailReport', data: { reason: orphanFailedReason(why), failedAt: now().toISOString() } },
        { actor: 'report-job', correlationId: `report-${reportId}`, occurredAt: now().toISOString() },
      );
      failed.push(reportId);
    }
  }
  return { resumed, failed, ...(recheckInMs === undefined ? {} : { recheckInMs }) };
}

/** When a report last said something: its last progress, else its request. */
function lastHeard(state: RequestedReport): string {
  return state.progress?.at ?? state.requestedAt;
}
