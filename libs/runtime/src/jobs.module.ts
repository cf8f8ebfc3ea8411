import { join } from 'node:path';
import { type BeforeApplicationShutdown, type DynamicModule, Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { BullMqJobQueue } from '@catalyse/jobs-bullmq';
import { InProcessJobQueue, RecordedJobQueue } from '@catalyse/jobs-in-process';
import { PROJECTION_REBUILD_JOB, REBUILD_INTERRUPTED_REASON } from '@catalyse/projections';
import type { CatalyseConfig } from './config';

/** Beside the other files of `DATA_DIR`: the records of the in-process queue's rebuild jobs, kept across restarts. */
export const JOBS_FILE = 'jobs.sqlite';

/**
 * The job queue chosen by configuration: BullMQ on `REDIS_URL` (Redis keeps the jobs), else the in-process runner,
 * whose rebuild jobs leave a record in `DATA_DIR/jobs.sqlite` (a restart shows what became of them, and answers a
 * retry with the same Idempotency-Key as a replay). The file is opened at the first rebuild request or status read,
 * not here: a process that never meets one creates no file.
 */
export function createJobQueue(config: CatalyseConfig): JobQueue {
  // Redis going away and coming back: one line each, through the app's logger.
  if (config.redisUrl) return new BullMqJobQueue({ url: config.redisUrl, log: new Logger('JobQueue') });
  return new RecordedJobQueue(new InProcessJobQueue(), {
    file: join(config.dataDir, JOBS_FILE),
    interrupted: { [PROJECTION_REBUILD_JOB]: REBUILD_INTERRUPTED_REASON },
    // A record that cannot be written (disk full, a lock held too long) or a job found interrupted: one line each.
    log: new Logger('JobQueue'),
  });
}

@Injectable()
class JobsLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}

  /** Before the stores close: running jobs finish their commands first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}

/** The job queue chosen by configuration (`createJobQueue`). */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: CatalyseConfig): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        {
          provide: JOB_QUEUE,
          useFactory: (): JobQueue => createJobQueue(config),
        },
        JobsLifecycle,
      ],
      exports: [JOB_QUEUE],
    };
  }
}
