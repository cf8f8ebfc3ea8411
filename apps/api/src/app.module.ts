import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHttpModule } from '@catalyse/api-http';
import { AuthModule } from '@catalyse/auth';
import { type CatalyseConfig, JobsModule, loggingModule, MetricsModule, RateLimitModule, ReportStoreModule, StorageModule } from '@catalyse/runtime';

/** The api alone: commands and queries over HTTP. Needs a projector running on the same data. */
@Module({})
export class ApiAppModule {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [
        loggingModule(config, 'api'),
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'read' }),
        AuthModule.forSecret(secret, config),
        MetricsModule.forRoot({ scrapeToken: config.metricsToken }),
        // Each client's budget, in Redis when REDIS_URL is set: shared with the other apis and the hubs.
        RateLimitModule.forRoot(config),
        // Operators' rebuilds and reports are jobs run by the projector: only a shared queue (BullMQ on REDIS_URL) reaches it.
        ...(config.redisUrl ? [JobsModule.forRoot(config)] : []),
        // Reports are downloaded from the report store the projector's report jobs write.
        ReportStoreModule.forRoot(config),
        // Its /api/health says the projector is down once no projector app has renewed its lease for a lease's time past expiry.
        ApiHttpModule.forRoot({
          httpRateLimitPerMinute: config.httpRateLimitPerMinute,
          timeZone: config.timeZone,
          projectorLeaseGraceMs: config.projectorLeaseMs,
        }),
      ],
    };
  }
}
