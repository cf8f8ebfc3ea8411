import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
  type Type,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import {
  FEED_NOTIFIER,
  type FeedNotifier,
  PROJECTION_REBUILD_JOB,
  PROJECTION_REBUILD_RUNNER,
  PROJECTION_STORE,
  type RebuildRunner,
  type ProjectionRebuildJobData,
  type ProjectionStore,
  projectionRebuildHandler,
  ProjectionRebuild,
} from '@catalyse/projections';
import { Projector } from './projector';
import { projectorHolderId } from './projector.module';

/**
 * Takes the `projection-rebuild` jobs while, and only while, the projector of
 * this process is active (holds the projector lease): its worker starts paused
 * on a standby, is resumed when the projector takes the lead and paused again
 * when it steps down or stops. Pausing lets a running rebuild go on to its end:
 * a rebuild has its own lease, which keeps a second one out, so a job taken
 * just before the lead moved finishes (or fails) cleanly where it started.
 *
 * A shutdown stops a running rebuild between two batches, first of all the
 * shutdown hooks (the job queue's close waits for it): its lease is released,
 * so that the restarted process rebuilds at once; its partial epoch is dropped
 * as this projector takes the lead again (`dropLeftovers`), before any rebuild
 * it runs. That clean-up holds the rebuild lease too: a shutdown stops it
 * between two chunks and waits for it to let go of the lease before the stores
 * close (`StorageModule` closes them in `onApplicationShutdown`, after every
 * `beforeApplicationShutdown`); the next lead drops the rest.
 */
@Injectable()
class RebuildWorker implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Rebuild');
  /** Names this process in the rebuild lease and in each job's result (`ranBy`). */
  private readonly holder = projectorHolderId();
  private unobserve: (() => void) | undefined;
  /** Aborted as the process shuts down: the running rebuild stops between two batches, the clean-up between two chunks. */
  private readonly stopping = new AbortController();
  /** The clean-up of an abandoned rebuild's epoch, which the next rebuild and the shutdown wait for (it never rejects). */
  private cleaning: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(Projector) private readonly projector: Projector,
    /** Runs each rebuild off this event loop when the stores are embedded (a worker thread); absent: on these stores. */
    @Optional() @Inject(PROJECTION_REBUILD_RUNNER) private readonly runner?: RebuildRunner | null,
  ) {}

  onApplicationBootstrap(): void {
    const run = projectionRebuildHandler(
      this.events,
      this.store,
      this.notifier,
      this.holder,
      (ignored) =>
        this.logger.warn(
          `event at position ${ignored.position} (${ignored.type} on ${ignored.stream}) left out of the rebuilt read models (${ignored.model}): ${ignored.reason}`,
        ),
      this.runner,
      this.stopping.signal,
    );
    // One rebuild at a time per process (the rebuild lease also keeps other processes out).
    this.jobs.work<ProjectionRebuildJobData>(
      PROJECTION_REBUILD_JOB,
      async (job) => {
        const standby = this.projector.active ? '' : ' (taken as this projector stepped down: it runs to its end under the rebuild lease)';
        this.logger.log(`job ${job.id}: rebuilding the read models (asked by ${job.data.requestedBy})${standby}`);
        try {
          await this.cleaning;
          const result = await run(job);
          this.logger.log(`job ${job.id}: epoch ${result.epoch} is live (${result.events} events, ${result.rooms} rooms reset)`);
          return { ...result, ranBy: this.holder };
        } catch (error) {
          // The French reason the job carries, and the original error's words for whoever reads the logs.
          const { message } = (error instanceof Error && typeof error.cause === 'object' && error.cause !== null ? error.cause : {}) as { message?: unknown };
          const cause = typeof message === 'string' ? ` (${message})` : '';
          this.logger.warn(`job ${job.id}: rebuild failed: ${error instanceof Error ? error.message : String(error)}${cause}`);
          throw error;
        }
      },
      { concurrency: 1, paused: !this.projector.active },
    );
    if (this.projector.active) this.dropLeftovers();
    // Synchronously after reading `active`: no change of role can fall between the two.
    this.unobserve = this.projector.observe({ role: (role) => this.follow(role) });
  }

  onModuleDestroy(): void {
    this.stopping.abort();
  }

  /** Before the stores close: the clean-up, stopped by `onModuleDestroy`, releases its lease on stores still open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.unobserve?.();
    this.unobserve = undefined;
    await this.cleaning;
  }

  /**
   * Drops the epoch a rebuild stopped before its switch left (a shutdown, a crash), in the background, after the
   * clean-up already under way (one holder of the lease at a time).
   */
  private dropLeftovers(): void {
    if (this.stopping.signal.aborted) return;
    const cleaner = new ProjectionRebuild(this.events, this.store, this.notifier, { holder: `${this.holder}/clean-up`, signal: this.stopping.signal });
    this.cleaning = this.cleaning.then(() =>
      cleaner.dropLeftovers().then(
        (dropped) => {
          if (dropped && dropped.length > 0) this.logger.log(`dropped the epoch(s) ${dropped.join(', ')} an unfinished rebuild left behind`);
        },
        (error: unknown) => {
          if (this.stopping.signal.aborted)
            this.logger.log('dropping what an unfinished rebuild left behind stopped with the service: the next lead drops the rest');
          else this.logger.warn(`could not drop what an unfinished rebuild left behind: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    );
  }

  private follow(role: 'active' | 'standby'): void {
    if (role === 'active') this.dropLeftovers();
    const change = role === 'active' ? this.jobs.resume(PROJECTION_REBUILD_JOB) : this.jobs.pause(PROJECTION_REBUILD_JOB);
    this.logger.log(role === 'active' ? 'taking the rebuild jobs (active projector)' : 'leaving the rebuild jobs to the active projector (standby)');
    change.catch((error: unknown) =>
      this.logger.warn(`could not ${role === 'active' ? 'resume' : 'pause'} the rebuild jobs: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
}

/**
 * Runs the `projection-rebuild` jobs in a process that writes the read models
 * (the projector app, the all-in-one), on the active projector only. Needs
 * `EVENT_STORE`, `PROJECTION_STORE`, `FEED_NOTIFIER` and `JOB_QUEUE` (global
 * modules) and the projector: `forProjector(projectorModule)` with the very
 * module (object) the app imports, so that both see the one `Projector`.
 */
@Module({})
export class RebuildJobModule {
  static forProjector(projector: DynamicModule | Type): DynamicModule {
    return { module: RebuildJobModule, imports: [projector], providers: [RebuildWorker] };
  }
}
