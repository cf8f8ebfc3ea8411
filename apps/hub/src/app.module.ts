import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { AuthModule } from '@catalyse/auth';
import { HubModule, RedisPresenceStore } from '@catalyse/hub';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { type CatalyseConfig, ErrorBodyFilter, loggingModule, MetricsModule, QueryParametersGuard, RateLimitModule, StorageModule } from '@catalyse/runtime';

const presenceLogger = new Logger('RedisPresence');

/** The hub alone: socket.io rooms fed by the projector's feeds (notified through Redis when REDIS_URL is set, else polled). */
@Module({})
export class HubAppModule {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    return {
      module: HubAppModule,
      imports: [
        loggingModule(config, 'hub'),
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'read' }),
        AuthModule.forSecret(secret, config),
        MetricsModule.forRoot({ scrapeToken: config.metricsToken }),
        // Each client's budget, in Redis when REDIS_URL is set: shared with the other hubs and the apis.
        RateLimitModule.forRoot(config),
        HubModule.forRoot({
          ...config.hub,
          requestsPerMinute: config.httpRateLimitPerMinute,
          healthEndpoint: true,
          // Several hub nodes share presence through Redis; alone, memory is enough.
          // Its Redis failures (once per outage) through the app's logger.
          ...(config.redisUrl ? { presenceStore: new RedisPresenceStore({ url: config.redisUrl, log: presenceLogger }) } : {}),
        }),
      ],
      // A query parameter a route does not take is a 400 VALIDATION naming it, as on the api (/api/health, /api/metrics).
      // Its errors (a path it does not serve, a refused token or parameter) are `{code, message, details?, requestId}` as on the api.
      providers: [
        { provide: APP_GUARD, useValue: new QueryParametersGuard('http-exception') },
        { provide: APP_FILTER, useClass: ErrorBodyFilter },
      ],
    };
  }
}
