import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { CommandMetrics, HubMetrics, METRICS_REGISTRY } from '@catalyse/metrics';
import { RATE_LIMIT_STORE, type RateLimitStore } from '@catalyse/rate-limits';
import { SlowReaders } from './backpressure/slow-readers';
import { ExpiredSessions } from './gateway/expired-sessions';
import { FanoutService } from './fanout/fanout.service';
import { HubGateway } from './gateway/hub.gateway';
import { HubHealthController } from './health/hub-health.controller';
import { OpenSockets } from './gateway/open-sockets';
import { HubRateLimits } from './gateway/rate-limits';
import { Revocations } from './gateway/revocations';
import {
  HUB_COMMAND_HANDLER,
  HUB_COMMAND_METRICS,
  HUB_METRICS,
  HUB_OPTIONS,
  type HubOptions,
  PRESENCE_STORE,
  type ResolvedHubOptions,
  resolveHubOptions,
} from './hub.options';
import { PostService } from './posting/post.service';
import { InMemoryPresenceStore } from './presence/presence-store';
import { PresenceService } from './presence/presence.service';
import { ReadYourWrites } from './read-side/read-your-writes';

/**
 * The live hub (socket.io on the app's HTTP server). Needs, from the
 * composition root: `PROJECTION_STORE`, `FEED_NOTIFIER`, `TokenService` and
 * `AccessPolicy` (`AuthModule`), and either a `CommandHandler` or an
 * `EVENT_STORE` to build one from. Its sockets, rooms, fan-out delay,
 * rejoins and posts (`catalyse_command_duration_seconds`) go into `METRICS_REGISTRY` when the root provides one (global).
 */
@Module({})
export class HubModule {
  static forRoot(options: HubOptions = {}): DynamicModule {
    const resolved = resolveHubOptions(options);
    return {
      module: HubModule,
      imports: [...(options.imports ?? []), ...(options.healthEndpoint ? [TerminusModule] : [])],
      controllers: options.healthEndpoint ? [HubHealthController] : [],
      providers: [
        { provide: HUB_OPTIONS, useValue: resolved },
        { provide: PRESENCE_STORE, useValue: options.presenceStore ?? new InMemoryPresenceStore() },
        {
          // Registered in the app's metrics when it serves them (`MetricsModule` of the runtime, global).
          provide: HUB_METRICS,
          inject: [{ token: METRICS_REGISTRY, optional: true }],
          useFactory: (registry: Registry | undefined): HubMetrics => new HubMetrics(registry),
        },
        {
          provide: HUB_COMMAND_METRICS,
          inject: [{ token: METRICS_REGISTRY, optional: true }],
          useFactory: (registry: Registry | undefined): CommandMetrics => CommandMetrics.of(registry),
        },
        {
          provide: HUB_COMMAND_HANDLER,
          inject: [
            { token: CommandHandler, optional: true },
            { token: EVENT_STORE, optional: true },
          ],
          useFactory: (handler: CommandHandler | undefined, store: EventStore | undefined): CommandHandler => {
            if (handler) return handler;
            if (store) return new CommandHandler(store);
            throw new Error('HubModule needs a CommandHandler or an EVENT_STORE provider from the composition root');
          },
        },
        {
          provide: HubRateLimits,
          inject: [HUB_OPTIONS, { token: RATE_LIMIT_STORE, optional: true }],
          useFactory: (hubOptions: ResolvedHubOptions, store: RateLimitStore | undefined) => new HubRateLimits(hubOptions, options.rateLimitStore ?? store),
        },
        SlowReaders,
        OpenSockets,
        ExpiredSessions,
        FanoutService,
        PresenceService,
        PostService,
        ReadYourWrites,
        Revocations,
        HubGateway,
      ],
      exports: [FanoutService, PresenceService, SlowReaders, HUB_OPTIONS],
    };
  }
}
