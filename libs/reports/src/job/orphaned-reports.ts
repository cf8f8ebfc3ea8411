import type { CommandHandler } from '@catalyse/commands';
import { reportDecider, reportStream, type RequestedReport } from '@catalyse/domain';
import type { JobQueue, JobState } from '@catalyse/jobs';
import { OPS_CLI_ACTOR_PREFIX } from '@catalyse/operations';
import { COLLECTIONS, type ProjectionStore } from '@catalyse/projections';
import { allDocs } from './sources';
import { REPORT_JOB, type ReportJobData } from './report-job';

/**
 * A report asked by `ops report` (its requester `ops-cli/{host}`: its job runs in that CLI's process, not in a
 * service's queue) with no event for this long is taken as orphaned (the CLI was killed). A build sends its progress
 * after each item, and the decider keeps it once a second (or ten points) has passed since the last it kept: a
 * running build stays silent about as long as its slowest item takes, plus a second (a territory of thousands may
 * take minutes).
 */
export const OPS_REPORT_SILENT_MS = 10 * 60_000;

/** What BullMQ says of a job it failed itself (its words, in English), and what users read of it (in French). */
const QUEUE_REASONS: readonly (readonly [RegExp, string])[] = [
  [/stalled more than allowable limit/i, 'sa tâche a été abandonnée après plusieurs arrêts de son processus'],
  [/started more than allowable limit/i, 'sa tâche a été relancée trop de fois sans aboutir'],
];

/**
 * Why an orphaned report is failed, in French: its job failed (or completed) for good without saying so in the
 * report. A reason of the queue users would not read (English, or the text of an unexpected error) is left out.
 */
export function orphanFailedReason(job: Pick<JobState, 'status' | 'failedReason'>): string {
  const known = QUEUE_REASONS.find(([pattern]) => pattern.test(job.failedReason ?? ''))?.[1];
  const why = known ?? (job.status === 'failed' ? 'sa tâche a échoué sans l’achever' : 'sa tâche a pris fin sans l’achever');
  return `le rapport n’a pas pu être établi : ${why} ; demandez-le de nouveau`;
}

export interface OrphanedReportsDeps {
  readonly readModels: Pick<ProjectionStore, 'findDocs'>;
  readonly commands: CommandHandler;
  readonly jobs: Pick<JobQueue, 'enqueue' | 'state'>;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /** True once the process stops: no job is enqueued, no report failed any more (what is left waits for the next start). */
  readonly stopping?: () => boolean;
  /** Where the queue's own words on a failed job go (they are not put in the French reason). Default: nowhere. */
  readonly log?: (line: string) => void;
}

export interface OrphanedReports {
  /** Reports whose job was enqueued again (built anew from their request, on the log as it is now: ADR 0015). */
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
  const stopping = deps.stopping ?? (() => false);
  for (const { reportId } of cards) {
    if (stopping()) break;
    // The log says, not the read model (it may lag).
    const { state } = await deps.commands.load(reportDecider, reportStream(reportId));
    if (state.status !== 'requested' && state.status !== 'running') continue;
    const job = await deps.jobs.state(REPORT_JOB, reportId);
    if (job === undefined) {
      if (state.requestedBy.startsWith(OPS_CLI_ACTOR_PREFIX)) {
        const silentMs = now().getTime() - Date.parse(lastHeard(state));
        if (silentMs < OPS_REPORT_SILENT_MS) {
          recheckInMs = Math.min(recheckInMs ?? Number.POSITIVE_INFINITY, OPS_REPORT_SILENT_MS - silentMs);
          continue;
        }
      }
      if (stopping()) break;
      await deps.jobs.enqueue<ReportJobData>(REPORT_JOB, { reportId }, { jobId: reportId });
      resumed.push(reportId);
    } else if (job.status === 'failed' || job.status === 'completed') {
      if (stopping()) break;
      if (job.failedReason !== undefined) deps.log?.(`report ${reportId}: its job ${job.status} for good: ${job.failedReason}`);
      await deps.commands.handle(
        reportDecider,
        reportStream(reportId),
        { type: 'FailReport', data: { reason: orphanFailedReason(job), failedAt: now().toISOString() } },
        { actor: 'report-job', correlationId: `report-${reportId}`, occurredAt: now().toISOString() },
      );
      failed.push(reportId);
    }
  }
  return { resumed, failed, ...(recheckInMs === undefined || stopping() ? {} : { recheckInMs }) };
}

/** When a report last said something: its last progress, else its request. */
function lastHeard(state: RequestedReport): string {
  return state.progress?.at ?? state.requestedAt;
}
