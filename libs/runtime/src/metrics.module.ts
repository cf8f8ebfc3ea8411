import { Controller, Get, Header, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { Public } from '@catalyse/auth';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';

/** The checkpoint name of the main projector (see libs/projector). */
const MAIN_PROJECTOR = 'main';

/**
 * Prometheus metrics at `GET /metrics` (`/api/metrics` under the api prefix):
 * the process's own (heap, event loop lag, GC) and the log's head and the
 * projector's lag, read when scraped. Other libs register theirs in `METRICS_REGISTRY`.
 */
export const METRICS_REGISTRY = 'catalyse.MetricsRegistry';

@ApiExcludeController()
@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

class StoreGauges implements OnModuleDestroy {
  constructor(
    readonly registry: Registry,
    events: EventStore,
    readModels: ProjectionStore,
  ) {
    collectDefaultMetrics({ register: registry, prefix: 'catalyse_' });
    new Gauge({
      name: 'catalyse_event_store_head_position',
      help: 'Global position of the last event in the log',
      registers: [registry],
      async collect() {
        this.set(Number(await events.headPosition()));
      },
    });
    new Gauge({
      name: 'catalyse_projection_lag_events',
      help: 'Events between the log head and the main projector checkpoint',
      registers: [registry],
      async collect() {
        const [head, checkpoint] = await Promise.all([events.headPosition(), readModels.getCheckpoint(MAIN_PROJECTOR)]);
        this.set(Number(head - checkpoint));
      },
    });
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}

@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: StoreGauges,
      inject: [EVENT_STORE, PROJECTION_STORE],
      useFactory: (events: EventStore, readModels: ProjectionStore) => new StoreGauges(new Registry(), events, readModels),
    },
    { provide: METRICS_REGISTRY, inject: [StoreGauges], useFactory: (gauges: StoreGauges) => gauges.registry },
  ],
  exports: [METRICS_REGISTRY],
})
export class MetricsModule {}
