import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHttpModule } from '@catalyse/api-http';
import { AuthModule } from '@catalyse/auth';
import { HubModule } from '@catalyse/hub';
import { Projector, ProjectorModule, RebuildJobModule } from '@catalyse/projector';
import { RemindersModule } from '@catalyse/reminders';
import { ReportWorkerModule } from '@catalyse/reports';
import { type CatalyseConfig, JobsModule, loggingModule, MetricsModule, ReportStoreModule, StorageModule } from '@catalyse/runtime';

/** api + projector + hub in one process, on the embedded stores (`npm start`). */
@Module({})
export class AllInOneModule {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [
        loggingModule(config, 'all-in-one'),
        StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' }),
        AuthModule.forSecret(secret),
        MetricsModule.forRoot({ projector: { module: ProjectorModule, token: Projector } }),
        ProjectorModule,
        ApiHttpModule.forRoot({
          httpRateLimitPerMinute: config.httpRateLimitPerMinute,
          timeZone: config.timeZone,
          projector: { module: ProjectorModule, token: Projector },
        }),
        HubModule.forRoot({ postsPerSecond: config.hubPostsPerSecond }),
        JobsModule.forRoot(config),
        RebuildJobModule.forProjector(ProjectorModule),
        ReportStoreModule.forRoot(config),
        ReportWorkerModule.forRoot({ timeZone: config.timeZone }),
        RemindersModule.forRoot({ windowDays: config.reminderWindowDays, timeZone: config.timeZone, scanEveryMs: config.reminderScanMs }),
      ],
    };
  }
}
