import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHttpModule } from '@catalyse/api-http';
import { AuthModule } from '@catalyse/auth';
import { HubModule } from '@catalyse/hub';
import { Projector, ProjectorModule, projectorHolderId, RebuildJobModule } from '@catalyse/projector';
import { RemindersModule } from '@catalyse/reminders';
import { ReportWorkerModule } from '@catalyse/reports';
import { type CatalyseConfig, JobsModule, loggingModule, MetricsModule, RateLimitModule, ReportStoreModule, StorageModule } from '@catalyse/runtime';

/** The projector's lease in this process: who holds it, and the dead holders it takes over from at once. */
export interface AllInOneLease {
  readonly holder: string;
  /** Earlier runs on the same data folder (`lockDataFolder`): dead, their lease is released at start. */
  readonly takeOverFrom?: readonly string[];
}

/** api + projector + hub in one process, on the embedded stores (`npm start`). */
@Module({})
export class AllInOneModule {
  static register(config: CatalyseConfig, secret: string, lease: AllInOneLease = { holder: projectorHolderId() }): DynamicModule {
    // The lease still matters in one process: a projector app may share the store, and a crashed run leaves its lease behind.
    const projector = ProjectorModule.forRoot({ lease: { ...lease, ttlMs: config.projectorLeaseMs } });
    return {
      module: AllInOneModule,
      imports: [
        loggingModule(config, 'all-in-one'),
        StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' }),
        AuthModule.forSecret(secret, config),
        MetricsModule.forRoot({ projector: { module: projector, token: Projector }, scrapeToken: config.metricsToken }),
        projector,
        // One store for the api and the hub: a client's HTTP and hub requests count against one budget.
        RateLimitModule.forRoot(config),
        ApiHttpModule.forRoot({
          httpRateLimitPerMinute: config.httpRateLimitPerMinute,
          timeZone: config.timeZone,
          projector: { module: projector, token: Projector },
        }),
        HubModule.forRoot({
          ...config.hub,
          requestsPerMinute: config.httpRateLimitPerMinute,
        }),
        JobsModule.forRoot(config),
        RebuildJobModule.forProjector(projector),
        ReportStoreModule.forRoot(config),
        ReportWorkerModule.forRoot({ timeZone: config.timeZone }),
        RemindersModule.forRoot({ windowDays: config.reminderWindowDays, timeZone: config.timeZone, scanEveryMs: config.reminderScanMs }),
      ],
    };
  }
}
