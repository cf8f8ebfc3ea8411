import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { DirectoryController } from './catalyseurs/directory.controller';
import { JoinNetworkController } from './catalyseurs/join-network.controller';
import { ProfileController } from './catalyseurs/profile.controller';
import { ReadFeedController } from './feeds/read-feed.controller';
import { HealthController } from './health/health.controller';
import { PROJECTOR_PROBE } from './health/projector-probe';
import { CadrageController } from './partnerships/cadrage.controller';
import { EvaluationController } from './partnerships/evaluation.controller';
import { PartnershipGate } from './partnerships/partnership-gate';
import { PilotageController } from './partnerships/pilotage.controller';
import { ExperimentationCommandsController } from './experimentations/experimentation-commands.controller';
import { ReadExperimentationsController } from './experimentations/read-experimentations.controller';
import { GatheringsController } from './gatherings/gatherings.controller';
import { IntroductionsController } from './introductions/introductions.controller';
import { NetworkCommands } from './network/network-commands';
import { ParcoursController } from './parcours/parcours.controller';
import { TerritoriesController } from './territories/territories.controller';
import { RebuildsController } from './operations/rebuilds.controller';
import { ProposePartnershipController } from './partnerships/propose-partnership.controller';
import { ReadPartnershipsController } from './partnerships/read-partnerships.controller';
import { OpenRoomController } from './rooms/open-room.controller';
import { ReadRoomsController } from './rooms/read-rooms.controller';
import { RoomCommandsController } from './rooms/room-commands.controller';
import { RoomGate } from './rooms/room-gate';
import { CLOCK, systemClock } from './shared/clock';
import { API_COMMAND_HANDLER, CommandRunner } from './shared/command-runner';
import { HttpThrottlerGuard } from './shared/http-throttler.guard';
import { API_HTTP_OPTIONS, type ApiHttpOptions, resolveOptions } from './shared/options';

/**
 * The HTTP API (issue 2, "HTTP API"). Needs from the composition root:
 * `EVENT_STORE`, `PROJECTION_STORE` and `AuthModule.forSecret(…)` (global);
 * uses the root's `CommandHandler` when one is provided (e.g. by `StorageModule`),
 * else builds its own on `EVENT_STORE`. Optional: `options.projector` (or a global
 * `PROJECTOR_PROBE`) for the projector's status in `/api/health`.
 * Call `configureHttpApp(app)` on the application that imports it.
 */
@Module({})
export class ApiHttpModule {
  static forRoot(options: ApiHttpOptions = {}): DynamicModule {
    const resolved = resolveOptions(options);
    return {
      module: ApiHttpModule,
      imports: [
        ...(options.projector?.module ? [options.projector.module] : []),
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: resolved.rateLimit.ttlMs, limit: resolved.rateLimit.limit }] }),
      ],
      controllers: [
        HealthController,
        ProposePartnershipController,
        CadrageController,
        PilotageController,
        EvaluationController,
        ReadPartnershipsController,
        OpenRoomController,
        RoomCommandsController,
        ReadRoomsController,
        ReadFeedController,
        JoinNetworkController,
        ProfileController,
        DirectoryController,
        RebuildsController,
        ExperimentationCommandsController,
        ReadExperimentationsController,
        GatheringsController,
        TerritoriesController,
        IntroductionsController,
        ParcoursController,
      ],
      providers: [
        { provide: API_HTTP_OPTIONS, useValue: resolved },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        {
          provide: API_COMMAND_HANDLER,
          inject: [{ token: CommandHandler, optional: true }, EVENT_STORE],
          useFactory: (given: CommandHandler | undefined, store: EventStore) => given ?? new CommandHandler(store),
        },
        CommandRunner,
        NetworkCommands,
        PartnershipGate,
        RoomGate,
        HttpThrottlerGuard,
        ...(options.projector ? [{ provide: PROJECTOR_PROBE, useExisting: options.projector.token }] : []),
      ],
      exports: [CLOCK, HttpThrottlerGuard, API_COMMAND_HANDLER],
    };
  }
}
