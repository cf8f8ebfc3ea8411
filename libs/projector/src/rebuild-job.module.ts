import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import {
  FEED_NOTIFIER,
  type FeedNotifier,
  PROJECTION_REBUILD_JOB,
  PROJECTION_STORE,
  type ProjectionRebuildJobData,
  type ProjectionStore,
  projectionRebuildHandler,
} from '@catalyse/projections';
import { projectorHolderId } from './projector.module';

@Injectable()
class RebuildWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rebuild');

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    const run = projectionRebuildHandler(this.events, this.store, this.notifier, projectorHolderId(), (ignored) =>
      this.logger.warn(
        `event at position ${ignored.position} (${ignored.type} on ${ignored.stream}) left out of the rebuilt read models (${ignored.model}): ${ignored.reason}`,
      ),
    );
    // One rebuild at a time per process (the rebuild lease also keeps other processes out).
    this.jobs.work<ProjectionRebuildJobData>(
      PROJECTION_REBUILD_JOB,
      async (job) => {
        this.logger.log(`job ${job.id}: rebuilding the read models (asked by ${job.data.requestedBy})`);
        try {
          const result = await run(job);
          this.logger.log(`job ${job.id}: epoch ${result.epoch} is live (${result.events} events, ${result.rooms} rooms reset)`);
          return result;
        } catch (error) {
          this.logger.warn(`job ${job.id}: rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
      { concurrency: 1 },
    );
  }
}

/**
 * Runs the `projection-rebuild` jobs in a process that writes the read models
 * (the projector app, the all-in-one). Needs `EVENT_STORE`, `PROJECTION_STORE`,
 * `FEED_NOTIFIER` and `JOB_QUEUE` (global modules).
 */
@Module({ providers: [RebuildWorker] })
export class RebuildJobModule {}
