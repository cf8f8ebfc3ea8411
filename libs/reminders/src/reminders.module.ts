import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { MilestoneReminders } from './milestone-reminders';

export interface RemindersModuleOptions {
  readonly windowDays: number;
  readonly timeZone: string;
  /** How often the boards are scanned (ms); also once at start, so a restart catches up at once. */
  readonly scanEveryMs: number;
  /** Default: the system clock. */
  readonly now?: () => Date;
}

const REMINDERS_OPTIONS = 'catalyse.RemindersOptions';

@Injectable()
class ReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Reminders');
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;

  constructor(
    private readonly reminders: MilestoneReminders,
    @Inject(REMINDERS_OPTIONS) private readonly options: RemindersModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.reminders.work();
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.scanEveryMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  private tick(): void {
    if (this.scanning) return;
    this.scanning = this.reminders
      .scan()
      .then(({ due, enqueued }) => {
        if (enqueued > 0) this.logger.log(`${enqueued} milestone reminder(s) enqueued (${due} due within ${this.options.windowDays} days)`);
      })
      .catch((error: unknown) => this.logger.warn(`reminder scan failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (this.scanning = undefined));
  }
}

/**
 * Milestone reminders in a Nest app that has `PROJECTION_STORE`, `JOB_QUEUE` and
 * a `CommandHandler` (the projector app, the all-in-one).
 */
@Module({})
export class RemindersModule {
  static forRoot(options: RemindersModuleOptions): DynamicModule {
    return {
      module: RemindersModule,
      providers: [
        { provide: REMINDERS_OPTIONS, useValue: options },
        {
          provide: MilestoneReminders,
          inject: [PROJECTION_STORE, JOB_QUEUE, CommandHandler],
          useFactory: (store: ProjectionStore, jobs: JobQueue, commands: CommandHandler) =>
            new MilestoneReminders(store, jobs, commands, {
              windowDays: options.windowDays,
              timeZone: options.timeZone,
              now: options.now ?? (() => new Date()),
            }),
        },
        ReminderScheduler,
      ],
      exports: [MilestoneReminders],
    };
  }
}
