import { type DynamicModule, Module } from '@nestjs/common';
import { ProjectorModule, projectorHolderId, RebuildJobModule } from '@catalyse/projector';
import { RemindersModule } from '@catalyse/reminders';
import { type CatalyseConfig, JobsModule, loggingModule, StorageModule } from '@catalyse/runtime';

/** The projector alone: folds the event log into read models and room feeds. */
@Module({})
export class ProjectorAppModule {
  static register(config: CatalyseConfig): DynamicModule {
    return {
      module: ProjectorAppModule,
      imports: [
        loggingModule(config, 'projector'),
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'write' }),
        // One active projector among the processes; the others wait as standby (lease in the projection store).
        ProjectorModule.forRoot({ lease: { holder: projectorHolderId(), ttlMs: config.projectorLeaseMs } }),
        // Background jobs run beside the projector: BullMQ on REDIS_URL, else in process.
        JobsModule.forRoot(config),
        RebuildJobModule,
        RemindersModule.forRoot({ windowDays: config.reminderWindowDays, timeZone: config.timeZone, scanEveryMs: config.reminderScanMs }),
      ],
    };
  }
}
