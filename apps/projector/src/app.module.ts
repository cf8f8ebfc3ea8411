import { type DynamicModule, Module } from '@nestjs/common';
import { Projector, ProjectorHealthModule, ProjectorModule, projectorHolderId, RebuildJobModule } from '@catalyse/projector';
import { AuthModule } from '@catalyse/auth';
import { RemindersModule } from '@catalyse/reminders';
import { ReportWorkerModule } from '@catalyse/reports';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import {
  type CatalyseConfig,
  ErrorBodyFilter,
  JobsModule,
  loggingModule,
  MetricsModule,
  QueryParametersGuard,
  ReportStoreModule,
  StorageModule,
} from '@catalyse/runtime';

/** The projector alone: folds the event log into read models and room feeds; `/api/health` for probes, `/api/metrics` for Prometheus. */
@Module({})
export class ProjectorAppModule {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    // One active projector among the processes; the others wait as standby (lease in the projection store).
    const projector = ProjectorModule.forRoot({ lease: { holder: projectorHolderId(), ttlMs: config.projectorLeaseMs } });
    return {
      module: ProjectorAppModule,
      imports: [
        loggingModule(config, 'projector'),
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'write' }),
        // Its tokens: operators may read /api/metrics (so may METRICS_TOKEN).
        AuthModule.forSecret(secret, config),
        projector,
        // GET /api/health: the stores answer and the projector runs (active or standby), for probes.
        ProjectorHealthModule.forProjector(projector),
        // GET /api/metrics: its batches, role, checkpoint and lag, the event store's appends, the process.
        MetricsModule.forRoot({ projector: { module: projector, token: Projector }, scrapeToken: config.metricsToken }),
        // Background jobs run beside the projector: BullMQ on REDIS_URL, else in process.
        JobsModule.forRoot(config),
        // Taken by the active projector only (paused on a standby).
        RebuildJobModule.forProjector(projector),
        // Evaluation reports: built by the `report` job, kept in the report store.
        ReportStoreModule.forRoot(config),
        ReportWorkerModule.forRoot({ timeZone: config.timeZone }),
        // Scans the boards while its projector leads; the reminder jobs run on every projector process.
        RemindersModule.forRoot({ windowDays: config.reminderWindowDays, timeZone: config.timeZone, scanEveryMs: config.reminderScanMs, projector }),
      ],
      // A query parameter a route does not take is a 400 VALIDATION naming it, as on the api (/api/health, /api/health/live, /api/metrics).
      // Its errors (a path it does not serve, a refused token or parameter) are `{code, message, details?, requestId}` as on the api.
      providers: [
        { provide: APP_GUARD, useValue: new QueryParametersGuard('http-exception') },
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
      ],
    };
  }
}
