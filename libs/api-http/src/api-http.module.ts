import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import { AccessPolicy } from '@catalyse/auth';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { CommandMetrics, METRICS_REGISTRY } from '@catalyse/metrics';
import { Observatory, OBSERVATORY_SECTIONS } from '@catalyse/observatory';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { ClientBudget, MemoryRateLimitStore, RATE_LIMIT_STORE, type RateLimitStore } from '@catalyse/rate-limits';
import { AccessGuard, API_ACCESS_POLICY } from './access/access.guard';
import { StreamFacts } from './access/stream-facts';
import { CatalyseurCommandsController } from './catalyseurs/commands.controller';
import { CatalyseurReadsController } from './catalyseurs/reads.controller';
import { CommandMoment } from './commands/command-request';
import { API_COMMAND_HANDLER, API_COMMAND_METRICS, Commands } from './commands/commands';
import { ExperimentationCommandsController } from './experimentations/commands.controller';
import { ExperimentationReadsController } from './experimentations/reads.controller';
import { ExportsController } from './exports/exports.controller';
import { FeedReadsController } from './feeds/reads.controller';
import { GatheringCommandsController } from './gatherings/commands.controller';
import { GatheringReadsController } from './gatherings/reads.controller';
import { HealthController } from './health/health.controller';
import { PROJECTOR_PROBE } from './health/projector-probe';
import { IntroductionCommandsController } from './introductions/commands.controller';
import { IntroductionReadsController } from './introductions/reads.controller';
import { ObservatoryController } from './observatory/observatory.controller';
import { ObservatoryWarmUp } from './observatory/observatory-warm-up';
import { SingleReads } from './reads/as-of';
import { ApiReadSide } from './reads/read-side';
import { RebuildsController } from './operations/rebuilds.controller';
import { OrganisationCommandsController } from './organisations/commands.controller';
import { OrganisationReadsController } from './organisations/reads.controller';
import { AccompanimentCommandsController } from './accompaniments/commands.controller';
import { AccompanimentReadsController } from './accompaniments/reads.controller';
import { ParcoursCommandsController } from './parcours/commands.controller';
import { ParcoursReadsController } from './parcours/reads.controller';
import { PartnershipCommandsController } from './partnerships/commands.controller';
import { PartnershipReadsController } from './partnerships/reads.controller';
import { ApiErasureWatch } from './people/erasure-watch';
import { PeopleController } from './people/people.controller';
import { ReportsController } from './reports/reports.controller';
import { RoomCommandsController } from './rooms/commands.controller';
import { RoomReadsController } from './rooms/reads.controller';
import { CLOCK, type Clock, systemClock } from './setup/clock';
import { API_CLIENT_BUDGET, HttpRateLimitGuard } from './rate-limit/http-rate-limit.guard';
import { API_HTTP_OPTIONS, type ApiHttpOptions, resolveOptions } from './setup/options';
import { TerritoryCommandsController } from './territories/commands.controller';
import { TerritoryReadsController } from './territories/reads.controller';

/**
 * The HTTP API. Needs from the composition root: `EVENT_STORE`,
 * `PROJECTION_STORE` and `AuthModule.forSecret(…)` (global); uses the root's
 * `CommandHandler` when one is provided (e.g. by `StorageModule`), else builds
 * its own on `EVENT_STORE`. Optional: `options.projector` (or a global
 * `PROJECTOR_PROBE`) for the projector's status in `/api/health`; commands
 * are timed into `METRICS_REGISTRY` when the root provides one (global); each
 * client's request budget is counted in the root's `RATE_LIMIT_STORE` when it
 * provides one (global; Redis when scaled out), else in this module's memory.
 * Call `configureHttpApp(app)` on the application that imports it.
 *
 * Every aggregate has a commands controller and a reads controller (one folder
 * each, with its DTOs): a new one is two lines here.
 */
@Module({})
export class ApiHttpModule {
  static forRoot(options: ApiHttpOptions = {}): DynamicModule {
    const resolved = resolveOptions(options);
    return {
      module: ApiHttpModule,
      imports: [...(options.projector?.module ? [options.projector.module] : []), TerminusModule.forRoot({ logger: false })],
      controllers: [
        HealthController,
        PartnershipCommandsController,
        PartnershipReadsController,
        RoomCommandsController,
        RoomReadsController,
        CatalyseurCommandsController,
        CatalyseurReadsController,
        GatheringCommandsController,
        GatheringReadsController,
        TerritoryCommandsController,
        TerritoryReadsController,
        IntroductionCommandsController,
        IntroductionReadsController,
        ExperimentationCommandsController,
        ExperimentationReadsController,
        ParcoursCommandsController,
        ParcoursReadsController,
        OrganisationCommandsController,
        OrganisationReadsController,
        AccompanimentCommandsController,
        AccompanimentReadsController,
        FeedReadsController,
        PeopleController,
        RebuildsController,
        ReportsController,
        ExportsController,
        ObservatoryController,
      ],
      providers: [
        { provide: API_HTTP_OPTIONS, useValue: resolved },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: API_COMMAND_HANDLER,
          inject: [{ token: CommandHandler, optional: true }, EVENT_STORE],
          useFactory: (given: CommandHandler | undefined, store: EventStore) => given ?? new CommandHandler(store),
        },
        {
          // Registered in the app's metrics when it serves them (`MetricsModule` of the runtime, global).
          provide: API_COMMAND_METRICS,
          inject: [{ token: METRICS_REGISTRY, optional: true }],
          useFactory: (registry: Registry | undefined) => CommandMetrics.of(registry),
        },
        {
          provide: API_ACCESS_POLICY,
          inject: [API_COMMAND_HANDLER, PROJECTION_STORE, ApiReadSide],
          useFactory: (handler: CommandHandler, readModels: ProjectionStore, readSide: ApiReadSide) =>
            new AccessPolicy(new StreamFacts(handler, readModels, readSide)),
        },
        ApiReadSide,
        ApiErasureWatch,
        AccessGuard,
        Commands,
        CommandMoment,
        SingleReads,
        {
          // One budget per client across routes, on the app's store (Redis when scaled out), else this module's memory.
          provide: API_CLIENT_BUDGET,
          inject: [{ token: RATE_LIMIT_STORE, optional: true }],
          useFactory: (store: RateLimitStore | undefined) =>
            new ClientBudget(options.rateLimitStore ?? store ?? new MemoryRateLimitStore(), {
              limit: resolved.rateLimit.limit,
              windowSeconds: resolved.rateLimit.ttlMs / 1000,
            }),
        },
        HttpRateLimitGuard,
        {
          provide: Observatory,
          inject: [PROJECTION_STORE, EVENT_STORE, CLOCK],
          useFactory: (store: ProjectionStore, events: EventStore, clock: Clock) =>
            new Observatory(store, events, OBSERVATORY_SECTIONS, { timeZone: resolved.timeZone, now: () => clock.now() }),
        },
        ObservatoryWarmUp,
        ...(options.projector ? [{ provide: PROJECTOR_PROBE, useExisting: options.projector.token }] : []),
      ],
      exports: [CLOCK, HttpRateLimitGuard, AccessGuard, API_COMMAND_HANDLER],
    };
  }
}
