import {
  Controller,
  type DynamicModule,
  Get,
  Global,
  Header,
  Inject,
  Injectable,
  type InjectionToken,
  Module,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type Type,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { Public } from '@catalyse/auth';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { createMetricsRegistry, METRICS_REGISTRY, ProjectorMetrics, StoreGauges, type WatchedProjector } from '@catalyse/metrics';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { Unmetered } from '@catalyse/rate-limits';
import { METRICS_SCRAPE_TOKEN, MetricsAccessGuard } from './metrics-access.guard';
import { QueryCheckedAfterItsGuard } from './query-parameters.guard';

export { METRICS_REGISTRY } from '@catalyse/metrics';

@ApiExcludeController()
@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  // Not behind the app's own token check (the projector has none): MetricsAccessGuard decides.
  @Public()
  // Prometheus's scrapes count against no client's budget.
  @Unmetered()
  @UseGuards(MetricsAccessGuard)
  // A query parameter is refused once the caller is let in: 401 without a token, whatever it sends.
  @QueryCheckedAfterItsGuard()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

/** The registry of this app (never prom-client's global one: several apps may run in one process, in tests). */
@Injectable()
class RegistryLifecycle implements OnModuleDestroy {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  onModuleDestroy(): void {
    this.registry.clear();
  }
}

const STORE_GAUGES = 'catalyse.metrics.StoreGauges';
const PROJECTOR_METRICS = 'catalyse.metrics.Projector';

/** Stops observing the projector when the app shuts down. */
@Injectable()
class ProjectorMetricsLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PROJECTOR_METRICS) private readonly stop: () => void) {}

  onApplicationShutdown(): void {
    this.stop();
  }
}

export interface MetricsOptions {
  /**
   * The token Prometheus sends (`METRICS_TOKEN`). Without it, only operators'
   * tokens are answered (`TokenService` of the app: the projector app has one too).
   */
  readonly scrapeToken?: string | undefined;
  /**
   * The projector of this process (the projector app, the all-in-one): the very
   * module the app imports (`ProjectorModule`, or the object `ProjectorModule.forRoot`
   * returned) and its `Projector` token, for its batches, role, checkpoint and lag.
   */
  readonly projector?: { readonly module: DynamicModule | Type; readonly token: InjectionToken };
}

/**
 * Prometheus metrics at `GET /metrics` (`/api/metrics` under the api prefix),
 * for the scrape token or an operator's token only (`MetricsAccessGuard`),
 * in a registry of this app, global under `METRICS_REGISTRY` (`@catalyse/metrics`):
 * the process's own (heap, event loop lag, GC), the log's head and the
 * projector's stored lag (read when scraped), and whatever the other modules
 * register there when it is provided: the event store's appends and groups
 * (`StorageModule`), the api's commands (`ApiHttpModule`), the hub's sockets,
 * rooms and fan-out (`HubModule`), and the projector with `forRoot({projector})`.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: METRICS_REGISTRY, useFactory: (): Registry => createMetricsRegistry() },
    RegistryLifecycle,
    MetricsAccessGuard,
    {
      provide: STORE_GAUGES,
      inject: [METRICS_REGISTRY, EVENT_STORE, PROJECTION_STORE],
      useFactory: (registry: Registry, events: EventStore, readModels: ProjectionStore): StoreGauges => {
        const gauges = new StoreGauges(registry);
        gauges.watch({ events, readModels });
        return gauges;
      },
    },
  ],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    const projector = options.projector;
    const scrapeToken = options.scrapeToken ? [{ provide: METRICS_SCRAPE_TOKEN, useValue: options.scrapeToken }] : [];
    if (!projector) return { module: MetricsModule, providers: scrapeToken };
    return {
      module: MetricsModule,
      imports: [projector.module],
      providers: [
        ...scrapeToken,
        {
          provide: PROJECTOR_METRICS,
          inject: [METRICS_REGISTRY, projector.token],
          useFactory: (registry: Registry, watched: WatchedProjector): (() => void) => new ProjectorMetrics(registry).watch(watched),
        },
        ProjectorMetricsLifecycle,
      ],
    };
  }
}
