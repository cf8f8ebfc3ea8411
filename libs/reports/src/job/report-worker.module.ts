import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { REPORT_STORE, type ReportStore } from '../store/report-store';
import { recoverOrphanedReports } from './orphaned-reports';
import { REPORT_JOB, type ReportJobData, reportJobHandler } from './report-job';

export interface ReportWorkerOptions {
  /** The network's time zone (`TIME_ZONE`): calendar dates of as-of cuts, dates in the reports. */
  readonly timeZone: string;
  /** Reports built at once by this process (default 2). */
  readonly concurrency?: number;
}

const REPORT_WORKER_OPTIONS = 'catalyse.ReportWorkerOptions';

/** Runs the `report` jobs, and at its start recovers the reports a stopped process left unfinished. */
@Injectable()
export class ReportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Reports');
  private recheck: NodeJS.Timeout | undefined;
  /** Set once the application shuts down: no recovery starts, the running one enqueues and fails nothing more. */
  private stopping = false;
  /** The recovery of the reports a stopped process left unfinished, started with the worker (for specs to await). */
  recovered: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(CommandHandler) private readonly commands: CommandHandler,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(REPORT_STORE) private readonly reports: ReportStore,
    @Inject(REPORT_WORKER_OPTIONS) private readonly options: ReportWorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    const run = reportJobHandler({
      events: this.events,
      readModels: this.readModels,
      commands: this.commands,
      reports: this.reports,
      timeZone: this.options.timeZone,
    });
    this.jobs.work<ReportJobData>(
      REPORT_JOB,
      async (job) => {
        const result = await run(job);
        if (result.status === 'completed') this.logger.log(`report ${result.reportId}: ${result.items} item(s) kept`);
        else this.logger.warn(`report ${result.reportId} failed: ${result.reason ?? ''}`);
        return result;
      },
      { concurrency: this.options.concurrency ?? 2 },
    );
    this.recovered = this.recover();
  }

  /**
   * Before the queue and the stores close: the recovery's timer cleared, the running recovery awaited (it enqueues
   * and fails nothing more; what it leaves waits for the next start). Nest runs the modules' `beforeApplicationShutdown`
   * from the furthest from the root to the root, global modules last: the jobs module's (global; its `JobsLifecycle`
   * closes the queue) runs after this one, and the stores close later still (`onApplicationShutdown`).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.recheck);
    await this.recovered;
  }

  /** Reports a stopped process left requested or running: enqueued again, or failed (see `recoverOrphanedReports`). */
  private async recover(): Promise<void> {
    try {
      const { resumed, failed, recheckInMs } = await recoverOrphanedReports({
        readModels: this.readModels,
        commands: this.commands,
        jobs: this.jobs,
        stopping: () => this.stopping,
        log: (line) => this.logger.warn(line),
      });
      if (resumed.length > 0) this.logger.warn(`${resumed.length} report(s) left unfinished by a stopped process built again: ${resumed.join(', ')}`);
      if (failed.length > 0) this.logger.warn(`${failed.length} report(s) whose job ended without them failed: ${failed.join(', ')}`);
      if (recheckInMs !== undefined && !this.stopping) {
        this.recheck = setTimeout(() => {
          if (!this.stopping) this.recovered = this.recover();
        }, recheckInMs);
        this.recheck.unref();
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The queue or a store closed under it as the process stops: the next start looks at these reports again.
      if (this.stopping) this.logger.debug(`the reports left unfinished are left for the next start: ${message}`);
      else this.logger.error(`the reports left unfinished could not be looked at: ${message}`);
    }
  }
}

/**
 * Runs the `report` jobs in a process that has `EVENT_STORE`, `PROJECTION_STORE`,
 * a `CommandHandler`, `JOB_QUEUE` and `REPORT_STORE` (global modules): the
 * projector app and the all-in-one.
 */
@Module({})
export class ReportWorkerModule {
  static forRoot(options: ReportWorkerOptions): DynamicModule {
    return { module: ReportWorkerModule, providers: [{ provide: REPORT_WORKER_OPTIONS, useValue: options }, ReportWorker] };
  }
}
