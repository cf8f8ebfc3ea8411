import { type BeforeApplicationShutdown, type DynamicModule, Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { BullMqJobQueue } from '@catalyse/jobs-bullmq';
import { InProcessJobQueue } from '@catalyse/jobs-in-process';
import type { CatalyseConfig } from './config';

@Injectable()
class JobsLifecycle implements BeforeApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}

  /** Before the stores close: running jobs finish their commands first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}

/** The job queue chosen by configuration: BullMQ on `REDIS_URL`, else the in-process runner. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(config: CatalyseConfig): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        {
          provide: JOB_QUEUE,
          // Redis going away and coming back: one line each, through the app's logger.
          useFactory: (): JobQueue => (config.redisUrl ? new BullMqJobQueue({ url: config.redisUrl, log: new Logger('JobQueue') }) : new InProcessJobQueue()),
        },
        JobsLifecycle,
      ],
      exports: [JOB_QUEUE],
    };
  }
}
