import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
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
export class ReportWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reports');
  private recheck: NodeJS.Timeout | undefined;
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

  onApplicationShutdown(): void {
    clearTimeout(this.recheck);
  }

  /** Reports a stopped process left requested or running: enqueued again, or failed (see `recoverOrphanedReports`). */
  private async recover(): Promise<void> {
    try {
      const { resumed, failed, recheckInMs } = await recoverOrphanedReports({ readModels: this.readModels, commands: this.commands, jobs: this.jobs });
      if (resumed.length > 0) this.logger.warn(`${resumed.length} report(s) left unfinished by a stopped process built again: ${resumed.join(', ')}`);
      if (failed.length > 0) this.logger.warn(`${failed.length} report(s) whose job ended without them failed: ${failed.join(', ')}`);
      if (recheckInMs !== undefined) {
        this.recheck = setTimeout(() => void (this.recovered = this.recover()), recheckInMs);
        this.recheck.unref();
      }
    } catch (error) {
      this.logger.error(`the reports left unfinished could not be looked at: ${error instanceof Error ? error.message : String(error)}`);
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
