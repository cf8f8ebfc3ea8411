import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { EventStoreMetrics, METRICS_REGISTRY } from '@catalyse/metrics';
import { FEED_NOTIFIER, type FeedNotifier } from '@catalyse/notifier';
import { PROJECTION_REBUILD_RUNNER, PROJECTION_STORE, type ProjectionStore, type RebuildRunner } from '@catalyse/projections';
import type { CatalyseConfig } from './config';
import { ERASURE_WATCH, type ErasureWatch, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { ErasureWatchLifecycle, erasureWatchOf } from './erasure-watch';
import { type OpenedEventStore, openEventStores } from './open-event-store';
import { type NotifierMode, openFeedNotifier, openProjectionStore } from './open-read-models';
import { threadedRebuildRunner } from './rebuild-thread/rebuild-thread';

export const CATALYSE_CONFIG = 'catalyse.Config';
const OPENED_EVENT_STORE = 'catalyse.OpenedEventStore';

export interface StorageRole {
  readonly notifier: NotifierMode;
  /** `write` for the process that runs the projector; `read` for an api or hub beside it. */
  readonly readModels: 'write' | 'read';
}

@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
    await this.events.close();
    await this.readModels.close();
    this.logger.log('stores closed');
  }
}

/**
 * Opens the event store, the read-model store and the notifier chosen by
 * configuration; the event store is metered when the app imports `MetricsModule`.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: CatalyseConfig, role: StorageRole): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: CATALYSE_CONFIG, useValue: config },
        {
          provide: OPENED_EVENT_STORE,
          // Metered when the app serves metrics (`MetricsModule`, global).
          inject: [{ token: METRICS_REGISTRY, optional: true }],
          useFactory: (registry: Registry | undefined): Promise<OpenedEventStore> =>
            openEventStores(config, registry ? { metrics: new EventStoreMetrics(registry) } : {}),
        },
        { provide: EVENT_STORE, inject: [OPENED_EVENT_STORE], useFactory: (opened: OpenedEventStore): EventStore => opened.events },
        { provide: PERSONAL_DATA, inject: [OPENED_EVENT_STORE], useFactory: (opened: OpenedEventStore): PersonalDataEventStore => opened.personal },
        { provide: PROJECTION_STORE, useFactory: (): Promise<ProjectionStore> => openProjectionStore(config, role.readModels) },
        {
          provide: FEED_NOTIFIER,
          inject: [PROJECTION_STORE],
          useFactory: (store: ProjectionStore): FeedNotifier => openFeedNotifier(config, role.notifier, store),
        },
        { provide: CommandHandler, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CommandHandler(store) },
        {
          // Its cached states forgotten on an erasure asked by any process (docs/adr/0006, « cached states »).
          provide: ERASURE_WATCH,
          inject: [PERSONAL_DATA, CommandHandler],
          useFactory: (personal: PersonalDataEventStore, handler: CommandHandler): ErasureWatch => erasureWatchOf(personal, handler),
        },
        ErasureWatchLifecycle,
        {
          // The process that writes the read models runs rebuilds of embedded ones in a worker thread (its event loop stays free).
          provide: PROJECTION_REBUILD_RUNNER,
          inject: [FEED_NOTIFIER],
          useFactory: (notifier: FeedNotifier): RebuildRunner | null =>
            role.readModels === 'write' ? (threadedRebuildRunner(config, notifier) ?? null) : null,
        },
        StorageLifecycle,
      ],
      exports: [CATALYSE_CONFIG, EVENT_STORE, PERSONAL_DATA, PROJECTION_STORE, FEED_NOTIFIER, PROJECTION_REBUILD_RUNNER, CommandHandler, ERASURE_WATCH],
    };
  }
}
