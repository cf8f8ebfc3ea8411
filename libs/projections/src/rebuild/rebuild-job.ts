import type { EventStore } from '@catalyse/event-store';
import type { JobHandler } from '@catalyse/jobs';
import type { FeedNotifier } from '../feed-notifier';
import type { IgnoredEvent } from '../projection';
import type { ProjectionStore } from '../store';
import { ProjectionRebuild, type ProjectionRebuildOptions, type RebuildProgress, type RebuildResult } from './projection-rebuild';

/** The job that rebuilds the read models (enqueued by operators, run beside the projector). */
export const PROJECTION_REBUILD_JOB = 'projection-rebuild';

export interface ProjectionRebuildJobData {
  /** Who asked (an operator's subject), for the logs. */
  readonly requestedBy: string;
  /** Events folded per transaction (default 500). */
  readonly batchSize?: number;
}

/** The job's result (JSON: positions as strings). */
export interface ProjectionRebuildJobResult {
  readonly epoch: number;
  readonly previousEpoch: number;
  readonly position: string;
  readonly events: number;
  readonly rooms: number;
}

/** How often progress is written to the queue at most, besides every phase change. */
const PROGRESS_EVERY_MS = 250;

/** A whole number as a French reader writes it: « 12 345 » (a narrow no-break space between thousands). */
const frenchNumber = (n: number | bigint): string => new Intl.NumberFormat('fr-FR').format(n);
/** « 0 événement », « 1 événement », « 3 631 événements » (the French singular below two). */
const eventCount = (n: number): string => `${frenchNumber(n)} événement${Math.abs(n) < 2 ? '' : 's'}`;

/** `reconstruction de l’époque 3 : position 1 200 sur 5 400 (1 187 événements)` and its percentage (100 only once done): operators read it in French. */
export function describeRebuildProgress(progress: RebuildProgress): { percent: number; message: string } {
  const { epoch, phase, position, target, events } = progress;
  if (phase === 'done') return { percent: 100, message: `l’époque ${epoch} est en service ; la précédente a été supprimée (${eventCount(events)})` };
  if (phase === 'switched')
    return { percent: 99, message: `l’époque ${epoch} est en service à la position ${frenchNumber(position)} ; suppression de la précédente` };
  const percent = target > 0n ? Math.min(98, Number((position * 100n) / target)) : 0;
  return { percent, message: `reconstruction de l’époque ${epoch} : position ${frenchNumber(position)} sur ${frenchNumber(target)} (${eventCount(events)})` };
}

/** What a rebuild is asked to do (`ProjectionRebuildOptions` without the projector name). */
export type RebuildRunOptions = Omit<ProjectionRebuildOptions, 'projector'>;

/**
 * Why a rebuild job failed, as operators read it (the job's `failedReason`, shown by the console's Opérations page):
 * in French, as a report job's reason is. The original error is its `cause` (for the logs).
 */
export class RebuildJobFailure extends Error {
  override readonly name = 'RebuildJobFailure';
}

/**
 * A rebuild's failure in French. By name, not class: a rebuild run in a worker thread sends back its error's name
 * and message only.
 */
export function frenchRebuildFailure(error: unknown): string {
  // Not `instanceof Error`: an abort's reason is a DOMException, not always an Error (another realm under jest).
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
  if (name === 'RebuildBusyError')
    return 'une autre reconstruction des modèles de lecture est en cours : celle-ci n’a rien fait ; relancez-la quand l’autre sera terminée';
  if (name === 'AbortError')
    return 'reconstruction interrompue par l’arrêt du service, avant la bascule : les lecteurs sont restés sur l’époque en service ; relancez-la';
  return `la reconstruction a échoué : ${typeof message === 'string' ? message : String(error)}`;
}

/**
 * The reason a rebuild shows once its service stopped before it ended and the stop could not record its own (a
 * `kill -9`, a crash, a power cut; or a rebuild still waiting in an in-process queue): read back after the restart.
 */
export const REBUILD_INTERRUPTED_REASON =
  'reconstruction interrompue par l’arrêt du service avant sa fin : si elle n’avait pas basculé, les lecteurs sont restés sur l’époque en service et ce qu’elle avait construit est supprimé au redémarrage ; relancez-la (avec une nouvelle clé d’idempotence)';

/**
 * Runs one rebuild somewhere: here (`ProjectionRebuild` on this process's
 * stores) or off this event loop (the embedded SQLite stores do their work
 * synchronously: a worker thread keeps the service answering meanwhile).
 */
export type RebuildRunner = (options: RebuildRunOptions) => Promise<RebuildResult>;

/** Dependency-injection token of an optional `RebuildRunner` (without one, rebuilds run on the process's own stores). */
export const PROJECTION_REBUILD_RUNNER = 'catalyse.ProjectionRebuildRunner';

/**
 * The job's handler: one `ProjectionRebuild` run, its progress written to the
 * job (at most every 250 ms, and at each phase). `holder` names this process
 * in the rebuild lease. `runner` runs it elsewhere than on these stores (a
 * worker thread). `signal` stops it between two batches (the process shutting
 * down). It fails with a `RebuildJobFailure`, its reason in French.
 */
export function projectionRebuildHandler(
  events: EventStore,
  store: ProjectionStore,
  notifier: Pick<FeedNotifier, 'publish'>,
  holder: string,
  onIgnored?: (ignored: IgnoredEvent) => void,
  runner?: RebuildRunner | null,
  signal?: AbortSignal,
): JobHandler<ProjectionRebuildJobData, ProjectionRebuildJobResult> {
  const run: RebuildRunner = runner ?? ((options) => new ProjectionRebuild(events, store, notifier, options).run());
  return async (job) => {
    let lastWrite = 0;
    let lastPhase: RebuildProgress['phase'] | undefined;
    const result = await run({
      holder: `${holder}/job-${job.id}`,
      ...(job.data.batchSize !== undefined ? { batchSize: job.data.batchSize } : {}),
      ...(onIgnored ? { onIgnored } : {}),
      ...(signal ? { signal } : {}),
      onProgress: async (progress) => {
        const now = Date.now();
        if (progress.phase === lastPhase && now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        lastPhase = progress.phase;
        await job.progress(describeRebuildProgress(progress));
      },
    }).catch((error: unknown) => {
      throw new RebuildJobFailure(frenchRebuildFailure(error), { cause: error });
    });
    return { ...result, position: result.position.toString() };
  };
}
