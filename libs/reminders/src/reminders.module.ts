import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy, Optional, type Type } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { JOB_QUEUE, type JobQueue } from '@catalyse/jobs';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { Projector } from '@catalyse/projector';
import { MilestoneReminders } from './milestone-reminders';
import { ReminderScans } from './reminder-scans';

export interface RemindersModuleOptions {
  readonly windowDays: number;
  readonly timeZone: string;
  /** How often the boards are scanned (ms); also once at start, so a restart catches up at once. */
  readonly scanEveryMs: number;
  /** Default: the system clock. */
  readonly now?: () => Date;
  /**
   * The projector module the app imports (the very object): the boards are scanned only while its projector leads,
   * at once when it takes the lead (the projector app, one of several). Absent: always (the all-in-one's is alone).
   */
  readonly projector?: DynamicModule | Type;
}

const REMINDERS_OPTIONS = 'catalyse.RemindersOptions';

@Injectable()
class ReminderScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scans: ReminderScans;

  constructor(
    private readonly reminders: MilestoneReminders,
    @Inject(REMINDERS_OPTIONS) options: RemindersModuleOptions,
    @Optional() @Inject(Projector) projector?: Projector,
  ) {
    this.scans = new ReminderScans(reminders, { everyMs: options.scanEveryMs, windowDays: options.windowDays }, projector);
  }

  onApplicationBootstrap(): void {
    this.reminders.work();
    this.scans.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.scans.stop();
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
      imports: options.projector ? [options.projector] : [],
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
